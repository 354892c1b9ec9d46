"""The wizard through the Flask test client: the journey, branching, progress, summary, hidden answers."""

from __future__ import annotations

import json
import re
import threading
from typing import Any

import shutil

import pytest

from conftest import FULL_JOURNEY, WEB_QUESTIONNAIRE, Journey, hidden_value, make_test_config

from mvo_assessment import create_app

from mvo_assessment.answers import answers_document
from mvo_assessment.navigation import resolve


def location(response) -> str:
    return response.headers["Location"]


def test_start_creates_an_assessment_and_opens_the_intake(journey):
    response = journey.start()
    assert response.status_code == 303
    assert location(response) == "/zelfevaluatie/vraag/intake-profiel"
    record = journey.assessment()
    assert record.questionnaire_id == "voorbeeld" and record.questionnaire_version == "1.0"
    assert record.answers == {} and record.revision == 1


def test_the_whole_journey_without_javascript_ends_at_the_summary(journey, app):
    journey.start()
    for page_id, answers in FULL_JOURNEY:
        response = journey.answer_page(page_id, answers)
        assert response.status_code == 303, (page_id, response.get_data(as_text=True)[:3000])
    assert location(response) == "/zelfevaluatie/samenvatting"
    stored = journey.answers()
    assert stored["omzet"] == 2.5 and stored["integratie"] == 3 and stored["ketens"] == ["grondstoffen", "transport"]
    summary = journey.client.get("/zelfevaluatie/samenvatting").get_data(as_text=True)
    assert "U heeft alle vragen beantwoord" in summary
    for text in ("Minder dan 50", "2,5", "Ja, op papier", "<li>Grondstoffen</li><li>Transport</li>", "Kinderarbeid bij katoen", "Per e-mail"):
        assert text in summary
    assert summary.count(">Wijzig<") == sum(
        1 for q in app.extensions["mvo_questionnaire"].questions if q.id in resolve(app.extensions["mvo_questionnaire"], stored).questions
    )


def test_each_page_shows_stap_x_van_6(journey):
    journey.start()
    html = journey.client.get("/zelfevaluatie/vraag/intake-profiel").get_data(as_text=True)
    assert "Vooraf" in html
    for page_id, answers in FULL_JOURNEY:
        html = journey.client.get(f"/zelfevaluatie/vraag/{page_id}").get_data(as_text=True)
        if page_id[0].isdigit():
            assert f"Stap {page_id[0]} van 6" in html
        assert html.count("<h1") == 1
        journey.answer_page(page_id, answers)


def test_next_and_previous_keep_the_answers(journey):
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "middel", "import": "nee"})
    response = journey.answer_page("1A", {"beleid": "nee"}, action="previous")
    assert location(response) == "/zelfevaluatie/vraag/intake-profiel"
    html = journey.client.get("/zelfevaluatie/vraag/intake-profiel").get_data(as_text=True)
    assert re.search(r'value="middel" checked', html)
    html = journey.client.get("/zelfevaluatie/vraag/1A").get_data(as_text=True)
    assert re.search(r'value="nee" checked', html)


def test_previous_does_not_require_answers_but_next_does(journey):
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee"})
    assert journey.answer_page("1A", {}, action="previous").status_code == 303
    response = journey.answer_page("1A", {})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<title>Fout:" in html
    assert 'href="#beleid"' in html and "Kies een antwoord." in html
    assert 'aria-describedby="beleid-hint beleid-error"' in html
    assert 'id="beleid-error"' in html


def test_a_page_sent_in_answer_to_a_post_names_the_address_that_shows_it_without_the_post(journey):
    """The address enhance.js puts in the browser's history in the post's place (QA, browser:
    Back to it asked to send the form again): only on pages that answer a post, and only where
    that address also shows a page when asked for (not for a post-only address)."""
    journey.start()
    assert "data-history-url" not in journey.client.get("/zelfevaluatie/vraag/intake-profiel").get_data(as_text=True)
    response = journey.answer_page("intake-profiel", {"grootte": "klein"})
    assert response.status_code == 400
    assert '<body data-history-url="/zelfevaluatie/vraag/intake-profiel">' in response.get_data(as_text=True)
    token = journey.csrf_token()
    refused = journey.client.post("/zelfevaluatie/nieuwe-ronde", data={"csrf_token": token})
    assert refused.status_code == 409 and "data-history-url" not in refused.get_data(as_text=True)
    # QA (review): the page's address under the site's prefix, quoted as sent (a decoded "%3F"
    # started a query string; without the prefix a reload left the site)
    form = journey.page_form("intake-profiel")
    prefixed = journey.client.post("/zelfevaluatie/vraag/intake-profiel?lang=nl", base_url="http://localhost/mvo", data=form)
    assert '<body data-history-url="/mvo/zelfevaluatie/vraag/intake-profiel?lang=nl">' in prefixed.get_data(as_text=True)
    odd = journey.client.post("/zelfevaluatie/vraag/x%3Fy", data=form)
    assert odd.status_code == 404 and '<body data-history-url="/zelfevaluatie/vraag/x%3Fy">' in odd.get_data(as_text=True)


def test_a_field_in_error_is_marked_invalid_and_a_choice_instruction_is_read_with_its_question(journey):
    """QA (accessibility): a field in error had no aria-invalid, and "Kies alles wat van
    toepassing is." was not tied to its question, so a screen reader in forms mode skipped it."""
    journey.start()
    response = journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee", "omzet": "veel"})
    assert response.status_code == 400
    field = re.search(r'<input class="input input--number[^>]*>', response.get_data(as_text=True)).group(0)
    assert 'aria-invalid="true"' in field and "omzet-error" in re.search(r'aria-describedby="([^"]*)"', field).group(1)
    valid = re.search(r'<input class="input input--number[^>]*>', journey.client.get("/zelfevaluatie/vraag/intake-profiel").get_data(as_text=True)).group(0)
    assert "aria-invalid" not in valid
    for page_id, answers in FULL_JOURNEY[:3]:
        journey.answer_page(page_id, answers)
    html = journey.client.get("/zelfevaluatie/vraag/2A").get_data(as_text=True)
    assert '<fieldset class="fieldset" aria-describedby="ketens-instruction">' in html
    assert '<p class="hint hint--instruction" id="ketens-instruction">Kies alles wat van toepassing is.</p>' in html


def test_the_navigation_marks_the_page_being_shown(journey):
    """QA (accessibility): the site navigation did not say which of its pages is open."""
    journey.start()
    for path, current in (("/zelfevaluatie/overzicht", "Overzicht"), ("/zelfevaluatie/samenvatting", "Uw antwoorden"),
                          ("/zelfevaluatie/opslaan", "Later verdergaan"), ("/zelfevaluatie/vraag/intake-profiel", None)):
        html = journey.client.get(path).get_data(as_text=True)
        marked = re.findall(r'<a class="site-nav__link" href="[^"]+" aria-current="page"[^>]*>([^<]+)</a>', html)
        assert marked == ([current] if current else []), path


