"""Security hardening (issue 8, part 4): headers on every response, cookies, session lifetime,
body size, rate limits (also in a real Redis shared by two "workers"), framing for the portal.
docs/security.md maps each control to its OWASP ASVS requirement and to the test here."""

from __future__ import annotations

import html
import os
import re
import time
from typing import Any

import pytest
from conftest import hidden_value, make_test_config

from mvo_assessment import config, create_app
from mvo_assessment.web import security

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


def assert_hardened(response, frame_ancestors="'none'"):
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == frame_ancestors
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    # QA (mutation testing): these three were sent but never checked, so dropping one (COOP's
    # line in security.py) failed no test. COOP keeps a page of another site that opened ours
    # (or that ours opened) from holding a handle on its window; CORP keeps other sites from
    # loading our responses (the answers download, the result JSON) into their own pages; the
    # Permissions-Policy switches off what the site never uses.
    assert headers.get("Cross-Origin-Opener-Policy") == "same-origin"
    assert headers.get("Cross-Origin-Resource-Policy") == "same-origin"
    assert headers.get("Permissions-Policy") == "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    if frame_ancestors == "'none'":
        assert headers["X-Frame-Options"] == "DENY"
    else:
        assert "X-Frame-Options" not in headers


def test_every_kind_of_response_is_hardened(make_app, journey):
    """Every kind of response, errors and static files included, carries the headers of
    `assert_hardened`: the CSP and its companions, and (QA, mutation testing: never checked
    before) Cross-Origin-Opener-Policy, Cross-Origin-Resource-Policy and Permissions-Policy."""
    app = make_app(TESTING=False, REQUEST_LOG=False, MAX_CONTENT_LENGTH=1000, START_LIMIT="2 per minute")

    @app.get("/kapot")
    def broken() -> str:
        raise RuntimeError("boom")

    client = app.test_client()
    token = hidden_value(client.get("/hervatten").get_data(as_text=True), "csrf_token")
    responses = {
        200: client.get("/"),
        404: client.get("/bestaat-niet"),
        405: client.get("/zelfevaluatie/starten"),
        400: client.post("/zelfevaluatie/starten", data={"csrf_token": "vervalst"}),
        413: client.post("/hervatten", data={"code": "x" * 5000}),
        500: client.get("/kapot"),
        303: client.post("/zelfevaluatie/starten", data={"csrf_token": token}),
        "static": client.get("/static/css/site.css"),
        "healthz": client.get("/healthz"),
    }
    # starting clears the session (and its CSRF token): fetch a fresh token each time
    token = hidden_value(client.get("/hervatten").get_data(as_text=True), "csrf_token")
    client.post("/zelfevaluatie/starten", data={"csrf_token": token})
    token = hidden_value(client.get("/hervatten").get_data(as_text=True), "csrf_token")
    responses[429] = client.post("/zelfevaluatie/starten", data={"csrf_token": token})
    for expected, response in responses.items():
        if isinstance(expected, int):
            assert response.status_code == expected, (expected, response.status_code)
        assert_hardened(response)
        response.close()


def test_frame_ancestors_for_the_portal(make_app):
    app = make_app(FRAME_ANCESTORS="https://portal.example.nl  https://*.overheid.nl")
    response = app.test_client().get("/")
    assert_hardened(response, frame_ancestors="https://portal.example.nl https://*.overheid.nl")
    assert_hardened(app.test_client().get("/bestaat-niet"), frame_ancestors="https://portal.example.nl https://*.overheid.nl")


@pytest.mark.parametrize(
    "value", ["*", "https://a.nl; script-src *", "'none' https://a.nl", "javascript:alert(1)", "", "https://a.nl\nX: y"]
)
def test_unsafe_frame_ancestors_are_refused(value):
    with pytest.raises(config.ConfigError, match="FRAME_ANCESTORS"):
        security.frame_ancestors(value)


@pytest.mark.parametrize("value", [
    "https://portal.example.nl;script-src", "https://portal.example.nl;", "'self';", "'self';script-src",
    "https://portal.example.nl/pad", "https://portal.example.nl:8443/",
])
def test_frame_ancestors_with_something_after_the_origin_are_refused(value):
    """An origin in FRAME_ANCESTORS must be the whole entry: a ';' written without a space after
    it ("https://portal.example.nl;script-src") would start a directive of its own in the
    Content-Security-Policy, and a path ("/pad") is not an origin at all (the browser would
    ignore the entry, and the portal could not frame the site). The site refuses to start with
    them instead of sending them. QA (mutation testing, fifth round): without the `$` at the end
    of the origin's pattern, each of these was accepted; no test had one that only began well."""
    with pytest.raises(config.ConfigError, match="FRAME_ANCESTORS"):
        security.frame_ancestors(value)
    with pytest.raises(config.ConfigError, match="FRAME_ANCESTORS"):
        security.frame_ancestors(f"'self' {value}")


def test_hsts_behind_tls(make_app):
    proxied = make_app(PROXY_FIX_X_FOR=1)
    plain = proxied.test_client().get("/")
    assert "Strict-Transport-Security" not in plain.headers
    tls = proxied.test_client().get("/", headers={"X-Forwarded-Proto": "https"})
    assert tls.headers["Strict-Transport-Security"] == "max-age=31536000"
    secure = make_app(SESSION_COOKIE_SECURE=None)  # production default: secure cookies, so TLS
    assert secure.test_client().get("/").headers["Strict-Transport-Security"].startswith("max-age=")


