"""The results page in a real Chromium: a round-2 journey with the comparison, axe-core on the
results pages, the page without JavaScript, the print stylesheet, downloads, narrow screens."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import pytest
from playwright.sync_api import expect
from browser import LiveServer, browser, check_axe, live_server, no_horizontal_scroll  # noqa: F401  (fixtures)
from conftest import FULL_JOURNEY, make_test_config
from test_browser import fill_page, shot, start, watch_console

from mvo_assessment.config import DEFAULT_QUESTIONNAIRE_PATH

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def real_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The site with the shipped questionnaire and its translations, so the example companies
    can be loaded."""
    from mvo_assessment import create_app

    database = tmp_path_factory.mktemp("results-browser") / "results.sqlite3"
    app = create_app(
        make_test_config(
            f"sqlite:///{database}",
            TESTING=False,
            QUESTIONNAIRE_PATH=str(DEFAULT_QUESTIONNAIRE_PATH),
            QUESTIONNAIRE_TRANSLATIONS=None,  # translations/ beside it
            # Its tests start assessments and rounds from one address: a new round counts as a
            # start since the second security round, and the 21st in a minute got a 429.
            START_LIMIT="1000 per minute",
        )
    )
    with LiveServer(app) as server:
        yield server
    app.extensions["mvo_store"].engine.dispose()


def results_in_rounds_1_and_2(page: Any, base: str) -> Iterator[tuple[int, str]]:
    """The results page of round 1 in Dutch and English, then round 2 (started from it) in both."""
    for round_number in (1, 2):
        if round_number == 2:
            page.goto(base + "/zelfevaluatie/resultaat?lang=nl")
            page.get_by_role("button", name="Start een nieuwe ronde").click()
            page.wait_for_url(re.compile(r"/zelfevaluatie/ronde$"))
        for language in ("nl", "en"):
            page.goto(base + f"/zelfevaluatie/resultaat?lang={language}")
            yield round_number, language


def load_example(page: Any, base: str, name: str) -> None:
    page.goto(base + "/inladen")
    page.set_input_files("input[type=file]", str(ROOT / "examples" / name))
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/zelfevaluatie/overzicht$"))


def test_round_2_journey_shows_the_comparison(browser, live_server):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    problems = watch_console(page)
    start(page, live_server.url)
    for _page_id, answers in FULL_JOURNEY:
        fill_page(page, answers)
        page.get_by_role("button", name="Volgende").click()
        page.wait_for_load_state()
    assert page.url.endswith("/zelfevaluatie/samenvatting")
    page.get_by_role("link", name="Bekijk uw resultaat").click()
    page.wait_for_url(re.compile(r"/zelfevaluatie/resultaat$"))
    assert page.locator("h1").inner_text() == "Uw resultaat"
    assert page.get_by_role("img", name="Uw niveau nu en uw doelniveau per stap").is_visible()
    assert page.get_by_role("table", name="Uw niveau en uw doel per stap").is_visible()
    check_axe(page, "results page")
    shot(page, "results-round-1-1280")

    page.get_by_role("button", name="Start een nieuwe ronde").click()
    page.wait_for_url(re.compile(r"/zelfevaluatie/ronde$"))
    assert page.locator("h1").inner_text() == "Ronde 2 is begonnen"
    check_axe(page, "new round page")
    # nothing changed yet: the results page offers to finish the round as it is
    page.get_by_role("link", name="Naar uw resultaat").click()
    page.wait_for_url(re.compile(r"/zelfevaluatie/resultaat$"))
    page.get_by_role("link", name="Naar ‘Volgend jaar opnieuw’").click()
    assert page.get_by_role("button", name="Er is niets veranderd: rond deze ronde af").is_visible()
    assert page.get_by_role("button", name="Start een nieuwe ronde").count() == 0
    check_axe(page, "results page of an unchanged round 2")
    page.go_back()
    page.go_back()
    page.wait_for_url(re.compile(r"/zelfevaluatie/ronde$"))
    page.get_by_role("link", name="Controleer uw antwoorden").click()
    page.wait_for_url(re.compile(r"/samenvatting$"))
    # the answers of round 1 are there; change one from the summary
    page.locator("a[href*='/vraag/1B?terug=samenvatting']").first.click()
    page.locator("input[name='integratie'][value='0']").check()
    page.get_by_role("button", name="Opslaan en terug naar uw antwoorden").click()
    page.wait_for_url(re.compile(r"/samenvatting#pagina-1B$"))
    page.get_by_role("link", name="Bekijk uw resultaat").click()
    page.wait_for_url(re.compile(r"/zelfevaluatie/resultaat$"))

    assert "Ronde 2" in page.locator(".caption").inner_text()
    table = page.get_by_role("table", name=re.compile("ronde 1 en ronde 2"))
    assert table.is_visible()
    headers = table.locator("thead th").all_inner_texts()
    assert any(h.startswith("Ronde 1") for h in headers) and "Ronde 2 (nu)" in headers
    changes = page.locator("#wat-is-veranderd").locator("xpath=..")
    assert "Stap 1: Beleid" in changes.inner_text()
    page.get_by_text("U heeft 1 antwoord veranderd").click()  # opens the <details>
    assert changes.get_by_role("table").is_visible()
    assert page.locator("svg.chart-svg text", has_text="Vorige").count() == 6
    check_axe(page, "results page of round 2")
    shot(page, "results-round-2-1280")
    assert problems == [], problems
    context.close()


