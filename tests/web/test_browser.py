"""End-to-end in a real Chromium: the whole journey with and without JavaScript, axe-core on every
page type, a keyboard-only pass, resuming in a fresh browser context, and narrow screens."""

from __future__ import annotations

import os
import re
import time
from typing import Any

import pytest
from playwright.sync_api import expect
from browser import browser, check_axe, live_server, no_horizontal_scroll  # noqa: F401  (fixtures)
from conftest import FULL_JOURNEY

pytestmark = pytest.mark.browser
SCREENSHOTS = os.environ.get("MVO_SCREENSHOTS")
# Every context asks for Dutch (Accept-Language); test_browser_i18n.py does the English journey.  # a folder: save screenshots to look at the design


def at(page: Any, path: str) -> bool:
    return page.url.split("#")[0].split("?")[0].endswith(path)


def shot(page: Any, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def watch_console(page: Any) -> list[str]:
    problems: list[str] = []
    def on_console(message: Any) -> None:
        # 4xx pages are part of the test; anything else logged as an error (a CSP refusal, a script error) is not
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def fill_page(page: Any, answers: dict[str, Any]) -> None:
    """Answer with the mouse-free Playwright helpers (check, fill), as a visitor would."""
    for name, value in answers.items():
        values = value if isinstance(value, list) else [value]
        container = page.locator(f"[data-question='{name}']")
        kind = container.get_attribute("data-type")
        if kind in ("number", "text"):
            page.locator(f"[name='{name}']").fill(value)
            continue
        for item in values:
            page.locator(f"input[name='{name}'][value='{item}']").check()


def answer_first_pages(page: Any, count: int) -> None:
    """The first `count` pages of FULL_JOURNEY, each answered and sent with "Volgende"."""
    for _page_id, answers in FULL_JOURNEY[:count]:
        fill_page(page, answers)
        page.get_by_role("button", name="Volgende").click()
        page.wait_for_load_state()


def start(page: Any, base: str) -> None:
    page.goto(base + "/")
    page.get_by_role("button", name="Start de zelfevaluatie").click()
    page.wait_for_url(re.compile(r"/zelfevaluatie/vraag/intake-profiel$"))


def test_whole_journey_with_javascript_and_axe_on_every_page_type(browser, live_server):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    problems = watch_console(page)
    base = live_server.url
    page.goto(base + "/")
    check_axe(page, "start page")
    # the arrow after the text is decoration, not part of the button's name (QA: read out as "pijl naar rechts")
    assert page.get_by_role("button", name="Start de zelfevaluatie", exact=True).count() == 1
    shot(page, "start-1280")
    start(page, base)
    check_axe(page, "question page")
    shot(page, "intake-1280")

    # the error summary: focus moves to it, the title starts with Fout:, links lead to the fields
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_selector(".error-summary")
    page.wait_for_load_state()  # the script, which moves the focus, runs once the page has loaded
    assert page.title().startswith("Fout:")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    check_axe(page, "question page with errors")
    shot(page, "intake-errors-1280")
    page.locator(".error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "grootte"

    for page_id, answers in FULL_JOURNEY:
        assert at(page, f"/zelfevaluatie/vraag/{page_id}"), page.url
        if page_id == "2B":
            # the script shows the conditional question at once, as the server would
            assert page.locator("#vraag-risico_welk").is_hidden()
            page.locator("input[name='risico'][value='ja']").check()
            assert page.locator("#vraag-risico_welk").is_visible()
            # QA (WCAG 4.1.3): what the script shows or hides is said in the live region,
            # while focus stays on the answer being given
            status = page.locator("[data-announce]")
            expect(status).to_have_text(re.compile(r"^Er is een vraag bijgekomen: Welke risico's zijn dat"))
            assert page.evaluate("document.activeElement.name") == "risico"
            page.locator("input[name='risico'][value='nee']").check()
            assert page.locator("#vraag-risico_welk").is_hidden()
            expect(status).to_have_text(re.compile(r"^Er is een vraag weggevallen: Welke risico's zijn dat"))
        if page_id == "2A":
            # "Weet ik niet" cannot be combined: the script unchecks the others
            page.locator("input[name='ketens'][value='productie']").check()
            page.locator("input[name='ketens'][value='weet_niet']").check()
            assert not page.locator("input[name='ketens'][value='productie']").is_checked()
            expect(page.locator("[data-announce]")).to_have_text(
                "‘Weet ik niet’ kan niet samen met andere keuzes. De andere keuzes zijn uitgevinkt.")
            page.locator("input[name='ketens'][value='transport']").check()
            assert not page.locator("input[name='ketens'][value='weet_niet']").is_checked()
            expect(page.locator("[data-announce]")).to_have_text("‘Weet ik niet’ is uitgevinkt.")
            page.locator("input[name='ketens'][value='transport']").uncheck()
        fill_page(page, answers)
        if page_id == "2B":
            shot(page, "step-2b-1280")
        page.get_by_role("button", name="Volgende").click()
        page.wait_for_load_state()
    assert page.url.endswith("/zelfevaluatie/samenvatting")
    assert "Kinderarbeid bij katoen" in page.content()
    check_axe(page, "summary")
    shot(page, "summary-1280")

    for path, label in (
        ("/zelfevaluatie/overzicht", "overview"),
        ("/zelfevaluatie/opslaan", "save page"),
        ("/zelfevaluatie/opnieuw", "start over page"),
        ("/hervatten", "resume page"),
        ("/inladen", "upload page"),
        ("/zelfevaluatie/verwijderen", "delete page"),
        ("/zelfevaluatie/afsluiten", "leave page without a code"),
        ("/bestaat-niet", "404 page"),
    ):
        page.goto(base + path)
        check_axe(page, label)
        shot(page, label.replace(" ", "-") + "-1280")
    page.goto(base + "/zelfevaluatie/opslaan")
    page.get_by_role("button", name="Maak mijn code").click()
    page.wait_for_selector(".code")
    check_axe(page, "code page")
    shot(page, "code-1280")
    page.get_by_role("link", name="Sluit dan af op deze computer").click()
    page.wait_for_selector("h1:has-text('Afsluiten op deze computer')")
    check_axe(page, "leave page with the code")
    page.goto(base + "/hervatten")
    page.fill("#code", "AAAA-BBBB")
    page.get_by_role("button", name="Ga verder").click()
    page.wait_for_selector(".error-summary")
    check_axe(page, "resume page with error")
    assert problems == [], problems  # no script errors and no CSP violations
    context.close()


def test_whole_journey_without_javascript(browser, live_server):  # noqa: F811
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    start(page, live_server.url)
    # QA (no script): nothing else says, before it happens, that the session ends
    notice = page.locator("p.notification", has_text="Dan stopt uw sessie.")
    assert notice.is_visible() and "Kies dan ‘Opslaan en later verdergaan’." in notice.inner_text()
    for page_id, answers in FULL_JOURNEY:
        assert at(page, f"/zelfevaluatie/vraag/{page_id}"), page.url
        shown = {name: value for name, value in answers.items() if page.locator(f"#vraag-{name}").is_visible()}
        if len(shown) < len(answers):
            # without the script, the server shows a question revealed by an answer on the same page
            fill_page(page, shown)
            page.get_by_role("button", name="Volgende").click()
            page.wait_for_load_state()
            assert at(page, f"/zelfevaluatie/vraag/{page_id}"), page.url
            assert "er een vraag bijgekomen" in page.content()  # one new question, said as one
            # QA (accessibility): the page opens at the new question, where that message (at the
            # top) is out of sight; the question is marked where it is, and that is in view
            note = page.locator(".new-question").first
            box, window = note.bounding_box(), page.viewport_size
            assert box is not None and window is not None and 0 <= box["y"] < window["height"], (box, window)
            assert "Deze vraag is bijgekomen door uw antwoord." in note.inner_text()
            answers = {name: value for name, value in answers.items() if name not in shown}
            assert all(page.locator(f"#vraag-{name}").is_visible() for name in answers)
        fill_page(page, answers)
        page.get_by_role("button", name="Volgende").click()
        page.wait_for_load_state()
    assert page.url.endswith("/zelfevaluatie/samenvatting")
    content = page.content()
    assert "U heeft alle vragen beantwoord" in content and "Per e-mail" in content
    # change an answer from the summary and come back to it
    page.locator("a[href*='/vraag/1B?terug=samenvatting']").first.click()
    page.locator("input[name='integratie'][value='4']").check()
    page.get_by_role("button", name="Opslaan en terug naar uw antwoorden").click()
    page.wait_for_url(re.compile(r"/samenvatting#pagina-1B$"))
    context.close()


def test_a_page_whose_conditions_script_did_not_load_works_as_without_the_script(browser, live_server):  # noqa: F811
    """QA (flaky network): the two scripts are fetched apart; with conditions.js lost and
    enhance.js loaded, the form said "script on" (js=1) and then threw on every change, so a
    question an answer brings in never appeared, the server took it as seen and skipped, and
    the page was refused for it ("Kies een antwoord"); the offline hold was lost too. The form
    now stays as without the script: the server brings the question in, and says so."""
    context = browser.new_context(locale="nl-NL")
    context.route("**/js/conditions.js*", lambda route: route.abort())
    page = context.new_page()
    problems = watch_console(page)
    start(page, live_server.url)
    # The offline hold still works (QA, mutation testing: it was lost with the rest).
    fill_page(page, FULL_JOURNEY[0][1])
    context.set_offline(True)
    page.get_by_role("button", name="Volgende").click()
    expect(page.locator("[data-offline]")).to_be_visible()
    assert at(page, "/zelfevaluatie/vraag/intake-profiel")
    context.set_offline(False)
    for page_id, answers in FULL_JOURNEY:
        assert at(page, f"/zelfevaluatie/vraag/{page_id}"), page.url
        shown = {name: value for name, value in answers.items() if page.locator(f"#vraag-{name}").is_visible()}
        fill_page(page, shown)
        if len(shown) < len(answers):
            assert page.locator("input[name='js']").input_value() == ""
            page.get_by_role("button", name="Volgende").click()
            page.wait_for_load_state()
            assert at(page, f"/zelfevaluatie/vraag/{page_id}"), page.url
            assert "er een vraag bijgekomen" in page.content() and page.locator(".error-summary").count() == 0
            break
        page.get_by_role("button", name="Volgende").click()
        page.wait_for_load_state()
    else:
        pytest.fail("no page of FULL_JOURNEY brings in a question on the same page")
    assert problems == [], problems
    context.close()


@pytest.mark.parametrize("width,height", [(1280, 720), (360, 640)])
def test_without_javascript_an_error_link_shows_the_question_it_leads_to(browser, live_server, width, height):  # noqa: F811
    """QA (accessibility): without the script an error summary link jumped to the first field
    and left the question's text and its error above the window (at 360 px the field itself
    half cut off). The question's legend and error are in view now."""
    context = browser.new_context(java_script_enabled=False, locale="nl-NL", viewport={"width": width, "height": height})
    page = context.new_page()
    start(page, live_server.url)
    fill_page(page, dict(FULL_JOURNEY)["intake-profiel"])
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Volgende").click()  # 1A with nothing answered
    page.wait_for_load_state()
    summary = page.locator(".error-summary a").first
    target = summary.get_attribute("href")
    summary.click()
    question = page.locator(f"[data-question='{target.lstrip('#')}']")
    for part in (question.locator("legend").first, question.locator(".error-message").first):
        box = part.bounding_box()
        assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= height, (target, box)
    context.close()


def tab_to(page: Any, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"could not reach {selector} with the Tab key")


def keyboard_answer(page: Any, name: str, value: Any) -> None:
    kind = page.locator(f"[data-question='{name}']").get_attribute("data-type")
    if kind in ("number", "text"):
        tab_to(page, f"[name='{name}']")
        page.keyboard.type(value)
        return
    if kind == "multiple":
        for item in value:
            tab_to(page, f"input[name='{name}'][value='{item}']")
            page.keyboard.press("Space")
        return
    tab_to(page, f"input[name='{name}']")
    page.keyboard.press("Space")
    for _ in range(12):
        if page.evaluate("() => document.activeElement.value") == value:
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.checked && document.activeElement.value") == value


def test_keyboard_only_journey(browser, live_server):  # noqa: F811
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    tab_to(page, "button.button--start")
    # the focus is visible: an outline is drawn
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/vraag/intake-profiel$"))
    for page_id, answers in FULL_JOURNEY:
        assert at(page, f"/zelfevaluatie/vraag/{page_id}"), page.url
        for name, value in answers.items():
            keyboard_answer(page, name, value)
        tab_to(page, "button[value='next']")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert not page.title().startswith("Fout:"), (page_id, page.locator(".error-summary").inner_text())
    assert page.url.endswith("/zelfevaluatie/samenvatting")
    context.close()


def summary_page(browser: Any, base: str) -> tuple[Any, Any]:
    """A context and its page on the summary of the whole journey."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    start(page, base)
    for _page_id, answers in FULL_JOURNEY:
        fill_page(page, answers)
        page.get_by_role("button", name="Volgende").click()
        page.wait_for_load_state()
    assert page.url.endswith("/zelfevaluatie/samenvatting")
    return context, page


def test_the_printed_summary_leaves_out_the_links_of_the_screen(browser, live_server):  # noqa: F811
    """QA (display): the printed summary carried a column of "Wijzig" links (some 90 for a real
    questionnaire), its links on to the result and to a code, and every printed page the
    language switch, in link blue. On paper none of them does anything."""
    context, page = summary_page(browser, live_server.url)
    screen_only = [
        page.locator(".language-switch"),
        page.locator("a", has_text="Alles klopt? Ga direct naar uw resultaat"),
        page.locator("a", has_text="Maak een code om later verder te gaan"),
    ]
    changes = page.locator(".summary-list__actions a")
    assert changes.count() > 10
    for locator in (*screen_only, changes):
        assert locator.first.is_visible(), locator
    page.emulate_media(media="print")
    for locator in screen_only:
        assert locator.evaluate("e => getComputedStyle(e.closest('p, ul')).display") == "none", locator
    assert changes.evaluate_all("links => links.filter(a => a.checkVisibility()).length") == 0
    assert page.locator(".summary-list__value").first.is_visible()
    assert page.locator("#inhoud p").filter(has_text="U heeft alle vragen beantwoord").is_visible()
    # nor does the lead tell the reader of the paper to use "Wijzig"
    assert page.locator("#inhoud p.lead").inner_text().strip() == "U heeft alle vragen beantwoord. Kijk of alles klopt."
    context.close()


FOCUS_RING = "e => [getComputedStyle(e).outlineStyle, parseFloat(getComputedStyle(e).outlineWidth), parseFloat(getComputedStyle(e).outlineOffset)]"


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_in_forced_colours_the_focus_is_a_ring_apart_from_a_ticked_box(browser, live_server, scheme):  # noqa: F811
    """QA (display): forced colours (Windows high contrast) drop the focus style's box-shadow and
    give its outline the system colour that also fills a ticked checkbox or radio; drawn against
    the box's edge (offset 0) the focus on a ticked box could hardly be seen. Under forced
    colours the outline stands apart, on every kind of element the keyboard reaches."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    start(page, live_server.url)
    answer_first_pages(page, 3)
    assert at(page, "/zelfevaluatie/vraag/2A"), page.url
    page.emulate_media(forced_colors="active", color_scheme=scheme)
    fill_page(page, {"s2_inzicht": "2", "ketens": ["grondstoffen"]})
    for selector in ("input[name='ketens'][value='grondstoffen']", "input[name='s2_inzicht'][value='2']"):
        box = page.locator(selector)
        assert box.is_checked()
        box.focus()
        page.keyboard.press("Shift+Tab")  # away and back with the keyboard: focus-visible
        page.keyboard.press("Tab")
        assert page.evaluate("s => document.activeElement.matches(s + ':focus-visible')", selector), selector
        style, width, offset = box.evaluate(FOCUS_RING)
        assert style == "solid" and width >= 2 and offset >= 2, (selector, style, width, offset)
    shot(page, f"focus-ticked-checkbox-forced-{scheme}")
    page.reload()
    # an element that takes focus by its tabindex (a scroll region, a notice): QA, review
    page.evaluate("document.querySelector('h1').setAttribute('tabindex', '0')")
    for selector in ("a.site-header__brand", "h1", "button[value='next']"):
        tab_to(page, selector)
        style, width, offset = page.evaluate(f"({FOCUS_RING})(document.activeElement)")
        assert style == "solid" and width >= 2 and offset >= 2, (selector, style, width, offset)
    context.close()


def test_resume_with_the_code_in_a_fresh_browser(browser, live_server):  # noqa: F811
    first = browser.new_context(locale="nl-NL")
    page = first.new_page()
    start(page, live_server.url)
    answer_first_pages(page, 3)
    page.get_by_role("button", name="Opslaan en later verdergaan").click()
    page.get_by_role("button", name="Maak mijn code").click()
    code = page.locator(".code").inner_text().strip()
    link = page.locator(".resume-link a").get_attribute("href")
    first.close()

    # on a phone: the whole code stays in view, so one typed from paper can be checked to its
    # last group (QA, phone: at 360 px its last four characters were cut off)
    second = browser.new_context(locale="nl-NL", viewport={"width": 320, "height": 740})
    page = second.new_page()
    page.goto(live_server.url + "/hervatten")
    wrong = ("2" if code[0] != "2" else "3") + code[1:]  # also after an error, whose border takes room
    page.fill("#code", wrong)
    page.get_by_role("button", name="Ga verder").click()
    page.wait_for_selector("#code-error")
    # The error is in the page before its stylesheet is: measured only once the page has loaded
    # (the check failed now and then, the field measured without the site's CSS)
    page.wait_for_load_state()
    assert page.eval_on_selector("#code", "e => e.scrollWidth <= e.clientWidth"), wrong
    page.fill("#code", code.lower())
    assert page.eval_on_selector("#code", "e => e.scrollWidth <= e.clientWidth"), code
    # on a desktop with the text spacing of WCAG 1.4.12 (QA, low vision: the last two
    # characters were cut off in a 26rem field)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.evaluate("""() => { const sheet = new CSSStyleSheet();  // CSSOM: the page's CSP refuses a style tag
      sheet.replaceSync("* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }");
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }""")
    assert page.eval_on_selector("#code", "e => e.scrollWidth <= e.clientWidth"), code
    page.get_by_role("button", name="Ga verder").click()
    page.wait_for_url(re.compile(r"/vraag/2A$"))
    # QA (screen reader): a confirmation already in the page when it loads was not read out;
    # it takes focus now
    assert "Welkom terug" in page.evaluate("document.activeElement.closest('.notification').innerText")
    page.goto(live_server.url + "/zelfevaluatie/vraag/1B")
    assert page.locator("input[name='integratie'][value='3']").is_checked()
    second.close()

    third = browser.new_context(locale="nl-NL")
    page = third.new_page()
    page.goto(link)
    assert page.input_value("#code") == code
    page.get_by_role("button", name="Ga verder").click()
    page.wait_for_url(re.compile(r"/vraag/2A$"))
    for path, button, said in (
        ("/zelfevaluatie/afsluiten", "Sluit af", "U heeft afgesloten."),
        ("/zelfevaluatie/verwijderen", "Ja, verwijder mijn antwoorden", "Uw antwoorden zijn verwijderd."),
    ):
        if path.endswith("verwijderen"):
            page.goto(link)
            page.get_by_role("button", name="Ga verder").click()
            page.wait_for_url(re.compile(r"/vraag/2A$"))
        page.goto(live_server.url + path)
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state()
        assert said in page.evaluate("document.activeElement.closest('.notification').innerText"), path
    third.close()


def test_the_session_warns_before_it_ends_and_can_be_renewed(browser, live_server):  # noqa: F811
    """WCAG 2.2.1: a question page left open says in time that the session will end, and one
    button renews it (a request that re-signs the cookie), after which the warning goes away
    and comes back only after another full wait. With the default 240 minutes: after 178."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="nl-NL")
    page = context.new_page()
    page.clock.install()
    start(page, live_server.url)
    warning = page.locator("[data-session-warning]")
    assert warning.get_attribute("data-warn-after") == str(178 * 60)
    page.clock.fast_forward("02:57:00")
    assert warning.is_hidden()
    page.clock.fast_forward("01:01")
    assert warning.is_visible() and "Over een paar minuten stopt uw sessie." in warning.inner_text()
    # QA (accessibility): focus stayed behind the fixed box, the button 17 Tabs away
    assert page.evaluate("document.activeElement.hasAttribute('data-session-extend')")
    check_axe(page, "question page with the session warning")
    # QA (accessibility): Tab on from the button went to "Volgende" and the footer links behind
    # the fixed box; every control reached by Tab now scrolls above it
    box_top = warning.bounding_box()["y"]
    for _step in range(25):
        page.keyboard.press("Tab")
        focused = page.evaluate("(() => { const r = document.activeElement.getBoundingClientRect();"
                                " return [document.activeElement.outerHTML.slice(0, 80), r.top, r.bottom]; })()")
        if page.evaluate("document.activeElement === document.body"
                         " || document.querySelector('[data-session-warning]').contains(document.activeElement)"):
            continue  # past the last control, or the box's own button
        assert focused[2] <= box_top + 1, focused
    with page.expect_request(lambda request: request.method == "GET" and request.url.endswith("/zelfevaluatie/sessie")):
        page.get_by_role("button", name="Ik ben er nog").click()
    warning.wait_for(state="hidden")
    assert not page.evaluate("document.activeElement.hasAttribute('data-session-extend')")  # focus went back
    page.clock.fast_forward("02:57:00")
    assert warning.is_hidden()
    page.clock.fast_forward("01:01")
    assert warning.is_visible()
    context.close()


def test_on_a_touch_screen_every_answer_is_a_target_of_44_px(browser, live_server):  # noqa: F811
    """QA (phone): answer rows were 28 px high and only the text itself took a tap. On a touch
    screen each label is at least 44 px high (WCAG 2.5.5) and takes the rest of its row, and a
    tap beside the text chooses the answer. With a mouse the rows keep their height; the label
    takes the rest of the row there too."""
    for touch in (True, False):
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="nl-NL",
                                      is_mobile=touch, has_touch=touch)
        page = context.new_page()
        start(page, live_server.url)
        labels = page.locator(".radios__label, .checkboxes__label")
        assert labels.count() > 3
        for index in range(labels.count()):
            label = labels.nth(index).bounding_box()
            row = labels.nth(index).locator("xpath=..").bounding_box()
            assert label is not None and row is not None
            if touch:
                assert label["height"] >= 44, (index, label)
            assert abs(label["x"] + label["width"] - (row["x"] + row["width"])) < 1, (index, label, row)
        if touch:
            first = labels.first
            box = first.bounding_box()
            page.touchscreen.tap(box["x"] + box["width"] - 5, box["y"] + box["height"] - 5)
            assert page.locator(".radios__input").first.is_checked()
        context.close()