def test_session_cookie_flags(make_app):
    app = make_app(SESSION_COOKIE_SECURE=None)
    client = app.test_client()
    token = hidden_value(client.get("/", base_url="https://localhost").get_data(as_text=True), "csrf_token")
    # Over HTTPS the CSRF check also wants a Referer of our own origin; the Referrer-Policy
    # (same-origin) lets the browser send it to us and to nobody else.
    refused = client.post("/zelfevaluatie/starten", data={"csrf_token": token}, base_url="https://localhost")
    # QA: said as what it is, not "Formulier verlopen", which a new try could never mend
    assert refused.status_code == 400 and "Uw browser zei niet van welke pagina het formulier kwam" in refused.get_data(as_text=True)
    elsewhere = client.post("/zelfevaluatie/starten", data={"csrf_token": token}, base_url="https://localhost",
                            headers={"Referer": "https://elders.example/"})
    assert elsewhere.status_code == 400 and "Dit formulier kwam niet van deze website" in elsewhere.get_data(as_text=True)
    response = client.post("/zelfevaluatie/starten", data={"csrf_token": token}, base_url="https://localhost",
                           headers={"Referer": "https://localhost/"})
    assert response.status_code == 303
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("mvo_session=")
    assert "; Secure" in cookie and "; HttpOnly" in cookie and "; SameSite=Lax" in cookie
    assert "Expires=" not in cookie  # a browser-session cookie: gone when the browser closes


def test_samesite_none_needs_secure_cookies(tmp_path):
    # SQLite in a file of its own: the refused app never gets to hand back its engine.
    database_url = f"sqlite:///{tmp_path / 'refused.sqlite3'}"
    with pytest.raises(config.ConfigError, match="SameSite|SAMESITE"):
        create_app(make_test_config(database_url, SESSION_COOKIE_SAMESITE="None", SESSION_COOKIE_SECURE=False))


def test_a_portal_on_another_site_gets_a_partitioned_cookie(make_app):
    """SameSite=None is for a portal on another site; browsers that block third-party cookies
    keep only a partitioned one there (tests/web/test_embed_browser.py shows it in Chromium)."""
    app = make_app(SESSION_COOKIE_SAMESITE="None", SESSION_COOKIE_SECURE=True)
    journey_cookie = _start_cookie(app)
    assert "; SameSite=None" in journey_cookie and "; Secure" in journey_cookie and "; Partitioned" in journey_cookie
    assert "Partitioned" not in _start_cookie(make_app(SESSION_COOKIE_SECURE=True))  # Lax: first party only


def test_cookie_name_and_path_come_from_the_environment(make_app):
    settings = config.from_environment({
        "SESSION_COOKIE_NAME": "__Host-mvo_session", "SESSION_COOKIE_PATH": "/",
        "SESSION_COOKIE_PARTITIONED": "0", "PROXY_FIX_X_PREFIX": "1",
    })
    assert settings == {
        "SESSION_COOKIE_NAME": "__Host-mvo_session", "SESSION_COOKIE_PATH": "/",
        "SESSION_COOKIE_PARTITIONED": False, "PROXY_FIX_X_PREFIX": 1,
    }
    cookie = _start_cookie(make_app(SESSION_COOKIE_SECURE=True, SESSION_COOKIE_NAME="__Host-mvo_session"))
    assert cookie.startswith("__Host-mvo_session=") and "; Path=/" in cookie
    # The start page's form token is the first thing kept in the cookie (under /mvo, a browser
    # would then send it to the site's pages only, not to the rest of the portal).
    prefixed = make_app(SESSION_COOKIE_SECURE=True, SESSION_COOKIE_PATH="/mvo").test_client()
    cookie = prefixed.get("/", base_url="https://localhost").headers["Set-Cookie"]
    assert cookie.startswith("mvo_session=") and "; Path=/mvo" in cookie


@pytest.mark.parametrize("settings, problem", [
    ({"SESSION_COOKIE_PARTITIONED": True, "SESSION_COOKIE_SECURE": False}, "PARTITIONED"),
    ({"SESSION_COOKIE_NAME": "__Host-mvo_session", "SESSION_COOKIE_SECURE": False}, "__Host-"),
    ({"SESSION_COOKIE_NAME": "__Secure-mvo_session", "SESSION_COOKIE_SECURE": False}, "__Secure-"),
    ({"SESSION_COOKIE_NAME": "__Host-mvo_session", "SESSION_COOKIE_SECURE": True, "SESSION_COOKIE_PATH": "/mvo"}, "__Host-"),
])
def test_cookie_settings_a_browser_would_drop_are_refused_at_start(tmp_path, settings, problem):
    database_url = f"sqlite:///{tmp_path / 'refused.sqlite3'}"
    with pytest.raises(config.ConfigError, match=problem):
        create_app(make_test_config(database_url, **settings))


def test_a_path_prefix_from_the_proxy_is_honoured(make_app):
    app = make_app(PROXY_FIX_X_PREFIX=1)
    response = app.test_client().get("/", headers={"X-Forwarded-Prefix": "/mvo"})
    assert 'action="/mvo/zelfevaluatie/starten"' in response.get_data(as_text=True)


def _start_cookie(app) -> str:
    client = app.test_client()
    token = hidden_value(client.get("/", base_url="https://localhost").get_data(as_text=True), "csrf_token")
    response = client.post("/zelfevaluatie/starten", data={"csrf_token": token}, base_url="https://localhost",
                           headers={"Referer": "https://localhost/"})
    assert response.status_code == 303
    return response.headers["Set-Cookie"]


def test_a_session_older_than_its_lifetime_is_refused(make_app, monkeypatch):
    from conftest import Journey

    app = make_app(SESSION_LIFETIME_MINUTES=30)
    journey = Journey(app.test_client(), app)
    journey.start()
    assert journey.client.get("/zelfevaluatie/vraag/intake-profiel").status_code == 200
    # Working keeps the cookie fresh ...
    later = time.time() + 25 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert journey.client.get("/zelfevaluatie/vraag/intake-profiel").status_code == 200
    # ... and 31 idle minutes after that it is no longer accepted: back to the start page.
    much_later = later + 31 * 60
    monkeypatch.setattr(time, "time", lambda: much_later)
    response = journey.client.get("/zelfevaluatie/vraag/intake-profiel")
    assert response.status_code == 303 and response.headers["Location"] == "/"


def _session_cookies(response) -> list[str]:
    return [cookie for cookie in response.headers.getlist("Set-Cookie") if cookie.startswith("mvo_session=")]


