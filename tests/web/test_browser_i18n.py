"""The journey in English in a real Chromium, and switching language with the link midway."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser import browser, check_axe, live_server  # noqa: F401  (fixtures)
from conftest import FULL_JOURNEY
from test_browser import at, fill_page, shot, watch_console

pytestmark = pytest.mark.browser


def next_page(page: Any, label: str = "Next") -> None:
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state()


def answer(page: Any, answers: dict[str, Any], label: str) -> None:
    """Fill in a page; without the script the server shows a question revealed by an answer first."""
    shown = {name: value for name, value in answers.items() if page.locator(f"#vraag-{name}").is_visible()}
    fill_page(page, shown)
    next_page(page, label)
    if len(shown) < len(answers):
        fill_page(page, {name: value for name, value in answers.items() if name not in shown})
        next_page(page, label)


def test_whole_journey_in_english_from_the_browser_language(browser, live_server):  # noqa: F811
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = watch_console(page)
    base = live_server.url
    page.goto(base + "/")
    assert page.get_attribute("html", "lang") == "en"
    check_axe(page, "start page (en)")
    shot(page, "en-start-1280")
    page.get_by_role("button", name="Start the self-assessment").click()
    page.wait_for_url(re.compile(r"/zelfevaluatie/vraag/intake-profiel$"))
    next_page(page)
    page.wait_for_selector(".error-summary")
    assert page.title().startswith("Error:")
    assert "Choose an answer." in page.locator(".error-summary").inner_text()
    check_axe(page, "question page with errors (en)")
    for page_id, answers in FULL_JOURNEY:
        assert at(page, f"/zelfevaluatie/vraag/{page_id}"), page.url
        assert page.get_attribute("html", "lang") == "en"
        fill_page(page, answers)
        if page_id == "2A":
            check_axe(page, "question page (en)")
        next_page(page)
    assert page.url.endswith("/zelfevaluatie/samenvatting")
    content = page.content()
    assert "You have answered all questions." in content and "<li>Raw materials</li><li>Transport</li>" in content
    check_axe(page, "summary (en)")
    shot(page, "en-summary-1280")
    for path in ("/zelfevaluatie/overzicht", "/zelfevaluatie/opslaan", "/hervatten", "/bestaat-niet"):
        page.goto(base + path)
        assert page.get_attribute("html", "lang") == "en"
        check_axe(page, f"{path} (en)")
    assert problems == [], problems
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_switching_language_with_the_link_midway_keeps_every_answer(browser, live_server, javascript):  # noqa: F811
    context = browser.new_context(locale="nl-NL", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.get_attribute("html", "lang") == "nl"
    page.get_by_role("button", name="Start de zelfevaluatie").click()
    page.wait_for_url(re.compile(r"/vraag/intake-profiel$"))
    half = len(FULL_JOURNEY) // 2
    for _page_id, answers in FULL_JOURNEY[:half]:
        answer(page, answers, "Volgende")
    here = page.url
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.url.split("?")[0] == here and page.get_attribute("html", "lang") == "en"
    assert page.get_by_role("button", name="Next", exact=True).is_visible()
    page.get_by_role("button", name="Previous", exact=True).click()  # the answers given in Dutch are there
    page.wait_for_load_state()
    previous_id, previous_answers = FULL_JOURNEY[half - 1]
    assert at(page, f"/zelfevaluatie/vraag/{previous_id}"), page.url
    for name, value in previous_answers.items():
        if isinstance(value, str) and page.locator(f"input[name='{name}'][value='{value}']").count():
            assert page.locator(f"input[name='{name}'][value='{value}']").is_checked(), name
    next_page(page)
    for page_id, answers in FULL_JOURNEY[half:]:
        assert at(page, f"/zelfevaluatie/vraag/{page_id}"), page.url
        answer(page, answers, "Next")
    assert page.url.endswith("/zelfevaluatie/samenvatting")
    content = page.content()
    assert "You have answered all questions." in content
    for text in ("Fewer than 50", "2.5", "Yes, on paper", "Kinderarbeid bij katoen", "By email"):
        assert text in content, text
    page.get_by_role("link", name="Nederlands").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "nl"
    content = page.content()
    for text in ("U heeft alle vragen beantwoord", "Minder dan 50", "2,5", "Ja, op papier", "Per e-mail"):
        assert text in content, text
    context.close()


def test_switching_language_keeps_what_was_filled_in_but_not_yet_saved(browser, live_server):  # noqa: F811
    """Answers given on a page and not yet sent come along when the visitor switches language
    (the script carries them in the tab), still unsaved: a plain reload shows what the server has."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    problems = watch_console(page)
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Start de zelfevaluatie").click()
    page.wait_for_url(re.compile(r"/vraag/intake-profiel$"))
    fill_page(page, {"grootte": "klein", "import": "ja", "omzet": "2,5"})

    def filled_in() -> tuple[bool, bool, str]:
        return (page.locator("input[name='grootte'][value='klein']").is_checked(),
                page.locator("input[name='import'][value='ja']").is_checked(),
                page.locator("[name='omzet']").input_value())

    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"
    assert filled_in() == (True, True, "2,5")
    page.get_by_role("link", name="Nederlands").click()  # carried again, though nothing changed since
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "nl" and filled_in() == (True, True, "2,5")
    page.reload()
    assert filled_in() == (False, False, "")  # nothing was saved on the way
    assert problems == [], problems
    context.close()