def test_the_code_page_copies_the_link_and_the_code(browser, live_server):  # noqa: F811
    """QA (phone): the 28-character code and the long link could only be copied by a long
    press. Where the browser can copy, two buttons do it and say so in a live region."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="nl-NL")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    start(page, live_server.url)
    page.goto(live_server.url + "/zelfevaluatie/opslaan")
    page.get_by_role("button", name="Maak mijn code").click()
    code = page.locator("#code").inner_text().strip()
    link = page.locator(".resume-link a").get_attribute("href")
    page.get_by_role("button", name="Kopieer de link").click()
    status = page.locator("[data-copy-status]")
    expect(status).to_have_text("Gekopieerd. Plak het in een bericht aan uzelf of in uw notities.")
    assert page.evaluate("navigator.clipboard.readText()") == link
    page.get_by_role("button", name="Kopieer de code").click()
    for _ in range(50):  # the copy is a promise: wait for it, briefly
        if page.evaluate("navigator.clipboard.readText()") == code:
            break
        page.wait_for_timeout(50)
    assert page.evaluate("navigator.clipboard.readText()") == code
    check_axe(page, "code page with the copy buttons")
    context.close()


def luminance(rgb: str) -> float:
    """Relative luminance (WCAG) of a computed colour such as 'rgb(26, 26, 26)'."""
    channels = [int(value) / 255 for value in re.findall(r"\d+", rgb)[:3]]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_printed_code_is_dark_on_white(browser, live_server):  # noqa: F811
    """QA (display): printed with background graphics off (Chromium's default) the panel's blue
    was left out and its white text printed faint grey, the code too. On paper the panel is
    dark text on white in a border, and the button for a new code is left out."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    start(page, live_server.url)
    page.goto(live_server.url + "/zelfevaluatie/opslaan")
    page.get_by_role("button", name="Maak mijn code").click()
    page.wait_for_selector(".code")
    page.wait_for_load_state()
    page.emulate_media(media="print")
    for selector in (".code", ".panel__title", ".panel__body"):
        color = page.locator(selector).evaluate("e => getComputedStyle(e).color")
        assert luminance(color) < 0.05, (selector, color)  # at least 15:1 on white paper
    panel = page.locator(".panel").evaluate("e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).borderTopStyle]")
    assert panel == ["rgba(0, 0, 0, 0)", "solid"], panel
    assert page.get_by_role("button", name="Maak een nieuwe code").is_hidden()
    # nor its heading, nor the link to close on this computer: they act on the screen only
    assert page.get_by_role("heading", name="Wilt u dat deze code niet meer werkt?").is_hidden()
    assert page.get_by_role("link", name="Sluit dan af op deze computer").is_hidden()
    page.emulate_media(media="screen")
    assert page.locator(".code").evaluate("e => getComputedStyle(e).color") == "rgb(255, 255, 255)"
    assert page.get_by_role("button", name="Maak een nieuwe code").is_visible()
    context.close()


def test_the_session_warning_leaves_focus_in_a_field_being_typed_in(browser, live_server):  # noqa: F811
    """QA (review): the warning took focus from a text field, so the next keys typed landed on
    its button. Focus stays in a field one types in; from anything else it goes to the button."""
    context, page, _warning = warned_page(browser, live_server.url, 360, 740, focus="input[name='omzet']")
    assert page.evaluate("document.activeElement.name") == "omzet"
    context.close()


def warned_page(browser: Any, base: str, width: int, height: int, focus: str | None = None) -> tuple[Any, Any, Any]:
    """A question page left open until the session warning shows, with `focus` (a selector)
    focused before: (context, page, warning)."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    page = context.new_page()
    page.clock.install()
    start(page, base)
    if focus:
        page.locator(focus).focus()
    page.clock.fast_forward("02:58:01")
    warning = page.locator("[data-session-warning]")
    assert warning.is_visible()
    return context, page, warning


def test_the_session_warning_says_so_when_the_session_had_already_ended(browser, live_server):  # noqa: F811
    """Too late for "Ik ben er nog" (the cookie is gone or too old, so the page now redirects):
    the warning says the session has stopped, instead of silently offering the same button
    again. This visitor made no code, so it says that the answers cannot be reached and leads
    to the start (QA, sittings: it said "wel bewaard" and led to the code page)."""
    context, page, warning = warned_page(browser, live_server.url, 360, 740)
    context.clear_cookies()  # what the server sees once the session has ended
    page.get_by_role("button", name="Ik ben er nog").focus()
    page.keyboard.press("Enter")
    ended = warning.locator("[data-session-ended]")
    ended.wait_for(state="visible")
    # the button that had focus is gone: focus goes to the message, and Tab reaches its link
    assert page.evaluate("document.activeElement.hasAttribute('data-session-ended')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de startpagina"
    assert "Uw sessie is gestopt." in ended.inner_text() and "U heeft geen code die nog werkt" in ended.inner_text()
    assert warning.get_by_role("button", name="Ik ben er nog").is_hidden()
    assert ended.get_by_role("link", name="Naar de startpagina").get_attribute("href") == "/"
    check_axe(page, "question page after the session ended")
    context.close()


def test_the_session_warning_says_by_itself_when_the_session_has_surely_ended(browser, live_server):  # noqa: F811
    """QA (phone): long after the session had ended, the open page still said "Over een paar
    minuten stopt uw sessie" and offered "Ik ben er nog". A whole lifetime after the page
    opened the session has surely ended; the warning then says so. The warning had put focus on
    its button, which is now gone: focus goes to the message (it would stay put elsewhere)."""
    context, page, warning = warned_page(browser, live_server.url, 360, 740)
    assert warning.get_attribute("data-ends-after") == str(240 * 60)
    running, ended = warning.locator("[data-session-running]"), warning.locator("[data-session-ended]")
    page.clock.fast_forward("01:01:00")  # 3 h 59 min after the page opened
    assert running.is_visible() and ended.is_hidden()
    page.clock.fast_forward("01:00")
    ended.wait_for(state="visible")
    assert running.is_hidden() and "Uw sessie is gestopt." in ended.inner_text()
    assert page.evaluate("document.activeElement.hasAttribute('data-session-ended')")
    check_axe(page, "question page when the session has surely ended")
    context.close()


FOCUSED_IN_VIEW = """() => {
  const element = document.activeElement;
  if (element === document.body) { return null; }
  const r = element.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  const labelled = hit && element.labels && Array.from(element.labels).some(label => label.contains(hit));
  return {element: element.outerHTML.slice(0, 80),
          inView: r.top >= -1 && r.bottom <= window.innerHeight + 1,  // sub-pixel layout
          uncovered: !!hit && (hit === element || element.contains(hit) || hit.contains(element) || labelled)};
}"""


def poll(page: Any, expression: str, seconds: float = 5.0) -> Any:
    """The expression's value once it is truthy and no longer changes (or the last one after
    `seconds`): a resize is followed by the page's resize handler a moment later."""
    deadline, last = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        value = page.evaluate(expression)
        if value and value == last:
            return value
        last = value
        page.wait_for_timeout(50)
    return last