def _assessment_with_a_cookie_signed_now(make_app: Any) -> tuple[Any, str, float]:
    """An assessment on a site whose session lifetime is 40 minutes (a quarter: 10), and its
    first question page, whose response signed the cookie at the time returned."""
    from conftest import Journey

    app = make_app(SESSION_LIFETIME_MINUTES=40)
    journey = Journey(app.test_client(), app)
    journey.start()
    page = "/zelfevaluatie/vraag/intake-profiel"
    signed = time.time()
    # The first page puts the new session's form token in the cookie: signed now.
    assert _session_cookies(journey.client.get(page))
    return journey, page, signed


def test_working_renews_the_session_cookie_once_a_quarter_of_its_lifetime_has_passed(make_app, monkeypatch):
    """refresh_session re-signs the cookie of an open assessment when it is more than a quarter
    of the lifetime old, and not before (a signature and a Set-Cookie on every page are not
    needed). The question page's warning counts on it: the cookie a page came with has at least
    three quarters of the lifetime left (`session_warning_after`). QA (mutation testing):
    `> lifetime / 4` made `> lifetime` failed no test, since the test above works at 25 of 30
    minutes, well within the lifetime, and never looked at the cookie."""
    journey, page, signed = _assessment_with_a_cookie_signed_now(make_app)
    clock = {"now": signed}
    monkeypatch.setattr(time, "time", lambda: clock["now"])

    clock["now"] = signed + 8 * 60  # well within the first quarter: the cookie is fresh enough
    response = journey.client.get(page)
    assert response.status_code == 200 and _session_cookies(response) == []

    clock["now"] = signed + 11 * 60  # a bit more than a quarter: renewed
    response = journey.client.get(page)
    assert response.status_code == 200 and len(_session_cookies(response)) == 1
    # The renewal is real: 35 minutes on, 46 minutes after the first signature (more than the
    # lifetime), the renewed cookie still holds the assessment.
    clock["now"] = signed + 46 * 60
    assert journey.client.get(page).status_code == 200


def test_the_probes_never_renew_the_session_cookie(make_app, monkeypatch):
    """/healthz and /readyz set no cookie (web/health.py): a probe that came
    with a browser's session cookie (an operator checking the site in the browser they answer
    in, or a proxy passing cookies on) must not get it re-signed and sent back. QA (mutation
    testing, fifth round): without `request.blueprint == "health"` in refresh_session, both sent
    a Set-Cookie for a cookie older than a quarter of its lifetime; no test came with one."""
    journey, page, signed = _assessment_with_a_cookie_signed_now(make_app)
    monkeypatch.setattr(time, "time", lambda: signed + 11 * 60)  # old enough to be renewed
    for probe in ("/healthz", "/readyz"):
        response = journey.client.get(probe)
        assert response.status_code == 200, (probe, response.status_code)
        assert response.headers.getlist("Set-Cookie") == [], probe
    # The cookie was old enough: a page of the assessment does renew it.
    assert len(_session_cookies(journey.client.get(page))) == 1


def test_body_size_limit(make_app):
    app = make_app(MAX_CONTENT_LENGTH=2048)
    response = app.test_client().post("/zelfevaluatie/vraag/intake-profiel", data={"grootte": "x" * 5000})
    assert response.status_code == 413
    assert_hardened(response)


def test_an_unreachable_rate_limit_storage_falls_back_to_memory(make_app):
    """QA: with Redis down, starting, a code and a file gave every visitor a 500. Each worker
    now counts in its own memory until the storage is back: the limits still hold."""
    app = make_app(START_LIMIT="3 per minute", RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")
    client = app.test_client()
    statuses = []
    for _ in range(4):
        token = hidden_value(client.get("/hervatten").get_data(as_text=True), "csrf_token")
        statuses.append(client.post("/zelfevaluatie/starten", data={"csrf_token": token}).status_code)
    assert statuses == [303, 303, 303, 429]
    token = hidden_value(client.get("/hervatten").get_data(as_text=True), "csrf_token")
    looked_up = client.post("/hervatten", data={"csrf_token": token, "code": "AAAA-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH"})
    assert looked_up.status_code == 404


def test_a_rate_limit_storage_that_never_answers_holds_a_start_a_second_at_most(make_app):
    """QA (site reliability): a Redis that accepts connections and never answers (frozen, or a
    network that drops its packets) held every start 5 to 10 s, a sync worker each. A count
    asked of it now waits REDIS_TIMEOUT_SECONDS at most, then the fallback to memory counts."""
    import socket
    import threading

    from mvo_assessment import extensions

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)  # the kernel accepts the connections; nobody ever reads or answers
    try:
        uri = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
        app = make_app(START_LIMIT="3 per minute", RATELIMIT_STORAGE_URI=uri)
        client = app.test_client()
        token = hidden_value(client.get("/hervatten").get_data(as_text=True), "csrf_token")
        answered: list[Any] = []
        started = time.monotonic()
        worker = threading.Thread(target=lambda: answered.append(client.post("/zelfevaluatie/starten", data={"csrf_token": token})),
                                  daemon=True)
        worker.start()
        worker.join(20)
        elapsed = time.monotonic() - started
        assert answered and answered[0].status_code == 303, elapsed
        # the storage is asked a few times per request (limits tested, then the count), each at most a second
        assert extensions.REDIS_TIMEOUT_SECONDS <= 1 and elapsed < 8, elapsed
        assert extensions.storage_options("memory://") == {}
    finally:
        silent.close()