def test_results_page_with_many_actions_without_javascript(browser, real_server, tmp_path):  # noqa: F811
    context = browser.new_context(java_script_enabled=False, accept_downloads=True, locale="nl-NL")
    context.set_default_timeout(20000)
    page = context.new_page()
    load_example(page, real_server.url, "klein-importeur.json")
    page.goto(real_server.url + "/zelfevaluatie/resultaat")
    assert page.locator("h1").inner_text() == "Uw resultaat"
    first = page.locator(".action-list--first > li")
    assert first.count() == 5 and first.first.locator(".action-card__number").inner_text() == "Actie 1"
    groups = page.locator("details.action-group")
    assert groups.count() >= 2
    hidden_card = groups.first.locator(".action-card").first
    assert not hidden_card.is_visible()
    groups.first.locator("summary").click()  # <details> opens without script
    assert hidden_card.is_visible()
    shot(page, "results-klein-importeur-1280")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Actielijst voor Excel (CSV, met puntkomma)").click()
    download = download_info.value
    assert re.fullmatch(r"mvo-acties-\d{4}-\d\d-\d\d\.csv", download.suggested_filename)
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")

    with page.expect_download(timeout=60000) as download_info:
        page.get_by_role("link", name="Rapport (PDF)").click()
    download = download_info.value
    assert re.fullmatch(r"mvo-rapport-\d{4}-\d\d-\d\d\.pdf", download.suggested_filename)
    download.save_as(tmp_path / "rapport.pdf")
    assert (tmp_path / "rapport.pdf").read_bytes().startswith(b"%PDF-")
    context.close()


def test_axe_and_print_stylesheet_on_a_page_with_many_actions(browser, real_server):  # noqa: F811
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    load_example(page, real_server.url, "middelgrote-producent.json")
    page.goto(real_server.url + "/zelfevaluatie/resultaat")
    for summary in page.locator("details summary").all():
        summary.click()
    check_axe(page, "results page with many actions, every group open")
    page.emulate_media(media="print")
    for selector in (".site-nav", ".on-this-page", ".new-round", "#downloads", ".site-footer"):
        assert not page.locator(selector).first.is_visible(), selector
    link = page.locator(".tool-link").first
    url = link.get_attribute("href")
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert url and url in after
    assert page.locator(".action-card").first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    page.emulate_media(media="screen")
    assert page.locator(".site-nav").is_visible()
    context.close()


BREAKS = "e => [getComputedStyle(e).breakBefore, getComputedStyle(e).breakInside, getComputedStyle(e).breakAfter]"