IN_VIEW = """element => { const r = element.getBoundingClientRect();
  return r.top >= -1 && r.bottom <= window.innerHeight + 1; }"""  # sub-pixel layout


@pytest.mark.parametrize("height", [180, 256])
def test_the_session_warning_stands_in_the_page_at_400_percent_zoom(browser, live_server, height):  # noqa: F811
    """QA (WCAG 1.4.10, 2.4.7): 1280 × 720 at 400 % is 320 × 180 CSS px, 1280 × 1024 is 320 × 256.
    The fixed warning was taller than the window and cut off its first lines; then, held inside
    the window, it covered the controls reached by Tab after its button (the answers of the
    page). In so low a window it stands in the page above the form, its first sentence in view:
    where the whole box fits, its button has focus; where it does not (180), its text has, and
    the button follows by Tab (QA, review: the button's focus scrolled the first sentence away).
    Every control after the button is in view and uncovered."""
    context, page, warning = warned_page(browser, live_server.url, 320, height)
    assert warning.evaluate("el => getComputedStyle(el).position") == "static"
    assert page.evaluate("document.documentElement.style.scrollPaddingBottom") == ""
    assert warning.locator("p").first.evaluate("el => el.getBoundingClientRect().top") >= -1
    # 180 never holds the box; 256 holds it unless it has more to say (a visitor without a code
    # is told that the answers are lost without one)
    if height == 180 or warning.evaluate("el => el.getBoundingClientRect().height > window.innerHeight"):
        assert page.evaluate("document.activeElement.hasAttribute('data-session-running')")
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.hasAttribute('data-session-extend')")
    assert page.evaluate("(" + IN_VIEW + ")(document.activeElement)")
    for _step in range(12):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUSED_IN_VIEW)
        if found is None:
            break
        assert found["inView"] and found["uncovered"], (height, found)
    context.close()