def test_an_unreachable_rate_limit_storage_is_logged(tmp_path):
    """QA (operator): docs/web.md said the fallback to memory is logged, but Flask-Limiter's
    warning went to a logger with only a NullHandler: with Redis down, or a typo in its
    address, every host counted per worker and no one was told. Run as under gunicorn: a
    process without any logging configuration."""
    import subprocess
    import sys

    script = f"""
import re
from mvo_assessment import create_app
app = create_app({{"SECRET_KEY": "s" * 40, "DATABASE_URL": "sqlite:///{tmp_path / 'l.sqlite3'}",
                  "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0", "REQUEST_LOG": False}})
client = app.test_client()
page = client.get("/hervatten").get_data(as_text=True)
token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
print(client.post("/zelfevaluatie/starten", data={{"csrf_token": token}}).status_code)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "303", done.stderr[-2000:]
    assert "Rate limit storage unreachable - falling back to in-memory storage" in done.stderr, done.stderr[-2000:]


def test_starting_assessments_is_rate_limited(make_app):
    app = make_app(START_LIMIT="3 per minute")
    client = app.test_client()
    token = hidden_value(client.get("/hervatten").get_data(as_text=True), "csrf_token")
    statuses = []
    for _ in range(4):
        statuses.append(client.post("/zelfevaluatie/starten", data={"csrf_token": token}).status_code)
        token = hidden_value(client.get("/hervatten").get_data(as_text=True), "csrf_token")
    assert statuses == [303, 303, 303, 429]
    # uploading an answers file starts an assessment too, and shares the same budget
    assert client.post("/inladen", data={"csrf_token": token}).status_code == 429


def test_making_pdf_reports_is_rate_limited(make_app):
    """QA (security): each new company name made a new PDF, seconds of CPU, without a limit, so
    a few requests at once held every worker. Only a PDF that is made counts; the same one again
    comes from the cache and does not."""
    from conftest import Journey

    app = make_app(REPORT_LIMIT="2 per minute")
    journey = Journey(app.test_client(), app)
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee"})
    pdf = "/zelfevaluatie/resultaat/rapport.pdf"
    token = journey.csrf_token("/zelfevaluatie/opslaan")
    # one made and twice from the cache, then one with a company name (never cached)
    made = [journey.client.get(pdf).status_code for _ in range(3)]
    made.append(journey.client.post(pdf, data={"csrf_token": token, "bedrijf": "B"}).status_code)
    assert made == [200, 200, 200, 200]
    refused = journey.client.post(pdf, data={"csrf_token": token, "bedrijf": "C"})
    assert refused.status_code == 429 and refused.mimetype == "text/html"
    html = refused.get_data(as_text=True)
    assert "Te veel rapporten" in html and "Wacht 1 minuut" in html
    assert refused.headers["Retry-After"]
    # Once reached, the limit holds the route, a PDF in the cache too, until the minute is over.
    assert journey.client.get(pdf).status_code == 429


def _upload(client, content: bytes):
    import io

    token = hidden_value(client.get("/inladen").get_data(as_text=True), "csrf_token")
    data = {"csrf_token": token, "bestand": (io.BytesIO(content), "antwoorden.json")}
    return client.post("/inladen", data=data, content_type="multipart/form-data")


def _start(client):
    token = hidden_value(client.get("/hervatten").get_data(as_text=True), "csrf_token")
    return client.post("/zelfevaluatie/starten", data={"csrf_token": token})


def test_only_starts_and_uploads_that_store_an_assessment_count(make_app):
    """QA: 20 broken files posted to /inladen used up START_LIMIT, so the visitor who then chose
    the right file was refused. The limit guards the database; a refused upload stored nothing,
    so it does not count. Stored ones do, started or uploaded alike."""
    import json

    app = make_app(START_LIMIT="3 per minute")
    client = app.test_client()
    good = json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"grootte": "klein"}}).encode()
    assert [_upload(client, b"{kapot").status_code for _ in range(6)] == [400] * 6
    assert _upload(client, json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {}}).encode()).status_code == 400
    assert _upload(client, good).status_code == 303
    assert [_start(client).status_code for _ in range(3)] == [303, 303, 429]
    # Over the limit, a broken file and a good one get the same 429, and nothing is loaded.
    assert _upload(client, b"{kapot").status_code == 429
    assert _upload(client, good).status_code == 429
    with client.session_transaction() as session:
        kept = session["assessment"]
    assert app.extensions["mvo_store"].get(kept).answers == {}  # the last start, not replaced


def test_each_earlier_round_a_file_brings_counts_as_a_start(make_app):
    """QA (security): a file with 100 earlier rounds stored 101 rows and counted as one start,
    so one address could store about 2 000 rows a minute within START_LIMIT. Each stored round
    counts now; the upload itself still gets in while one start is left."""
    import json

    app = make_app(START_LIMIT="5 per minute")
    client = app.test_client()
    earlier = [{"version": "1.0", "answers": {"grootte": "klein"}} for _ in range(3)]
    file = json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"grootte": "klein"},
                       "earlier_rounds": earlier}).encode()
    assert _upload(client, file).status_code == 303  # 4 rows: one start is left
    assert [_start(client).status_code for _ in range(2)] == [303, 429]


def test_new_rounds_share_the_limit_of_starts(make_app):
    """QA (security, second round): "Start een nieuwe ronde" and "Er is niets veranderd" one after
    the other stored 150 rows in 24 s from one address, with no limit. A new round stores a row
    as a start does, and counts against START_LIMIT with starts and uploads."""
    from conftest import FULL_JOURNEY, Journey

    app = make_app(START_LIMIT="3 per minute")
    journey = Journey(app.test_client(), app)
    journey.start()  # 1
    for page_id, answers in FULL_JOURNEY:
        journey.answer_page(page_id, answers)
    client = journey.client

    def new_round():
        token = hidden_value(client.get("/zelfevaluatie/resultaat").get_data(as_text=True), "csrf_token")
        return client.post("/zelfevaluatie/nieuwe-ronde", data={"csrf_token": token})

    def nothing_changed():
        token = hidden_value(client.get("/zelfevaluatie/resultaat").get_data(as_text=True), "csrf_token")
        return client.post("/zelfevaluatie/resultaat/niets-veranderd", data={"csrf_token": token})

    assert new_round().status_code == 303 and nothing_changed().status_code == 303  # 2
    assert new_round().status_code == 303 and nothing_changed().status_code == 303  # 3
    with app.extensions["mvo_store"].engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT count(*) FROM assessment").scalar()
    refused = new_round()
    html = refused.get_data(as_text=True)
    assert refused.status_code == 429 and "<h1>Te veel nieuwe rondes</h1>" in html
    assert "Vanaf uw internetverbinding zijn in korte tijd te veel nieuwe rondes of zelfevaluaties begonnen." in html
    assert "Uw antwoorden zijn bewaard." in html and refused.headers["Retry-After"]
    with app.extensions["mvo_store"].engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM assessment").scalar() == rows  # nothing stored
    assert _start(client).status_code == 429  # one budget for starts, uploads and rounds


def test_a_new_round_that_was_already_begun_does_not_count_against_the_limit_of_starts(make_app, monkeypatch):
    """QA (mutation testing, sixth round): "Start een nieuwe ronde" from a round whose next round
    another browser began a moment earlier (the store says RoundExists, with that round) stores
    nothing: it goes on in that round, and counts against START_LIMIT for nothing."""
    from conftest import FULL_JOURNEY, Journey

    app = make_app(START_LIMIT="2 per minute")
    journey = Journey(app.test_client(), app)
    journey.start()  # 1
    for page_id, answers in FULL_JOURNEY:
        journey.answer_page(page_id, answers)
    first = journey.assessment()
    store = app.extensions["mvo_store"]
    begun = store.start_round

    def begun_by_another_browser_meanwhile(previous_id, *args):
        begun(previous_id, *args)  # the other browser's request, counted there
        return begun(previous_id, *args)

    monkeypatch.setattr(store, "start_round", begun_by_another_browser_meanwhile)
    token = hidden_value(journey.client.get("/zelfevaluatie/resultaat").get_data(as_text=True), "csrf_token")
    response = journey.client.post("/zelfevaluatie/nieuwe-ronde", data={"csrf_token": token})
    assert response.status_code == 303 and journey.assessment().id == store.next_round(first.id).id
    assert "Deze nieuwe ronde was al begonnen" in journey.client.get("/zelfevaluatie/ronde").get_data(as_text=True)
    assert _start(app.test_client()).status_code == 303  # 2
    assert _start(app.test_client()).status_code == 429


def test_the_429_page_says_which_limit_was_hit_and_how_long_to_wait(make_app):
    """QA: after 22 broken uploads the 429 page spoke of resume codes and of 15 minutes, while
    START_LIMIT counts per minute and per hour. The page now follows the limit that was hit,
    and the wait is the limiter's own (also in Retry-After), rounded up."""
    app = make_app(START_LIMIT="2 per minute;3 per hour", RESUME_FAILURES_LIMIT="2 per 10 minutes")
    client = app.test_client()
    assert [_start(client).status_code for _ in range(3)] == [303, 303, 429]
    blocked = _start(client)
    html = blocked.get_data(as_text=True)
    assert "Vanaf uw internetverbinding zijn in korte tijd te veel zelfevaluaties begonnen of ingeladen." in html
    assert "Wacht 1 minuut en probeer het dan opnieuw." in html and "code" not in html.split("<h1", 1)[1].split("</p>")[0]
    assert 1 <= int(blocked.headers["Retry-After"]) <= 60
    assert '<a href="/zelfevaluatie/">Ga verder waar u was</a>' in html  # the last one it started
    # An upload shares the limit, and the page.
    assert "Wacht 1 minuut" in _upload(client, b"{}").get_data(as_text=True)

    # When both limits are used up, the longer wait is said (the limiter tests every limit).
    both = make_app(START_LIMIT="1 per minute;1 per hour")
    third = both.test_client()
    assert _start(third).status_code == 303
    blocked = _start(third)
    assert "Wacht 60 minuten en probeer het dan opnieuw." in blocked.get_data(as_text=True)
    assert 3540 < int(blocked.headers["Retry-After"]) <= 3600

    # The code lookups keep their own text, with the configured window.
    codes = _failed_lookups(app.test_client(), 3)
    assert codes == [404, 404, 429]
    html = _lookup_page(app.test_client())
    assert "U heeft te vaak een code ingevuld die we niet kennen. Wacht 10 minuten en probeer het dan opnieuw." in html
    assert "zelfevaluaties begonnen" not in html