def test_printed_headings_stay_with_what_they_head(browser, real_server):  # noqa: F811
    """QA (display): printed, headings were left at the foot of a page with what they head on the
    next: the summary's step heading and page heading (the break fell inside the first answer's
    row), the results page's action groups, whose heading is a <summary> ("Stap 6: ... (3
    acties)"), and a table's caption or header row above a table on the next page. Checked on
    the computed style: where Chromium breaks a page depends on the paper and the fonts."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    load_example(page, real_server.url, "klein-importeur.json")
    page.goto(real_server.url + "/zelfevaluatie/samenvatting")
    page.emulate_media(media="print")
    for selector in (".summary-section > h2", "h3.summary-page"):
        assert page.locator(selector).first.evaluate(BREAKS)[2] == "avoid", selector
    rows = page.locator(".summary-list__row")
    assert rows.count() > 50
    assert rows.evaluate_all(f"rows => rows.filter(row => ({BREAKS})(row)[1] !== 'avoid').length") == 0

    page.goto(real_server.url + "/zelfevaluatie/resultaat")
    groups = page.locator("details.action-group > summary")
    assert groups.count() >= 2
    assert groups.evaluate_all(f"summaries => summaries.map(s => ({BREAKS})(s)[2])") == ["avoid"] * groups.count()
    # a heading on paper, in the text's colour, not a link in blue to open (QA, display)
    text_colour = page.locator("h2").first.evaluate("e => getComputedStyle(e.closest('main') || e).color")
    assert groups.evaluate_all("ss => ss.map(s => [getComputedStyle(s).color, getComputedStyle(s).textDecorationLine])") \
        == [[text_colour, "none"]] * groups.count()
    table = page.locator("#overzicht-tabel")
    assert table.locator("caption").evaluate(BREAKS)[2] == "avoid"
    assert table.locator("tbody > tr").first.evaluate(BREAKS)[0] == "avoid"  # not parted from the header row
    assert page.locator(".action-card__tools-title").first.evaluate(BREAKS)[2] == "avoid"
    page.emulate_media(media="screen")
    assert groups.first.evaluate(BREAKS)[2] == "auto"
    context.close()


def test_the_chart_keeps_its_colours_on_white_in_a_dark_high_contrast_theme(browser, real_server):  # noqa: F811
    """QA (display, SERIOUS): in forced colours with a dark theme (Windows high contrast) the page
    turned black behind the chart, which is drawn in its own colours for white: step titles, the
    scale and the "Nu" bars dark on black, the value labels in stray white boxes. The caption
    says to read it by colour, so the chart keeps its colours, on a white ground of its own."""
    from io import BytesIO

    from PIL import Image

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    load_example(page, real_server.url, "middelgrote-producent.json")
    page.goto(real_server.url + "/zelfevaluatie/resultaat")
    page.emulate_media(forced_colors="active", color_scheme="dark")
    chart = page.locator("svg.chart-svg")
    style = chart.evaluate("e => [getComputedStyle(e).forcedColorAdjust, getComputedStyle(e).backgroundColor]")
    assert style == ["none", "rgb(255, 255, 255)"], style
    current = page.locator("svg.chart-svg rect[fill='#154273']").first  # a "Nu" bar: dark blue, as the caption says
    assert current.evaluate("e => getComputedStyle(e).fill") == "rgb(21, 66, 115)"
    # what is seen: hardly any black (the step titles' near-black letters), not a black ground
    histogram = Image.open(BytesIO(chart.screenshot())).convert("L").histogram()
    black = sum(histogram[:30]) / sum(histogram)
    assert black < 0.1, black
    shot(page, "results-chart-forced-colours-dark")
    page.emulate_media(forced_colors="none", color_scheme="light")
    assert chart.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"  # the page's white, as before
    context.close()


@pytest.mark.parametrize("width,font_size", [(320, "100%"), (640, "200%")])
def test_results_page_fits_narrow_screens(browser, real_server, width, font_size):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="nl-NL")
    page = context.new_page()
    load_example(page, real_server.url, "groot-bedrijf.json")
    page.goto(real_server.url + "/zelfevaluatie/resultaat")
    page.evaluate("size => { document.documentElement.style.fontSize = size; }", font_size)
    for summary in page.locator("details summary").all():
        summary.click()
    assert no_horizontal_scroll(page), (width, font_size)
    if width == 320:
        shot(page, "results-320")
    context.close()


CHART_TEXT = """svg => {
  const box = svg.viewBox.baseVal;
  const scale = svg.getBoundingClientRect().width / box.width;
  const plotX = Math.min(...[...svg.querySelectorAll("rect")].map(rect => rect.x.baseVal.value));
  return [...svg.querySelectorAll("text")].map(text => {
    const b = text.getBBox();
    // the white box drawn just before a text, over the grid lines
    const before = text.previousElementSibling;
    const under = before && before.tagName === "rect" && before.getAttribute("fill") === "#ffffff" ? before.getBBox() : null;
    return {text: text.textContent, left: b.x, right: b.x + b.width, width: box.width, plot_x: plotX,
            px: scale * parseFloat(text.getAttribute("font-size")),
            under_left: under && under.x, under_right: under && under.x + under.width};
  });
}"""


# WCAG 1.4.12: what a reader's own style sheet or bookmarklet may set, on every element.
WIDER_TEXT_SPACING = """() => {
  for (const element of document.querySelectorAll("*")) {
    element.style.setProperty("line-height", "1.5", "important");
    element.style.setProperty("letter-spacing", "0.12em", "important");
    element.style.setProperty("word-spacing", "0.16em", "important");
  }
}"""


@pytest.mark.parametrize("example", ["klein-importeur.json", "groot-bedrijf.json"])
def test_chart_text_is_readable_on_a_phone_and_stays_inside_the_chart(browser, real_server, example):  # noqa: F811
    """A phone shrinks the chart to its column: the page's chart layout keeps every text at
    least 10.5 pixels high on a screen 360 pixels wide, and no text runs off the chart or into
    the bars, in Dutch or English, in round 1 and with round 2's extra bar ("Vorige"). QA (WCAG
    1.4.12): also not when the reader widens letter and word spacing; long step titles and
    "5 – Voorloper" ran up to a quarter past the chart's edge and were cut off."""
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="nl-NL")
    page = context.new_page()
    load_example(page, real_server.url, example)
    for round_number, language in results_in_rounds_1_and_2(page, real_server.url):
        for spacing in ("normal", "widened"):
            if spacing == "widened":
                page.evaluate(WIDER_TEXT_SPACING)
            where = (round_number, language, spacing)
            texts = page.locator("svg.chart-svg").evaluate(CHART_TEXT)
            assert len(texts) > 20, texts
            assert any(text["text"] in ("Vorige", "Previous") for text in texts) == (round_number == 2)
            for text in texts:
                assert text["px"] >= 10.5, (where, text)
                assert 0 <= text["left"] and text["right"] <= text["width"], (where, text)
                if text["left"] < text["plot_x"] - 2:  # "Stap 1", "Nu", "Doel": left of the bars (a "T" overhangs)
                    assert text["right"] <= text["plot_x"] - 2, (where, text)
                if re.match(r"\d – ", text["text"]):  # "3 – In opbouw": no grid line runs through it
                    assert text["under_left"] is not None, (where, text)
                    assert text["under_left"] <= text["left"] and text["right"] <= text["under_right"], (where, text)
        shot(page, f"results-chart-360-{example.removesuffix('.json')}-round-{round_number}-{language}-spaced")
    context.close()


