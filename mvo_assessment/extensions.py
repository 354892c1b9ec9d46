"""Flask extensions, each set up through `init_app(app)`.

CSRF protection and Babel are module-level objects (they keep no per-app state). The rate
limiter keeps its storage on the Limiter object itself, so every app gets its own Limiter
(`init_limiter`), kept in `app.extensions["mvo_limiter"]`; tests then never share counters.
"""

from __future__ import annotations

from flask import Flask, current_app, request, session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
babel = Babel()


def select_locale() -> str:
    """Dutch unless the visitor chose, or the browser prefers, a language we have a catalogue for."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return str(chosen)
    best = request.accept_languages.best_match(languages) if request else None
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def init_babel(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    # Only languages that have a catalogue can be chosen, so <html lang> never lies.
    available = {"nl"}
    with app.app_context():
        available |= {str(locale) for locale in babel.list_translations()}
    app.config["LANGUAGES"] = tuple(sorted(available, key=lambda code: (code != "nl", code)))


def init_limiter(app: Flask) -> Limiter:
    limiter = Limiter(
        key_func=get_remote_address,
        app=app,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        headers_enabled=app.config.get("RATELIMIT_HEADERS_ENABLED", False),
        default_limits=[],
    )
    app.extensions["mvo_limiter"] = limiter
    return limiter


def init_app(app: Flask) -> Limiter:
    csrf.init_app(app)
    init_babel(app)
    return init_limiter(app)