def test_the_429_page_in_english_and_in_hours(make_app):
    app = make_app(START_LIMIT="1 per day")
    client = app.test_client()
    client.get("/?lang=en")
    assert _start(client).status_code == 303
    html = _start(client).get_data(as_text=True)
    assert "Wait 24 hours and then try again." in html, html[html.find("<h1"):][:600]


def test_the_429_page_without_a_time_when_the_limiter_cannot_say(make_app, monkeypatch):
    """The window is read after the limit was hit; when the storage (Redis) fails just then, the
    page still answers 429, only without a time: never a 500."""
    from flask_limiter import RequestLimit

    app = make_app(START_LIMIT="1 per minute")
    client = app.test_client()
    assert _start(client).status_code == 303

    def unreachable(self):
        raise ConnectionError("redis went away")

    monkeypatch.setattr(RequestLimit, "window", property(unreachable))
    blocked = _start(client)
    assert blocked.status_code == 429 and "Retry-After" not in blocked.headers
    assert "Wacht even en probeer het dan opnieuw." in blocked.get_data(as_text=True)


def _lookup_page(client):
    token = hidden_value(client.get("/hervatten").get_data(as_text=True), "csrf_token")
    return client.post("/hervatten", data={"code": "AAAA-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH", "csrf_token": token}).get_data(as_text=True)


def _failed_lookups(client, count):
    token = hidden_value(client.get("/hervatten").get_data(as_text=True), "csrf_token")
    return [
        client.post("/hervatten", data={"code": "AAAA-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH", "csrf_token": token}).status_code
        for _ in range(count)
    ]


def test_resume_lookups_are_rate_limited(make_app):
    app = make_app(RESUME_FAILURES_LIMIT="3 per minute")
    assert _failed_lookups(app.test_client(), 4) == [404, 404, 404, 429]


