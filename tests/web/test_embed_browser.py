"""A portal on another site shows the journey in a frame (Chromium, which blocks third-party
cookies): with the portal's settings (docs/web.md, "Embedding in a portal") the session cookie is
partitioned and the journey works; a cookie the browser drops gets a message about cookies,
not one about a visit that timed out."""

from __future__ import annotations

from typing import Any, Iterator

import pytest
from browser import LiveServer, browser, check_axe  # noqa: F401  (fixture)
from conftest import make_test_config

from mvo_assessment import create_app

pytestmark = pytest.mark.browser


class PortalPage:
    """A page on another site (127.0.0.1, while the assessment is on localhost) with the
    assessment in a frame, as the information portal embeds it: a WSGI application."""

    def __init__(self) -> None:
        self.frame_src = ""

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        page = (f'<!doctype html><html lang="nl"><title>Portaal</title><h1>Portaal</h1>'
                f'<p><label>Zoeken op het portaal <input id="zoek" type="search"></label></p>'
                f'<iframe id="mvo" title="MVO-zelfevaluatie" src="{self.frame_src}" width="1000" height="700"></iframe>')
        return [page.encode()]


@pytest.fixture
def embedded(tmp_path: Any) -> Iterator[Any]:
    """Opens a portal, with the assessment (given settings) on localhost in its frame."""
    opened: list[tuple[LiveServer, LiveServer, Any]] = []

    def _open(**settings: Any) -> tuple[str, str]:
        page = PortalPage()
        portal = LiveServer(page).__enter__()
        app = create_app(make_test_config(
            f"sqlite:///{tmp_path / f'embed{len(opened)}.sqlite3'}", TESTING=False, FRAME_ANCESTORS=portal.url,
            SESSION_COOKIE_SAMESITE="None", SESSION_COOKIE_SECURE=True, **settings,
        ))
        server = LiveServer(app).__enter__()
        # localhost is a secure context for Chromium, so Secure cookies work over plain HTTP.
        page.frame_src = f"http://localhost:{server.server.server_port}/"
        opened.append((portal, server, app))
        return portal.url, page.frame_src

    yield _open
    for portal, server, app in opened:
        server.__exit__()
        portal.__exit__()
        app.extensions["mvo_store"].engine.dispose()


def start_in_the_frame(browser: Any, portal_url: str) -> tuple[Any, Any, Any]:
    """A visitor on the portal clicks Start inside the frame: (context, page, frame)."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(portal_url)
    frame = page.frame_locator("#mvo")
    frame.get_by_role("button", name="Start de zelfevaluatie").click()
    return context, page, frame


def test_the_journey_works_in_a_frame_on_another_site(browser, embedded):  # noqa: F811
    portal_url, _ = embedded()
    context, page, frame = start_in_the_frame(browser, portal_url)
    frame.get_by_role("heading", level=1, name="Over uw bedrijf").wait_for()
    frame.get_by_label("Minder dan 50").check()
    frame.get_by_role("radio", name="Ja").check()
    frame.get_by_label("Wat was uw omzet vorig jaar").fill("3")
    frame.get_by_role("button", name="Volgende").click()
    frame.get_by_role("heading", level=1, name="Uw huidige beleid").wait_for()
    # Links to other sites leave the frame: many refuse to be framed, and the page would be lost.
    assert frame.get_by_role("link", name="de OESO-richtlijnen").get_attribute("target") == "_top"
    [cookie] = context.cookies()
    assert cookie["sameSite"] == "None" and cookie["secure"] and cookie["partitionKey"] == "http://127.0.0.1"
    check_axe(page.frames[1], "question page in the portal's frame")  # type: ignore[arg-type]
    context.close()


def test_the_session_warning_leaves_focus_on_the_portals_own_page(browser, embedded):  # noqa: F811
    """QA (portal): a visitor who went back to the portal's own search field while the frame
    waited had focus taken into the frame when the session warning appeared: the next keys went
    to "Ik ben er nog" (a space would press it), and the portal scrolled to the frame. The
    warning takes focus only when the frame's page has it; its alert is still said."""
    portal_url, _ = embedded()
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.clock.install()
    page.goto(portal_url)
    frame = page.frame_locator("#mvo")
    frame.get_by_role("button", name="Start de zelfevaluatie").click()
    frame.get_by_role("heading", level=1, name="Over uw bedrijf").wait_for()
    page.locator("#zoek").click()
    page.keyboard.type("subsidie")
    page.clock.fast_forward("02:58:01")
    frame.locator("[data-session-warning]").wait_for(state="visible")
    page.keyboard.type(" mkb")
    assert page.evaluate("document.activeElement.id") == "zoek"
    assert page.input_value("#zoek") == "subsidie mkb"
    # Focus in the frame: the warning takes it, as on a page of its own
    frame.get_by_role("button", name="Ik ben er nog").click()
    frame.locator("[data-session-warning]").wait_for(state="hidden")
    frame.get_by_label("Minder dan 50").focus()
    page.clock.fast_forward("02:58:01")
    frame.locator("[data-session-warning]").wait_for(state="visible")
    assert frame.locator("[data-session-extend]").evaluate("button => button === document.activeElement")
    context.close()


