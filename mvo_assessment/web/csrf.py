"""The CSRF token in page templates, signed once per session token instead of once per page.

Flask-WTF keeps a random token in the session and puts a *signed* copy of it in every form;
signing it again on each page was a twentieth of a question page (bench/README.md). With no
time limit on tokens (`WTF_CSRF_TIME_LIMIT = None`, config.py: a token lives as long as the
session), a signed copy made earlier is exactly as valid as a fresh one, so each worker keeps
the copies it made. With a time limit every page signs anew, as Flask-WTF does.
"""

from __future__ import annotations

import hashlib

from flask import Flask, current_app, request, session
from flask_wtf.csrf import generate_csrf
from itsdangerous import BadData, URLSafeTimedSerializer

_LIMIT = 50_000  # sessions a worker remembers a signed token for; then it starts over

# (secret key, session token) -> signed token
_signed: dict[tuple[object, object], str] = {}


def _field_and_secret() -> tuple[str, str | bytes]:
    config = current_app.config
    return config.get("WTF_CSRF_FIELD_NAME") or "csrf_token", config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key or ""


def csrf_token() -> str:
    if current_app.config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return generate_csrf()
    field, secret = _field_and_secret()
    token = _signed.get((secret, session.get(field)))
    if token is None:
        token = generate_csrf()  # also puts a new token in the session when it has none
        if len(_signed) >= _LIMIT:
            _signed.clear()
        _signed[(secret, session[field])] = token
    return token


def _fingerprint(session_token: object) -> str:
    return hashlib.sha256(str(session_token).encode()).hexdigest()[:16]


def session_token_fingerprint() -> str | None:
    """A short fingerprint of this visit's form token (None without one): enough to know a page
    of this visit again later, nothing to forge one with."""
    field, _secret = _field_and_secret()
    token = session.get(field)
    return _fingerprint(token) if token else None


def posted_token_fingerprint() -> str | None:
    """The fingerprint of the visit whose page sent this post (None when its token cannot be
    read): a page's signed token still says which visit it was made in after that visit ended."""
    field, secret = _field_and_secret()
    posted = request.form.get(field, "")
    if not posted:
        return None
    try:
        token = URLSafeTimedSerializer(secret, salt="wtf-csrf-token").loads(posted)  # as Flask-WTF signs it
    except BadData:
        return None
    return _fingerprint(token)


def init_app(app: Flask) -> None:
    """After CSRFProtect, whose `csrf_token` this replaces: it is a template global and, for
    `render_template`, also a context processor's value (a later processor wins)."""
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})