@pytest.mark.skipif(not TEST_REDIS_URL, reason="needs TEST_REDIS_URL (scripts/test starts a Redis server)")
def test_rate_limits_are_shared_through_redis(make_app):
    """Two apps (two workers or two hosts) with one Redis: the failures add up."""
    import redis

    prefix = f"mvo-test-{os.getpid()}-{time.monotonic_ns()}"
    settings = {"RATELIMIT_STORAGE_URI": TEST_REDIS_URL, "RESUME_FAILURES_LIMIT": "3 per minute",
                "RATELIMIT_KEY_PREFIX": prefix}
    first, second = make_app(**settings), make_app(**settings)
    try:
        assert _failed_lookups(first.test_client(), 2) == [404, 404]
        assert _failed_lookups(second.test_client(), 2) == [404, 429]
        assert _failed_lookups(first.test_client(), 1) == [429]
    finally:
        connection = redis.Redis.from_url(TEST_REDIS_URL)
        for key in connection.scan_iter(f"*{prefix}*"):
            connection.delete(key)
        connection.close()


def test_a_posted_script_is_stored_as_text_and_escaped(journey):
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee"})
    journey.answer_page("1A", {"beleid": "nee"})
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert journey.answer_page("1B", {"integratie": "1", "toelichting": payload}).status_code == 303
    assert journey.answers()["toelichting"] == payload
    for path in ("/zelfevaluatie/samenvatting", "/zelfevaluatie/vraag/1B"):
        html = journey.client.get(path).get_data(as_text=True)
        assert "&lt;script&gt;" in html and "<script>alert" not in html and "<img src=x" not in html


def _page_token(client) -> str:
    return hidden_value(client.get("/zelfevaluatie/vraag/intake-profiel").get_data(as_text=True), "csrf_token")


def test_csrf_tokens_signed_once_per_session_still_protect(make_app):
    """web/csrf.py reuses a session's signed token on later pages: it must still be accepted,
    be the session's own (another visitor's token is refused), and a configured time limit
    must still sign every page anew."""
    app = make_app()
    one, other = app.test_client(), app.test_client()
    for client in (one, other):
        token = hidden_value(client.get("/hervatten").get_data(as_text=True), "csrf_token")
        assert client.post("/zelfevaluatie/starten", data={"csrf_token": token}).status_code == 303
    first = _page_token(one)
    time.sleep(1.1)  # a fresh signature would differ now: its timestamp has whole seconds
    again = _page_token(one)
    assert first == again != _page_token(other)
    answers = {"grootte": "klein", "import": "ja", "omzet": "2,5", "revision": "1", "action": "next"}
    refused = one.post("/zelfevaluatie/vraag/intake-profiel", data={**answers, "csrf_token": _page_token(other)})
    assert refused.status_code == 400 and "verlopen" in refused.get_data(as_text=True).lower()
    assert one.post("/zelfevaluatie/vraag/intake-profiel", data={**answers, "csrf_token": again}).status_code == 303

    limited = make_app(WTF_CSRF_TIME_LIMIT=3600)
    visitor = limited.test_client()
    token = hidden_value(visitor.get("/hervatten").get_data(as_text=True), "csrf_token")
    visitor.post("/zelfevaluatie/starten", data={"csrf_token": token})
    first = _page_token(visitor)
    time.sleep(1.1)  # the signature's timestamp has a resolution of one second
    assert _page_token(visitor) != first


def test_a_new_secret_key_with_the_old_one_as_fallback_keeps_every_visitor_on_their_way(make_app):
    """Rotating SECRET_KEY: with the old key in SECRET_KEY_FALLBACKS the session cookie it signed
    still holds the assessment; a form signed before the change is refused as expired, with
    nothing saved, and works once the page is opened again. Without the fallback the session
    is gone."""
    app = make_app(SECRET_KEY="oude-sleutel-" + "o" * 32)
    visitor = app.test_client()
    token = hidden_value(visitor.get("/hervatten").get_data(as_text=True), "csrf_token")
    assert visitor.post("/zelfevaluatie/starten", data={"csrf_token": token}).status_code == 303
    old_form = _page_token(visitor)

    old_key = "oude-sleutel-" + "o" * 32
    rotated = config.from_environment({"SECRET_KEY": "nieuwe-sleutel-" + "n" * 32,
                                       "SECRET_KEY_FALLBACKS": f" {old_key} , ,ouder"})
    assert rotated["SECRET_KEY_FALLBACKS"] == [old_key, "ouder"]
    app.config.update(rotated)
    assert visitor.get("/zelfevaluatie/").headers["Location"].endswith("/zelfevaluatie/vraag/intake-profiel")
    answers = {"grootte": "klein", "import": "ja", "omzet": "2,5", "revision": "1", "action": "next"}
    expired = visitor.post("/zelfevaluatie/vraag/intake-profiel", data={**answers, "csrf_token": old_form})
    assert expired.status_code == 400 and "Formulier verlopen" in expired.get_data(as_text=True)
    saved = visitor.post("/zelfevaluatie/vraag/intake-profiel", data={**answers, "csrf_token": _page_token(visitor)})
    assert saved.status_code == 303

    app.config["SECRET_KEY_FALLBACKS"] = []
    assert "/zelfevaluatie/vraag/" not in visitor.get("/zelfevaluatie/").headers.get("Location", "")