OVERVIEW_TABLE = """table => {
  const column = table.closest(".results-section").getBoundingClientRect();
  const headers = [...table.querySelectorAll("thead th")];
  // for screen readers only: inside a box of 1 pixel that hides what overflows it
  const screenReaderOnly = element => {
    for (let e = element; e && e !== table; e = e.parentElement) {
      if (e.getBoundingClientRect().width <= 1 && getComputedStyle(e).overflow === "hidden") return true;
    }
    return false;
  };
  const box = (element, index) => {
    const r = element.getBoundingClientRect();
    const header = element.matches("td") ? headers[index] : null;
    return {text: element.innerText.trim().replace(/\\s+/g, " "), left: r.left, right: r.right,
            clipped: element.scrollWidth - element.clientWidth, hidden: screenReaderOnly(element),
            header: header && header.firstChild.textContent.trim(),
            header_shown: Boolean(header && !screenReaderOnly(header)),
            label: getComputedStyle(element, "::before").content};
  };
  const region = table.closest(".table-scroll") || table;
  return {viewport: document.documentElement.clientWidth, left: column.left, right: column.right,
          scroll: region.scrollWidth - region.clientWidth,
          caption: box(table.caption, 0),
          cells: [...table.rows].flatMap(row => [...row.cells].map(box))};
}"""


def assert_overview_table_fits(page: Any, label: str) -> None:
    """Every cell and the caption inside the page's column and the screen, nothing cut off or
    to scroll sideways; where the column headers are for screen readers only, each value shows
    its column's name."""
    found = page.locator("#overzicht-tabel").evaluate(OVERVIEW_TABLE)
    assert found["viewport"] == 360 and found["right"] - found["left"] == 328, (label, found)
    assert found["scroll"] <= 0, (label, "the table scrolls sideways", found["scroll"])
    shown = [found["caption"], *(box for box in found["cells"] if not box["hidden"])]
    assert len(shown) >= 1 + 6 * 4, (label, found["cells"])
    for box in shown:
        assert found["left"] - 0.5 <= box["left"] and box["right"] <= found["right"] + 0.5, (label, box)
        assert 0 <= box["left"] and box["right"] <= found["viewport"], (label, box)
        assert box["clipped"] <= 0, (label, box)
        if box["header"] is not None and not box["header_shown"]:
            assert box["header"] in box["label"], (label, box)