def test_the_overview_says_what_happens_without_a_code(journey, app):
    """QA (phone): an owner who never made a code came back the next day to a start page. Until
    a code is made, the overview says how long the way back lasts without one."""
    journey.start()
    without = "U heeft nog geen code. Zonder code kunt u alleen verder in deze browser, zolang u die niet sluit en niet langer dan 4 uur niets doet."
    assert without in journey.client.get("/zelfevaluatie/overzicht").get_data(as_text=True)
    app.config["SESSION_LIFETIME_MINUTES"] = 90
    assert "niet langer dan 90 minuten niets doet." in journey.client.get("/zelfevaluatie/overzicht").get_data(as_text=True)
    journey.client.post("/zelfevaluatie/opslaan", data={"csrf_token": journey.csrf_token("/zelfevaluatie/opslaan")})
    assert journey.assessment().has_resume_code
    assert "U heeft nog geen code." not in journey.client.get("/zelfevaluatie/overzicht").get_data(as_text=True)


def test_overview_shows_a_status_per_step(journey):
    journey.start()
    html = journey.client.get("/zelfevaluatie/overzicht").get_data(as_text=True)
    assert html.count("Nog niet begonnen") == 7
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee"})
    journey.answer_page("1A", {"beleid": "nee"})
    html = journey.client.get("/zelfevaluatie/overzicht").get_data(as_text=True)
    assert "Ingevuld" in html and "Bezig" in html and html.count("Nog niet begonnen") == 5
    # steps after the first incomplete page are not links yet
    assert 'href="/zelfevaluatie/vraag/2A"' not in html
    assert "Bekijk uw resultaat" not in html
    for page_id, answers in FULL_JOURNEY[1:]:
        journey.answer_page(page_id, answers)
    html = journey.client.get("/zelfevaluatie/overzicht").get_data(as_text=True)
    # QA: with every step filled in, the overview led only to the summary
    assert 'href="/zelfevaluatie/samenvatting">Controleer uw antwoorden' in html
    assert 'href="/zelfevaluatie/resultaat">Bekijk uw resultaat' in html


def test_summary_change_link_returns_to_the_summary(journey):
    """QA (screen reader): the button said "Volgende" and led to the top of the summary, 45
    Tabs from the answer just changed. It says where it goes, and lands at the changed page's
    answers."""
    journey.start()
    for page_id, answers in FULL_JOURNEY:
        journey.answer_page(page_id, answers)
    summary = journey.client.get("/zelfevaluatie/samenvatting").get_data(as_text=True)
    assert 'href="/zelfevaluatie/vraag/1B?terug=samenvatting#vraag-integratie"' in summary
    assert '<h3 class="summary-page" id="pagina-1B">' in summary
    shown = journey.client.get("/zelfevaluatie/vraag/1B?terug=samenvatting").get_data(as_text=True)
    assert 'value="next">Opslaan en terug naar uw antwoorden</button>' in shown
    assert 'value="next">Volgende</button>' in journey.client.get("/zelfevaluatie/vraag/1B").get_data(as_text=True)
    form = journey.page_form("1B", terug="samenvatting")
    assert form["terug"] == "samenvatting"
    response = journey.client.post(
        "/zelfevaluatie/vraag/1B", data={**form, "integratie": "4", "action": "next"}
    )
    assert location(response) == "/zelfevaluatie/samenvatting#pagina-1B"
    assert journey.answers()["integratie"] == 4


def test_from_the_summary_of_an_unfinished_assessment_the_button_says_next(journey):
    """With questions open on another page the post goes there, not back to the summary: the
    button keeps saying "Volgende" then."""
    journey.start()
    for page_id, answers in FULL_JOURNEY[:3]:
        journey.answer_page(page_id, answers)
    first = FULL_JOURNEY[0][0]
    shown = journey.client.get(f"/zelfevaluatie/vraag/{first}?terug=samenvatting").get_data(as_text=True)
    assert 'value="next">Volgende</button>' in shown and "Opslaan en terug" not in shown


def test_the_summary_lists_several_chosen_options_one_per_line(journey):
    """QA (English visitor): several options were joined with commas, and labels may hold
    commas themselves ("products, raw materials or services abroad (import), We have products
    made…"), so one could not see where a choice ended. Each is now an item of its own, in the
    order chosen, as in the PDF; a single choice stays plain text."""
    journey.start()
    for page_id, answers in FULL_JOURNEY:
        journey.answer_page(page_id, answers)
    summary = journey.client.get("/zelfevaluatie/samenvatting").get_data(as_text=True)
    assert ('<dd class="summary-list__value"><ul class="summary-list__choices"><li>Grondstoffen</li><li>Transport</li></ul></dd>'
            in summary)
    journey.answer_page("2A", {"s2_inzicht": "2", "ketens": ["productie"]})
    summary = journey.client.get("/zelfevaluatie/samenvatting").get_data(as_text=True)
    assert '<dd class="summary-list__value">Productie</dd>' in summary and "summary-list__choices" not in summary


def test_a_change_that_brings_in_questions_goes_straight_to_them(journey):
    """A finished assessment, changed from the summary so that a later page appears: the
    visitor goes to that page (and then back to the summary), not through the finished
    pages in between."""
    journey.start()
    for page_id, answers in FULL_JOURNEY:
        if page_id == "2A":
            answers = {**answers, "ketens": ["grondstoffen"]}  # no transport: 2C-transport is skipped
        if page_id != "2C-transport":
            journey.answer_page(page_id, answers)
    form = journey.page_form("2A", terug="samenvatting")
    response = journey.client.post(
        "/zelfevaluatie/vraag/2A", data={**form, "s2_inzicht": "2", "ketens": ["grondstoffen", "transport"], "action": "next"}
    )
    # Straight to the new question (QA, phone: on a long page it was far below, unmarked).
    assert location(response) == "/zelfevaluatie/vraag/2C-transport?terug=samenvatting&nieuw=vervoerders#nieuw-vervoerders"
    page = journey.client.get(location(response)).get_data(as_text=True)
    assert 'id="vraag-vervoerders"' in page
    # marked where it is, right above it (QA, accessibility: the message at the top was out of sight)
    assert re.search(r'<p class="new-question" id="nieuw-vervoerders">.*?Deze vraag is bijgekomen door uw antwoord.</p>\s*<div[^>]*id="vraag-vervoerders"', page, re.S)
    # one new question is said as one (QA, English walk)
    assert "Door uw antwoord is er een vraag bijgekomen." in page
    response = journey.answer_page("2C-transport", {"vervoerders": "nee"}, terug="samenvatting")
    assert location(response) == "/zelfevaluatie/samenvatting#pagina-2C-transport"


