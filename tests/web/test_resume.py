"""Save and resume with a code, download and upload of answers, deleting."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from conftest import FULL_JOURNEY, hidden_value, html_without_csrf_token, make_test_config

from mvo_assessment import create_app, persistence
from mvo_assessment.persistence import normalise_code


def make_code(journey) -> tuple[str, str]:
    token = journey.csrf_token("/zelfevaluatie/opslaan")
    response = journey.client.post("/zelfevaluatie/opslaan", data={"csrf_token": token})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    code = re.search(r'<p class="code" id="code"[^>]*>([^<]+)</p>', html).group(1)
    link = re.search(r'<p class="resume-link"><a href="([^"]+)">', html).group(1)
    return code, link


def lookup(client, code: str):
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/hervatten").get_data(as_text=True)).group(1)
    return client.post("/hervatten", data={"csrf_token": token, "code": code})


def test_save_page_and_code_page(journey):
    journey.start()
    html = journey.client.get("/zelfevaluatie/opslaan").get_data(as_text=True)
    assert "Maak mijn code" in html
    code, link = make_code(journey)
    assert re.fullmatch(r"([A-Z0-9]{4}-){6}[A-Z0-9]{4}", code)
    assert link.startswith("http://localhost/hervatten?code=")
    # Half an hour later the code is not shown again; making a new one is said to stop the old.
    with journey.client.session_transaction() as session:
        shown = session["shown_code"]
        session["shown_code"] = {**shown, "made": shown["made"] - 31 * 60}
    assert "Er is al een code voor deze zelfevaluatie" in journey.client.get("/zelfevaluatie/opslaan").get_data(as_text=True)


def test_the_session_ended_message_leads_to_the_code_only_when_there_is_one(journey):
    """QA (sittings): the question page's "session ended" text said the earlier answers were
    kept and led to the code page, also for a visitor who made no code and so cannot reach them."""
    journey.start()

    def ended_block() -> str:
        html = journey.client.get("/zelfevaluatie/vraag/intake-profiel").get_data(as_text=True)
        return html[html.index("data-session-ended"):html.index("</form>")].split("<form")[0]

    without = ended_block()
    assert "U heeft geen code die nog werkt" in without and 'href="/hervatten"' not in without and 'href="/"' in without
    make_code(journey)
    with_code = ended_block()
    assert "wel bewaard" in with_code and '<a href="/hervatten">Verder met een code</a>' in with_code
    assert "geen code" not in with_code
    # an expired code opens nothing: the page must not send anyone to it (QA, review)
    store = journey.app.extensions["mvo_store"]
    with store.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE assessment SET resume_code_expires_at = '2000-01-01 00:00:00'")
    assert not store.get(journey.assessment().id).has_resume_code
    assert "U heeft geen code die nog werkt" in ended_block()
    # in English, the links keep the language: the session that remembered it has ended
    html = journey.client.get("/zelfevaluatie/vraag/intake-profiel?lang=en").get_data(as_text=True)
    assert '<a href="/?lang=en">To the start page</a>' in html


def test_the_resume_link_takes_the_code_out_of_the_address_at_once(journey, app):
    """QA (privacy): on /hervatten?code=… every request of the page (styles, scripts, the form)
    sent the code along as Referer, into a proxy's log, and the language link repeated it. The
    link now redirects to /hervatten, with the code filled in from the session."""
    journey.start()
    code, link = make_code(journey)
    visitor = app.test_client()
    response = visitor.get(link.removeprefix("http://localhost") + "&lang=en")
    assert response.status_code == 303 and response.headers["Location"] == "/hervatten?lang=en"
    page = visitor.get("/hervatten?lang=en").get_data(as_text=True)
    assert f'value="{code}"' in page and "code=" not in page.replace('name="code"', "")
    token = hidden_value(page, "csrf_token")
    assert visitor.post("/hervatten", data={"csrf_token": token, "code": code}).status_code == 303
    with visitor.session_transaction() as session:
        assert "code_from_link" not in session  # kept no longer than needed


@pytest.mark.parametrize(("query", "location"), [
    ("code=x&endpoint=y", "/hervatten"),
    ("code=x&_external=1", "/hervatten"),
    ("code=x&_external=1&_scheme=javascript", "/hervatten"),
    ("code=x&_anchor=x%22onfocus", "/hervatten"),
    ("code=x&_method=POST&values=1", "/hervatten"),
    ("code=x&lang=en&terug=samenvatting&x=1", "/hervatten?lang=en"),
    ("code=x&lang=xx", "/hervatten"),
])
def test_a_resume_links_other_parameters_go_nowhere(client, query, location):
    """QA (security round 2): every parameter of the link but its code went into url_for, as
    its options too: `?endpoint=` gave a 500, and `?_external=1` and `?_anchor=` were obeyed.
    Only the language goes along, as the link was made (`lang`, when the browser would not get
    it anyway), and the code is still filled in."""
    response = client.get(f"/hervatten?{query}")
    assert response.status_code == 303 and response.headers["Location"] == location
    assert 'value="x"' in client.get(location).get_data(as_text=True)


def test_a_code_or_a_file_warns_that_it_replaces_the_assessment_under_way(journey):
    """QA: an adviser with one company open who resumes another company's code (or loads a
    file) in the same browser loses sight of the first; the pages say so, and how to keep it."""
    for path in ("/hervatten", "/inladen"):
        assert "U bent in deze browser al bezig" not in journey.client.get(path).get_data(as_text=True)
    journey.start()
    for path in ("/hervatten", "/inladen"):
        html = journey.client.get(path).get_data(as_text=True)
        assert "U bent in deze browser al bezig met een zelfevaluatie." in html, path
        assert 'href="/zelfevaluatie/opslaan">Maak eerst een code voor uw huidige antwoorden</a>' in html, path


def test_a_reload_or_a_language_switch_shows_the_same_code(journey, app):
    """The visitor who wrote the code down and then reloads the page (the browser sends the
    form again) or switches to English sees that same code, which keeps working."""
    journey.start()
    code, _link = make_code(journey)
    token = journey.csrf_token("/zelfevaluatie/vraag/intake-profiel")
    resent = journey.client.post("/zelfevaluatie/opslaan", data={"csrf_token": token}).get_data(as_text=True)
    assert f'id="code" aria-describedby="code-uitleg">{code}</p>' in resent
    english = journey.client.get("/zelfevaluatie/opslaan?lang=en").get_data(as_text=True)
    assert f">{code}</p>" in english and "Your code to continue later" in english
    assert f"/hervatten?code={code}&amp;lang=en" in english
    assert lookup(app.test_client(), code).status_code == 303
    # A code replaced in another browser is not shown as if it still worked.
    other = app.test_client()
    with other.session_transaction() as session:
        session["assessment"] = journey.assessment().id
    make_code(type(journey)(other, app))
    assert "Your code to continue later" not in journey.client.get("/zelfevaluatie/opslaan?lang=en").get_data(as_text=True)


def test_the_code_page_takes_back_a_code_just_shared(journey, app):
    """QA (security): for half an hour every post showed the same code again, so a company that
    had just shared its code with someone could not take it back but by deleting everything. The
    code page's "Maak een nieuwe code" makes a new one at once, shuts out whoever opened the
    assessment with the old one, and shows the new code on a page a reload does not change."""
    journey.start()
    old = make_code(journey)[0]
    adviser = app.test_client()
    assert lookup(adviser, old).status_code == 303
    page = journey.client.get("/zelfevaluatie/opslaan").get_data(as_text=True)
    assert "Maak een nieuwe code" in page and 'name="nieuw" value="1"' in page
    token = journey.csrf_token("/zelfevaluatie/opslaan")
    response = journey.client.post("/zelfevaluatie/opslaan", data={"csrf_token": token, "nieuw": "1"})
    assert response.status_code == 303 and response.headers["Location"] == "/zelfevaluatie/opslaan"
    shown = journey.client.get("/zelfevaluatie/opslaan").get_data(as_text=True)
    new = re.search(r'<p class="code" id="code"[^>]*>([^<]+)</p>', shown).group(1)
    assert new != old and "Dit is uw nieuwe code. De vorige code werkt niet meer." in shown
    # QA (accessibility): the message answers a button at the bottom of the page before; it
    # takes focus on the new page, so a screen reader says it
    assert re.search(r'<div class="notification notification--success" role="status" tabindex="-1" data-focus-on-load>\s*<p>Dit is uw nieuwe code', shown)
    assert f">{new}</p>" in journey.client.get("/zelfevaluatie/opslaan").get_data(as_text=True)  # a reload: the same
    assert lookup(app.test_client(), old).status_code == 404 and lookup(app.test_client(), new).status_code == 303
    shut_out = adviser.get("/zelfevaluatie/samenvatting", follow_redirects=True).get_data(as_text=True)
    assert "De code waarmee u deze zelfevaluatie opende, werkt niet meer" in shut_out


def test_a_new_code_asked_for_before_there_was_one_speaks_of_no_earlier_code(journey):
    """QA (review): "De vorige code werkt niet meer" was said when there had been no code."""
    journey.start()
    token = journey.csrf_token("/zelfevaluatie/opslaan")
    response = journey.client.post("/zelfevaluatie/opslaan", data={"csrf_token": token, "nieuw": "1"})
    assert response.status_code == 303
    shown = journey.client.get("/zelfevaluatie/opslaan").get_data(as_text=True)
    assert re.search(r'<p class="code" id="code"[^>]*>[A-Z0-9-]{34}</p>', shown) and "De vorige code" not in shown


@pytest.mark.parametrize("path", ["/zelfevaluatie/opslaan", "/zelfevaluatie/verwijderen", "/zelfevaluatie/starten"])
def test_a_button_posted_with_fields_it_does_not_have_changes_nothing(journey, store, path):
    """QA (security): docs/security.md says every posted field is checked against its form; these
    three buttons took any field. Now a post with another field is a 400 and changes nothing."""
    journey.start()
    record = journey.assessment()
    token = journey.csrf_token("/zelfevaluatie/opslaan")
    response = journey.client.post(path, data={"csrf_token": token, "extra": "1"})
    assert response.status_code == 400
    assert "Het formulier bevatte onbekende gegevens. Er is niets opgeslagen." in response.get_data(as_text=True)
    assert journey.assessment().id == record.id and not store.get(record.id).has_resume_code


def test_resume_in_another_browser(journey, app):
    journey.start()
    for page_id, answers in FULL_JOURNEY[:3]:
        journey.answer_page(page_id, answers)
    code, link = make_code(journey)
    other = app.test_client()
    prefilled = other.get(link.replace("http://localhost", ""), follow_redirects=True).get_data(as_text=True)
    assert f'value="{code}"' in prefilled
    response = lookup(other, code.lower().replace("-", " "))
    assert response.status_code == 303 and response.headers["Location"] == "/zelfevaluatie/vraag/2A"
    page = other.get("/zelfevaluatie/vraag/1B").get_data(as_text=True)
    assert 'value="3" checked' in page


def new_code(journey) -> str:
    """A new code from this browser: past the half hour in which it is shown the same one."""
    with journey.client.session_transaction() as session:
        session.pop("shown_code", None)
    return make_code(journey)[0]


def test_a_new_code_shuts_out_the_browsers_that_came_in_with_the_old_one(journey, app):
    """QA (security): a browser that opened the assessment with a code (an adviser's) kept full
    access, deleting included, after the company made a new code. Now only the code that opens
    the assessment keeps a browser in; the browser that started it is not affected, and the
    browser that makes the new code keeps its access."""
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee"})
    old = make_code(journey)[0]
    adviser = app.test_client()
    assert lookup(adviser, old).status_code == 303
    assert adviser.get("/zelfevaluatie/samenvatting").status_code == 200

    new_code(journey)  # the company makes a new code
    shut_out = adviser.get("/zelfevaluatie/samenvatting", follow_redirects=True).get_data(as_text=True)
    assert "De code waarmee u deze zelfevaluatie opende, werkt niet meer: er is een nieuwe code gemaakt." in shut_out
    # QA (sittings): it said to ask "wie de zelfevaluatie invult" (the company itself, when its own
    # second device was shut out), beside a second message with other reasons
    assert "Vraag de nieuwe code aan wie die maakte. Of maak zelf een nieuwe code" in shut_out
    assert "Begin een nieuwe zelfevaluatie, of ga verder met uw code." not in shut_out
    with adviser.session_transaction() as session:
        assert "assessment" not in session
    assert lookup(adviser, old).status_code == 404
    assert journey.client.get("/zelfevaluatie/samenvatting").status_code == 200  # the company goes on

    # With the new code the adviser is in again; a code the adviser makes keeps the adviser in,
    # and the company, which started the assessment, too.
    code = re.search(r'<p class="code" id="code"[^>]*>([^<]+)</p>', journey.client.get("/zelfevaluatie/opslaan").get_data(as_text=True)).group(1)
    assert lookup(adviser, code).status_code == 303
    with adviser.session_transaction() as session:
        session.pop("shown_code", None)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', adviser.get("/zelfevaluatie/opslaan").get_data(as_text=True)).group(1)
    assert adviser.post("/zelfevaluatie/opslaan", data={"csrf_token": token}).status_code == 200
    assert adviser.get("/zelfevaluatie/samenvatting").status_code == 200
    assert journey.client.get("/zelfevaluatie/samenvatting").status_code == 200


def test_a_page_sent_by_a_browser_whose_code_was_replaced_gives_that_one_reason(journey, app, store):
    """QA (sittings): the page sent after the code was replaced said "Misschien is die
    verwijderd, of is uw sessie verlopen" beside the message that a new code was made."""
    journey.start()
    old = make_code(journey)[0]
    adviser = app.test_client()
    assert lookup(adviser, old).status_code == 303
    page = adviser.get("/zelfevaluatie/vraag/intake-profiel").get_data(as_text=True)
    form = {"csrf_token": hidden_value(page, "csrf_token"), "revision": hidden_value(page, "revision"),
            "pagina": hidden_value(page, "pagina"), "grootte": "groot", "import": "ja", "action": "next"}
    new_code(journey)
    response = adviser.post("/zelfevaluatie/vraag/intake-profiel", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Deze code werkt niet meer" in html and "Er is niets opgeslagen." in html
    assert "er is een nieuwe code gemaakt" in html and "Misschien is die verwijderd" not in html
    assert "grootte" not in journey.answers()


def test_a_browser_that_came_in_with_a_code_keeps_a_file_it_loads_or_an_assessment_it_starts(journey, app):
    """QA (mutation testing, fourth round): a browser that opened an assessment with a code and
    then loads an answers file, or starts anew, works in that new assessment; the code it came
    in with belongs to the assessment it left, so it must not shut it out of the new one ("De
    code waarmee u deze zelfevaluatie opende, werkt niet meer") on its first page."""
    shut_out = "De code waarmee u deze zelfevaluatie opende, werkt niet meer"
    journey.start()
    code = make_code(journey)[0]
    document = json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"grootte": "klein"}}).encode()

    loader = app.test_client()
    assert lookup(loader, code).status_code == 303
    assert upload(loader, document).status_code == 303
    response = loader.get("/zelfevaluatie/")
    assert response.status_code == 303 and response.headers["Location"] == "/zelfevaluatie/vraag/intake-profiel"
    overview = loader.get("/zelfevaluatie/overzicht")
    assert overview.status_code == 200 and shut_out not in overview.get_data(as_text=True)
    with loader.session_transaction() as session:
        assert app.extensions["mvo_store"].get(session["assessment"]).answers == {"grootte": "klein"}

    starter = app.test_client()
    assert lookup(starter, code).status_code == 303
    token = hidden_value(starter.get("/zelfevaluatie/opnieuw").get_data(as_text=True), "csrf_token")
    assert starter.post("/zelfevaluatie/starten", data={"csrf_token": token}).status_code == 303
    response = starter.get("/zelfevaluatie/")
    assert response.status_code == 303 and response.headers["Location"] == "/zelfevaluatie/vraag/intake-profiel"
    page = starter.get("/zelfevaluatie/vraag/intake-profiel")
    assert page.status_code == 200 and shut_out not in page.get_data(as_text=True)
    with starter.session_transaction() as session:
        assert session["assessment"] != journey.assessment().id