def test_a_cookie_the_browser_drops_gets_a_message_about_cookies(browser, embedded):  # noqa: F811
    portal_url, frame_src = embedded(SESSION_COOKIE_PARTITIONED=False)
    context, _page, frame = start_in_the_frame(browser, portal_url)
    frame.get_by_role("heading", level=1, name="Uw browser bewaart geen cookie").wait_for()
    link = frame.get_by_role("link", name="Open de zelfevaluatie op een eigen pagina (nieuw venster)")
    assert link.get_attribute("target") == "_blank" and link.get_attribute("href") == frame_src
    assert context.cookies() == []
    context.close()


def test_the_downloads_of_the_results_page_work_in_the_frame(browser, embedded, tmp_path):  # noqa: F811
    """QA (portal): in a frame on another site, a link with the `download` attribute was fetched
    without the partitioned cookie, so every download of the results page saved the start page
    as download.html. The links are plain links; the server's Content-Disposition makes them
    downloads."""
    import json

    from servers import ROOT

    from mvo_assessment.config import DEFAULT_QUESTIONNAIRE_PATH

    portal_url, frame_src = embedded(QUESTIONNAIRE_PATH=str(DEFAULT_QUESTIONNAIRE_PATH))
    context = browser.new_context(locale="nl-NL", accept_downloads=True)
    page = context.new_page()
    page.goto(portal_url)
    frame = page.frame_locator("#mvo")
    frame.get_by_role("heading", level=1).first.wait_for()
    page.frames[1].goto(frame_src + "inladen")  # the frame itself goes there: still on the portal's page
    frame.locator("input[type=file]").set_input_files(str(ROOT / "examples" / "klein-importeur.json"))
    frame.get_by_role("button", name="Inladen").click()
    frame.get_by_role("link", name="Bekijk uw resultaat").first.click()
    frame.get_by_role("heading", level=1, name="Uw resultaat").wait_for()
    for link, name_pattern, check in (
        ("Uw antwoorden als bestand (JSON)", "mvo-zelfevaluatie-antwoorden-", lambda body: json.loads(body)["answers"]),
        ("Resultaat (JSON)", "mvo-uitkomst-", lambda body: json.loads(body)["steps"]),
        ("Actielijst voor Excel (CSV, met puntkomma)", "mvo-acties-", lambda body: body.startswith("\ufeff\"Prioriteit\";")),
    ):
        with page.expect_download(timeout=30000) as download_info:
            frame.get_by_role("link", name=link).click()
        download = download_info.value
        assert download.suggested_filename.startswith(name_pattern), download.suggested_filename
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        assert check(target.read_text(encoding="utf-8")), link
    # The report with a company name is a posted form (the name stays out of addresses and
    # logs; QA, privacy): it downloads in the frame as well.
    frame.get_by_label("Naam van uw bedrijf op het rapport (niet verplicht)").fill("Bakkerij Ünal")
    with page.expect_download(timeout=60000) as download_info:
        frame.get_by_role("button", name="Rapport met deze naam").click()
    download = download_info.value
    assert download.suggested_filename.startswith("mvo-rapport-bakkerij-ünal-"), download.suggested_filename
    download.save_as(tmp_path / "rapport.pdf")
    assert (tmp_path / "rapport.pdf").read_bytes().startswith(b"%PDF-")
    context.close()