def test_an_optional_question_left_empty_is_not_marked_new(database_url, tmp_path):
    """QA (review): a change from the summary that brings in a question marked every unanswered
    question of the page it leads to as new, an optional one left empty before included (and
    said "vragen" for one)."""
    folder = tmp_path / "questionnaire"
    shutil.copytree(WEB_QUESTIONNAIRE, folder)
    step = folder / "stap-1-beleid.yaml"
    step.write_text(step.read_text(encoding="utf-8").replace("  - id: 1B\n", (
        "      - id: opmerking\n        type: text\n        text: Wilt u nog iets kwijt?\n        required: false\n"
        "  - id: 1B\n"), 1), encoding="utf-8")
    app = create_app(make_test_config(database_url, QUESTIONNAIRE_PATH=str(folder)))
    journey = Journey(app.test_client(), app)
    journey.start()
    for page_id, answers in FULL_JOURNEY:
        if page_id == "intake-profiel":
            answers = {**answers, "import": "nee"}
        elif page_id == "1A":
            answers = {"beleid": "papier"}  # "opmerking" left empty
        journey.answer_page(page_id, answers)
    response = journey.answer_page("intake-profiel", {**dict(FULL_JOURNEY)["intake-profiel"], "import": "ja"}, terug="samenvatting")
    assert location(response) == "/zelfevaluatie/vraag/1A?terug=samenvatting&nieuw=leveranciers#nieuw-leveranciers"
    html = journey.client.get(location(response)).get_data(as_text=True)
    assert re.findall(r'id="nieuw-([^"]+)"', html) == ["leveranciers"]
    assert "Door uw antwoord is er een vraag bijgekomen." in html
    app.extensions["mvo_store"].engine.dispose()


def test_the_keep_alive_address_renews_a_session_and_says_when_there_is_none(journey, app):
    """QA (flows): "Ik ben er nog" asked for the page itself and took any redirect for an ended
    session: a page put out of turn by someone else's change said "Uw sessie is gestopt", and
    the redirect used up a message meant for the next page. The script asks /sessie now."""
    assert journey.client.get("/zelfevaluatie/sessie").status_code == 401  # no assessment here
    journey.start()
    assert journey.answer_page(*FULL_JOURNEY[0]).status_code == 303
    assert journey.client.get("/zelfevaluatie/sessie").status_code == 204  # re-signed as any page (security.refresh_session)
    # a page of this browser now out of turn changes nothing: the session is alive
    assert journey.client.get("/zelfevaluatie/vraag/6A").status_code == 303
    assert journey.client.get("/zelfevaluatie/sessie").status_code == 204


def test_back_from_the_summary_goes_straight_to_the_open_questions(journey):
    """QA (flows): from the summary, a page saved while questions stood open elsewhere led on
    page after page through finished ones to reach them. It goes straight to the first page
    with open questions and says why."""
    journey.start()
    for page_id, answers in FULL_JOURNEY[:4]:  # up to 2A; 2B still open
        journey.answer_page(page_id, answers)
    response = journey.answer_page("1A", {"beleid": "nee", "leveranciers": "ja"}, terug="samenvatting")
    assert location(response) == "/zelfevaluatie/vraag/2B?terug=samenvatting"
    page = journey.client.get(location(response)).get_data(as_text=True)
    assert "Op deze pagina staan nog vragen zonder antwoord." in page and 'class="new-question"' not in page


def test_a_condition_on_an_earlier_page_is_applied_on_the_server(journey):
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee"})
    html = journey.client.get("/zelfevaluatie/vraag/1A").get_data(as_text=True)
    assert re.search(r'id="vraag-leveranciers"[^>]*hidden', html)
    # answering the page without the hidden question is complete
    assert journey.answer_page("1A", {"beleid": "nee"}).status_code == 303


@pytest.mark.parametrize("first", ["ja", "nee"], ids=["shown-first", "hidden-first"])
def test_whether_a_question_starts_hidden_follows_each_visitors_answers(app, first):
    """QA (mutation testing): the markup of a choice question is kept per process
    (widgets.render_question), and whether it starts hidden is part of what is kept. Without
    `hidden` in its key the first page rendered decided for everyone: without JavaScript, a
    visitor whose answers hide "leveranciers" was asked it, or one whose answers ask it never
    saw it. Two visitors of one app, the same (empty) answer to the question, opposite answers
    to the question its condition reads, in both orders: each gets the page of their answers."""
    second = "nee" if first == "ja" else "ja"
    visitors = {}
    for answer in (first, second):
        visitor = Journey(app.test_client(), app)
        visitor.start()
        visitor.answer_page("intake-profiel", {"grootte": "klein", "import": answer})
        visitors[answer] = visitor
    for answer in (first, second, first):
        html = visitors[answer].client.get("/zelfevaluatie/vraag/1A").get_data(as_text=True)
        block = re.search(r'<div class="question" id="vraag-leveranciers"[^>]*>', html).group(0)
        assert bool(re.search(r"\shidden[\s>]", block)) is (answer == "nee"), (answer, block)


def test_a_page_condition_skips_the_page(journey):
    journey.start()
    for page_id, answers in FULL_JOURNEY[:3]:
        journey.answer_page(page_id, answers)
    response = journey.answer_page("2A", {"s2_inzicht": "1", "ketens": ["productie"]})
    assert location(response) == "/zelfevaluatie/vraag/2B"
    response = journey.answer_page("2B", {"risico": "nee"})
    assert location(response) == "/zelfevaluatie/vraag/3A"
    response = journey.client.get("/zelfevaluatie/vraag/2C-transport")
    assert response.status_code == 404
    assert "hoort niet bij uw antwoorden" in response.get_data(as_text=True)


def test_without_javascript_a_question_revealed_on_the_same_page_is_asked_not_an_error(journey):
    journey.start()
    for page_id, answers in FULL_JOURNEY[:4]:
        journey.answer_page(page_id, answers)
    response = journey.answer_page("2B", {"risico": "ja"})
    assert response.status_code == 303
    assert location(response) == "/zelfevaluatie/vraag/2B?nieuw=risico_welk#nieuw-risico_welk"
    assert journey.answers()["risico"] == "ja"
    html = journey.client.get(location(response)).get_data(as_text=True)
    assert "Door uw antwoord is er een vraag bijgekomen." in html
    assert 'id="nieuw-risico_welk"' in html and html.index('id="nieuw-risico_welk"') < html.index('id="vraag-risico_welk"')
    # a question that is not new, or no longer open, is not marked: the address is no licence
    assert 'class="new-question"' not in journey.client.get("/zelfevaluatie/vraag/2B?nieuw=risico").get_data(as_text=True)
    assert not re.search(r'id="vraag-risico_welk"[^>]*hidden', html)
    assert "Fout:" not in html
    # now it is required
    response = journey.answer_page("2B", {"risico": "ja"})
    assert response.status_code == 400 and "Vul een antwoord in." in response.get_data(as_text=True)


def test_with_javascript_the_revealed_question_is_checked_at_once(journey):
    journey.start()
    for page_id, answers in FULL_JOURNEY[:4]:
        journey.answer_page(page_id, answers)
    response = journey.answer_page("2B", {"risico": "ja"}, js=True)
    assert response.status_code == 400
    assert "Vul een antwoord in." in response.get_data(as_text=True)


def test_condition_json_and_outside_answers_are_embedded_for_the_script(journey):
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "ja"})
    html = journey.client.get("/zelfevaluatie/vraag/1A").get_data(as_text=True)
    condition = re.search(r"data-condition='([^']*)'", html).group(1)
    assert json.loads(condition.replace("&#34;", '"')) == {"question": "import", "equals": "ja"}
    answers = re.search(r"data-answers='([^']*)'", html).group(1)
    assert json.loads(answers) == {"import": "ja"}
    assert re.search(r'<script src="/static/js/conditions.js\?v=[0-9a-f]{12}" defer></script>', html)