def test_table_per_step_fits_a_phone_in_round_1_and_round_2(browser, real_server):  # noqa: F811
    """QA: on a phone 360 pixels wide the table "Uw niveau per stap" ran off the screen (the
    target level's header cut off, the score out of sight, in round 2 even the caption). Every
    cell and the caption stay inside the page's column, with nothing to scroll sideways, each
    value with its column's name, in Dutch and English, for round 1 and for round 2 with its
    extra column; and axe-core finds nothing."""
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="nl-NL")
    page = context.new_page()
    problems = watch_console(page)
    load_example(page, real_server.url, "groot-bedrijf.json")
    for round_number, language in results_in_rounds_1_and_2(page, real_server.url):
        caption = page.locator("#overzicht-tabel caption").inner_text()
        assert ("ronde 1 en ronde 2" in caption.lower() or "round 1 and round 2" in caption.lower()) == (round_number == 2)
        assert page.get_by_role("table", name=caption).count() == 1
        assert_overview_table_fits(page, f"round {round_number}, {language}")
        # nothing to scroll, so no tab stop on the scroll region (the script takes it away)
        assert page.locator(".table-scroll").get_attribute("tabindex") is None
        if round_number == 1 and language == "nl":
            # QA (WCAG 1.4.12): a table that outgrows its region without the window changing
            # (wider text spacing, a late font) becomes reachable by keyboard to scroll it
            page.evaluate("document.querySelector('#overzicht-tabel').style.minWidth = '900px'")
            expect(page.locator(".table-scroll").first).to_have_attribute("tabindex", "0")
        check_axe(page, f"results page of round {round_number} at 360 pixels, {language}")
        shot(page, f"results-table-360-round-{round_number}-{language}")
    assert problems == [], problems
    context.close()


@pytest.mark.parametrize("width", [800, 1024, 1280])
def test_the_table_of_two_rounds_fits_with_wider_text_spacing(browser, real_server, width):  # noqa: F811
    """QA (accessibility, WCAG 1.4.12): with the reader's wider letter and word spacing the
    table of round 2 (five columns, three of levels kept on one line) outgrew its column at
    800–1280 pixels: "Score in ronde 2" and the scores were cut off at the region's edge. The
    levels may wrap where the columns need the room; nothing scrolls sideways."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
    page = context.new_page()
    load_example(page, real_server.url, "groot-bedrijf.json")
    for round_number, language in results_in_rounds_1_and_2(page, real_server.url):
        if round_number != 2:
            continue
        page.evaluate(WIDER_TEXT_SPACING)
        found = page.locator("#overzicht-tabel").evaluate(OVERVIEW_TABLE)
        assert found["scroll"] <= 0, (width, language, "the table scrolls sideways", found["scroll"])
        for box in [found["caption"], *found["cells"]]:
            assert box["clipped"] <= 0 and box["right"] <= found["right"] + 0.5, (width, language, box)
        shot(page, f"results-table-{width}-round-2-{language}-spaced")
    context.close()


def test_the_changed_answers_fit_a_phone(browser, real_server):  # noqa: F811
    """QA (accessibility): at 320 pixels the table "U heeft N antwoorden veranderd" was wider
    than the screen and cut the new answers off mid-word. It stacks as the table per step does:
    the question as the title, each answer after its round's name."""
    context = browser.new_context(viewport={"width": 320, "height": 800}, locale="nl-NL")
    page = context.new_page()
    load_example(page, real_server.url, "klein-importeur.json")
    page.goto(real_server.url + "/zelfevaluatie/resultaat")
    page.get_by_role("button", name="Start een nieuwe ronde").click()
    page.wait_for_url(re.compile(r"/zelfevaluatie/ronde$"))
    page.goto(real_server.url + "/zelfevaluatie/vraag/1A")
    page.get_by_label("Ja, bij alle afdelingen, en we doen dit regelmatig opnieuw").check()  # a long answer
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url(re.compile(r"/zelfevaluatie/vraag/"))
    # several chosen options, listed one per line in their cell (QA, adviser following rounds)
    page.goto(real_server.url + "/zelfevaluatie/vraag/intake-organisatie")
    page.get_by_label("Banken of andere financiers").check()
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url(re.compile(r"/zelfevaluatie/(vraag/|samenvatting)"))
    page.goto(real_server.url + "/zelfevaluatie/resultaat")
    page.locator("summary", has_text="antwoord").click()
    table = page.get_by_role("table", name="Veranderde antwoorden")
    assert table.locator("td li").all_inner_texts() == ["Klanten of afnemers (bedrijven)", "Banken of andere financiers"]
    found = table.evaluate("""table => {
      const region = table.closest(".table-scroll");
      return {scroll: region.scrollWidth - region.clientWidth, viewport: document.documentElement.clientWidth,
              cells: [...table.querySelectorAll("tbody th, tbody td")].map(cell => {
                const r = cell.getBoundingClientRect();
                return {text: cell.innerText, right: r.right, clipped: cell.scrollWidth - cell.clientWidth,
                        label: getComputedStyle(cell, "::before").content};
              })};
    }""")
    assert found["scroll"] <= 0, found
    assert found["cells"] and all(cell["right"] <= found["viewport"] and cell["clipped"] <= 0 for cell in found["cells"]), found
    assert any("Ronde 2" in cell["label"] for cell in found["cells"]), found  # each answer after its round
    check_axe(page, "results page of round 2 at 320 pixels, changed answers open")
    context.close()


