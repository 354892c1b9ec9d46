"""The CSRF token in page templates, signed once per session token instead of once per page.

Flask-WTF keeps a random token in the session and puts a *signed* copy of it in every form;
signing it again on each page was a twentieth of a question page (bench/README.md). With no
time limit on tokens (`WTF_CSRF_TIME_LIMIT = None`, config.py: a token lives as long as the
session), a signed copy made earlier is exactly as valid as a fresh one, so each worker keeps
the copies it made. With a time limit every page signs anew, as Flask-WTF does.
"""

from __future__ import annotations

from flask import Flask, current_app, session
from flask_wtf.csrf import generate_csrf

_LIMIT = 50_000  # sessions a worker remembers a signed token for; then it starts over

# (secret key, session token) -> signed token
_signed: dict[tuple[object, str], str] = {}


def csrf_token() -> str:
    config = current_app.config
    if config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return generate_csrf()
    raw = session.get(config.get("WTF_CSRF_FIELD_NAME") or "csrf_token")
    if not isinstance(raw, str):
        return generate_csrf()  # makes the session's token
    key = (config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key, raw)
    token = _signed.get(key)
    if token is None:
        if len(_signed) >= _LIMIT:
            _signed.clear()
        token = _signed[key] = generate_csrf()
    return token


def init_app(app: Flask) -> None:
    """After CSRFProtect, whose `csrf_token` template global this replaces."""
    app.jinja_env.globals["csrf_token"] = csrf_token