def test_a_floating_session_warning_taller_than_its_room_shows_its_first_sentence(browser, live_server):  # noqa: F811
    """QA (low vision): with large text on a phone the floating box scrolls within itself, and
    the focus on its button scrolled the first sentence out of sight. Its text takes focus at
    its top; the button follows by Tab."""
    context = browser.new_context(viewport={"width": 375, "height": 700}, locale="nl-NL")
    page = context.new_page()
    page.clock.install()
    start(page, live_server.url)
    page.evaluate("document.documentElement.style.fontSize = '200%'")  # text zoom (an inline style tag: CSP)
    page.clock.fast_forward("02:58:01")
    warning = page.locator("[data-session-warning]")
    assert warning.is_visible() and warning.evaluate("el => getComputedStyle(el).position") == "fixed"
    assert warning.evaluate("el => el.scrollHeight > el.clientHeight")
    assert page.evaluate("document.activeElement.hasAttribute('data-session-running')")
    assert warning.evaluate("el => el.scrollTop") == 0
    first = warning.locator("p").first
    assert first.evaluate("el => el.getBoundingClientRect().top") >= warning.evaluate("el => el.getBoundingClientRect().top")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.hasAttribute('data-session-extend')")
    context.close()


def test_a_floating_warning_scrolled_in_the_background_shows_its_first_sentence_on_coming_back(browser, live_server):  # noqa: F811
    """QA (mutation testing, eighth round): a box that scrolls within itself, scrolled while the
    tab was in the background, kept its first sentence out of sight when the visitor came back
    and its text took focus: it goes back to its top."""
    context = browser.new_context(viewport={"width": 375, "height": 700}, locale="nl-NL")
    page = context.new_page()
    page.add_init_script("document.hasFocus = () => window.__inFront !== false;")
    page.clock.install()
    start(page, live_server.url)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    page.evaluate("window.__inFront = false")
    page.clock.fast_forward("02:58:01")
    warning = page.locator("[data-session-warning]")
    assert warning.is_visible() and warning.evaluate("el => el.scrollHeight > el.clientHeight")
    warning.evaluate("el => { el.scrollTop = el.scrollHeight; }")
    assert warning.evaluate("el => el.scrollTop") > 0
    page.evaluate("window.__inFront = true; window.dispatchEvent(new Event('focus'))")
    assert page.evaluate("document.activeElement.hasAttribute('data-session-running')")
    assert warning.evaluate("el => el.scrollTop") == 0
    context.close()


