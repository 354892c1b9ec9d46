"""Response headers: a strict Content-Security-Policy and friends; session lifetime.

No inline script or style anywhere, so the policy needs no nonces or hashes. Pages that show
answers or a resume code are never cached. The headers are added in an after-request hook,
which Flask also runs for the responses of error handlers (404, 405, 413, 429, 500, CSRF):
every response carries them (tests/web/test_security.py).

`FRAME_ANCESTORS` names the origins that may embed the site (the government portal); by
default none may, and then `X-Frame-Options: DENY` is sent too for old browsers (that header
cannot name an origin, so it is left out when a portal is allowed).
"""

from __future__ import annotations

import re
import time
import unicodedata
from datetime import timedelta
from typing import Any, Mapping

from flask import Flask, Response, abort, current_app, request, session
from itsdangerous import BadData
from itsdangerous.encoding import base64_decode

from ..config import ConfigError
from ..richtext import why_no_web_page
from .helpers import SESSION_KEY

# A CSP source we accept in FRAME_ANCESTORS: 'none', 'self', or a scheme-and-host origin.
_FRAME_SOURCE = re.compile(r"^('none'|'self'|https?://(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?)$")

_DIRECTIVES = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors {frame_ancestors}",
    "base-uri 'none'",
    "object-src 'none'",
    "manifest-src 'self'",
]


def content_security_policy(frame_ancestors: str = "'none'") -> str:
    return "; ".join(_DIRECTIVES).format(frame_ancestors=frame_ancestors)


CONTENT_SECURITY_POLICY = content_security_policy()


def privacy_statement_url(
    value: object, setting: str = "PRIVACY_STATEMENT_URL", example: str = "https://www.example.nl/privacy"
) -> str | None:
    """The checked PRIVACY_STATEMENT_URL (or another setting that names a web page, such as its
    English version's or OPERATOR_URL): an http(s) address the pages can link to, or None. (QA,
    privacy: the start page's few lines are no full privacy statement; the operator has one.)
    By the rule of a tool's address (`richtext.why_no_web_page`): no control, invisible or
    direction character, no backslash and no name or password before the host, which would make
    the link lead elsewhere than it reads (QA, security round 2)."""
    if value is None or str(value).strip() == "":
        return None
    address = str(value).strip()
    why = why_no_web_page(address)
    # Quotes and angle brackets too: escaped in the pages, but no operator means them.
    if why is None and any(character in "\"'<>" for character in address):
        why = "remove the quotes and angle brackets"
    if why is not None:
        # repr: the value's invisible characters written out (\u202e), not shown as nothing; and
        # a password before the host left out, as DATABASE_URL's is (setup_problem).
        raise ConfigError(f"{setting} must be a web address such as {example}, not {_without_password(address)!r}: {why}")
    return address


# `scheme://name:password@`: the host part ends at the first / ? or #, and its last @ ends the
# password (as urlsplit reads it: `https://u:p@ss@host` has the password `p@ss`).
_PASSWORD_BEFORE_THE_HOST = re.compile(r"^([^/?#]*//[^/?#:]*:)[^/?#]*@")


def _without_password(address: str) -> str:
    """`address` with the password before its host written as …. Not by urlsplit, which cannot
    read every address refused here (QA, mutation testing, sixth round: `https://mvo:pw@[evil`
    was shown whole), and which drops a tab or a line break, so that a password holding one was
    not found in the address as written, and was shown whole too."""
    return _PASSWORD_BEFORE_THE_HOST.sub(r"\1…@", address, count=1)


# As long as fits the PDF cover beside the longest company name, in round 2 (tests/report/test_pdf.py).
OPERATOR_NAME_MAX = 60


def operator_name(value: object) -> str | None:
    """The checked OPERATOR_NAME: who offers the site, said in every footer, or None. (QA,
    novice entrepreneur: no page said who runs the site, which read as the MVO-steunpunt's own.)"""
    if value is None or str(value).strip() == "":
        return None
    name = " ".join(str(value).split())
    if len(name) > OPERATOR_NAME_MAX:
        raise ConfigError(f"OPERATOR_NAME is {len(name)} characters long; at most {OPERATOR_NAME_MAX} fit on the report's cover")
    if any(unicodedata.category(character) in ("Cc", "Cf") for character in name):
        raise ConfigError(f"OPERATOR_NAME holds an invisible or control character: {name!r}")
    return name


