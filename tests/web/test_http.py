"""HTTP as clients, caches and monitors use it (QA, HTTP protocol tester): HEAD answered as GET,
the headers a status needs (Allow, Content-Range), a host the redirects cannot be built for,
static files that stay shareable by a cache, and download names in any script."""

from __future__ import annotations

import hashlib
import re
import time
from typing import Any
from urllib.parse import unquote

import pytest
from conftest import Journey
from werkzeug.test import EnvironBuilder, run_wsgi_app

from mvo_assessment.web.helpers import SHOWN_CODE_KEY, content_disposition, download_filename


def _same_answer(client: Any, path: str) -> tuple[int, str | None]:
    """HEAD and GET of `path`: the same status and redirect, and HEAD without a body."""
    head = client.head(path)
    got = client.get(path)
    assert (head.status_code, head.headers.get("Location")) == (got.status_code, got.headers.get("Location")), path
    assert head.data == b"", path
    return got.status_code, got.headers.get("Location")


def test_head_is_answered_as_get(journey: Journey) -> None:
    """QA (HTTP): the views asked `request.method == "GET"`, so a HEAD (a monitor, a link
    checker, a cache revalidating) took the form's branch: 400 "Er is een probleem" on the code
    and file pages, 400 "Geen zelfevaluatie gevonden" where a GET is sent to the start page,
    and the form's check on a question page."""
    client = journey.client
    assert _same_answer(client, "/hervatten") == (200, None)
    assert _same_answer(client, "/inladen") == (200, None)
    for path in ("/zelfevaluatie/", "/zelfevaluatie/resultaat", "/zelfevaluatie/samenvatting", "/zelfevaluatie/vraag/1A"):
        assert _same_answer(client, path) == (303, "/"), path
    journey.start()
    before = journey.answers()
    status, _ = _same_answer(client, "/zelfevaluatie/vraag/intake-profiel")
    assert status == 200
    # a page not yet in turn: to where the visitor is, for HEAD too (it got the form's 409)
    assert _same_answer(client, "/zelfevaluatie/vraag/2A") == (303, "/zelfevaluatie/vraag/intake-profiel")
    # A HEAD carrying a page's form saves nothing: only a POST saves.
    form = journey.page_form("intake-profiel") | {"grootte": "klein", "action": "next"}
    assert client.head("/zelfevaluatie/vraag/intake-profiel", data=form).status_code == 200
    assert journey.answers() == before


def test_a_head_of_the_report_counts_against_its_limit(make_app: Any) -> None:
    """QA (HTTP): the report's limit named GET and POST; Flask answers a HEAD with the GET view,
    which makes the PDF (seconds of CPU) and throws it away: any number of them, unlimited."""
    app = make_app(REPORT_LIMIT="1 per minute")
    journey = Journey(app.test_client(), app)
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee"})
    pdf = "/zelfevaluatie/resultaat/rapport.pdf"
    assert journey.client.get(pdf).status_code == 200
    refused = journey.client.head(pdf + "?bedrijf=Firma")
    assert refused.status_code == 429 and refused.headers["Retry-After"]