def test_the_headers_later_link_saves_what_was_changed_on_the_page(browser, live_server):  # noqa: F811
    """QA (cognitive access): "Later verdergaan" in the header left a question page as a plain
    link, losing what was ticked, and its page said "Uw antwoorden zijn opgeslagen". With
    changes it does what the page's own "Opslaan en later verdergaan" does; without, it stays a
    link (no post)."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    start(page, live_server.url)
    answer_first_pages(page, 1)
    page.wait_for_url(re.compile(r"/vraag/1A$"))
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.locator("a[data-save-link]").click()  # nothing changed: a link
    page.wait_for_url(re.compile(r"/zelfevaluatie/opslaan$"))
    assert posts == []
    page.go_back()
    page.wait_for_url(re.compile(r"/vraag/1A$"))
    fill_page(page, dict(FULL_JOURNEY)["1A"])
    page.locator("a[data-save-link]").click()
    page.wait_for_url(re.compile(r"/zelfevaluatie/opslaan$"))
    assert len(posts) == 1 and posts[0].split("?")[0].endswith("/zelfevaluatie/vraag/1A"), posts
    page.goto(live_server.url + "/zelfevaluatie/vraag/1A")
    assert page.locator(f"input[name='beleid'][value='{dict(FULL_JOURNEY)['1A']['beleid']}']").is_checked()
    context.close()


def test_the_floating_session_warning_has_an_edge_in_forced_colours(browser, live_server):  # noqa: F811
    """QA (low vision): forced colours drop the box-shadow, and the box floated over the answers
    with nothing marking its edge. A border in the system's text colour stays."""
    context = browser.new_context(viewport={"width": 1024, "height": 700}, locale="nl-NL", forced_colors="active")
    page = context.new_page()
    page.clock.install()
    start(page, live_server.url)
    page.clock.fast_forward("02:58:01")
    warning = page.locator("[data-session-warning]")
    assert warning.is_visible()
    widths = warning.evaluate("el => { const s = getComputedStyle(el); return [s.borderTopWidth, s.borderRightWidth, s.borderBottomWidth]; }")
    assert all(float(width.rstrip("px")) >= 2 for width in widths), widths
    context.close()