def test_wrong_expired_and_deleted_codes_get_the_same_response(journey, app, store):
    journey.start()
    code, _link = make_code(journey)
    other = app.test_client()
    wrong = lookup(other, "AAAA-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    wrong_full = lookup(other, code[:-1] + ("X" if code[-1] != "X" else "Y"))
    record = journey.assessment()
    from datetime import timedelta

    store.set_resume_code(record.id, code, timedelta(seconds=-1))
    expired = lookup(other, code)
    store.set_resume_code(record.id, code, timedelta(days=1))
    store.delete(record.id)
    deleted = lookup(other, code)

    def body(response):
        return html_without_csrf_token(response).replace("AAAA-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH", "CODE")

    for response in (wrong, wrong_full, expired, deleted):
        assert response.status_code == 404
        assert "Deze code kennen we niet, of hij is verlopen." in response.get_data(as_text=True)
    assert body(expired) == body(deleted)
    assert body(wrong_full).replace(code[:-1] + ("X" if code[-1] != "X" else "Y"), "C") == body(expired).replace(code, "C")


def test_a_code_of_another_questionnaire_is_answered_as_an_unknown_code(journey, database_url):
    """Two sites (or two questionnaires of one operator) can share one database: a code made
    on one opens nothing on a site that serves another questionnaire, whose pages could not
    show those answers. It gets exactly the answer of a code that never existed, so it tells
    nobody that the code exists elsewhere (docs/security.md: a wrong, expired, deleted or
    purged code all get the identical 404). QA (mutation testing): dropping the check of
    `questionnaire_id` in resume.lookup failed no test."""
    from mvo_assessment.config import DEFAULT_QUESTIONNAIRE_PATH
    from mvo_assessment.persistence import new_resume_code

    journey.start()
    journey.answer_page(*FULL_JOURNEY[0])
    code, _link = make_code(journey)
    other_site = create_app(make_test_config(database_url, QUESTIONNAIRE_PATH=str(DEFAULT_QUESTIONNAIRE_PATH)))
    try:
        assert other_site.extensions["mvo_questionnaire"].id != journey.app.extensions["mvo_questionnaire"].id
        visitor = other_site.test_client()
        unknown_code = new_resume_code()
        elsewhere = lookup(visitor, code)
        unknown = lookup(visitor, unknown_code)
        assert elsewhere.status_code == unknown.status_code == 404
        # the same page, apart from the code the visitor typed, which is shown back
        # (the CSRF token is left out: it carries the second it was signed in, which may differ)
        assert html_without_csrf_token(elsewhere).replace(code, "X") == html_without_csrf_token(unknown).replace(unknown_code, "X")
        with visitor.session_transaction() as session:
            assert "assessment" not in session
    finally:
        other_site.extensions["mvo_store"].engine.dispose()
    assert lookup(journey.app.test_client(), code).status_code == 303  # the code itself works, on its own site


def test_empty_code_is_a_form_error(client):
    """The field in error is marked invalid, so a screen reader says so on it (QA, screen
    reader: only its error text was linked), and a good form's field is not."""
    response = lookup(client, "  ")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Vul uw code in." in html
    assert 'aria-invalid="true"' in html.split('id="code"', 1)[1].split(">", 1)[0]
    assert "aria-invalid" not in client.get("/hervatten").get_data(as_text=True)


def test_part_of_a_code_is_said_to_be_too_short_and_not_counted_as_a_failure(journey, app):
    """QA: the first three groups of a code (it wraps over lines on a phone) got "Deze code
    kennen we niet", and counted towards the limit of failed tries."""
    journey.start()
    code, _link = make_code(journey)
    other = app.test_client()
    for _attempt in range(12):  # more than RESUME_FAILURES_LIMIT allows failures
        response = lookup(other, code[:14])
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert "Een code heeft 28 letters en cijfers, in groepen van 4. U heeft er 12 ingevuld." in html
        assert "kennen we niet" not in html
    assert "U heeft er 32 ingevuld" in lookup(other, code + "-ABCD").get_data(as_text=True)
    assert lookup(other, code).status_code == 303  # the whole code still works: nothing was counted


def test_a_character_no_code_holds_is_named_and_not_counted_as_a_failure(journey, app):
    """QA (cognitive access): a code copied from paper with an O for a Q (no code holds O, 0, I,
    1, L, 2, Z, 5, S, 8, B or U) got "Deze code kennen we niet" and counted towards the limit of
    failed tries, though it can never match. The character is named, and nothing is counted."""
    journey.start()
    code, _link = make_code(journey)
    other = app.test_client()
    wrong = "O" + code[1:]
    for _attempt in range(12):  # more than RESUME_FAILURES_LIMIT allows failures
        response = lookup(other, wrong)
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert "In een code staan nooit deze tekens: ‘O’. Kijk de code nog eens goed na." in html
        assert "alleen deze tekens: 3 4 6 7 9 A C D E F G H J K M N P Q R T V W X Y." in html
        assert "kennen we niet" not in html
    assert lookup(other, code).status_code == 303


def test_the_session_warning_says_that_without_a_code_the_answers_are_lost(journey):
    """QA (cognitive access): the warning said only that this page's unsaved answers would be
    lost, while without a code every answer is out of reach once the session stops."""
    journey.start()
    said = "U heeft nog geen code. Zonder code kunt u daarna niet meer bij uw antwoorden."
    warning = journey.client.get("/zelfevaluatie/vraag/intake-profiel").get_data(as_text=True)
    warning = warning[warning.index("data-session-warning"):warning.index("data-session-ended")]
    assert said in warning
    make_code(journey)
    page = journey.client.get("/zelfevaluatie/vraag/intake-profiel").get_data(as_text=True)
    assert said not in page


def test_failed_lookups_are_rate_limited(journey, app):
    journey.start()
    code, _link = make_code(journey)
    other = app.test_client()
    for _attempt in range(10):
        assert lookup(other, "AAAA-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH").status_code == 404
    blocked = lookup(other, code)
    assert blocked.status_code == 429
    assert "Te veel pogingen" in blocked.get_data(as_text=True)
    # the default RESUME_FAILURES_LIMIT, 10 per 15 minutes, counted from the first failure
    assert "Wacht 15 minuten en probeer het dan opnieuw." in blocked.get_data(as_text=True)
    assert 840 < int(blocked.headers["Retry-After"]) <= 900
    # another address is not blocked
    third = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', third.get("/hervatten").get_data(as_text=True)).group(1)
    ok = third.post("/hervatten", data={"csrf_token": token, "code": code}, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert ok.status_code == 303


def test_successful_lookups_do_not_count(journey, app):
    journey.start()
    code, _link = make_code(journey)
    other = app.test_client()
    for _attempt in range(12):
        assert lookup(other, code).status_code == 303


def test_the_limit_is_configurable(database_url):
    app = create_app(make_test_config(database_url, RESUME_FAILURES_LIMIT="2 per minute"))
    client = app.test_client()
    assert [lookup(client, "AAAA-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH").status_code for _ in range(3)] == [404, 404, 429]
    app.extensions["mvo_store"].engine.dispose()


def test_code_expiry_is_configurable(database_url):
    app = create_app(make_test_config(database_url, RESUME_CODE_DAYS=0))
    client = app.test_client()
    from conftest import Journey

    journey = Journey(client, app)
    journey.start()
    code, _link = make_code(journey)
    assert lookup(app.test_client(), code).status_code == 404
    app.extensions["mvo_store"].engine.dispose()


def test_plain_code_is_never_in_the_database(journey, store):
    journey.start()
    code, _link = make_code(journey)
    from sqlalchemy import text

    with store.engine.connect() as connection:
        dump = repr([tuple(row) for row in connection.execute(text("SELECT * FROM assessment"))])
    assert normalise_code(code) not in dump and code not in dump


def test_download_contains_only_shown_answers(journey):
    journey.start()
    for page_id, answers in FULL_JOURNEY:
        journey.answer_page(page_id, answers)
    response = journey.client.get("/zelfevaluatie/antwoorden.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    document = json.loads(response.get_data(as_text=True))
    assert document["questionnaire"] == "voorbeeld" and document["version"] == "1.0"
    assert document["answers"]["ketens"] == ["grondstoffen", "transport"]


def upload(client, content: bytes, filename: str = "antwoorden.json"):
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/inladen").get_data(as_text=True)).group(1)
    return client.post(
        "/inladen", data={"csrf_token": token, "bestand": (io.BytesIO(content), filename)}, content_type="multipart/form-data"
    )


def test_upload_restores_the_answers(journey, app):
    journey.start()
    for page_id, answers in FULL_JOURNEY[:4]:
        journey.answer_page(page_id, answers)
    content = journey.client.get("/zelfevaluatie/antwoorden.json").get_data()
    other = app.test_client()
    response = upload(other, content)
    assert response.status_code == 303 and response.headers["Location"] == "/zelfevaluatie/overzicht"
    download = other.get("/zelfevaluatie/antwoorden.json").get_data()
    assert json.loads(download) == json.loads(content)


def test_an_uploaded_text_is_read_as_the_website_reads_a_typed_one(client):
    """Spaces around a text are left out and Windows line ends become one; a text of spaces only
    is no answer, as on a page (code review: from a file it filled a required question)."""
    document = {
        "questionnaire": "voorbeeld", "version": "1.0",
        "answers": {"grootte": "klein", "import": "nee", "beleid": "nee", "integratie": 1,
                    "toelichting": "\ufeff  eerste regel\r\ntweede regel\rderde \n", "risico": "ja",
                    "risico_welk": "\u00a0 \u3000"},
    }
    response = upload(client, json.dumps(document).encode())
    assert response.status_code == 303
    stored = json.loads(client.get("/zelfevaluatie/antwoorden.json").get_data())["answers"]
    # QA (parity): U+FEFF, no-break and ideographic spaces are white space, as for trim() in the
    # page's script; a lone \r is a line end
    assert stored["toelichting"] == "eerste regel\ntweede regel\nderde"
    assert "risico_welk" not in stored


def test_a_refused_answer_says_which_rule_it_breaks_in_the_forms_words(client):
    """QA (parity): the upload named the question and the value but not the rule, where the CLI
    and the form say why; and it put a NUL, an escape and a right-to-left mark from the file
    into the page as they were."""
    document = {
        "questionnaire": "voorbeeld", "version": "1.0",
        "answers": {"grootte": "klein", "import": "nee", "omzet": 100001, "beleid": "nee", "integratie": 1,
                    "toelichting": "a" * 5001, "ketens": ["grondstoffen", "weet_niet"], "leveranciers": 7,
                    "risico": "x\u0000\u001b[31m\u202eevil"},
    }
    response = upload(client, json.dumps(document).encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "In het bestand staat: 100001. Vul een getal in van 0 tot en met 100000." in html
    assert "Gebruik maximaal 5000 tekens; u gebruikte er 5001." in html
    assert "‘Weet ik niet’ kunt u niet combineren met een ander antwoord." in html
    assert "Dat antwoord staat niet bij deze vraag." in html
    assert "In het bestand staat: 7. Dat antwoord staat niet bij deze vraag." in html  # a number for an option
    assert "\u202e" not in html and "\x00" not in html and "\x1b" not in html
    assert "‘x\\x00\\x1b[31m\\u202eevil’" in html


@pytest.mark.parametrize(("answers", "said"), [
    ({"integratie": 6}, "In het bestand staat: 6. Bij deze vraag hoort een heel getal van 0 tot en met 4."),
    ({"integratie": 2.5}, "In het bestand staat: 2.5. Bij deze vraag hoort een heel getal van 0 tot en met 4."),
    ({"ketens": "grondstoffen"}, "In het bestand staat: ‘grondstoffen’. Zet de antwoorden op deze vraag in het bestand in een lijst, tussen [ en ]."),
    ({"ketens": ["grondstoffen", "grondstoffen"]}, "‘Grondstoffen’ staat twee keer in het bestand. Kies elk antwoord één keer."),
    ({"toelichting": 12}, "In het bestand staat: 12. Bij deze vraag hoort een tekst, tussen aanhalingstekens."),
])
def test_a_refused_answer_names_the_rule_the_command_line_names(client, answers, said):
    """QA (answers files): a scale's 6 or 2.5, one option where a list belongs and an option
    chosen twice were all "Dat antwoord staat niet bij deze vraag", a number for a text named no
    rule at all, where `score` names the rule each breaks."""
    document = {"questionnaire": "voorbeeld", "version": "1.0",
                "answers": {"grootte": "klein", "import": "ja", "beleid": "nee", **answers}}
    response = upload(client, json.dumps(document).encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert said in " ".join(html.split()), html[html.find("error-summary"):][:1500]


def test_what_a_refused_file_says_is_cut_short(client):
    """QA: a refused file repeated every made-up key in full (a key of a megabyte made a page of
    two), and put every problem in words although only the first twenty are listed."""
    long_key = "x" * 100_000
    made_up = {long_key: "a", **{f"vraag{i}": "a" for i in range(5000)}}
    response = upload(client, json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": made_up}).encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and len(html) < 50_000
    assert "Er zijn 5001 problemen met dit bestand." in html
    assert "‘" + "x" * 59 + "…’" in html and "x" * 61 not in html
    assert len(re.findall(r"‘vraag\d+’", html)) == 19  # the long key and 19 more are listed; the rest counted


@pytest.mark.parametrize(
    "text, problem",
    [("ha\ud800llo", "Dit is geen tekstbestand dat we kunnen lezen."),
     ("a\u0000b", "Het antwoord op de vraag ‘Wilt u nog iets toelichten?’ kunnen we niet gebruiken.")],
    ids=["lone-surrogate", "nul"],
)
def test_a_text_no_page_can_hold_is_refused_and_nothing_stored(client, store, text, problem):
    """QA (security): half a character was stored on SQLite, after which every page of the
    assessment gave a 500; a NUL gave a 500 on PostgreSQL."""
    document = {"questionnaire": "voorbeeld", "version": "1.0",
                "answers": {"grootte": "klein", "import": "nee", "beleid": "nee", "integratie": 1, "toelichting": text}}
    response = upload(client, json.dumps(document).encode())
    assert response.status_code == 400 and problem in response.get_data(as_text=True)
    from sqlalchemy import text as sql

    with store.engine.connect() as connection:
        assert connection.execute(sql("SELECT count(*) FROM assessment")).scalar() == 0


def error_summary(html: str) -> str:
    found = re.search(r'<div class="error-summary".*?</ul>', html, re.S)
    return found.group(0).replace("&#39;", "'") if found else ""


def test_bad_uploads_store_nothing(client, store):
    bad = {
        "not-json": b"{nope",
        "not-text": b"\x80\x81 geen tekst",
        "utf16-cut-short": b"\xff\xfe{\x00\x00",
        "empty": b"",
        "wrong-version": json.dumps({"questionnaire": "voorbeeld", "version": "9", "answers": {}, "extra": 1}).encode(),
        "wrong-option": json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"grootte": "reus"}}).encode(),
        "unknown-question": json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"x": "y"}}).encode(),
        "twice": b'{"questionnaire": "voorbeeld", "version": "1.0", "answers": {"grootte": "klein", "grootte": "groot"}}',
        "too-deep": b"[" * 100_000 + b"]" * 100_000,
        # QA (command line): read by json, then a RecursionError (a 500) walking it again
        "deep-in-a-round": b'{"questionnaire": "voorbeeld", "version": "1.0", "answers": {}, "earlier_rounds": '
                           b'[{"version": "0.5", "finished": null, "answers": {"x": ' + b"[" * 500 + b"]" * 500 + b"}}]}",
        "huge-number": b'{"questionnaire": "voorbeeld", "version": "1.0", "answers": {"grootte": ' + b"9" * 5000 + b"}}",
        "infinite": b'{"questionnaire": "voorbeeld", "version": "1.0", "answers": {"grootte": 1e999}}',
        "version-twice": b'{"questionnaire": "voorbeeld", "version": "1.0", "version": "1.0", "answers": {}}',
        "sixteen-digits": b'{"questionnaire": "voorbeeld", "version": "1.0", "answers": {"integratie": 1e15}}',
    }
    # What is wrong, in the visitor's words: never the CLI's technical English.
    explained = {
        "not-json": "De inhoud van het bestand is niet te lezen (regel 1, teken 2)",
        "not-text": "Dit is geen tekstbestand dat we kunnen lezen. Heeft u het antwoordbestand zelf bewerkt? Sla het dan op als UTF-8.",
        "utf16-cut-short": "Dit is geen tekstbestand dat we kunnen lezen.",
        "empty": "Het bestand is leeg.",
        # the version first, then what does not belong (QA, B1 editor: unknown keys came first)
        "wrong-version": "Het bestand hoort bij versie 9 van de vragenlijst. Deze website gebruikt versie 1.0.",
        "wrong-option": "Het antwoord op de vraag ‘Hoeveel mensen werken er bij uw bedrijf?’ kunnen we niet gebruiken.",
        "unknown-question": "een antwoord op een vraag die niet in deze vragenlijst staat: ‘x’",
        "twice": "In het bestand staat ‘grootte’ twee keer. Er mag maar één antwoord per vraag in staan.",
        "too-deep": "De inhoud van het bestand is niet te lezen. Misschien",
        "deep-in-a-round": "De inhoud van het bestand is niet te lezen. Misschien",
        "huge-number": "De inhoud van het bestand is niet te lezen. Misschien",
        # QA (contracts): the CLI's English "a number too large to use" stood in the Dutch page,
        # and a key that is no question was said to be one.
        "infinite": "In het bestand staat: een getal dat te groot is. Dat antwoord staat niet bij deze vraag.",
        "version-twice": "In het bestand staat ‘version’ twee keer. Dat mag er maar één keer in staan.",
        # QA (security): it was said as Python writes a float, "1000000000000000.0"
        "sixteen-digits": "In het bestand staat: 1000000000000000. Bij deze vraag hoort een heel getal van 0 tot en met 4.",
    }
    for name, content in bad.items():
        response = upload(client, content)
        assert response.status_code == 400, name
        html = response.get_data(as_text=True)
        # The reason itself is in the error summary, not only behind a closed <details>.
        assert explained[name] in error_summary(html), (name, error_summary(html))
        assert "Er is niets opgeslagen." in error_summary(html)
        if name == "empty":  # not a place in a file that has no places
            assert "regel 1" not in html
        if name == "wrong-version":  # another version alone is read (next test), not with other problems
            assert "In het bestand staan gegevens die niet in een antwoordbestand horen: ‘extra’." in html
        for technical in ("expected", "allowed", "invalid JSON", "answers.", "[version]", "too large"):
            assert technical not in html, (name, technical)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/inladen").get_data(as_text=True)).group(1)
    response = client.post("/inladen", data={"csrf_token": token})
    assert response.status_code == 400 and "Kies het antwoordbestand" in response.get_data(as_text=True)
    from sqlalchemy import text

    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM assessment")).scalar() == 0