# --- hidden answers: kept while editing, never shown, exported or counted ---------------------


def _answer_first_step(journey):
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "ja"})
    journey.answer_page("1A", {"beleid": "papier", "leveranciers": "nee"})
    journey.answer_page("1B", {"integratie": "2"})


def test_hidden_answer_is_kept_and_restored_when_the_answer_changes_back(journey):
    _answer_first_step(journey)
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee"})
    assert journey.answers()["leveranciers"] == "nee"  # kept while editing
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "ja"})
    html = journey.client.get("/zelfevaluatie/vraag/1A").get_data(as_text=True)
    assert re.search(r'id="leveranciers-2" name="leveranciers" type="radio" value="nee" checked', html)


def test_hidden_answer_is_not_shown_exported_or_effective(journey, app):
    _answer_first_step(journey)
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee"})
    summary = journey.client.get("/zelfevaluatie/samenvatting").get_data(as_text=True)
    assert "Praat u met leveranciers" not in summary
    download = json.loads(journey.client.get("/zelfevaluatie/antwoorden.json").get_data(as_text=True))
    assert "leveranciers" not in download["answers"]
    q = app.extensions["mvo_questionnaire"]
    assert "leveranciers" not in resolve(q, journey.answers()).effective
    assert download == answers_document(q, journey.answers())


def test_posting_a_hidden_question_does_not_change_its_kept_answer(journey):
    _answer_first_step(journey)
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee"})
    journey.answer_page("1A", {"beleid": "papier", "leveranciers": "ja"})
    assert journey.answers()["leveranciers"] == "nee"


def test_shown_answers_remain_after_a_round_trip(journey):
    _answer_first_step(journey)
    assert journey.answers()["leveranciers"] == "nee"
    summary = journey.client.get("/zelfevaluatie/samenvatting").get_data(as_text=True)
    assert "Praat u met leveranciers" in summary


def test_continue_goes_to_the_first_incomplete_page(journey):
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee"})
    response = journey.client.get("/zelfevaluatie/")
    assert location(response) == "/zelfevaluatie/vraag/1A"


def test_save_button_stores_and_opens_the_save_page(journey):
    journey.start()
    response = journey.answer_page("intake-profiel", {"grootte": "groot"}, action="save")
    assert location(response) == "/zelfevaluatie/opslaan"
    assert journey.answers() == {"grootte": "groot"}


def test_number_field_messages(journey):
    journey.start()
    # The limits are said before anything is typed, as part of the field's description.
    page = journey.client.get("/zelfevaluatie/vraag/intake-profiel").get_data(as_text=True)
    assert '<p class="hint hint--instruction" id="omzet-instruction">Vul een getal in van 0 tot en met 100000.</p>' in page
    assert re.search(r'<input[^>]*id="omzet"[^>]*aria-describedby="omzet-instruction"', page)
    response = journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee", "omzet": "veel"})
    assert response.status_code == 400 and "Vul een getal in, bijvoorbeeld 12 of 12,5." in response.get_data(as_text=True)
    response = journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee", "omzet": "-3"})
    assert "Vul een getal in van 0 tot en met 100000." in response.get_data(as_text=True)
    # QA (right-to-left): Arabic-Indic digits are a number, in digits the site does not read
    for digits in ("\u0664\u0665", "\u06f4\u06f5", "\u096a\u096b"):
        response = journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee", "omzet": digits})
        assert response.status_code == 400
        assert "Gebruik de cijfers 0 tot en met 9, bijvoorbeeld 12 of 12,5." in response.get_data(as_text=True)
    assert journey.answers() == {}
    # "1.500" is fifteen hundred to a Dutch reader: refused, not stored as 1.5 (QA, security)
    response = journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee", "omzet": "1.500"})
    assert response.status_code == 400 and (
        "Schrijf het getal zonder punt, bijvoorbeeld 1500. Een getal met decimalen schrijft u met een komma, "
        "bijvoorbeeld 1,5.") in response.get_data(as_text=True)
    assert journey.answers() == {}
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee", "omzet": "1,5"})
    assert journey.answers()["omzet"] == 1.5


def test_exclusive_option_cannot_be_combined(journey):
    journey.start()
    for page_id, answers in FULL_JOURNEY[:3]:
        journey.answer_page(page_id, answers)
    response = journey.answer_page("2A", {"s2_inzicht": "1", "ketens": ["productie", "weet_niet"]})
    assert response.status_code == 400
    assert "‘Weet ik niet’ kunt u niet combineren met een ander antwoord." in response.get_data(as_text=True)


def test_an_option_checked_twice_is_refused_and_nothing_is_saved(journey):
    """QA (mutation testing): `ketens=grondstoffen&ketens=grondstoffen` must never be stored as
    ["grondstoffen", "grondstoffen"], which the answers-file rules refuse ("an option is chosen
    twice"): the exported file could not be loaded back. The form refuses the repetition itself
    (forms.py, `len(set(values)) != len(values)`) with the message for an option the question
    does not offer; without that check no test failed, as only the later conversion
    (`coerce_answer`) still caught it, with the general "Dit antwoord kunnen we niet verwerken"
    that does not say what was wrong. The post gets the form's error, and the stored answers
    and revision stay as they were."""
    journey.start()
    for page_id, answers in FULL_JOURNEY[:3]:
        journey.answer_page(page_id, answers)
    before, revision = journey.answers(), journey.assessment().revision
    response = journey.answer_page("2A", {"s2_inzicht": "1", "ketens": ["grondstoffen", "grondstoffen"]})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<title>Fout:" in html and 'href="#ketens"' in html
    assert "Dit antwoord kunnen we niet verwerken" not in html  # the form's own refusal, which says why
    assert re.search(r'id="ketens-error"[^>]*>.*?Kies een van de antwoorden die bij deze vraag staan\.', html, re.S)
    assert journey.answers() == before and journey.assessment().revision == revision
    # the same option once is an answer (the refusal is for the repetition, not the option)
    assert journey.answer_page("2A", {"s2_inzicht": "1", "ketens": ["grondstoffen"]}).status_code == 303
    assert journey.answers()["ketens"] == ["grondstoffen"]


def test_text_too_long(journey):
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee"})
    journey.answer_page("1A", {"beleid": "nee"})
    response = journey.answer_page("1B", {"integratie": "1", "toelichting": "x" * 5001})
    assert response.status_code == 400 and "Gebruik maximaal 5000 tekens; u gebruikte er 5001." in response.get_data(as_text=True)


