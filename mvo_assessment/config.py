"""Configuration of the web application, read from environment variables.

Every setting has a safe default except `SECRET_KEY`, which must be set outside development.
`create_app(test_config)` applies these defaults first and the test configuration last, like the
Flask tutorial does.

| variable | default | meaning |
|---|---|---|
| `MVO_ENV` | `production` | `development` allows a generated `SECRET_KEY` and plain-HTTP cookies |
| `SECRET_KEY` | (required outside development) | signs the session cookie and CSRF tokens; at least 32 characters outside development |
| `SECRET_KEY_FALLBACKS` | (none) | earlier keys, separated by commas: sessions signed with them stay valid while a new key is rolled out |
| `DATABASE_URL` | `sqlite:///<instance folder>/mvo-assessment.sqlite3` | SQLAlchemy URL; PostgreSQL: `postgresql+psycopg://user:pw@host/db` |
| `QUESTIONNAIRE_PATH` | the repository's `questionnaires/` folder | questionnaire folder, loaded once at start-up (`mvo-assessment serve` alone: `./questionnaires` when it holds one, as the other commands) |
| `QUESTIONNAIRE_TRANSLATIONS` | `translations/` beside the questionnaire folder | catalogs of the questionnaire content (`<lang>/LC_MESSAGES/questionnaire.po`) |
| `RESUME_CODE_DAYS` | `30` | how long a resume code stays valid |
| `RATELIMIT_STORAGE_URI` | `memory://` | Flask-Limiter storage, e.g. `redis://localhost:6379/0` in production |
| `RESUME_FAILURES_LIMIT` | `10 per 15 minutes` | failed resume-code lookups allowed per address |
| `MAX_CONTENT_LENGTH` | `1048576` | largest request body in bytes (larger: 413) |
| `AUTO_MIGRATE` | `1` | run the Alembic migrations when the app starts |
| `DATABASE_STATEMENT_TIMEOUT` | `10` | PostgreSQL: seconds a statement of the site may take (a wait for a row included) before it ends in the friendly 503; below gunicorn's worker timeout. `0` leaves the database's own setting (a role's, or `PGOPTIONS`) |
| `PROXY_FIX_X_FOR` | `0` | number of trusted proxies in front of the app (for the client address) |
| `PROXY_FIX_X_PREFIX` | `0` | number of trusted proxies that set `X-Forwarded-Prefix` (a path prefix such as `/mvo`) |
| `PROXY_FIX_X_PROTO`, `PROXY_FIX_X_HOST` | `1` | with a proxy: how many set `X-Forwarded-Proto` / `-Host` (0: ignore the header) |
| `SESSION_COOKIE_SECURE` | `1` outside development | send the session cookie over HTTPS only |
| `SESSION_COOKIE_SAMESITE` | `Lax` | `None` (with secure cookies) only when a portal on another site embeds the pages |
| `SESSION_COOKIE_PARTITIONED` | `1` with `SameSite=None`, else `0` | mark the cookie `Partitioned` (CHIPS), which browsers that block third-party cookies still keep inside the portal's frame |
| `SESSION_COOKIE_NAME` | `mvo_session` | e.g. `__Host-mvo_session` (needs secure cookies and the root path) |
| `SESSION_COOKIE_PATH` | the application root | e.g. `/mvo` when the site is served under that path prefix |
| `SESSION_LIFETIME_MINUTES` | `240` | a session cookie not refreshed for this long is refused (it still ends with the browser) |
| `START_LIMIT` | `20 per minute;200 per hour` | new assessments stored (started, or loaded from a file) and new rounds per client address, then 429; a refused upload does not count |
| `REPORT_LIMIT` | `10 per minute;100 per hour` | PDF reports made (not taken from the cache) per client address, then 429 |
| `RETENTION_DAYS` | `90` | `purge` deletes assessments untouched this long whose code has expired |
| `TRUSTED_HOSTS` | (any) | the host names the site answers to, separated by commas (e.g. `mvo.example.nl,localhost`); a request for another host gets 400, and is logged |
| `PRIVACY_STATEMENT_URL` | (none) | the operator's own privacy statement (an `http(s)://` address, without a name or password before the host, a backslash or an invisible character; anything else stops the start), in Dutch: linked from the footer and from "Wat gebeurt er met uw antwoorden?" |
| `PRIVACY_STATEMENT_URL_EN` | (none) | its English version, linked from the pages in English (without it they link the Dutch one, saying "(in Dutch)"); only with `PRIVACY_STATEMENT_URL` |
| `OPERATOR_NAME` | (none) | who offers the site (at most 60 characters), said in every page's footer ("Deze website wordt aangeboden door …") and on the PDF's cover |
| `OPERATOR_URL` | (none) | the operator's own website (an `http(s)://` address, checked as `PRIVACY_STATEMENT_URL` is), linked from that name; only with `OPERATOR_NAME` |
| `FRAME_ANCESTORS` | `'none'` | CSP `frame-ancestors`: e.g. `https://portal.example.nl` to allow that portal to embed the site |
| `REQUEST_LOG` | `1` (not in tests) | one JSON line per request on standard error |
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Mapping

from .i18n import PRODUCT_TIME_ZONE

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_QUESTIONNAIRE_PATH = PACKAGE_DIR.parent / "questionnaires"
TRANSLATIONS_PATH = PACKAGE_DIR.parent / "translations"
DEVELOPMENT = "development"
PRODUCTION = "production"
# The rate limits, each a Flask-Limiter limit string (checked at start-up, web/app.py).
RATE_LIMITS = ("START_LIMIT", "RESUME_FAILURES_LIMIT", "REPORT_LIMIT")
# 32 random characters (token_hex(16), 128 bits) at the least: the key signs every session.
MIN_SECRET_KEY_LENGTH = 32


class ConfigError(RuntimeError):
    """The environment does not hold a usable configuration; the message says what to set."""


TRUE_WORDS = ("1", "true", "yes", "on", "ja")
FALSE_WORDS = ("0", "false", "no", "off", "nee")


def _bool(key: str, value: str) -> bool:
    """An on/off setting. Anything else stops the start: `SESSION_COOKIE_SECURE=y` was read as
    off, and the cookie went out without `Secure` (QA, operator)."""
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    # Every word that is taken, ja/nee too, from the lists themselves (QA, docs: the message
    # and docs/web.md left the Dutch ones out).
    pairs = ", ".join(f"{true}/{false}" for true, false in zip(TRUE_WORDS[1:], FALSE_WORDS[1:]))
    raise ConfigError(f"{key} must be 1 or 0 (or {pairs}), not {value!r}")


# Beyond these a date or a duration no longer fits Python's dates: a code, a retention or a
# session of a million days stopped the start, `purge` or the code page with a traceback (QA,
# operator). A hundred years is more than any deployment means.
MAX_DAYS = 36_500
MAXIMUMS = {
    "RESUME_CODE_DAYS": MAX_DAYS, "RETENTION_DAYS": MAX_DAYS, "SESSION_LIFETIME_MINUTES": MAX_DAYS * 24 * 60,
    "DATABASE_STATEMENT_TIMEOUT": 24 * 3600,
}


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The settings found in the environment, already converted to their types."""
    env = os.environ if environ is None else environ
    config: dict[str, Any] = {}
    strings = (
        "SECRET_KEY", "DATABASE_URL", "QUESTIONNAIRE_PATH", "QUESTIONNAIRE_TRANSLATIONS", "RATELIMIT_STORAGE_URI",
        "RESUME_FAILURES_LIMIT", "START_LIMIT", "REPORT_LIMIT", "FRAME_ANCESTORS", "SESSION_COOKIE_SAMESITE",
        "SESSION_COOKIE_NAME", "SESSION_COOKIE_PATH", "PRIVACY_STATEMENT_URL", "PRIVACY_STATEMENT_URL_EN",
        "OPERATOR_NAME", "OPERATOR_URL",
    )
    for key in strings:
        if env.get(key):
            config[key] = env[key]
    if env.get("DATABASE_URL"):
        # Spaces around it are no part of a URL (an env file's `DATABASE_URL= postgresql…`).
        config["DATABASE_URL"] = env["DATABASE_URL"].strip()
    if env.get("SECRET_KEY_FALLBACKS"):
        # Rotating the key: the old one stays here until the last session it signed has ended
        # (SESSION_LIFETIME_MINUTES), so nobody on a page is sent back to the start.
        config["SECRET_KEY_FALLBACKS"] = [key.strip() for key in env["SECRET_KEY_FALLBACKS"].split(",") if key.strip()]
    if env.get("TRUSTED_HOSTS"):
        # Flask answers a request for any other host with 400: links in mails and pages, and
        # redirects, are built from the Host header, which a client chooses (QA, security).
        # Lower case: Werkzeug compares host names as written, and browsers send them in lower
        # case, so `Mvo.Example.nl` turned every visitor away (QA, operator).
        config["TRUSTED_HOSTS"] = [trusted_host(host) for host in env["TRUSTED_HOSTS"].split(",") if host.strip()]
    if env.get("MVO_ENV"):
        config["MVO_ENV"] = env["MVO_ENV"].strip().lower()
        if config["MVO_ENV"] not in (PRODUCTION, DEVELOPMENT):
            # `staging` or `dev` meant production without a word (QA, operator).
            raise ConfigError(f"MVO_ENV must be {PRODUCTION} or {DEVELOPMENT}, not {env['MVO_ENV']!r}")
    # The least each whole-number setting may be: a proxy count may be 0 (no proxy), but a
    # retention, code lifetime, session or upload limit of 0 would delete, expire or refuse
    # everything at once.
    minimums = {
        "RESUME_CODE_DAYS": 1, "MAX_CONTENT_LENGTH": 1, "PROXY_FIX_X_FOR": 0, "PROXY_FIX_X_PREFIX": 0,
        "PROXY_FIX_X_PROTO": 0, "PROXY_FIX_X_HOST": 0,
        "RETENTION_DAYS": 1, "SESSION_LIFETIME_MINUTES": 1, "DATABASE_STATEMENT_TIMEOUT": 0,
    }
    for key, minimum in minimums.items():
        if env.get(key):
            try:
                value = int(env[key])
            except ValueError:
                raise ConfigError(f"{key} must be a whole number, not {env[key]!r}") from None
            if value < minimum:
                raise ConfigError(f"{key} must be at least {minimum}, not {value}")
            if key in MAXIMUMS and value > MAXIMUMS[key]:
                raise ConfigError(f"{key} must be at most {MAXIMUMS[key]}, not {value}")
            config[key] = value
    for key in ("AUTO_MIGRATE", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_PARTITIONED", "REQUEST_LOG"):
        if env.get(key):
            config[key] = _bool(key, env[key])
    return config


def defaults() -> dict[str, Any]:
    return {
        "MVO_ENV": "production",
        "SECRET_KEY": None,
        "DATABASE_URL": None,  # filled in from the instance folder by the app factory
        "QUESTIONNAIRE_PATH": str(DEFAULT_QUESTIONNAIRE_PATH),
        "QUESTIONNAIRE_TRANSLATIONS": None,  # translations/ beside the questionnaire folder
        "RESUME_CODE_DAYS": 30,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RESUME_FAILURES_LIMIT": "10 per 15 minutes",
        "START_LIMIT": "20 per minute;200 per hour",  # new assessments (start, upload, new round) per address
        "REPORT_LIMIT": "10 per minute;100 per hour",  # PDF reports made (seconds of CPU each) per address
        "RETENTION_DAYS": 90,  # `purge`: delete assessments untouched this long (code expired)
        "SESSION_LIFETIME_MINUTES": 240,  # a session cookie idle this long is no longer accepted
        "FRAME_ANCESTORS": "'none'",  # CSP frame-ancestors: origins that may embed the site
        "RATELIMIT_HEADERS_ENABLED": False,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "MAX_FORM_MEMORY_SIZE": 256 * 1024,
        "AUTO_MIGRATE": True,
        "DATABASE_STATEMENT_TIMEOUT": 10,  # seconds, PostgreSQL (persistence.make_engine); 0: the database's own
        "PROXY_FIX_X_FOR": 0,
        "PROXY_FIX_X_PREFIX": 0,
        # Used only when PROXY_FIX_X_FOR or _PREFIX is set: the proxy says the scheme and host.
        "PROXY_FIX_X_PROTO": 1,
        "PROXY_FIX_X_HOST": 1,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "mvo_session",
        "SESSION_COOKIE_SECURE": None,  # decided from MVO_ENV unless set
        "SESSION_COOKIE_PARTITIONED": None,  # decided from SameSite unless set (security.init_app)
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        # Our fields write their own (Babel) messages; WTForms' catalog would be parsed per request.
        "WTF_I18N_ENABLED": False,
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": PRODUCT_TIME_ZONE,  # where the product writes its days (i18n)
        # The interface catalogs (domain "messages"): the repository's translations/, absolute.
        "BABEL_TRANSLATION_DIRECTORIES": str(TRANSLATIONS_PATH),
        "LANGUAGES": ("nl",),  # the languages with a catalog, found at start-up
    }


def is_development(config: Mapping[str, Any]) -> bool:
    return config.get("MVO_ENV") == DEVELOPMENT


def _raised_by_sqlalchemy(error: BaseException) -> bool:
    """Whether the import that failed was asked for by SQLAlchemy (a dialect loading its driver)."""
    trace = error.__traceback__
    while trace is not None:
        if "sqlalchemy" in trace.tb_frame.f_code.co_filename.replace("\\", "/").split("/"):
            return True
        trace = trace.tb_next
    return False


# A host name (a leading dot: it and its subdomains) or an IPv4 address, with an optional port:
# what Werkzeug compares a request's Host header with. (\w: letters of any script too, as an
# internationalised name is written.) Not an IPv6 address: Werkzeug cuts a host at its first
# ':', so `[::1]` would match every bracketed address (QA, review).
_TRUSTED_HOST = re.compile(r"^\.?\w([\w-]*\w)?(\.\w([\w-]*\w)?)*(:\d{1,5})?$")


def trusted_host(entry: str) -> str:
    """One checked TRUSTED_HOSTS entry, in lower case. An entry that no Host header can match
    (a scheme, a path, two names with a space between) turned every request away, the health
    checks included, without a word at the start (QA, operator)."""
    host = entry.strip().lower()
    if _TRUSTED_HOST.match(host) and _idna_encodable(host.partition(":")[0].lstrip(".")):
        return host
    hint = ""
    if "://" in host or "/" in host:
        hint = " (a host name only: no https:// and no path)"
    elif any(space in host for space in " \t"):
        hint = " (separate host names by commas, not spaces)"
    elif host.startswith("*."):
        hint = f" (for a name and all its subdomains write {host[1:]})"
    elif host.startswith("["):
        hint = " (an IPv6 address cannot be listed: use a host name)"
    elif _TRUSTED_HOST.match(host):
        hint = " (each part of a name is at most 63 characters)"
    raise ConfigError(
        f"TRUSTED_HOSTS must be host names separated by commas, such as mvo.example.nl,localhost; "
        f"{entry.strip()!r} is no host name{hint}"
    )


def _idna_encodable(name: str) -> bool:
    """Whether Werkzeug can compare the name: it encodes both sides as IDNA, and a part over 63
    characters raised a UnicodeError in every request, an error page included (QA, review)."""
    try:
        name.encode("idna")
    except UnicodeError:
        return False
    return True


def setup_problem(error: Exception, default_database: str | None = None) -> str | None:
    """What is wrong with the configuration or the database, in one line, for an error that
    the environment causes rather than this program; None for anything else (a bug, which
    should show its traceback). Never the DATABASE_URL itself: it may hold a password.
    `default_database`: the SQLite file used because DATABASE_URL is not set (the app's
    `MVO_DEFAULT_DATABASE`); a problem with it is then no problem "of DATABASE_URL" (QA,
    operator: a read-only instance folder was blamed on a setting nobody had made)."""
    if isinstance(error, ConfigError):
        return str(error)
    if isinstance(error, ImportError) and error.name in ("psycopg", "psycopg2"):
        return "the PostgreSQL driver is not installed; install it with: pip install -e '.[postgres]'"
    if isinstance(error, ImportError) and _raised_by_sqlalchemy(error):
        # A driver SQLAlchemy knows but this install lacks (QA, operator: mysql:// gave a
        # ModuleNotFoundError traceback). Only SQLite and PostgreSQL are supported anyway.
        return (f"DATABASE_URL needs the database driver {error.name!r}, which is not installed; "
                "mvo-assessment supports sqlite:/// and postgresql+psycopg://")
    if not type(error).__module__.startswith("sqlalchemy"):
        return None
    from sqlalchemy import exc

    if isinstance(error, exc.NoSuchModuleError):
        # `postgres://` is how many hosting panels write it (QA, operator).
        return (f"DATABASE_URL names a database SQLAlchemy does not know ({error}); "
                "mvo-assessment supports sqlite:/// and postgresql+psycopg://")
    if isinstance(error, exc.ArgumentError):
        return ("DATABASE_URL is not a database URL; expected e.g. sqlite:////path/to/mvo.sqlite3 "
                "or postgresql+psycopg://user:password@host/database")
    if isinstance(error, exc.DBAPIError):
        reason = str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else type(error.orig).__name__
        if default_database:
            return (f"DATABASE_URL is not set, and its default SQLite file {default_database} cannot be used: "
                    f"{reason}; make its folder writable for this user, or set DATABASE_URL")
        if reason == "unable to open database file":
            # SQLite's own words name no file and no cause (QA, command line): the usual ones.
            reason += " (check the path in DATABASE_URL: its folder must exist and be writable for this user)"
        return f"cannot use the database of DATABASE_URL: {reason}"
    return None