def test_a_method_the_address_does_not_take_is_told_which_it_does(client: Any) -> None:
    """QA (HTTP): every 405 lacked the Allow header that RFC 9110 requires: the site's page
    replaced Werkzeug's response and dropped it."""
    refused = client.put("/")
    assert refused.status_code == 405
    assert set(refused.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "Dat kan hier niet" in refused.get_data(as_text=True)
    assert refused.headers["Content-Security-Policy"] and refused.headers["Cache-Control"] == "no-store"
    start_only_by_form = client.get("/zelfevaluatie/starten")
    assert start_only_by_form.status_code == 405
    assert set(start_only_by_form.headers["Allow"].split(", ")) == {"POST", "OPTIONS"}


def test_a_range_past_the_end_of_a_file_is_told_in_the_page_s_language(client: Any) -> None:
    """QA (HTTP): a 416 had a Dutch title over Werkzeug's English description ("The server
    cannot provide the requested range.") and no Content-Range, which says how long the file is."""
    size = len(client.get("/static/css/site.css").data)
    refused = client.get("/static/css/site.css", headers={"Range": "bytes=99999999-"})
    assert refused.status_code == 416
    assert refused.headers["Content-Range"] == f"bytes */{size}"
    html = refused.get_data(as_text=True)
    assert "Dat deel bestaat niet" in html and "requested range" not in html
    english = client.get("/static/css/site.css?lang=en", headers={"Range": "bytes=99999999-"})
    assert "requested range" not in english.get_data(as_text=True)


@pytest.mark.parametrize("host", ["localhost:65536", "localhost:99999", "localhost:" + "9" * 5000, "localhost:\xb2"])
def test_a_host_with_a_port_out_of_range_is_a_bad_request(make_app: Any, host: str) -> None:
    """QA (HTTP): Werkzeug checks that a port is digits, TRUSTED_HOSTS ignores ports, and the
    redirect to an address with its slash was built with the port: ValueError, a 500 and a
    traceback in the log for any visitor who sent one. (The test client cannot send such a
    Host: it builds its address from it.)"""
    app = make_app(TRUSTED_HOSTS=["localhost"])
    for path in ("/zelfevaluatie", "/"):
        environ = EnvironBuilder(path=path).get_environ()
        environ["HTTP_HOST"] = host
        _, status, _ = run_wsgi_app(app.wsgi_app, environ)
        assert status.startswith("400 "), (path, status)
    environ = EnvironBuilder(path="/zelfevaluatie").get_environ()
    environ["HTTP_HOST"] = "localhost:65535"
    _, status, headers = run_wsgi_app(app.wsgi_app, environ)
    assert status.startswith("308 ") and headers["Location"].endswith("/zelfevaluatie/")


def test_a_static_file_neither_reads_nor_sets_the_visitor_s_cookie(journey: Journey) -> None:
    """QA (HTTP): a code made here leaves the cookie after half an hour, on the next request,
    and that was a style sheet's too: its response, cacheable by a shared cache, carried the
    visitor's new cookie; and every static file said Vary: Cookie (one copy per visitor)."""
    client = journey.client
    journey.start()
    with client.session_transaction() as session:
        session[SHOWN_CODE_KEY] = {"code": "ABCD-EFGH-JKMN", "made": time.time() - 3600}
    stylesheet = client.get("/static/css/site.css")
    assert stylesheet.status_code == 200
    assert "Set-Cookie" not in stylesheet.headers and "Cookie" not in stylesheet.headers.get("Vary", "")
    # The next page takes the code out of the cookie, as before.
    assert "Set-Cookie" in client.get("/zelfevaluatie/samenvatting").headers
    with client.session_transaction() as session:
        assert SHOWN_CODE_KEY not in session


@pytest.mark.parametrize(("company", "ascii_name", "full_name"), [
    ("Bäckerei Strauß & Zoon", "mvo-rapport-backerei-strau-zoon-2026-11-20.pdf", "mvo-rapport-bäckerei-strauß-zoon-2026-11-20.pdf"),
    ("株式会社 東京", "mvo-rapport-2026-11-20.pdf", "mvo-rapport-株式会社-東京-2026-11-20.pdf"),
    ("Ελληνική ΑΕ", "mvo-rapport-2026-11-20.pdf", "mvo-rapport-ελληνική-αε-2026-11-20.pdf"),
    ("De Zon B.V.", "mvo-rapport-de-zon-b-v-2026-11-20.pdf", None),
    # a letter with its accent written apart (QA, review: the accent became a hyphen)
    ("İnci Tekstil", "mvo-rapport-inci-tekstil-2026-11-20.pdf", "mvo-rapport-i\u0307nci-tekstil-2026-11-20.pdf"),
    ("हिन्दी उद्योग", "mvo-rapport-2026-11-20.pdf", "mvo-rapport-हिन्दी-उद्योग-2026-11-20.pdf"),
    # QA (right-to-left): after the date, which before it was drawn into the name and shown reversed
    ("شركة النور", "mvo-rapport-2026-11-20.pdf", "mvo-rapport-2026-11-20-شركة-النور.pdf"),
    # any right-to-left letter, not only a first one, draws the date in (QA, review)
    ("Acme النور", "mvo-rapport-2026-11-20-acme.pdf", "mvo-rapport-2026-11-20-acme-النور.pdf"),
    # two marks after the 40th letter: both, and the letter, go (QA, mutation testing)
    ("a" * 38 + "\u0915\u093f\u0902", "mvo-rapport-" + "a" * 38 + "-2026-11-20.pdf", None),
    # cut at 40 characters, where the 40th letter's accent comes after it: the letter goes too
    ("Ö" * 39 + "İnci", "mvo-rapport-2026-11-20.pdf".replace("rapport-", "rapport-" + "o" * 39 + "-"),
     "mvo-rapport-" + "ö" * 39 + "-2026-11-20.pdf"),
])
def test_a_company_name_keeps_its_letters_in_the_report_s_file_name(
    journey: Journey, company: str, ascii_name: str, full_name: str | None,
) -> None:
    """QA (HTTP): the name was folded to ASCII, so "Strauß" lost its ß and a Japanese or Greek
    name was left out, though the page says the name goes into the file name. Its letters go in
    `filename*` (RFC 6266), a plain ASCII name beside it for clients that read only `filename`."""
    journey.start()
    record = journey.assessment()
    with journey.app.test_request_context():
        name = download_filename("mvo-rapport", record, "pdf", company)
        name = re.sub(r"\d{4}-\d\d-\d\d", "2026-11-20", name)
        header = content_disposition(name)
    if full_name is None:
        assert header == f'attachment; filename="{ascii_name}"'
    else:
        assert name == full_name
        match = re.fullmatch(r"attachment; filename=\"([^\"]+)\"; filename\*=UTF-8''(\S+)", header)
        assert match is not None and match.group(1) == ascii_name
        assert unquote(match.group(2)) == full_name


def test_the_site_s_own_files_are_linked_by_version_and_kept_a_year(client: Any) -> None:
    """QA (flaky network): served with `no-cache`, every page asked about the style sheet and
    both scripts again, and the style sheet held the first paint for that round trip (1.9 s a
    page on a slow phone connection). Linked with a hash of their content, they are kept a
    year; asked without it, or with an old hash, they are served as before."""
    html = client.get("/").get_data(as_text=True)
    linked = dict(re.findall(r'(?:href|src)="/static/([^"?]+)\?v=([0-9a-f]{12})"', html))
    assert set(linked) == {"favicon.svg", "css/site.css", "js/conditions.js", "js/enhance.js"}, linked
    for filename, version in linked.items():
        response = client.get(f"/static/{filename}?v={version}")
        assert response.status_code == 200 and response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert hashlib.sha256(response.data).hexdigest()[:12] == version  # a changed file gets another address
        # a revalidation keeps the year: a cache takes a 304's headers onto its copy (QA, mutation testing)
        again = client.get(f"/static/{filename}?v={version}", headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304 and again.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        response.close()
    for address in ("/static/css/site.css", "/static/css/site.css?v=000000000000"):
        response = client.get(address)
        assert response.status_code == 200 and "immutable" not in response.headers.get("Cache-Control", ""), address
        response.close()
    # a language chosen in a static file's address is not remembered: that set the cookie on a
    # response kept a year (QA, review)
    with_language = client.get(f"/static/css/site.css?v={linked['css/site.css']}&lang=en")
    assert "Set-Cookie" not in with_language.headers and "Cookie" not in with_language.headers.get("Vary", "")
    with_language.close()
    missing = client.get(f"/static/css/elders.css?v={linked['css/site.css']}")
    assert missing.status_code == 404 and missing.headers["Cache-Control"] == "no-store"


def test_in_debug_mode_the_site_s_own_files_are_not_kept_a_year(make_app: Any) -> None:
    """The versions are worked out at start, and the reloader does not restart for a style
    sheet: in debug mode a browser that kept a file a year would keep the old one (QA, mutation testing)."""
    app = make_app()
    app.debug = True
    client = app.test_client()
    version = app.config["MVO_STATIC_VERSIONS"]["css/site.css"]
    response = client.get(f"/static/css/site.css?v={version}")
    assert response.status_code == 200 and "immutable" not in response.headers.get("Cache-Control", "")
    response.close()