def test_the_error_summary_names_the_first_problem_and_how_many_there_are(client):
    """QA: the summary always said "Dit bestand kunnen we niet inlezen"; what was wrong sat in a
    closed "Wat is er mis met het bestand?". One problem is said in the summary; with more, the
    summary gives the first and the number, and the list below holds them all (up to 20)."""
    one = upload(client, json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"grootte": "reus"}}).encode())
    html = one.get_data(as_text=True)
    assert ("Het antwoord op de vraag ‘Hoeveel mensen werken er bij uw bedrijf?’ kunnen we niet gebruiken. "
            "In het bestand staat: ‘reus’. Dat antwoord staat niet bij deze vraag. Er is niets opgeslagen.") in (
        error_summary(html)
    )
    assert "<details" not in html  # nothing more to tell

    answers = {"grootte": "reus", **{f"vraag_{n}": "x" for n in range(24)}}
    many = upload(client, json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": answers}).encode())
    html = many.get_data(as_text=True)
    summary = error_summary(html)
    assert "Er zijn 25 problemen met dit bestand. Het eerste: Het antwoord op de vraag ‘Hoeveel mensen" in summary
    details = html[html.find("<details"):html.find("</details>")]
    assert "Alle problemen met het bestand" in details and details.count("<li>") == 21
    assert "‘vraag_18’" in details and "‘vraag_19’" not in details and "En nog 5 andere problemen." in details

    client.get("/inladen?lang=en")
    html = upload(client, b"{nope").get_data(as_text=True)
    assert "The content of the file cannot be read (line 1, character 2)." in error_summary(html)
    assert "Nothing has been saved." in error_summary(html)


def test_a_file_without_answers_replaces_nothing(journey, store):
    """QA: a file with `"answers": {}` was loaded ("Uw antwoorden zijn ingeladen") and replaced
    the assessment under way with an empty one. Nothing to load is refused, nothing stored;
    the CLI still scores such a file (the contract allows it: test_cli.py)."""
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "ja"})
    current = journey.assessment()
    files = {
        "no answers": ({"version": "1.0", "answers": {}}, "In het bestand staan geen antwoorden."),
        "only null": ({"version": "1.0", "answers": {"grootte": None}}, "In het bestand staan geen antwoorden."),
        "none fit any more": (
            {"version": "0.9", "answers": {"vervallen_vraag": "ja", "grootte": "reus"}},
            "Geen van de antwoorden in het bestand past bij deze versie van de vragenlijst.",
        ),
        # vervoerders only appears when ketens has transport, which the file does not say
        "only hidden answers": (
            {"version": "1.0", "answers": {"vervoerders": "ja"}},
            "De antwoorden in het bestand horen bij vragen die pas verschijnen na andere antwoorden.",
        ),
    }
    for name, (document, explained) in files.items():
        response = upload(journey.client, json.dumps({"questionnaire": "voorbeeld", **document}).encode())
        assert response.status_code == 400, name
        html = response.get_data(as_text=True)
        assert explained in html and "ingeladen" not in html, name
        assert journey.assessment().id == current.id and journey.assessment().answers == current.answers, name
    from sqlalchemy import text

    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM assessment")).scalar() == 1


