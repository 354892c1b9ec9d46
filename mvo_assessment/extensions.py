"""Flask extensions, each set up through `init_app(app)`.

CSRF protection and Babel are module-level objects (they keep no per-app state). The rate
limiter keeps its storage on the Limiter object itself, so every app gets its own Limiter
(`init_limiter`), kept in `app.extensions["mvo_limiter"]`; tests then never share counters.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from babel import Locale
from flask import Flask, current_app, g, has_request_context, request, session
from flask.logging import default_handler as flask_default_handler
from flask_babel import Babel, get_locale
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
babel = Babel()


LANGUAGE_PARAMETER = "lang"  # ?lang=en in a URL, and the session key that remembers the choice


def requested_language() -> str | None:
    """The language named by `?lang=` in this request's URL, if we have a catalogue for it."""
    arguments = request.args
    # Looked for first: werkzeug's `get` of a missing key raises and catches an HTTP exception,
    # and almost no request names a language (this runs twice per request).
    if LANGUAGE_PARAMETER not in arguments:
        return None
    chosen = arguments[LANGUAGE_PARAMETER]
    return chosen if chosen in current_app.config["LANGUAGES"] else None


def select_locale() -> Locale:
    """`?lang=` in the URL, else the choice kept in the session, else the browser's best match
    (Accept-Language) among the languages we have a catalogue for, else Dutch."""
    if has_request_context():
        chosen = requested_language() or session.get(LANGUAGE_PARAMETER)
        if chosen in current_app.config["LANGUAGES"]:
            return _locale(str(chosen))
        return _locale(browser_language())
    return _locale(str(current_app.config["BABEL_DEFAULT_LOCALE"]))


def browser_language() -> str:
    """The language this request gets when nothing chose one: the browser's best match
    (Accept-Language) among the languages we have a catalogue for, else Dutch."""
    best = request.accept_languages.best_match(current_app.config["LANGUAGES"])
    return str(best) if best else str(current_app.config["BABEL_DEFAULT_LOCALE"])


@lru_cache(maxsize=64)
def _locale(code: str) -> Locale:
    """Babel's Locale for a language code, parsed once: parsing looks for the locale's data
    file on disk, on every request otherwise (bench/README.md). Only codes with a catalogue
    get here, so the cache stays as small as the list of languages."""
    return Locale.parse(code)


def current_language() -> str:
    """The language of this request (`nl`, `en`): what `<html lang>` says.

    Kept on `g`: the locale is chosen once per request, and a page asks for it a dozen times
    (each time through Flask-Babel's context and Babel's Locale: bench/README.md)."""
    language = g.get("mvo_language")
    if language is None:
        language = g.mvo_language = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    return language  # type: ignore[no-any-return]


def remember_language() -> None:
    """A language chosen with `?lang=` stays chosen for the rest of the visit. Not by a static
    file, whose response may be cached by others and must not set the cookie (QA, review)."""
    if request.endpoint == "static":
        return
    chosen = requested_language()
    if chosen and session.get(LANGUAGE_PARAMETER) != chosen:
        session[LANGUAGE_PARAMETER] = chosen


def init_babel(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    # Only languages that have a catalogue can be chosen, so <html lang> never lies.
    available = {app.config["BABEL_DEFAULT_LOCALE"]}
    with app.app_context():
        available |= {str(locale) for locale in babel.list_translations()}
    app.config["LANGUAGES"] = tuple(sorted(available, key=lambda code: (code != app.config["BABEL_DEFAULT_LOCALE"], code)))
    app.before_request(remember_language)


# A Redis that accepts connections and never answers (frozen, or a network that drops its
# packets) held every start 5 to 10 s, a sync worker each (QA, site reliability): a count asked
# of Redis waits this long at most, then the worker counts in its own memory (the fallback).
REDIS_TIMEOUT_SECONDS = 1  # a whole number: Flask-Limiter types the options as str | int


def storage_options(uri: str) -> dict[str, str | int]:
    """The rate-limit storage's connection options: for Redis, how long to wait for it (a
    `?socket_timeout=` in the URI wins: redis-py reads the URI's options last)."""
    if not uri.startswith("redis"):
        return {}
    return {"socket_timeout": REDIS_TIMEOUT_SECONDS, "socket_connect_timeout": REDIS_TIMEOUT_SECONDS}


def init_limiter(app: Flask) -> Limiter:
    limiter = Limiter(
        key_func=get_remote_address,
        app=app,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        storage_options=storage_options(app.config["RATELIMIT_STORAGE_URI"]),
        headers_enabled=app.config.get("RATELIMIT_HEADERS_ENABLED", False),
        default_limits=[],
        # Test every limit of a request, not only up to the first one breached, so that the
        # 429 page can say the longest wait (errors.py): with "20 per minute;200 per hour" both
        # may be used up. Our limits count after the request (deduct_when), so testing one
        # more is a storage read, never an extra count.
        fail_on_first_breach=False,
        # A shared storage (Redis) that cannot be reached must not turn starting, a code or a
        # file into a 500: each worker counts in its own memory until the storage is back
        # (Flask-Limiter checks again by itself), and a warning is logged.
        in_memory_fallback_enabled=True,
    )
    app.extensions["mvo_limiter"] = limiter
    _let_the_limiter_be_heard(app)
    return limiter


def _let_the_limiter_be_heard(app: Flask) -> None:
    """Flask-Limiter logs "storage unreachable, falling back to memory" to its own logger, which
    has only a NullHandler: with no logging configured (gunicorn configures only its own
    loggers) a Redis that is down, or a typo in its address, went unnoticed (QA, operator).
    Its messages go where the application's own warnings go, unless some handler already
    takes them (the operator's logging configuration)."""
    limiter_log = logging.getLogger("flask-limiter")
    logger: logging.Logger | None = limiter_log
    while logger is not None:
        if any(not isinstance(handler, logging.NullHandler) for handler in logger.handlers):
            return
        logger = logger.parent if logger.propagate else None
    limiter_log.addHandler(flask_default_handler)


def init_app(app: Flask) -> Limiter:
    csrf.init_app(app)
    init_babel(app)
    return init_limiter(app)