def test_a_report_with_a_name_says_it_is_being_made_and_a_second_tap_waits(browser, real_server):  # noqa: F811
    """QA (train): the PDF comes as a download, so after "Rapport met deze naam" the page stayed
    as it was; impatient taps on a slow connection each made a PDF again, seconds of CPU each.
    The form says that the report is being made, and a tap in the next seconds sends nothing."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL", accept_downloads=True)
    page = context.new_page()
    load_example(page, real_server.url, "klein-importeur.json")
    page.goto(real_server.url + "/zelfevaluatie/resultaat")
    page.fill("#bedrijf", "Bakkerij De Trein")
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    status = page.locator("form [data-busy-status]")
    with page.expect_download(timeout=60000) as download_info:
        page.get_by_role("button", name="Rapport met deze naam").click()
        expect(status).to_have_text("Uw rapport wordt gemaakt. Dit duurt enkele seconden. Daarna vindt u het bij de "
                                    "downloads van uw browser.")
        page.get_by_role("button", name="Rapport met deze naam").click()
    assert download_info.value.suggested_filename.startswith("mvo-rapport-bakkerij-de-trein-")
    assert len(posts) == 1, posts
    # a name corrected right after is a new report, not the same tap again (QA, review)
    page.fill("#bedrijf", "Bakkerij De Trein B.V.")
    with page.expect_download(timeout=60000) as corrected:
        page.get_by_role("button", name="Rapport met deze naam").click()
    assert corrected.value.suggested_filename.startswith("mvo-rapport-bakkerij-de-trein-b-v-")
    assert len(posts) == 2, posts
    check_axe(page, "results page while a report is made")
    context.close()


def test_the_plain_report_link_says_it_is_being_made_and_a_second_tap_waits(browser, real_server):  # noqa: F811
    """QA (screen reader): the plain link "Rapport (PDF)" said nothing for the seconds the report
    took. It says what the named form says, and where the file will be; a second tap in those
    seconds sends nothing. The request stays the browser's own (QA, review: a script that fetched
    the report asked a second time when the answer was a page, and a second answer can differ)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL", accept_downloads=True)
    page = context.new_page()
    load_example(page, real_server.url, "klein-importeur.json")
    page.goto(real_server.url + "/zelfevaluatie/resultaat")
    status = page.locator("[data-busy-status-link]")  # beside the link (QA, low vision: the form's was screens below it at 400 %)
    reports: list[str] = []
    page.on("request", lambda request: reports.append(request.url) if "rapport.pdf" in request.url else None)
    with page.expect_download(timeout=60000) as download_info:
        page.get_by_role("link", name="Rapport (PDF)").click()
        expect(status).to_have_text("Uw rapport wordt gemaakt. Dit duurt enkele seconden. Daarna vindt u het bij de "
                                    "downloads van uw browser.")
        page.get_by_role("link", name="Rapport (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("mvo-rapport-") and download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert len(reports) == 1, reports
    assert page.url.endswith("/zelfevaluatie/resultaat")
    # at 400 % zoom (320 × 256) the message is in view beside the link
    page.set_viewport_size({"width": 320, "height": 256})
    page.goto(real_server.url + "/zelfevaluatie/resultaat")
    link = page.get_by_role("link", name="Rapport (PDF)")
    link.scroll_into_view_if_needed()
    with page.expect_download(timeout=60000):
        link.click()
        expect(status).to_have_text("Uw rapport wordt gemaakt. Dit duurt enkele seconden. Daarna vindt u het bij de "
                                    "downloads van uw browser.")
        assert status.evaluate("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }")
    context.close()