def test_a_file_saved_as_unicode_by_windows_notepad_is_read(journey, app):
    """QA: Notepad's "Unicode" is UTF-16 with a byte order mark; it was refused as not UTF-8.
    The site reads it as the CLI does (answers.decode_answers_file)."""
    journey.start()
    for page_id, answers in FULL_JOURNEY[:4]:
        journey.answer_page(page_id, answers)
    content = journey.client.get("/zelfevaluatie/antwoorden.json").get_data(as_text=True)
    for encoding in ("utf-16", "utf-32"):  # both with a byte order mark, as Python writes them
        other = app.test_client()
        response = upload(other, content.replace("\n", "\r\n").encode(encoding))
        assert response.status_code == 303, (encoding, response.get_data(as_text=True)[:2000])
        assert json.loads(other.get("/zelfevaluatie/antwoorden.json").get_data()) == json.loads(content)


def test_delete_removes_the_assessment_and_its_code(journey, app, store):
    journey.start()
    code, _link = make_code(journey)
    record = journey.assessment()
    assert "Ja, verwijder mijn antwoorden" in journey.client.get("/zelfevaluatie/verwijderen").get_data(as_text=True)
    token = journey.csrf_token("/zelfevaluatie/verwijderen")
    response = journey.client.post("/zelfevaluatie/verwijderen", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert store.get(record.id) is None
    assert lookup(app.test_client(), code).status_code == 404


def test_upload_problems_are_explained_in_the_visitors_language(client):
    client.get("/?lang=en")  # the choice is kept for the visit
    content = json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"grootte": "reus"}}).encode()
    html = upload(client, content).get_data(as_text=True).replace("&#39;", "'")
    assert "We cannot use the answer to the question ‘How many people work at your business?’." in html, html[html.find("<details"):][:400]
    assert "kunnen we niet" not in html