def test_switching_language_on_a_page_with_errors_keeps_what_was_filled_in(browser, live_server):  # noqa: F811
    """QA (English walk): after "Next" with a required answer missing, the page came back with
    the other answers ticked but not stored; switching language then lost them, since they did
    not differ from what the server had sent. A page that came back from a post carries all."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Start de zelfevaluatie").click()
    page.wait_for_url(re.compile(r"/vraag/intake-profiel$"))
    fill_page(page, {"grootte": "klein", "omzet": "2,5"})  # "import" is required and left open
    next_page(page, "Volgende")
    assert page.locator("[data-error-summary]").count() == 1
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("input[name='grootte'][value='klein']").is_checked()
    assert page.locator("[name='omzet']").input_value() == "2,5"
    page.reload()
    assert not page.locator("input[name='grootte'][value='klein']").is_checked()  # still not saved
    context.close()


def test_switching_language_keeps_a_typed_code_and_company_name(browser, live_server):  # noqa: F811
    """QA (English walk): a resume code typed on the code page, or a company name typed for the
    report on the results page, was gone after a language switch, while a question page kept
    what was typed. Both now come along; after a post (a code that is not known) too."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    problems = watch_console(page)
    page.goto(live_server.url + "/hervatten")
    page.locator("#code").fill("AAAA-BBBB")
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en" and page.locator("#code").input_value() == "AAAA-BBBB"
    page.locator("#code").fill("AAAA-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    next_page(page, "Continue")
    assert page.locator("#code-error").count() == 1  # not known; the page shows what was sent
    page.get_by_role("link", name="Nederlands").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "nl"
    assert page.locator("#code").input_value() == "AAAA-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH"

    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Start de zelfevaluatie").click()
    page.wait_for_url(re.compile(r"/vraag/intake-profiel$"))
    for _page_id, answers in FULL_JOURNEY:
        fill_page(page, answers)
        next_page(page, "Volgende")
    page.goto(live_server.url + "/zelfevaluatie/resultaat#downloads")
    page.locator("#bedrijf").fill("Acme B.V.")
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en" and page.locator("#bedrijf").input_value() == "Acme B.V."
    page.reload()
    assert page.locator("#bedrijf").input_value() == ""  # carried once, in this tab only
    assert problems == [], problems
    context.close()


def test_switching_language_keeps_the_place_on_the_page(browser, live_server):  # noqa: F811
    """QA: the language link is built by the server, which never sees the part after "#", so a
    page opened at a new question (`#nieuw-…`) or a section opened at its top after a switch."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Start de zelfevaluatie").click()
    page.wait_for_url(re.compile(r"/vraag/intake-profiel$"))
    page.goto(page.url + "#vraag-omzet")
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en" and page.url.endswith("?lang=en#vraag-omzet"), page.url
    context.close()


def test_english_pages_fit_a_narrow_screen(browser, live_server):  # noqa: F811
    from browser import no_horizontal_scroll

    context = browser.new_context(locale="en", viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Start the self-assessment").click()
    page.wait_for_url(re.compile(r"/vraag/intake-profiel$"))
    for _page_id, answers in FULL_JOURNEY[:4]:
        assert no_horizontal_scroll(page), page.url
        fill_page(page, answers)
        next_page(page)
    for path in ("/zelfevaluatie/overzicht", "/hervatten", "/inladen"):
        page.goto(live_server.url + path)
        assert no_horizontal_scroll(page), path
    context.close()