def test_the_session_warning_comes_into_view_when_the_window_turns_low(browser, live_server):  # noqa: F811
    """QA (review): a phone turned on its side (390 × 844 to 844 × 390) while the warning showed:
    the box, now standing in the page, and its focused button were 900 px above the window,
    and nothing on screen said that the session was ending."""
    context, page, warning = warned_page(browser, live_server.url, 390, 844)
    assert page.evaluate("document.activeElement.hasAttribute('data-session-extend')")
    assert warning.evaluate("el => getComputedStyle(el).position") == "fixed"
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.set_viewport_size({"width": 844, "height": 390})
    # (polled by evaluate: wait_for_function evaluates a string, which the page's CSP refuses)
    position = "getComputedStyle(document.querySelector('[data-session-warning]')).position"
    assert poll(page, position) == "static"
    assert poll(page, "(" + IN_VIEW + ")(document.activeElement)") is True
    assert page.evaluate("document.activeElement.hasAttribute('data-session-extend')")
    assert warning.locator("p").first.evaluate(IN_VIEW)
    assert page.evaluate("document.body.style.paddingBottom") == ""
    page.set_viewport_size({"width": 390, "height": 844})  # and back: floating again, room kept below it
    assert poll(page, position) == "fixed"
    assert page.evaluate("document.body.style.paddingBottom") != ""
    context.close()


def resize(page: Any, width: int, height: int) -> None:
    """The window resized, once the page's own resize handler has run: a listener added now
    runs after it."""
    page.evaluate("window.__resized = false;"
                  " window.addEventListener('resize', () => { window.__resized = true; }, {once: true})")
    page.set_viewport_size({"width": width, "height": height})
    assert poll(page, "window.__resized") is True


def test_a_low_window_resized_leaves_focus_in_a_field_being_typed_in(browser, live_server):  # noqa: F811
    """QA (mutation testing, sixth round): resizing a low window while the warning stands in the
    page brings the warning into view only when focus is in it. Focus in a field being typed in
    stays there (as when the warning appeared): the next keys typed would land on its button."""
    context, page, warning = warned_page(browser, live_server.url, 844, 390, focus="input[name='omzet']")
    assert warning.evaluate("el => getComputedStyle(el).position") == "static"
    assert page.evaluate("document.activeElement.name") == "omzet"
    resize(page, 844, 330)
    assert page.evaluate("document.activeElement.name") == "omzet"
    context.close()


def test_a_resize_after_ik_ben_er_nog_keeps_no_room_for_the_hidden_warning(browser, live_server):  # noqa: F811
    """QA (mutation testing, sixth round): once "Ik ben er nog" has hidden the warning, the page
    keeps no height free at the bottom for it, also after the window is resized (a phone turned,
    a window zoomed): an empty band below the footer, and controls scrolled up for nothing."""
    context, page, warning = warned_page(browser, live_server.url, 390, 844)
    assert page.evaluate("document.body.style.paddingBottom") != ""
    page.get_by_role("button", name="Ik ben er nog").click()
    warning.wait_for(state="hidden")
    room = "[document.body.style.paddingBottom, document.documentElement.style.scrollPaddingBottom]"
    assert page.evaluate(room) == ["", ""]
    resize(page, 412, 800)
    assert page.evaluate(room) == ["", ""]
    context.close()


def test_the_session_ended_message_comes_into_view_when_the_window_turns_low(browser, live_server):  # noqa: F811
    """QA (mutation testing, sixth round): as the warning does, the message that the session has
    stopped, which has focus, is brought into view when a phone is turned on its side (390 × 844
    to 844 × 390) and the box comes to stand in the page, far above the window."""
    context, page, warning = warned_page(browser, live_server.url, 390, 844)
    ended = warning.locator("[data-session-ended]")
    page.clock.fast_forward("01:02:00")  # a whole lifetime after the page opened
    ended.wait_for(state="visible")
    assert page.evaluate("document.activeElement.hasAttribute('data-session-ended')")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    resize(page, 844, 390)
    assert warning.evaluate("el => getComputedStyle(el).position") == "static"
    assert poll(page, "(" + IN_VIEW + ")(document.activeElement)") is True
    assert page.evaluate("document.activeElement.hasAttribute('data-session-ended')")
    assert "Uw sessie is gestopt." in ended.locator("p").first.inner_text() and ended.locator("p").first.evaluate(IN_VIEW)
    context.close()

ON_SCREEN = """id => {
  const field = document.getElementById(id);
  const group = field.closest(".form-group");
  const inside = element => {
    const r = element.getBoundingClientRect();
    return r.top >= -1 && r.bottom <= window.innerHeight + 1;  // sub-pixel layout
  };
  return {focused: document.activeElement === field,
          field: inside(field),
          question: inside(group.querySelector("legend, label")),
          message: inside(group.querySelector(".error-message"))};
}"""