def test_a_control_character_in_a_text_is_refused(journey):
    """QA (security): a NUL posted in a text gave a 500 on PostgreSQL, which cannot store it."""
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee"})
    journey.answer_page("1A", {"beleid": "nee"})
    stored = journey.answers()
    response = journey.answer_page("1B", {"integratie": "1", "toelichting": "a\x00b"})
    assert response.status_code == 400
    # QA (parity): it said the general "Dit antwoord kunnen we niet verwerken", not what was wrong
    assert "In deze tekst staat een onzichtbaar teken dat we niet kunnen bewaren." in response.get_data(as_text=True)
    assert journey.answers() == stored
    journey.answer_page("1B", {"integratie": "1", "toelichting": "regel één\r\n\tregel twee\rdrie"})
    assert journey.answers()["toelichting"] == "regel één\n\tregel twee\ndrie"  # a lone \r is a line end too
    journey.answer_page("1B", {"integratie": "1", "toelichting": "\ufeff"})  # what trim() removes is no answer
    assert journey.answers().get("toelichting") in (None, "")


def test_posted_script_is_escaped(journey):
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee"})
    journey.answer_page("1A", {"beleid": "nee"})
    journey.answer_page("1B", {"integratie": "1", "toelichting": "<script>alert('x')</script>"})
    summary = journey.client.get("/zelfevaluatie/samenvatting").get_data(as_text=True)
    assert "<script>alert" not in summary and "&lt;script&gt;alert" in summary
    page = journey.client.get("/zelfevaluatie/vraag/1B").get_data(as_text=True)
    assert "<script>alert" not in page


def test_help_markdown_is_rendered_and_sanitised(journey):
    journey.start()
    html = journey.client.get("/zelfevaluatie/vraag/intake-profiel").get_data(as_text=True)
    assert "<strong>grondstoffen</strong>" in html
    assert "<script>alert(1)</script>" not in html
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee"})
    html = journey.client.get("/zelfevaluatie/vraag/1A").get_data(as_text=True)
    assert '<a href="https://www.oesorichtlijnen.nl" target="_top" rel="noopener noreferrer">' in html


def test_dont_know_is_set_apart_with_one_divider(journey):
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "middel", "import": "ja"})
    html = journey.client.get("/zelfevaluatie/vraag/1A").get_data(as_text=True)
    # Once, before "Weet ik niet" of the single-choice question; yes/no questions stay inline.
    assert html.count('class="choices__divider"') == 1
    assert html.index('class="choices__divider"') < html.index('value="weet_niet"')
    assert html.index('value="papier"') < html.index('class="choices__divider"')


def conflict_notice(html: str) -> str:
    from test_results import text_of

    notice = re.search(r'<div class="notification notification--warning" role="alert".*?</div>', html, re.S).group(0)
    return text_of(notice).replace(" :", ":")  # text_of puts a space after the link


def adviser_beside(journey: Journey, app: Any, pages: int = 4) -> Journey:
    """The entrepreneur has answered the first `pages` pages; the adviser opens the same
    assessment in a browser of their own (as with the code)."""
    journey.start()
    for page_id, answers in FULL_JOURNEY[:pages]:
        journey.answer_page(page_id, answers)
    adviser = Journey(app.test_client(), app)
    with adviser.client.session_transaction() as session:
        session["assessment"] = journey.assessment().id
    return adviser


def test_two_people_on_different_pages_do_not_get_in_each_others_way(journey, app):
    """The entrepreneur and the adviser (the same assessment, two browsers) each save another
    page: the second save is stale by revision, but nothing on its page changed in between, so
    it is saved on top of the first, and both answers are kept. On the same page the second
    one is still told (409) and its answers are kept on screen."""
    adviser = adviser_beside(journey, app)
    adviser_1b = adviser.page_form("1B")
    adviser_2a = adviser.page_form("2A")
    response = journey.answer_page("2A", {"s2_inzicht": "3", "ketens": ["grondstoffen"]})
    assert response.status_code == 303
    response = adviser.client.post("/zelfevaluatie/vraag/1B", data={**adviser_1b, "integratie": "4", "action": "next"})
    assert response.status_code == 303, response.get_data(as_text=True)[:400]
    stored = journey.answers()
    assert stored["integratie"] == 4 and stored["s2_inzicht"] == 3 and stored["ketens"] == ["grondstoffen"]
    # the same page: the adviser's stale 2A would undo the entrepreneur's answers there
    response = adviser.client.post("/zelfevaluatie/vraag/2A", data={**adviser_2a, "s2_inzicht": "1", "ketens": ["productie"], "action": "next"})
    assert response.status_code == 409 and 'value="productie" checked' in response.get_data(as_text=True)
    assert journey.answers()["s2_inzicht"] == 3
    # QA: the notice did not say what the other person changed, so "Volgende" again undid it unseen
    notice = conflict_notice(response.get_data(as_text=True))
    assert "Deze antwoorden op deze pagina zijn intussen ergens anders opgeslagen:" in notice
    assert "Hoeveel inzicht heeft u in uw ketens?: 3" in notice
    assert "Welke ketens heeft u in kaart gebracht?: Grondstoffen" in notice
    # each answer in its own direction: a Hebrew text ran left to right here (QA, review)
    assert '<span dir="auto">Grondstoffen</span>' in response.get_data(as_text=True)
    # only the answers that differ: the same 2A with the entrepreneur's s2_inzicht names ketens only
    response = adviser.client.post("/zelfevaluatie/vraag/2A", data={**adviser_2a, "s2_inzicht": "3", "ketens": ["productie"], "action": "next"})
    notice = conflict_notice(response.get_data(as_text=True))
    assert "Dit antwoord op deze pagina is intussen ergens anders opgeslagen: Welke ketens" in notice
    # the link goes to the question's first field (QA: to its block, which takes no focus)
    assert '<a href="#ketens">Welke ketens heeft u in kaart gebracht?</a>' in response.get_data(as_text=True)
    assert "inzicht" not in notice


def test_the_conflict_names_only_what_someone_else_changed(journey, app):
    """QA (adviser): the conflict page compared the stored answers with what was sent, so an
    answer this tab had changed itself was also said to be "ergens anders opgeslagen". It now
    names the answers that differ from what this page showed."""
    adviser = adviser_beside(journey, app)
    adviser_2a = adviser.page_form("2A")
    # the entrepreneur changes s2_inzicht only; ketens stays ["grondstoffen", "transport"]
    assert journey.answer_page("2A", {"s2_inzicht": "3", "ketens": ["grondstoffen", "transport"]}).status_code == 303
    response = adviser.client.post("/zelfevaluatie/vraag/2A", data={**adviser_2a, "s2_inzicht": "1", "ketens": ["productie"], "action": "next"})
    assert response.status_code == 409
    notice = conflict_notice(response.get_data(as_text=True))
    assert "Dit antwoord op deze pagina is intussen ergens anders opgeslagen: Hoeveel inzicht heeft u in uw ketens?: 3" in notice
    assert "ketens heeft u" not in notice
    # the page shown again carries the fingerprint of what is stored now: sent again, it saves
    again = {**adviser_2a, "revision": hidden_value(response.get_data(as_text=True), "revision"),
             "pagina": hidden_value(response.get_data(as_text=True), "pagina")}
    assert adviser.client.post("/zelfevaluatie/vraag/2A", data={**again, "s2_inzicht": "1", "ketens": ["productie"], "action": "next"}).status_code == 303
    assert journey.answers()["ketens"] == ["productie"]