def test_the_report_or_the_action_list_picked_by_mistake_is_named(journey, store):
    """QA: the PDF report got "Dit is geen tekstbestand… Sla het dan op als UTF-8" and the
    action list "niet te lezen (regel 1, teken 1)": the visitor picked the wrong download of the
    same page, and is told so."""
    from test_results import text_of

    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "ja"})
    before = journey.assessment()
    pdf = upload(journey.client, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "mvo-rapport-2026-11-26.pdf")
    csv = upload(journey.client, "\ufeffPrioriteit;Stap;Actie\n1;Stap 1;Schrijf\n".encode(), "mvo-acties-2026-11-26.csv")
    outcome = upload(journey.client, json.dumps({"questionnaire": {"id": "voorbeeld", "version": "1.0"},
                                                 "steps": [], "actions": [], "follow_up": []}).encode(),
                     "mvo-uitkomst-2026-11-26.json")
    for response, said in (
        (pdf, "Dit is het rapport (PDF). Kies het antwoordbestand: de naam begint meestal met mvo-zelfevaluatie-antwoorden."),
        (csv, "Dit is de actielijst (CSV). Kies het antwoordbestand: de naam begint meestal met mvo-zelfevaluatie-antwoorden."),
        (outcome, "Dit is het resultaat (JSON), niet het antwoordbestand. Kies het bestand waarvan de naam meestal begint "
                  "met mvo-zelfevaluatie-antwoorden."),
    ):
        assert response.status_code == 400
        text = text_of(response.get_data(as_text=True))
        assert f"{said} Er is niets opgeslagen." in text, text
        assert "UTF-8" not in text and "regel 1" not in text
    assert journey.assessment().id == before.id and journey.assessment().answers == before.answers