@pytest.mark.parametrize(("width", "height"), [(360, 740), (1280, 740), (320, 256), (320, 180)])
def test_an_error_summary_link_shows_the_question_and_its_message(browser, live_server, width, height):  # noqa: F811
    """Following a link in the error summary (keyboard only) focuses the field and keeps the
    question's text and its error message on screen, not only the first option. At 400 % zoom
    (320 × 256) a question is taller than the window: the focused field itself stays in view
    (QA, low vision: it was 435 px down a 256 px window, and an arrow key ticked an answer unseen)."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    page = context.new_page()
    start(page, live_server.url)
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_selector(".error-summary")
    page.wait_for_load_state()  # the script's own handling of the links, and the page's CSS
    links = page.locator(".error-summary a")
    assert links.count() >= 2
    for index in range(links.count()):
        target = links.nth(index).get_attribute("href").lstrip("#")
        links.nth(index).focus()
        page.keyboard.press("Enter")
        found = page.evaluate(ON_SCREEN, target)
        if height < 400:
            assert found["focused"] and found["field"], (width, target, found)
        else:
            assert found == {"focused": True, "field": True, "question": True, "message": True}, (width, target, found)
        page.evaluate("window.scrollTo(0, 0)")
    context.close()


def test_an_error_of_a_question_hidden_by_a_new_answer_leaves_the_error_summary(browser, live_server):  # noqa: F811
    """QA (accessibility): after "Ja" left "Welke risico's" empty, choosing "Nee" hid that
    question, but the error summary still linked to it, a link that led nowhere."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    start(page, live_server.url)
    for page_id, answers in FULL_JOURNEY:
        if page_id == "2B":
            break
        fill_page(page, answers)
        page.get_by_role("button", name="Volgende").click()
        page.wait_for_load_state()
    page.locator("input[name='risico'][value='ja']").check()
    page.get_by_role("button", name="Volgende").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Welke risico's zijn dat?")
    page.locator("input[name='risico'][value='nee']").check()
    expect(summary).to_be_hidden()
    page.locator("input[name='risico'][value='ja']").check()
    expect(summary).to_be_visible()
    context.close()


def test_the_conflict_page_names_what_changed_and_its_links_focus_the_question(browser, live_server):  # noqa: F811
    """Two tabs on one page: the second to send gets the conflict page, which lists the answers
    the first stored; by keyboard, a link there puts focus in that question (QA: it linked to
    the question's block, which takes no focus, so focus stayed on the link)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="nl-NL")
    first = context.new_page()
    start(first, live_server.url)
    second = context.new_page()
    second.goto(first.url)
    fill_page(first, {"grootte": "klein", "import": "ja"})
    first.get_by_role("button", name="Volgende").click()
    first.wait_for_url(re.compile(r"/zelfevaluatie/vraag/(?!intake-profiel)"))
    fill_page(second, {"grootte": "groot", "import": "ja"})
    second.get_by_role("button", name="Volgende").click()
    notice = second.locator(".notification--warning[role='alert']")
    notice.wait_for()
    second.wait_for_load_state()  # the script handles the notice's links once the page has loaded
    assert "Dit antwoord op deze pagina is intussen ergens anders opgeslagen:" in notice.inner_text()
    check_axe(second, "conflict page")
    link = notice.get_by_role("link")
    assert link.count() == 1 and link.get_attribute("href") == "#grootte"
    link.focus()
    second.keyboard.press("Enter")
    assert second.evaluate("document.activeElement.id") == "grootte"
    context.close()


def test_back_to_a_page_that_came_back_with_errors_shows_it_as_saved(browser, live_server):  # noqa: F811
    """QA (browser): a page with errors (or a conflict) is the answer to a post; Back to it
    from the next page showed Chromium's "Confirm Form Resubmission" (ERR_CACHE_MISS: every
    page is no-store). The script puts the page's own address in the post's place, so Back
    asks for the page anew and shows what was saved."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    problems = watch_console(page)
    start(page, live_server.url)
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_selector(".error-summary")
    fill_page(page, FULL_JOURNEY[0][1])
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url(re.compile(r"/zelfevaluatie/vraag/1A$"))
    page.go_back()
    page.wait_for_load_state()
    assert at(page, "/zelfevaluatie/vraag/intake-profiel"), page.url
    assert page.locator("input[name='grootte'][value='klein']").is_checked()
    assert page.locator(".error-summary").count() == 0
    # and so for the conflict page: Back to it shows the page as saved by the other tab
    other = context.new_page()
    other.goto(page.url)
    fill_page(page, {"grootte": "groot"})
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url(re.compile(r"/zelfevaluatie/vraag/1A$"))
    fill_page(other, {"grootte": "middel"})
    other.get_by_role("button", name="Volgende").click()
    other.locator(".notification--warning[role='alert']").wait_for()
    other.get_by_role("button", name="Volgende").click()  # stores "middel" after reading the notice
    other.wait_for_url(re.compile(r"/zelfevaluatie/vraag/1A$"))
    other.go_back()
    other.wait_for_load_state()
    assert at(other, "/zelfevaluatie/vraag/intake-profiel"), other.url
    assert other.locator("input[name='grootte'][value='middel']").is_checked()
    assert problems == []
    context.close()


@pytest.mark.parametrize("width,font_size", [(320, "100%"), (640, "200%"), (360, "200%")])
def test_no_horizontal_scrolling_on_narrow_screens(browser, live_server, width, font_size):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="nl-NL")
    page = context.new_page()
    start(page, live_server.url)
    visited = []
    for page_id, answers in FULL_JOURNEY:
        page.evaluate("size => { document.documentElement.style.fontSize = size; }", font_size)
        assert no_horizontal_scroll(page), (page_id, width, font_size)
        if width == 320 and page_id in ("intake-profiel", "2A", "5A"):
            shot(page, f"{page_id}-320")
        visited.append(page_id)
        fill_page(page, answers)
        page.get_by_role("button", name="Volgende").click()
        page.wait_for_load_state()
    for path in ("/", "/zelfevaluatie/samenvatting", "/zelfevaluatie/overzicht", "/hervatten"):
        page.goto(live_server.url + path)
        page.evaluate("size => { document.documentElement.style.fontSize = size; }", font_size)
        assert no_horizontal_scroll(page), (path, width, font_size)
        if width == 320:
            shot(page, "320" + path.replace("/", "-"))
    page.goto(live_server.url + "/zelfevaluatie/opslaan")
    page.get_by_role("button", name="Maak mijn code").click()
    page.wait_for_selector(".code")
    page.wait_for_load_state()  # measured with the site's CSS
    page.evaluate("size => { document.documentElement.style.fontSize = size; }", font_size)
    assert no_horizontal_scroll(page), ("code", width, font_size)
    if width == 320:
        shot(page, "code-320")
    context.close()