def test_an_answer_changed_elsewhere_that_this_tab_left_alone_is_taken_over_not_erased(journey, app):
    """QA (sittings): two browsers on one page each answered a different question; the second
    got the conflict page, which still showed the other question as this tab had shown it
    (empty), so sending it again erased the other person's answer. An answer this tab did not
    change is now shown as it is stored, and only answers changed on both sides are a choice."""
    adviser = adviser_beside(journey, app)
    adviser_2a = adviser.page_form("2A")
    # the entrepreneur changes s2_inzicht only (2 -> 3); the adviser changes ketens only
    assert journey.answer_page("2A", {"s2_inzicht": "3", "ketens": ["grondstoffen", "transport"]}).status_code == 303
    response = adviser.client.post("/zelfevaluatie/vraag/2A", data={**adviser_2a, "s2_inzicht": "2", "ketens": ["productie"], "action": "next"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    notice = conflict_notice(html)
    assert "intussen ergens anders opgeslagen:" not in notice  # nothing to choose between
    assert "Dit antwoord had u niet veranderd. Het staat hieronder zoals het intussen is opgeslagen: Hoeveel inzicht" in notice
    assert re.search(r'name="s2_inzicht" type="radio" value="3" checked', html), "the entrepreneur's answer is shown"
    assert 'value="productie" checked' in html  # this tab's own change stays on screen
    again = {**adviser_2a, "revision": hidden_value(html, "revision"), "pagina": hidden_value(html, "pagina")}
    response = adviser.client.post("/zelfevaluatie/vraag/2A", data={**again, "s2_inzicht": "3", "ketens": ["productie"], "action": "next"})
    assert response.status_code == 303
    assert journey.answers()["s2_inzicht"] == 3 and journey.answers()["ketens"] == ["productie"]


def test_a_question_that_an_answer_given_elsewhere_takes_away_is_named_not_dropped(journey, app):
    """QA (adviser): the adviser had 1A open when the entrepreneur said, on the intake, that the
    company does not import; the adviser's changed answer to the import question on 1A was
    dropped without a word (the question was hidden by then), and the rest saved. Now nothing is
    saved and the page says which answer went."""
    adviser = adviser_beside(journey, app, pages=2)
    adviser_1a = adviser.page_form("1A")
    assert journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee", "omzet": "2,5"}).status_code == 303
    response = adviser.client.post("/zelfevaluatie/vraag/1A", data={**adviser_1a, "beleid": "nee", "leveranciers": "nee", "action": "next"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert ("Door een antwoord dat ergens anders is gegeven, wordt deze vraag niet meer gesteld. Uw antwoord erop is "
            "niet bewaard: Praat u met leveranciers uit het buitenland over mens en milieu?: Nee") in conflict_notice(html)
    # and by which answer (QA, adviser: "een antwoord dat ergens anders is gegeven" did not say which)
    assert "Dat komt door het antwoord op de vraag ‘Koopt u producten in uit het buitenland?’." in conflict_notice(html)
    assert journey.answers()["beleid"] == "papier" and journey.answers()["leveranciers"] == "ja"  # nothing saved
    assert 'value="nee" checked' in html  # the adviser's own answer to beleid stays on screen
    again = {**adviser_1a, "revision": hidden_value(html, "revision"), "pagina": hidden_value(html, "pagina")}
    assert adviser.client.post("/zelfevaluatie/vraag/1A", data={**again, "beleid": "nee", "action": "next"}).status_code == 303
    assert journey.answers()["beleid"] == "nee"
    # a question taken away that this post left as it was is no reason to stop: saved on top of
    # the other's change, as before (QA, review: the whole fingerprint was compared, so it was a
    # conflict that named nothing)
    assert journey.answer_page("intake-profiel", {"grootte": "klein", "import": "ja", "omzet": "2,5"}).status_code == 303
    adviser_1a = adviser.page_form("1A")  # shows leveranciers again, with the "ja" kept for it
    assert journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee", "omzet": "2,5"}).status_code == 303
    response = adviser.client.post("/zelfevaluatie/vraag/1A", data={**adviser_1a, "beleid": "papier", "leveranciers": "ja", "action": "next"})
    assert response.status_code == 303
    assert journey.answers()["beleid"] == "papier" and journey.answers()["import"] == "nee"


def test_a_question_that_an_answer_given_elsewhere_brings_in_is_named_not_an_error(journey, app):
    """QA (adviser): a question brought onto the open page by someone else's answer came back as
    the visitor's own error ("Fout: … Kies een antwoord"), a question they had never seen."""
    adviser = adviser_beside(journey, app, pages=1)
    assert journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee", "omzet": "2,5"}).status_code == 303
    adviser_1a = adviser.page_form("1A")
    assert journey.answer_page("intake-profiel", {"grootte": "klein", "import": "ja", "omzet": "2,5"}).status_code == 303
    response = adviser.client.post("/zelfevaluatie/vraag/1A", data={**adviser_1a, "beleid": "papier", "action": "next"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert ("Door een antwoord dat ergens anders is gegeven, staat deze vraag nu ook op deze pagina: Praat u met "
            "leveranciers uit het buitenland over mens en milieu?") in conflict_notice(html)
    assert "Kies een antwoord" not in html  # no error of the visitor
    # marked in the form too (QA, accessibility)
    assert re.search(r'<p class="new-question" id="nieuw-leveranciers">.*?Deze vraag is bijgekomen door een antwoord dat '
                     r'ergens anders is gegeven\.</p>', html)
    again = {**adviser_1a, "revision": hidden_value(html, "revision"), "pagina": hidden_value(html, "pagina")}
    response = adviser.client.post("/zelfevaluatie/vraag/1A", data={**again, "beleid": "papier", "leveranciers": "ja", "action": "next"})
    assert response.status_code == 303
    assert journey.answers()["beleid"] == "papier" and journey.answers()["leveranciers"] == "ja"
    # "Vorige" and "Opslaan" ask no answer of the new question: saved on top, as before
    for action in ("previous", "save"):
        journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee", "omzet": "2,5"})
        journey.answer_page("1A", {"beleid": "papier"})
        adviser_1a = adviser.page_form("1A")
        assert journey.answer_page("intake-profiel", {"grootte": "klein", "import": "ja", "omzet": "2,5"}).status_code == 303
        response = adviser.client.post("/zelfevaluatie/vraag/1A", data={**adviser_1a, "beleid": "nee", "action": action})
        assert response.status_code == 303, action
        assert journey.answers()["beleid"] == "nee", action


def test_a_question_this_posts_own_answer_shows_is_not_said_to_come_from_elsewhere(journey, app):
    """QA (browser): two tabs on one page; the first saved "ja" with its follow-up answered; the
    second, opened before, chose "ja" too and saw the follow-up appear (the script) and sent
    it empty. The conflict said "Door een antwoord dat ergens anders is gegeven, staat deze
    vraag nu ook op deze pagina", of a question its own answer had shown. It says what the
    other tab stored, and takes it over."""
    adviser = adviser_beside(journey, app)
    journey.answer_page("2B", {"risico": "nee"})
    adviser_2b = adviser.page_form("2B")
    assert journey.answer_page("2B", {"risico": "ja", "risico_welk": "Kinderarbeid bij katoen"}).status_code == 303
    response = adviser.client.post("/zelfevaluatie/vraag/2B", data={**adviser_2b, "risico": "ja", "js": "1", "action": "next"})
    assert response.status_code == 409
    notice = conflict_notice(response.get_data(as_text=True))
    assert "ergens anders is gegeven" not in notice and "Welke risico's zijn dat?" in notice
    assert 'id="nieuw-risico_welk"' not in response.get_data(as_text=True)
    assert journey.answers()["risico_welk"] == "Kinderarbeid bij katoen"  # nothing saved over it
    # QA (review): when the other tab left that question open too, there is nothing to take
    # over or name: it is this visitor's to answer (a 409 that named nothing came back)
    journey.answer_page("2B", {"risico": "nee"})
    adviser_2b = adviser.page_form("2B")
    assert journey.answer_page("2B", {"risico": "ja"}, action="save").status_code == 303
    response = adviser.client.post("/zelfevaluatie/vraag/2B", data={**adviser_2b, "risico": "ja", "js": "1", "action": "next"})
    assert response.status_code == 400 and "Vul een antwoord in." in response.get_data(as_text=True)


def test_an_answer_changed_elsewhere_to_what_this_post_sends_is_no_conflict(journey, app):
    """QA (review): the other tab changed a question of this page to exactly what this tab
    sends, and this tab changed another question too: the 409 named nothing (no answer would
    be overwritten), and asked to check and send again. It is saved on top, as when nothing on
    the page changed elsewhere; a real difference is still a conflict."""
    adviser = adviser_beside(journey, app, pages=10)
    adviser_6a = adviser.page_form("6A")
    assert journey.answer_page("6A", {"s6_herstel": "2", "klachten": "ja", "klachten_hoe": "mail"}).status_code == 303
    sent = {**adviser_6a, "s6_herstel": "2", "klachten": "ja", "klachten_hoe": "formulier", "action": "next"}
    assert adviser.client.post("/zelfevaluatie/vraag/6A", data=sent).status_code == 303
    assert journey.answers()["s6_herstel"] == 2 and journey.answers()["klachten_hoe"] == "formulier"
    stale = adviser.page_form("6A")
    assert journey.answer_page("6A", {"s6_herstel": "3", "klachten": "ja", "klachten_hoe": "formulier"}).status_code == 303
    response = adviser.client.post("/zelfevaluatie/vraag/6A", data={**stale, "s6_herstel": "1", "klachten": "ja",
                                                                     "klachten_hoe": "mail", "action": "next"})
    assert response.status_code == 409 and "Hoe goed is herstel geregeld?" in conflict_notice(response.get_data(as_text=True))


def test_a_stale_page_sent_back_unchanged_goes_on_without_a_conflict(journey, app):
    """QA (sittings): "Vorige" on a page someone else had changed since, with nothing changed
    here, gave the conflict page; the post carries no change of its own, so it goes where it was
    asked to and stores nothing (the other's answer stays)."""
    adviser = adviser_beside(journey, app)
    adviser_2a = adviser.page_form("2A")
    assert journey.answer_page("2A", {"s2_inzicht": "3", "ketens": ["grondstoffen", "transport"]}).status_code == 303
    revision = journey.assessment().revision
    shown = dict(FULL_JOURNEY)["2A"]
    response = adviser.client.post("/zelfevaluatie/vraag/2A", data={**adviser_2a, **shown, "action": "previous"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/zelfevaluatie/vraag/1B")
    assert journey.answers()["s2_inzicht"] == 3 and journey.assessment().revision == revision
    # Next as well: on to the page after it
    response = adviser.client.post("/zelfevaluatie/vraag/2A", data={**adviser_2a, **shown, "action": "next"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/zelfevaluatie/vraag/2B")
    assert journey.answers()["s2_inzicht"] == 3


def test_a_stale_page_sent_back_unchanged_announces_no_question_its_old_answers_would_show(journey, app):
    """QA (review): sent back unchanged, the stale answers (risico=ja) seemed to bring in
    risico_welk, though what is stored now (risico=nee, from someone else) hides it: the visitor
    was sent back with "er is een vraag bijgekomen" and no question to see."""
    adviser = adviser_beside(journey, app)
    assert journey.answer_page("2B", {"risico": "ja"}, action="save").status_code == 303  # risico_welk open
    stale = adviser.page_form("2B")
    assert journey.answer_page("2B", {"risico": "nee"}).status_code == 303  # someone else
    revision = journey.assessment().revision
    response = adviser.client.post("/zelfevaluatie/vraag/2B", data={**stale, "risico": "ja", "risico_welk": "", "action": "next"})
    assert response.status_code == 303 and "nieuw=" not in location(response), location(response)
    assert "Door uw antwoord is er" not in adviser.client.get(location(response), follow_redirects=True).get_data(as_text=True)
    assert journey.answers()["risico"] == "nee" and journey.assessment().revision == revision


def test_a_stale_empty_page_sent_back_unchanged_is_no_error(journey, app):
    """QA (flows): two browsers had the empty page open; one answered it; the other pressed
    "Volgende" on its unchanged, empty page and got "Kies een antwoord" for answers that are
    stored. What is stored decides: it goes on."""
    adviser = adviser_beside(journey, app, pages=2)
    empty = adviser.page_form("1B")
    assert journey.answer_page("1B", dict(FULL_JOURNEY)["1B"]).status_code == 303
    response = adviser.client.post("/zelfevaluatie/vraag/1B", data={**empty, "action": "next"})
    assert response.status_code == 303 and location(response).endswith("/zelfevaluatie/vraag/2A"), response.status_code
    assert journey.answers()["integratie"] == 3


def test_an_answer_a_post_hides_is_not_taken_for_a_change_of_its_own(journey, app):
    """QA (review): a question the post hides carries the stored answer, someone else's, and was
    counted as this tab's change: "Vorige" on an unchanged page got the conflict page."""
    adviser = adviser_beside(journey, app)
    assert journey.answer_page("2B", {"risico": "nee"}).status_code == 303
    stale = adviser.page_form("2B")
    assert journey.answer_page("2B", {"risico": "ja", "risico_welk": "Kinderarbeid"}).status_code == 303  # someone else
    response = adviser.client.post("/zelfevaluatie/vraag/2B", data={**stale, "risico": "nee", "action": "previous"})
    assert response.status_code == 303 and location(response).endswith("/zelfevaluatie/vraag/2A")
    assert journey.answers()["risico"] == "ja" and journey.answers()["risico_welk"] == "Kinderarbeid"


def test_an_answer_taken_over_never_hides_this_tabs_own_change(journey, app):
    """QA (review): this tab changed risico_welk, someone else answered risico "nee"; taking that
    over hid risico_welk, so this tab's change vanished unnamed and sending again lost it. Then
    nothing is taken over and the other's answer is named as a choice."""
    adviser = adviser_beside(journey, app)
    assert journey.answer_page("2B", {"risico": "ja", "risico_welk": "Kinderarbeid"}).status_code == 303
    stale = adviser.page_form("2B")
    assert journey.answer_page("2B", {"risico": "nee"}).status_code == 303  # someone else
    response = adviser.client.post("/zelfevaluatie/vraag/2B", data={**stale, "risico": "ja", "risico_welk": "Gedwongen arbeid", "action": "save"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    notice = conflict_notice(html)
    # the button that was pressed (QA, flows: it said ‘Volgende’ after "Opslaan")
    assert "kies opnieuw ‘Opslaan en later verdergaan’ om ze op te slaan" in notice
    assert "Kiest u opnieuw ‘Opslaan en later verdergaan’?" in notice
    assert "Dit antwoord op deze pagina is intussen ergens anders opgeslagen: Kent u ernstige risico's in uw keten?: Nee" in notice
    assert "had u niet veranderd" not in notice
    assert "Gedwongen arbeid" in html and not re.search(r'id="vraag-risico_welk"[^>]*hidden', html)
    assert journey.answers()["risico"] == "nee"


def test_a_page_sent_after_someone_else_added_earlier_questions_is_saved_not_lost(journey, app):
    """The adviser changes the intake so that a question appears on an earlier page while the
    entrepreneur is filling in a later one. The later page is then no longer next in line, but
    what was typed there is still valid: it is saved, and the entrepreneur is sent to the new
    question with a word on why. A page that was never in turn still saves nothing (409)."""
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee", "omzet": "2"})
    journey.answer_page("1A", {"beleid": "papier"})
    journey.answer_page("1B", {"integratie": "3"})
    entrepreneur_2a = journey.page_form("2A")
    adviser = Journey(app.test_client(), app)
    with adviser.client.session_transaction() as session:
        session["assessment"] = journey.assessment().id
    response = adviser.answer_page("intake-profiel", {"grootte": "klein", "import": "ja", "omzet": "2"})
    assert response.status_code == 303
    response = journey.client.post(
        "/zelfevaluatie/vraag/2A", data={**entrepreneur_2a, "s2_inzicht": "2", "ketens": ["transport"], "action": "next"}
    )
    assert response.status_code == 303 and response.headers["Location"] == "/zelfevaluatie/vraag/1A"
    stored = journey.answers()
    assert stored["import"] == "ja" and stored["s2_inzicht"] == 2 and stored["ketens"] == ["transport"]
    html = journey.client.get("/zelfevaluatie/vraag/1A").get_data(as_text=True)
    assert "Uw antwoorden zijn opgeslagen. Intussen zijn er eerdere antwoorden veranderd" in html
    # sent again with the current revision, the page is plainly out of turn: nothing is saved
    response = journey.client.post(
        "/zelfevaluatie/vraag/3A", data={**journey.page_form("1A"), "s3_aanpak": "1", "actieplan": "ja", "action": "next"}
    )
    assert response.status_code == 409 and "s3_aanpak" not in journey.answers()


@pytest.mark.parametrize("revision", ["9" * 26, "-" + "9" * 20, str(2**31), "+1", " 1 ", "1_0", "\u0661", ""])
def test_a_revision_that_is_no_revision_is_refused_and_saves_nothing(journey, revision):
    """QA (security): `revision=99999999999999999999999999` overflowed the database's integer
    in the driver: a 500 for anyone. A revision is ASCII digits within the column's range (int()
    also took signs, spaces, underscores and other scripts' digits); anything else is a 400."""
    journey.start()
    response = journey.answer_page("intake-profiel", {"grootte": "klein", "import": "ja"}, revision=revision)
    assert response.status_code == 400
    assert journey.answers() == {} and journey.assessment().revision == 1


def test_answers_fitted_to_a_new_questionnaire_version_are_fitted_once(journey, store):
    """QA (mutation testing, fourth round): an assessment begun under an older questionnaire
    version is fitted to the current one on its first page, which says so once ("De vragenlijst
    is bijgewerkt sinds u begon"). The stored version then becomes the current one: the next
    pages neither fit the answers again nor repeat the message."""
    updated = "De vragenlijst is bijgewerkt sinds u begon."
    record = store.create("voorbeeld", "0.9", {"grootte": "klein", "import": "ja", "vervallen_vraag": "ja"})
    with journey.client.session_transaction() as session:
        session["assessment"] = record.id
    first = journey.client.get("/zelfevaluatie/vraag/intake-profiel")
    assert first.status_code == 200 and first.get_data(as_text=True).count(updated) == 1
    fitted = store.get(record.id)
    assert fitted.questionnaire_version == "1.0" and fitted.answers == {"grootte": "klein", "import": "ja"}
    assert fitted.revision == record.revision + 1
    for path in ("/zelfevaluatie/vraag/1A", "/zelfevaluatie/samenvatting"):
        page = journey.client.get(path)
        assert page.status_code == 200 and updated not in page.get_data(as_text=True), path
    assert store.get(record.id).revision == fitted.revision


def test_a_page_whose_fitting_lost_to_another_tabs_save_shows_what_is_stored(journey, app, store, monkeypatch):
    """QA (mutation testing, fourth round): two tabs open an assessment begun under an older
    questionnaire version at the same moment. The other tab fits it first and saves an answer
    while this tab's fitting is on its way, so this tab's fitting finds a newer revision and is
    not stored. Its page then shows the answers as stored now (and their revision, so that
    sending it is no conflict), not the ones it read before the other tab's save."""
    record = store.create("voorbeeld", "0.9", {"grootte": "klein", "import": "ja", "vervallen_vraag": "ja"})
    other = Journey(app.test_client(), app)
    for client in (journey.client, other.client):
        with client.session_transaction() as session:
            session["assessment"] = record.id
    original = store.save_answers
    started: list[bool] = []
    interleaved: list[int] = []

    def save_answers(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("questionnaire_version") is not None and not started:
            # This tab has read the assessment and is about to store it fitted: the other tab's
            # requests (its page, fitting the answers, then its answer sent) come first.
            # (In a thread of their own, as a server runs them: not inside this request's context.)
            started.append(True)
            thread = threading.Thread(target=lambda: interleaved.append(
                other.answer_page("intake-profiel", {"grootte": "groot", "import": "nee"}, action="save").status_code
            ))
            thread.start()
            thread.join(timeout=30)
        return original(*args, **kwargs)

    monkeypatch.setattr(store, "save_answers", save_answers)
    page = journey.client.get("/zelfevaluatie/vraag/intake-profiel")
    assert interleaved == [303] and page.status_code == 200
    stored = store.get(record.id)
    assert stored.questionnaire_version == "1.0" and stored.answers == {"grootte": "groot", "import": "nee"}
    assert stored.revision == record.revision + 2  # fitted once (by the other tab), then its answer
    html = page.get_data(as_text=True)
    assert hidden_value(html, "revision") == str(stored.revision)
    assert re.search(r'value="groot"[^>]* checked', html) and not re.search(r'value="klein"[^>]* checked', html)