def test_the_upload_page_names_the_file_as_it_was_downloaded(client):
    """QA: the English page named the Dutch download (mvo-zelfevaluatie-antwoorden.json)."""
    dutch = client.get("/inladen").get_data(as_text=True)
    assert "De naam van het bestand begint meestal met mvo-zelfevaluatie-antwoorden en eindigt op .json." in dutch
    client.get("/?lang=en")
    english = client.get("/inladen").get_data(as_text=True)
    assert ("The file name usually begins with rbc-self-assessment-answers, or with mvo-zelfevaluatie-antwoorden "
            "if you downloaded it in Dutch. It ends in .json.") in english


def test_a_file_of_another_questionnaire_version_keeps_what_still_fits(client, store):
    """After a questionnaire update, a downloaded file is still welcome: answers that fit the
    current version are loaded, the rest left out, and the visitor is told to check them."""
    content = json.dumps({
        "questionnaire": "voorbeeld",
        "version": "0.9",
        "answers": {"grootte": "klein", "import": "ja", "vervallen_vraag": "ja", "beleid": "niet-meer-een-optie"},
    }).encode()
    response = upload(client, content)
    assert response.status_code == 303 and response.headers["Location"] == "/zelfevaluatie/overzicht"
    overview = client.get("/zelfevaluatie/overzicht").get_data(as_text=True)
    assert "2 antwoorden passen niet meer en zijn weggelaten. De andere antwoorden zijn ingeladen" in overview
    with client.session_transaction() as session:
        record = store.get(session["assessment"])
    assert record.answers == {"grootte": "klein", "import": "ja"} and record.questionnaire_version == "1.0"

    # Another version whose answers all still fit: nothing to fill in on that account.
    fitting = json.dumps({"questionnaire": "voorbeeld", "version": "0.9", "answers": {"grootte": "klein"}}).encode()
    assert upload(client, fitting).status_code == 303
    overview = client.get("/zelfevaluatie/overzicht").get_data(as_text=True)
    assert "Alle antwoorden passen nog en zijn ingeladen." in overview and "weggelaten" not in overview

    # A file that does not say its version is not fitted as if it were another one (QA, review)
    unversioned = json.dumps({"questionnaire": "voorbeeld", "answers": {"grootte": "klein"}}).encode()
    response = upload(client, unversioned)
    assert response.status_code == 400
    assert "Het bestand zegt niet bij welke versie van de vragenlijst het hoort." in response.get_data(as_text=True)

    other_questionnaire = json.dumps({"questionnaire": "iets-anders", "version": "0.9", "answers": {}}).encode()
    response = upload(client, other_questionnaire)
    assert response.status_code == 400 and "Het bestand hoort bij een andere vragenlijst." in response.get_data(as_text=True)


def test_a_code_leaves_the_cookie_as_soon_as_it_is_not_needed(journey):
    """QA (privacy): the cookie is signed, not encrypted; the code made here stayed in it until
    the code page was opened again after its half hour, and a resume link's code until the code
    form was sent, while the visitor went elsewhere. Any request now drops them when done."""
    journey.start()
    code = make_code(journey)[0]
    with journey.client.session_transaction() as session:
        assert session["shown_code"]["code"] == code
        session["shown_code"] = {**session["shown_code"], "made": session["shown_code"]["made"] - 31 * 60}
    journey.client.get("/zelfevaluatie/samenvatting")
    with journey.client.session_transaction() as session:
        assert "shown_code" not in session

    other = journey.client.application.test_client()
    assert other.get(f"/hervatten?code={code}").status_code == 303
    assert f'value="{code}"' in other.get("/hervatten").get_data(as_text=True)  # the code page, and
    assert f'value="{code}"' in other.get("/hervatten?lang=en").get_data(as_text=True)  # again in English
    other.get("/static/css/site.css")
    with other.session_transaction() as session:
        assert session.get("code_from_link") == code  # the page's own style sheet keeps it
    other.get("/")
    with other.session_transaction() as session:
        assert "code_from_link" not in session


def test_the_code_is_shown_again_after_someone_else_starts_a_new_round(journey, app):
    """QA (adviser): the company made a code, the adviser opened the assessment with it and
    started round 2; the company's code page then no longer showed the code it had made minutes
    before but offered to make one, which shut the adviser out mid-conversation. The code is
    shown again as long as it opens the assessment, whichever round it was made in."""
    from test_rounds import finish, start_round

    finish(journey)
    code = make_code(journey)[0]
    adviser = app.test_client()
    assert lookup(adviser, code).status_code == 303
    assert start_round(adviser).status_code == 303
    page = journey.client.get("/zelfevaluatie/opslaan").get_data(as_text=True)
    assert f">{code}</p>" in page and "Maak mijn code" not in page


def test_the_code_is_shown_again_after_this_browser_starts_a_new_round(journey):
    """QA (adviser following rounds): the company made a code, then started round 2 itself on
    the results page; its code page then said "Er is al een code …" and offered to replace the
    code it had just shared, although the code opens round 2 (the "Ronde 2 is begonnen" page
    says it keeps working). The code is shown again for the rest of its half hour, no longer."""
    from test_rounds import finish, start_round

    finish(journey)
    code = make_code(journey)[0]
    with journey.client.session_transaction() as session:
        made = session["shown_code"]["made"]
    assert start_round(journey.client).status_code == 303
    assert journey.assessment().round == 2
    page = journey.client.get("/zelfevaluatie/opslaan").get_data(as_text=True)
    assert f">{code}</p>" in page and "Er is al een code" not in page
    with journey.client.session_transaction() as session:  # the same half hour, not a new one
        assert session["shown_code"]["made"] == made
        session["shown_code"] = {**session["shown_code"], "made": made - 31 * 60}
    assert "Er is al een code voor deze zelfevaluatie" in journey.client.get("/zelfevaluatie/opslaan").get_data(as_text=True)


def test_starting_anew_forgets_the_code_made_for_the_assessment_left_behind(journey):
    """Only a next round of the same assessment keeps the code this browser made: a new
    assessment's session holds no code of another (the cookie is signed, not encrypted)."""
    journey.start()
    make_code(journey)
    assert journey.client.post("/zelfevaluatie/starten", data={"csrf_token": journey.csrf_token()}).status_code == 303
    with journey.client.session_transaction() as session:
        assert "shown_code" not in session
    assert "Maak mijn code" in journey.client.get("/zelfevaluatie/opslaan").get_data(as_text=True)


def test_a_code_made_for_one_assessment_is_never_shown_for_another(journey):
    """QA (mutation testing): the code page shows the code made in this browser for half an
    hour, while it still opens this assessment; that last check could be dropped and no test
    failed: after starting anew, the new assessment's code page would show the old one's code
    as its own (and the new one would get none)."""
    import time

    journey.start()
    old_code, _link = make_code(journey)
    old_id = journey.assessment().id
    assert journey.client.post("/zelfevaluatie/starten", data={"csrf_token": journey.csrf_token()}).status_code == 303
    assert journey.assessment().id != old_id
    with journey.client.session_transaction() as session:  # a cookie that still holds it, made a minute ago
        session["shown_code"] = {"code": old_code, "made": time.time() - 60}
    page = journey.client.get("/zelfevaluatie/opslaan").get_data(as_text=True)
    assert old_code not in page
    with journey.client.session_transaction() as session:
        assert "shown_code" not in session


def test_a_resume_links_code_leaves_the_cookie_on_the_next_page(journey, client):
    """QA (mutation testing): a resume link's code is kept in the (signed, not encrypted)
    cookie only to fill in the code page; any other page drops it (docs/security.md). Keeping
    it on the question and results pages failed no test."""
    journey.start()
    code, link = make_code(journey)
    assert client.get(link.replace("http://localhost", "")).status_code in (200, 303)
    with client.session_transaction() as session:
        assert "code_from_link" in session
    for path in ("/zelfevaluatie/vraag/intake-profiel", "/zelfevaluatie/overzicht", "/zelfevaluatie/resultaat"):
        with client.session_transaction() as session:
            session["code_from_link"] = code
        client.get(path)
        with client.session_transaction() as session:
            assert "code_from_link" not in session, path