def test_a_page_sent_while_offline_is_held_with_its_answers(browser, live_server):  # noqa: F811
    """QA (train): "Volgende" with the phone offline went to the browser's own error page, and
    Back from there to the start page, the ticks gone. The page stays, says why, and sends
    once the network is back."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="nl-NL")
    page = context.new_page()
    start(page, live_server.url)
    fill_page(page, FULL_JOURNEY[0][1])
    context.set_offline(True)
    page.get_by_role("button", name="Volgende").click()
    notice = page.locator("[data-offline]")
    expect(notice).to_have_text("Er is nu geen verbinding met internet. Uw antwoorden op deze pagina zijn nog niet "
                                "opgeslagen. Probeer het opnieuw als u weer verbinding heeft.")
    assert page.url.endswith("/zelfevaluatie/vraag/intake-profiel")
    assert page.locator("input[name='grootte'][value='klein']").is_checked()
    check_axe(page, "question page held offline")
    context.set_offline(False)
    expect(notice).to_be_hidden()
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url(re.compile(r"/zelfevaluatie/vraag/(?!intake-profiel)"))
    # A browser may say it is offline while the site answers (a laptop without Wi-Fi serving
    # the site itself; QA, review): the second try is sent.
    context.set_offline(True)
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.get_by_role("button", name="Volgende").click()
    expect(notice).to_be_visible()
    assert posts == []
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_timeout(500)
    assert len(posts) == 1, posts
    context.close()


def test_ik_ben_er_nog_offline_says_it_did_not_work_and_tries_again_online(browser, live_server):  # noqa: F811
    """QA (train): "Ik ben er nog" offline did nothing and said nothing (WCAG 2.2.1: the
    visitor could not tell the session was not renewed). It says so, and asks again by itself
    as soon as the browser is online."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    page.clock.install()
    start(page, live_server.url)
    warning = page.locator("[data-session-warning]")
    page.locator("input[name='grootte']").first.focus()  # where the visitor was when it warned
    page.clock.fast_forward("02:58:01")
    assert warning.is_visible()
    context.set_offline(True)
    page.get_by_role("button", name="Ik ben er nog").click()
    failure = page.locator("[data-session-failed]")
    expect(failure).to_have_text("Dat lukte niet. Misschien is er even geen verbinding met internet. Zodra die er "
                                 "weer is, proberen we het opnieuw.")
    assert warning.is_visible()
    check_axe(page, "session warning that could not renew")
    # The visitor goes on answering; the renewal once online leaves focus where it is (QA,
    # review: it went back to an earlier answer, and the next arrow key changed that answer).
    page.locator("input[name='omzet']").focus()
    focused = page.evaluate("document.activeElement.id")
    assert focused
    with page.expect_request(lambda request: request.url.endswith("/zelfevaluatie/sessie")):
        context.set_offline(False)
    warning.wait_for(state="hidden")
    expect(failure).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == focused
    context.close()


def warned_in_the_background(browser: Any, base: str, width: int, height: int) -> tuple[Any, Any]:
    """A question page whose warning showed while another tab was in front, focus on an answer:
    (context, page). Headless Chromium always says it has focus: the page is told when not."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    page = context.new_page()
    page.add_init_script("document.hasFocus = () => window.__inFront !== false;")
    page.clock.install()
    start(page, base)
    page.locator("input[name='grootte']").first.focus()
    page.evaluate("window.__inFront = false")
    page.clock.fast_forward("02:58:01")
    assert page.locator("[data-session-warning]").is_visible()
    assert page.evaluate("document.activeElement.name") == "grootte"  # not taken in the background
    return context, page


def test_a_warning_in_a_background_tab_gives_the_button_focus_when_the_visitor_comes_back(browser, live_server):  # noqa: F811
    """QA (review): the warning takes focus only while its page has focus (not in a portal's
    frame while the visitor types in the portal), but after hours the tab is mostly in the
    background, and focus stayed on an answer, the button many Shift+Tabs away. It goes to the
    button when the visitor comes back, unless focus moved meanwhile. (Headless Chromium always
    says it has focus: the test says when it has not.)"""
    context, page = warned_in_the_background(browser, live_server.url, 390, 844)
    page.evaluate("window.__inFront = true; window.dispatchEvent(new Event('focus'))")
    assert page.evaluate("document.activeElement.hasAttribute('data-session-extend')")
    context.close()


def test_a_warning_in_a_background_tab_of_a_low_window_gives_its_text_focus_when_the_visitor_comes_back(browser, live_server):  # noqa: F811
    """QA (mutation testing, sixth round): at 320 × 180 (400 % zoom), where the warning stands
    in the page and is taller than the window, coming back to a page that warned in the
    background gives focus to the warning's text with its first sentence in view, as a warning
    shown in front does; the button's focus scrolled that sentence away."""
    context, page = warned_in_the_background(browser, live_server.url, 320, 180)
    warning = page.locator("[data-session-warning]")
    assert warning.evaluate("el => getComputedStyle(el).position") == "static"
    page.evaluate("window.__inFront = true; window.dispatchEvent(new Event('focus'))")
    assert page.evaluate("document.activeElement.hasAttribute('data-session-running')")
    first = warning.locator("p").first
    assert first.evaluate("el => el.getBoundingClientRect().top") >= -1
    assert first.evaluate("el => el.getBoundingClientRect().top + 2 * parseFloat(getComputedStyle(el).lineHeight)") <= 180
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.hasAttribute('data-session-extend')")
    context.close()

def test_ik_ben_er_nog_retried_online_gives_focus_back_and_says_it_worked(browser, live_server):  # noqa: F811
    """QA (screen reader): a keyboard user who pressed "Ik ben er nog" offline and waited lost
    focus to the top of the page (the button was disabled while it asked), and once online the
    retry worked without a word. Focus now stays on the button, goes back to the answer the
    visitor was at once the retry works, and a status message says it worked."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    page.clock.install()
    start(page, live_server.url)
    page.locator("input[name='grootte']").nth(1).focus()
    was_at = page.evaluate("document.activeElement.id")
    page.clock.fast_forward("02:58:01")
    assert page.evaluate("document.activeElement.hasAttribute('data-session-extend')")
    context.set_offline(True)
    page.keyboard.press("Enter")
    expect(page.locator("[data-session-failed]")).to_be_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-session-extend')")
    renewed = page.locator("[data-session-renewed]")
    assert renewed.get_attribute("role") == "status" and renewed.inner_text() == ""
    with page.expect_request(lambda request: request.url.endswith("/zelfevaluatie/sessie")):
        context.set_offline(False)
    page.locator("[data-session-warning]").wait_for(state="hidden")
    assert page.evaluate("document.activeElement.id") == was_at
    expect(renewed).to_have_text("Dat is gelukt. U kunt verder met deze pagina.")
    check_axe(page, "question page after a renewal retried online")
    context.close()