def test_a_download_link_made_before_a_new_secret_key_still_downloads(make_app):
    """A download link carries a keyed digest of its page's round (docs/security.md): a results
    page shown before SECRET_KEY was replaced, with the old key in SECRET_KEY_FALLBACKS, still
    downloads, as its session does; a page of the round this browser holds now marks its links
    with the new key, and a mark of neither is refused."""
    from conftest import FULL_JOURNEY, Journey

    old_key = "oude-sleutel-" + "o" * 32
    app = make_app(SECRET_KEY=old_key)
    journey = Journey(app.test_client(), app)
    journey.start()
    for page_id, answers in FULL_JOURNEY:
        journey.answer_page(page_id, answers)
    link = re.search(r'href="([^"]*/antwoorden\.json[^"]*)"', journey.client.get("/zelfevaluatie/resultaat").get_data(as_text=True))
    assert link is not None and "kenmerk=" in link.group(1)
    made_before = html.unescape(link.group(1))

    app.config.update(config.from_environment({"SECRET_KEY": "nieuwe-sleutel-" + "n" * 32, "SECRET_KEY_FALLBACKS": old_key}))
    assert journey.client.get(made_before).status_code == 200
    link = re.search(r'href="([^"]*/antwoorden\.json[^"]*)"', journey.client.get("/zelfevaluatie/resultaat").get_data(as_text=True))
    assert link is not None and html.unescape(link.group(1)) != made_before
    assert journey.client.get(html.unescape(link.group(1))).status_code == 200
    assert journey.client.get(made_before.replace("kenmerk=", "kenmerk=0")).status_code == 400


def test_trusted_hosts_refuse_a_request_for_another_host(make_app):
    """QA (security): a request with `Host: evil.example` got links and redirects to
    evil.example (the resume link is built from the Host header). TRUSTED_HOSTS names the
    hosts the site answers to; another gets a plain 400 (no address of the site can be built
    for that host, so no page of the site either)."""
    assert config.from_environment({"TRUSTED_HOSTS": " mvo.example.nl, ,localhost"})["TRUSTED_HOSTS"] == [
        "mvo.example.nl", "localhost"]
    app = make_app(TRUSTED_HOSTS=["mvo.example.nl", "localhost"])
    client = app.test_client()
    refused = client.get("/zelfevaluatie", headers={"Host": "evil.example"})
    assert refused.status_code == 400 and "Location" not in refused.headers
    assert refused.get_data(as_text=True) == "400 Bad Request: this site does not answer to that host name.\n"
    assert "default-src 'none'" in refused.headers["Content-Security-Policy"]
    assert client.get("/", headers={"Host": "mvo.example.nl"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "localhost:8000"}).status_code == 200


# Endpoints that take a POST without a CSRF token, each with the reason. None: every POST of the
# site is a form of its own pages that changes something (starts, saves, makes a code, loads,
# deletes, makes a PDF with a name, starts or finishes a round), and the probes are GET only.
CSRF_EXEMPT_ENDPOINTS: dict[str, str] = {}

# A value for each variable part of a POST route, so that the post reaches its view.
_ROUTE_ARGUMENTS = {"page_id": "intake-profiel"}


def _form_that_would_act(endpoint: str, journey, code: str) -> dict:
    """What the page of `endpoint` posts, less its csrf_token: with the token it would act
    (start anew, save, make a code, open, load, delete, make a PDF, start a round)."""
    import io
    import json

    if endpoint == "wizard.page":
        form = journey.page_form("intake-profiel")
        del form["csrf_token"]
        return {**form, "grootte": "groot", "import": "nee", "action": "next"}
    if endpoint == "resume.lookup":
        return {"code": code}
    if endpoint == "resume.upload":
        document = {"questionnaire": "voorbeeld", "version": "1.0", "answers": {"grootte": "middel"}}
        return {"bestand": (io.BytesIO(json.dumps(document).encode()), "antwoorden.json")}
    if endpoint == "results.pdf":
        return {"bedrijf": "Voorbeeld BV"}
    return {}


def test_every_post_without_a_csrf_token_is_refused_and_changes_nothing(journey, app, store):
    """QA (mutation testing): `@csrf.exempt` on `resume.delete` (and on the whole resume
    blueprint) failed no test, so a page of another site could delete a visitor's answers (or
    make a code, or load a file into their session) with one hidden form. Walks every rule of the
    url_map that takes a POST, so a new form is covered the day it is added: posted without a
    csrf_token, by a browser that holds a finished assessment with a code (each form would act),
    it gets 400 "Formulier verlopen" (docs/web.md, Bad input), the assessment stays exactly as
    it was (revision, answers, code, round) and no other assessment is stored."""
    import re

    from conftest import FULL_JOURNEY
    from sqlalchemy import text

    journey.start()
    for page_id, answers in FULL_JOURNEY:
        assert journey.answer_page(page_id, answers).status_code == 303
    assert journey.client.get("/zelfevaluatie/resultaat").status_code == 200  # finishes round 1
    token = journey.csrf_token("/zelfevaluatie/opslaan")
    made = journey.client.post("/zelfevaluatie/opslaan", data={"csrf_token": token})
    code = re.search(r'<p class="code" id="code"[^>]*>([^<]+)</p>', made.get_data(as_text=True)).group(1)
    before = journey.assessment()
    assert before.completed_at is not None and before.has_resume_code

    def rows() -> int:
        with store.engine.connect() as connection:
            return connection.execute(text("SELECT COUNT(*) FROM assessment")).scalar_one()

    count = rows()
    posted = []
    for rule in app.url_map.iter_rules():
        if "POST" not in (rule.methods or ()) or rule.endpoint in CSRF_EXEMPT_ENDPOINTS:
            continue
        assert set(rule.arguments) <= set(_ROUTE_ARGUMENTS), f"give {rule.rule} a value for {rule.arguments}"
        path = rule.build({name: _ROUTE_ARGUMENTS[name] for name in rule.arguments})[1]
        response = journey.client.post(path, data=_form_that_would_act(rule.endpoint, journey, code))
        html = response.get_data(as_text=True)
        assert response.status_code == 400, (rule.endpoint, response.status_code)
        assert "<h1>Formulier verlopen</h1>" in html and "daarom is er niets opgeslagen" in html, rule.endpoint
        assert journey.assessment() == before, rule.endpoint  # still this browser's, unchanged
        assert rows() == count, rule.endpoint
        posted.append(rule.endpoint)
    # The walk did reach the site's forms (a walk that posted nowhere could never fail).
    assert {"wizard.begin", "wizard.page", "resume.save", "resume.lookup", "resume.upload", "resume.delete", "resume.leave",
            "results.pdf", "results.new_round", "results.confirm_unchanged"} <= set(posted)
    assert _opened_with(app, code) == before.id  # the code was not replaced either