def test_leaving_on_this_computer_keeps_the_answers_for_the_code(journey, app, store):
    """QA (privacy): on a computer others use too, the next person found "Ga verder waar u
    was", and for half an hour the code itself on the code page; only deleting everything
    ended that. "Afsluiten op deze computer" closes the assessment in this browser and keeps
    the answers, which the code opens again."""
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "ja"})
    code, _link = make_code(journey)
    code_page = journey.client.get("/zelfevaluatie/opslaan").get_data(as_text=True)
    assert 'href="/zelfevaluatie/afsluiten">Sluit dan af op deze computer</a>' in code_page
    assert 'href="/zelfevaluatie/afsluiten">Afsluiten op deze computer</a>' in code_page  # the footer
    record = journey.assessment()
    page = journey.client.get("/zelfevaluatie/afsluiten").get_data(as_text=True)
    assert "Schrijf de code op voordat u afsluit" in page and f'<p class="code">{code}</p>' in page
    token = journey.csrf_token("/zelfevaluatie/afsluiten")
    response = journey.client.post("/zelfevaluatie/afsluiten", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    start = journey.client.get("/").get_data(as_text=True)
    assert "U heeft afgesloten. Op deze computer kan niemand meer verder met uw antwoorden. Met uw code gaat u later verder." in start
    assert "Ga verder waar u was" not in start and "Afsluiten op deze computer" not in start
    for path in ("/zelfevaluatie/", "/zelfevaluatie/opslaan", "/zelfevaluatie/afsluiten", "/zelfevaluatie/antwoorden.json"):
        assert journey.client.get(path).headers["Location"] == "/", path  # nothing open here, the code not shown
    assert store.get(record.id).answers == record.answers  # kept
    other = app.test_client()
    assert lookup(other, code).status_code == 303
    assert other.get("/zelfevaluatie/antwoorden.json").get_json()["answers"] == {"grootte": "klein", "import": "ja"}


def test_leaving_without_a_code_says_first_that_the_answers_cannot_be_opened_again(journey, store):
    journey.start()
    record = journey.assessment()
    page = journey.client.get("/zelfevaluatie/afsluiten").get_data(as_text=True)
    assert "U heeft nog geen code. Zonder code kunt u na het afsluiten niet meer bij uw antwoorden." in page
    assert 'href="/zelfevaluatie/opslaan">Maak eerst een code</a>' in page and "Toch afsluiten" in page
    # the other way for a visitor who does not want to go on: nobody can delete them once closed
    assert "Wilt u niet meer verder met deze antwoorden? Verwijder ze dan." in page
    assert 'href="/zelfevaluatie/verwijderen">Mijn antwoorden verwijderen</a>' in page
    token = journey.csrf_token("/zelfevaluatie/afsluiten")
    start = journey.client.post("/zelfevaluatie/afsluiten", data={"csrf_token": token}, follow_redirects=True).get_data(as_text=True)
    assert "U heeft afgesloten. Op deze computer kan niemand meer verder met uw antwoorden." in start
    assert "Met uw code" not in start and "Ga verder waar u was" not in start
    assert store.get(record.id) is not None  # closed here, not deleted
    # Sent again from a second tab: nothing is open, which is what was asked for (its token is
    # of the session just closed: no "Uw sessie is verlopen" page).
    again = journey.client.post("/zelfevaluatie/afsluiten", data={"csrf_token": token})
    assert again.status_code == 303 and again.headers["Location"] == "/"
    assert "Op deze computer is geen zelfevaluatie meer open." in journey.client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("with_code", [True, False])
def test_a_page_sent_from_another_tab_after_closing_says_so(journey, with_code):
    """QA (review): a question page still open in a second tab, sent after "Sluit af" in the
    first, got "Uw sessie is verlopen. U was een tijd niet actief … Staan cookies uit?". Closed
    without a code, it promised "Dat kan met uw code" (QA, English phone): there is none."""
    journey.start()
    if with_code:
        make_code(journey)
    form = journey.page_form("intake-profiel")
    token = journey.csrf_token("/zelfevaluatie/afsluiten")
    assert journey.client.post("/zelfevaluatie/afsluiten", data={"csrf_token": token}).status_code == 303
    # closed once more from a third tab, where nothing is open any more: said as the first time
    assert journey.client.post("/zelfevaluatie/afsluiten", data={"csrf_token": token}).status_code == 303
    response = journey.client.post("/zelfevaluatie/vraag/intake-profiel", data={**form, "grootte": "klein"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "U heeft afgesloten op deze computer" in html and "Daarom is deze pagina niet opgeslagen." in html
    assert "niet actief" not in html
    if with_code:
        assert "Dat kan met uw code." in html and 'href="/hervatten"' in html
    else:
        assert "U had geen code. Daarom kan niemand meer bij uw antwoorden. U kunt opnieuw beginnen." in html
        assert "code." not in html.replace("geen code.", "") and 'href="/hervatten"' not in html
    # starting anew forgets it: an expired form is then said as such again
    journey.start()
    with journey.client.session_transaction() as session:
        assert "left_here" not in session


# --- behaviour no test protected (QA, mutation testing, fourth round) -------------------------


def test_a_code_works_as_many_days_as_the_page_says(journey, app, store):
    """QA (mutation testing, fourth round): a code stored to work twice as long as the page
    promises ("De code werkt 30 dagen") failed no test: they used codes of 0 days or expired."""
    from sqlalchemy import text

    journey.start()
    before = persistence.utcnow()
    make_code(journey)
    with store.engine.connect() as connection:
        expires = connection.execute(text("SELECT resume_code_expires_at FROM assessment")).scalar_one()
    if isinstance(expires, str):  # SQLite hands back text
        expires = datetime.fromisoformat(expires)
    expires = expires.replace(tzinfo=None) if expires.tzinfo else expires
    promised = before.replace(tzinfo=None) + timedelta(days=app.config["RESUME_CODE_DAYS"])
    assert abs(expires - promised) < timedelta(minutes=1), (expires, promised)


def test_a_session_with_an_assessment_of_another_questionnaire_starts_afresh(journey, store):
    """QA (mutation testing, fourth round): a database shared with another questionnaire (or a
    swapped QUESTIONNAIRE_PATH) could give a session an assessment this site cannot show; only
    the code's way in was tested."""
    other = store.create("een-andere-vragenlijst", "1.0", {"grootte": "klein"})
    with journey.client.session_transaction() as session:
        session["assessment"] = other.id
    response = journey.client.get("/zelfevaluatie/")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    with journey.client.session_transaction() as session:
        assert "assessment" not in session
    assert store.get(other.id) is not None  # not this site's to touch


def test_an_assessment_deleted_elsewhere_leaves_this_browser(journey, store):
    """QA (mutation testing, fourth round): when the assessment was deleted in another browser
    (or purged), this one kept its id in the cookie, and every page kept offering "Afsluiten op
    deze computer" and "Mijn antwoorden verwijderen"."""
    journey.start()
    record = journey.assessment()
    assert store.delete(record.id)
    for _ in range(2):
        start_page = journey.client.get("/").get_data(as_text=True)
        assert "/zelfevaluatie/afsluiten" not in start_page and "/zelfevaluatie/verwijderen" not in start_page
    with journey.client.session_transaction() as session:
        assert "assessment" not in session


def test_deleting_leaves_nothing_of_the_assessment_in_the_cookie(journey):
    """QA (mutation testing, fourth round): without `clear_session` the cookie, which is signed
    but not encrypted, kept the deleted assessment's code in plain text, its id and its token."""
    journey.start()
    make_code(journey)
    token = journey.csrf_token("/zelfevaluatie/verwijderen")
    assert journey.client.post("/zelfevaluatie/verwijderen", data={"csrf_token": token}).status_code == 303
    with journey.client.session_transaction() as session:
        assert set(session) <= {"_flashes", "lang", "deleted_here"}, dict(session)
        # a fingerprint of the visit's form token, to know its pages again; nothing of the assessment
        assert re.fullmatch(r"[0-9a-f]{16}", session["deleted_here"])


def test_a_page_sent_from_another_tab_after_deleting_says_the_answers_are_gone(journey, store):
    """QA (no script): a question page still open in a second tab, sent after "Verwijderen" in
    the first, got "Uw sessie is verlopen … Uw antwoorden van eerdere pagina’s zijn wel bewaard.
    Heeft u een code gemaakt? Dan gaat u daarmee verder": they were gone, and the code too."""
    journey.start()
    make_code(journey)
    record = journey.assessment()
    form = journey.page_form("intake-profiel")
    link = "/zelfevaluatie/vraag/intake-profiel"
    token = journey.csrf_token("/zelfevaluatie/verwijderen")
    assert journey.client.post("/zelfevaluatie/verwijderen", data={"csrf_token": token}).status_code == 303
    journey.client.get("/")  # the first tab shows the start page and its message
    response = journey.client.post("/zelfevaluatie/vraag/intake-profiel", data={**form, "grootte": "klein"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<h1>Uw antwoorden zijn verwijderd</h1>" in html
    assert "Daarom is deze pagina niet opgeslagen. Ook uw antwoorden van eerdere pagina’s zijn weg. Een code werkt niet meer." in html
    assert "bewaard" not in html and 'href="/hervatten"' not in html
    assert store.get(record.id) is None
    # a link says nothing of which assessment it was of: the start page, as before
    assert journey.client.get(link).headers["Location"] == "/"
    # starting anew forgets it: an expired form is then said as such again
    journey.start()
    with journey.client.session_transaction() as session:
        assert "deleted_here" not in session


def test_a_page_of_an_assessment_left_behind_is_not_told_it_was_deleted(journey, app, store):
    """QA (review): started anew in this browser and then deleted, the new assessment's deletion
    was said to a page of the one left behind, still open in another tab ("Ook uw antwoorden
    van eerdere pagina’s zijn weg. Een code werkt niet meer"), whose code still opened it."""
    journey.start()
    code, _link = make_code(journey)
    left_behind = journey.assessment()
    form = journey.page_form("intake-profiel")
    token = journey.csrf_token("/zelfevaluatie/opnieuw")
    assert journey.client.post("/zelfevaluatie/starten", data={"csrf_token": token}).status_code == 303
    token = journey.csrf_token("/zelfevaluatie/verwijderen")
    assert journey.client.post("/zelfevaluatie/verwijderen", data={"csrf_token": token}).status_code == 303
    journey.client.get("/")  # the first tab shows the start page and its message
    html = journey.client.post("/zelfevaluatie/vraag/intake-profiel", data={**form, "grootte": "klein"}).get_data(as_text=True)
    assert "verwijderd" not in html and "Een code werkt niet meer" not in html
    assert "Uw antwoorden van eerdere pagina’s zijn wel bewaard." in html and 'href="/hervatten"' in html
    assert store.get(left_behind.id) is not None and lookup(app.test_client(), code).status_code == 303


def test_a_question_page_says_without_the_script_when_the_session_ends(journey):
    """QA (no script): the warning before the session ends is shown by the script only; without
    it nothing on a question page said so, and a visitor without a code lost everything."""
    journey.start()
    html = journey.client.get("/zelfevaluatie/vraag/intake-profiel").get_data(as_text=True)
    notice = html[html.index("<noscript>"):html.index("</noscript>")]
    assert "Doet u 4 uur niets op deze website? Dan stopt uw sessie." in notice
    assert "Zonder code kunt u daarna niet meer bij uw antwoorden. Stopt u even? Kies dan ‘Opslaan en later verdergaan’." in notice
    make_code(journey)
    html = journey.client.get("/zelfevaluatie/vraag/intake-profiel").get_data(as_text=True)
    notice = html[html.index("<noscript>"):html.index("</noscript>")]
    assert "Met uw code gaat u daarna verder." in notice and "Zonder code" not in notice


def test_the_question_pages_notice_without_the_script_says_this_sites_session_lifetime(database_url):
    """QA (mutation testing, sixth round): the <noscript> line was tested with the default 240
    minutes only, so a fixed "4 uur" went unnoticed. It says the site's SESSION_LIFETIME_MINUTES."""
    from conftest import Journey

    app = create_app(make_test_config(database_url, SESSION_LIFETIME_MINUTES=90))
    try:
        journey = Journey(app.test_client(), app)
        journey.start()
        html = journey.client.get("/zelfevaluatie/vraag/intake-profiel").get_data(as_text=True)
        notice = html[html.index("<noscript>"):html.index("</noscript>")]
        assert "Doet u 90 minuten niets op deze website? Dan stopt uw sessie." in notice
    finally:
        app.extensions["mvo_store"].engine.dispose()


def test_an_expired_code_form_after_starting_anew_is_said_to_have_expired(journey):
    """QA (mutation testing, fourth round): after this browser started anew, an expired form for
    a code (or a file, or a start) is "Formulier verlopen … probeer het nog een keer", not "Deze
    pagina hoort bij een eerdere zelfevaluatie": those forms belong to no assessment."""
    journey.start()
    old_token = journey.csrf_token("/hervatten")
    token = journey.csrf_token("/zelfevaluatie/opnieuw")
    assert journey.client.post("/zelfevaluatie/starten", data={"csrf_token": token}).status_code == 303
    response = journey.client.post("/hervatten", data={"csrf_token": old_token, "code": "AAAA"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Formulier verlopen" in html
    assert "hoort bij een eerdere zelfevaluatie" not in html


def test_an_upload_without_a_chosen_file_asks_for_one(client):
    """QA (mutation testing, fourth round): a browser that sends the form without a chosen file
    sends an empty part named "": only a form without the part was tested."""
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/inladen").get_data(as_text=True)).group(1)
    response = client.post("/inladen", data={"csrf_token": token, "bestand": (io.BytesIO(b""), "")},
                           content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Kies het antwoordbestand dat u eerder heeft gedownload." in html
    # QA (screen reader): the field in error is marked invalid, not only described by its error
    assert 'aria-invalid="true"' in html.split('id="bestand"', 1)[1].split(">", 1)[0]
    assert "aria-invalid" not in client.get("/inladen").get_data(as_text=True)


@pytest.mark.parametrize("kind", ["field", "file"])
def test_the_upload_and_the_close_button_refuse_fields_they_do_not_have(journey, store, kind):
    """QA (mutation testing, fourth round): the check of posted fields on /inladen (a field, or a
    second file) and on /zelfevaluatie/afsluiten could go without a test failing."""
    extra: dict[str, Any] = {"extra": "1"} if kind == "field" else {"tweede": (io.BytesIO(b"{}"), "tweede.json")}
    journey.start()
    record = journey.assessment()
    token = journey.csrf_token("/inladen")
    content = json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"grootte": "groot"}}).encode()
    response = journey.client.post("/inladen", data={"csrf_token": token, "bestand": (io.BytesIO(content), "a.json"), **extra},
                                   content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Het formulier bevatte onbekende gegevens. Er is niets opgeslagen." in response.get_data(as_text=True)
    assert journey.assessment().id == record.id
    if "extra" in extra:
        closed = journey.client.post("/zelfevaluatie/afsluiten", data={"csrf_token": token, **extra})
        assert closed.status_code == 400 and journey.assessment().id == record.id  # still open here


def test_a_wrong_code_from_a_link_leaves_the_cookie_at_once(journey, app):
    """QA (mutation testing, fourth round): the code of a resume link is kept in the cookie only
    until the form is sent; after a wrong one it stayed until the next other page."""
    client = app.test_client()
    client.get("/hervatten?code=AAAA-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    with client.session_transaction() as session:
        assert "code_from_link" in session
    lookup(client, "AAAA-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    with client.session_transaction() as session:
        assert "code_from_link" not in session


def test_a_code_marked_as_made_in_the_future_is_not_shown_again(journey):
    """QA (mutation testing, fourth round): the half hour in which the code page shows a code
    again counted only the past; a time ahead (a clock that differs between servers) kept it."""
    journey.start()
    make_code(journey)
    with journey.client.session_transaction() as session:
        session["shown_code"] = {**session["shown_code"], "made": session["shown_code"]["made"] + 3600}
    page = journey.client.get("/zelfevaluatie/opslaan").get_data(as_text=True)
    assert "Er is al een code voor deze zelfevaluatie" in page and '<p class="code"' not in page