def frame_ancestors(value: str) -> str:
    """The checked FRAME_ANCESTORS setting; refuses anything that could break out of the header."""
    sources = value.split()
    wrong = [source for source in sources if not _FRAME_SOURCE.match(source)]
    if not sources or wrong:
        # The entry that is wrong, and why, where the usual slips make it plain (QA, operator:
        # the whole value was repeated and the operator had to guess which part was meant).
        entry = wrong[0] if wrong else value
        hint = ""
        if "," in entry:
            hint = " (separate origins by spaces, not commas)"
        elif "/" in entry.partition("://")[2]:
            hint = " (an origin has no path: leave out everything after the host name and port, the last / too)"
        elif entry.lower() in ("self", "none"):
            hint = f" (write it with its single quotes: '{entry.lower()}')"
        raise ConfigError(
            f"FRAME_ANCESTORS must be 'none', 'self' (with the single quotes) or origins such as "
            f"https://portal.example.nl, separated by spaces; {entry!r} is none of these{hint}"
        )
    if "'none'" in sources and len(sources) > 1:
        raise ConfigError("FRAME_ANCESTORS: 'none' cannot be combined with other sources")
    return " ".join(sources)


def static_security_headers(config: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The headers every response carries whatever the request: worked out once per app."""
    headers = [
        ("Content-Security-Policy", str(config["MVO_CSP"])),
        ("X-Content-Type-Options", "nosniff"),
    ]
    if config["MVO_FRAME_ANCESTORS"] == "'none'":
        headers.append(("X-Frame-Options", "DENY"))
    # same-origin, not no-referrer: over HTTPS Flask-WTF refuses a form post without a Referer
    # of our own origin (WTF_CSRF_SSL_STRICT), and other sites still get no referrer at all.
    headers += [
        ("Referrer-Policy", "same-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    ]
    return headers


HSTS = ("Strict-Transport-Security", "max-age=31536000")


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    config = current_app.config
    # One pass over the few headers a view set itself (a view may set its own policy), then
    # one extend: Werkzeug's setdefault looks every header up again (bench/README.md).
    present = {name.lower() for name in headers.keys()}
    missing = [header for header in config["MVO_SECURITY_HEADERS"] if header[0].lower() not in present]
    if config.get("SESSION_COOKIE_SECURE") or request.is_secure:
        # Behind TLS (directly, or X-Forwarded-Proto through ProxyFix). Browsers ignore the
        # header on plain HTTP, so sending it whenever cookies are secure is harmless.
        if HSTS[0].lower() not in present:
            missing.append(HSTS)
    headers.extend(missing)
    # Only the static files themselves may be cached (and their 304s). An error under /static/
    # is the site's own page, with the footer of an open assessment, its flashes and a
    # Set-Cookie (QA, security round 2: a 404 there had no no-store).
    if request.endpoint != "static" or response.status_code >= 400:
        headers["Cache-Control"] = "no-store"
    return response


def refuse_a_port_out_of_range() -> None:
    """A 400 for a Host (or, through ProxyFix, an X-Forwarded-Host) whose port is above 65535:
    Werkzeug checks that a port is digits, TRUSTED_HOSTS ignores it, and building the address
    of a redirect with it raised ValueError, a 500 with a traceback in the log (QA, HTTP)."""
    host = request.environ.get("HTTP_HOST", "")
    _, colon, port = host.rpartition(":")
    # ASCII digits only ("²" is a digit to isdigit, not to int), and no int() of thousands of
    # them (Python refuses more than 4300): more than five digits is out of range anyway (QA, review).
    if colon and port.isascii() and port.isdigit() and (len(port) > 5 or int(port) > 65535):  # "[::1]": no digits after its last colon
        abort(400)


def refresh_session(response: Response) -> Response:
    """A visitor who keeps working keeps a fresh cookie: the signed timestamp is renewed on
    every response while an assessment is open, and a cookie older than the lifetime is refused
    (Flask checks its signature's age against PERMANENT_SESSION_LIFETIME)."""
    if request.endpoint in (None, "static") or request.blueprint == "health":
        return response
    if session.get(SESSION_KEY) is not None and not session.modified:
        lifetime = current_app.permanent_session_lifetime.total_seconds()
        # Re-signing costs a signature and a Set-Cookie; a quarter of the lifetime is fresh enough.
        if _cookie_age(request.cookies.get(current_app.config["SESSION_COOKIE_NAME"], "")) > lifetime / 4:
            session.modified = True
    return response


def session_warning_after(lifetime_seconds: float) -> int:
    """Seconds after a question page opens when its script warns that the session will end
    (WCAG 2.2.1: warned in time, with a simple way to extend it). The cookie that came with the
    page is at most a quarter of the lifetime old (refresh_session re-signs older ones), so at
    least three quarters are left; the warning comes up to two minutes before that, and never
    less than 20 seconds before."""
    surely_left = lifetime_seconds * 3 / 4
    return max(0, int(surely_left - min(120.0, surely_left / 2)))


def _cookie_age(value: str) -> float:
    """Seconds since the session cookie was signed (itsdangerous: payload.timestamp.signature);
    infinite when it cannot be read. Only decides whether to re-sign: Flask checks the signature."""
    try:
        stamp = value.rsplit(".", 2)[1]
        return time.time() - int.from_bytes(base64_decode(stamp), "big")
    except (IndexError, ValueError, TypeError, BadData):
        return float("inf")


def init_app(app: Flask) -> None:
    app.config["MVO_FRAME_ANCESTORS"] = frame_ancestors(str(app.config.get("FRAME_ANCESTORS") or "'none'"))
    app.config["PRIVACY_STATEMENT_URL"] = privacy_statement_url(app.config.get("PRIVACY_STATEMENT_URL"))
    app.config["PRIVACY_STATEMENT_URL_EN"] = privacy_statement_url(app.config.get("PRIVACY_STATEMENT_URL_EN"), "PRIVACY_STATEMENT_URL_EN")
    if app.config["PRIVACY_STATEMENT_URL_EN"] and not app.config["PRIVACY_STATEMENT_URL"]:
        # The Dutch pages, most visitors', would link no statement at all (QA, review).
        raise ConfigError("PRIVACY_STATEMENT_URL_EN is set, PRIVACY_STATEMENT_URL is not: set the Dutch statement's address too, "
                          "which the pages in Dutch link")
    app.config["OPERATOR_NAME"] = operator_name(app.config.get("OPERATOR_NAME"))
    app.config["OPERATOR_URL"] = privacy_statement_url(app.config.get("OPERATOR_URL"), "OPERATOR_URL", "https://www.example.nl")
    if app.config["OPERATOR_URL"] and not app.config["OPERATOR_NAME"]:
        raise ConfigError("OPERATOR_URL is set, OPERATOR_NAME is not: set the name the footer links to the address")
    app.config["MVO_CSP"] = content_security_policy(app.config["MVO_FRAME_ANCESTORS"])
    app.config["MVO_SECURITY_HEADERS"] = static_security_headers(app.config)
    minutes = int(app.config.get("SESSION_LIFETIME_MINUTES") or 240)
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(minutes=minutes)
    app.config["MVO_SESSION_WARNING_AFTER"] = session_warning_after(minutes * 60)
    # The cookie that came with a page is at most a quarter of the lifetime old: a whole lifetime
    # after the page opened, the session has surely ended (the script then says so by itself).
    app.config["MVO_SESSION_ENDS_AFTER"] = minutes * 60
    given = app.config.get("SESSION_COOKIE_SAMESITE")
    # A string only: Python's None (Flask's "no attribute") is not the text "None" (QA, review).
    same_site = {"lax": "Lax", "strict": "Strict", "none": "None"}.get(given.strip().lower()) if isinstance(given, str) else None
    if same_site is None:
        raise ConfigError(f"SESSION_COOKIE_SAMESITE must be Lax, Strict or None, not {given!r}")
    # In any case, as the browsers read the cookie attribute (QA, operator: `none` was refused
    # with a message that did not show the value given).
    app.config["SESSION_COOKIE_SAMESITE"] = same_site
    if app.config["SESSION_COOKIE_SAMESITE"] == "None" and not app.config.get("SESSION_COOKIE_SECURE"):
        raise ConfigError("SESSION_COOKIE_SAMESITE=None needs secure cookies (SESSION_COOKIE_SECURE=1)")
    if app.config.get("SESSION_COOKIE_PARTITIONED") is None:
        # A portal on another site embeds the pages (SameSite=None). Browsers that block
        # third-party cookies still keep a partitioned one, for that portal's frame only.
        app.config["SESSION_COOKIE_PARTITIONED"] = app.config["SESSION_COOKIE_SAMESITE"] == "None"
    if app.config["SESSION_COOKIE_PARTITIONED"] and not app.config.get("SESSION_COOKIE_SECURE"):
        raise ConfigError("SESSION_COOKIE_PARTITIONED=1 needs secure cookies (SESSION_COOKIE_SECURE=1)")
    if str(app.config.get("SESSION_COOKIE_NAME", "")).startswith("__Host-") and (
        not app.config.get("SESSION_COOKIE_SECURE") or (app.config.get("SESSION_COOKIE_PATH") or "/") != "/"
    ):
        # Browsers drop a __Host- cookie that is not Secure or not on the root path: every
        # visitor would silently lose their session.
        raise ConfigError("SESSION_COOKIE_NAME=__Host-… needs secure cookies and SESSION_COOKIE_PATH=/")
    if str(app.config.get("SESSION_COOKIE_NAME", "")).startswith("__Secure-") and not app.config.get("SESSION_COOKIE_SECURE"):
        # The same for a __Secure- cookie without Secure.
        raise ConfigError("SESSION_COOKIE_NAME=__Secure-… needs secure cookies (SESSION_COOKIE_SECURE=1)")
    app.before_request(refuse_a_port_out_of_range)
    app.after_request(refresh_session)
    app.after_request(add_security_headers)