def test_switching_the_language_in_the_frame_keeps_what_was_typed(browser, embedded):  # noqa: F811
    """QA (portal): in a frame on another site Chromium refuses the frame its sessionStorage
    (third-party storage blocked), where the unsaved answers wait while the page loads in the
    other language: switching lost them without a word. The frame's own name (`window.name`,
    kept across the reload, never sent) carries them then, and the portal's name for the
    frame is put back."""
    portal_url, frame_src = embedded()
    context, page, frame = start_in_the_frame(browser, portal_url)
    frame.get_by_role("heading", level=1, name="Over uw bedrijf").wait_for()
    inner = page.frames[1]
    assert inner.evaluate("() => { try { window.sessionStorage.length; return true } catch (e) { return false } }") is False
    inner.evaluate("() => { window.name = 'mvo-frame' }")
    frame.get_by_label("Minder dan 50").check()
    frame.get_by_label("Wat was uw omzet vorig jaar").fill("3")
    frame.get_by_role("link", name="English").click()
    frame.get_by_role("heading", level=1, name="About your business").wait_for()
    assert frame.get_by_label("Fewer than 50").is_checked()
    assert frame.get_by_label("What was your turnover last year").input_value() == "3"
    assert page.frames[1].evaluate("() => window.name") == "mvo-frame"
    # QA (review): two clicks before the page goes park twice, and the second kept the parking
    # as the frame's name; a switch that lands on a page without a form (the start page, once
    # the session has ended) left the typed answers in the frame's name for any later page
    inner = page.frames[1]
    frame.get_by_label("What was your turnover last year").fill("7")
    inner.evaluate("""() => {
        const link = document.querySelector('.language-switch__link');
        link.addEventListener('click', (event) => event.preventDefault());
        link.click(); link.click();
    }""")
    parked = inner.evaluate("() => window.name")
    assert parked.startswith("mvo-unsaved") and '"name":"mvo-frame"' in parked and "7" in parked
    inner.goto(frame_src)  # the start page: no form of questions
    page.frame_locator("#mvo").get_by_role("heading", level=1).first.wait_for()
    assert page.frames[1].evaluate("() => window.name") == "mvo-frame"
    context.close()


def test_the_page_about_cookies_keeps_the_language_the_visitor_chose(browser, embedded):  # noqa: F811
    """QA (portal): a Dutch browser, English chosen in the frame, then "Start": the page about
    the refused cookie came in Dutch, and its link opened the site in Dutch, since the choice
    lived only in the cookie that was refused. The forms and links of the start page carry it."""
    portal_url, frame_src = embedded(SESSION_COOKIE_PARTITIONED=False)
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(portal_url)
    frame = page.frame_locator("#mvo")
    frame.get_by_role("link", name="English").click()
    frame.get_by_role("button", name="Start the self-assessment").click()
    frame.get_by_role("heading", level=1, name="Your browser does not keep a cookie").wait_for()
    assert page.frames[1].evaluate("() => document.documentElement.lang") == "en"
    link = frame.get_by_role("link", name="Open the self-assessment on a page of its own (new window)")
    assert link.get_attribute("href") == frame_src + "?lang=en"
    context.close()