def _opened_with(app, code: str) -> str:
    """The assessment id a fresh browser opens with `code` (the code was not replaced)."""
    client = app.test_client()
    token = hidden_value(client.get("/hervatten").get_data(as_text=True), "csrf_token")
    assert client.post("/hervatten", data={"csrf_token": token, "code": code}).status_code == 303
    with client.session_transaction() as session:
        return session["assessment"]


def test_every_page_and_download_with_answers_or_a_code_is_never_cached(journey, app):
    """Pages and downloads that show answers or a resume code carry `Cache-Control: no-store`
    (docs/security.md, ASVS V8.2.1): a shared computer's browser cache, or a proxy's, must keep
    none of them. QA (mutation testing): only / and the results page were checked, so making
    security.py skip no-store for the code page, the question pages, the answers download, the
    PDF, the result JSON or the CSV failed no test. A real journey (start, answer, make a code,
    open it by its link, results, every download, a new round) checks each response by name,
    then every other GET route, so a page added later is checked too."""
    import re

    from conftest import FULL_JOURNEY

    client = journey.client
    checked: dict[str, list] = {}

    def check(name: str, response, status: int = 200) -> None:
        assert response.status_code == status, (name, response.status_code)
        assert response.headers.get("Cache-Control") == "no-store", (name, response.headers.get("Cache-Control"))
        endpoint = app.url_map.bind("localhost").match(response.request.path, method=response.request.method)[0]
        checked.setdefault(endpoint, []).append(name)
        response.close()

    journey.start()
    check("question page", client.get("/zelfevaluatie/vraag/intake-profiel"))
    form = journey.page_form("intake-profiel")
    check("question page sent back with an error", client.post(
        "/zelfevaluatie/vraag/intake-profiel", data={**form, "grootte": "klein", "import": "ja", "omzet": "veel",
                                                     "action": "next"}), 400)
    for page_id, answers in FULL_JOURNEY:
        assert journey.answer_page(page_id, answers).status_code == 303
    check("question page with answers", client.get("/zelfevaluatie/vraag/1B"))
    check("overview", client.get("/zelfevaluatie/overzicht"))
    check("summary", client.get("/zelfevaluatie/samenvatting"))
    token = journey.csrf_token("/zelfevaluatie/opslaan")
    made = client.post("/zelfevaluatie/opslaan", data={"csrf_token": token})
    code = re.search(r'<p class="code" id="code"[^>]*>([^<]+)</p>', made.get_data(as_text=True)).group(1)
    check("the code page, just made", made)
    check("the code page, shown again", client.get("/zelfevaluatie/opslaan"))
    assert code in client.get("/zelfevaluatie/opslaan").get_data(as_text=True)
    visitor = app.test_client()
    assert visitor.get(f"/hervatten?code={code}").status_code == 303
    by_link = visitor.get("/hervatten")
    assert code in by_link.get_data(as_text=True)
    check("the resume form filled in from a link", by_link)
    check("results", client.get("/zelfevaluatie/resultaat"))
    check("answers download", client.get("/zelfevaluatie/antwoorden.json"))
    check("PDF", client.get("/zelfevaluatie/resultaat/rapport.pdf"))
    check("PDF with a company name", client.post("/zelfevaluatie/resultaat/rapport.pdf",
                                                 data={"csrf_token": token, "bedrijf": "Voorbeeld BV"}))
    check("result JSON", client.get("/zelfevaluatie/resultaat/uitkomst.json"))
    check("CSV", client.get("/zelfevaluatie/resultaat/acties.csv"))
    check("CSV with commas", client.get("/zelfevaluatie/resultaat/acties.csv?scheidingsteken=komma"))
    assert client.post("/zelfevaluatie/nieuwe-ronde", data={"csrf_token": token}).status_code == 303
    check("a new round begun", client.get("/zelfevaluatie/ronde"))
    check("results of round 2 beside round 1", client.get("/zelfevaluatie/resultaat"))
    check("answers download with the earlier round", client.get("/zelfevaluatie/antwoorden.json"))
    # Every other GET route, with this browser's assessment (redirects too: no response of the
    # site is to be cached but its static files).
    for rule in app.url_map.iter_rules():
        if "GET" in (rule.methods or ()) and rule.endpoint not in checked and rule.endpoint != "static":
            response = client.get(rule.build({name: "1A" for name in rule.arguments})[1])
            check(rule.endpoint, response, response.status_code)
    assert {"resume.save", "wizard.page", "resume.download", "results.pdf", "results.result_json",
            "results.actions"} <= set(checked)


def test_an_error_under_static_is_never_cached_and_the_static_files_are(journey):
    """QA (security round 2): the static endpoint skipped no-store altogether, so a 404 under
    /static/ (the site's own error page: the footer of the open assessment with "Afsluiten op
    deze computer", its flashes, a Set-Cookie) could be kept by a shared browser's cache or a
    proxy. Its errors are no-store now; the files themselves, and their 304s, stay cacheable."""
    client = journey.client
    journey.start()
    for path in ("/static/bestaat-niet.css", "/static/css/../../instance/mvo.sqlite3", "/static/css/site.css/x"):
        response = client.get(path)
        assert response.status_code == 404 and response.mimetype == "text/html", path
        assert "Afsluiten op deze computer" in response.get_data(as_text=True), path
        assert response.headers.get("Cache-Control") == "no-store", path
    stylesheet = client.get("/static/css/site.css")
    assert stylesheet.status_code == 200 and "no-store" not in stylesheet.headers.get("Cache-Control", "")
    again = client.get("/static/css/site.css", headers={"If-None-Match": stylesheet.headers["ETag"]})
    assert again.status_code == 304 and "no-store" not in again.headers.get("Cache-Control", "")
    stylesheet.close()
