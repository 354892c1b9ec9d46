"""The shipped questionnaire (questionnaires/) works in the site: every page renders and a generic
visitor can answer all the way to the summary."""

from __future__ import annotations

from typing import Any

from conftest import Journey, make_test_config

from mvo_assessment import create_app
from mvo_assessment.config import DEFAULT_QUESTIONNAIRE_PATH
from mvo_assessment.model import Question


def generic_answer(question: Question) -> Any:
    if question.type in ("single", "yesno"):
        return question.options[0].value
    if question.type == "multiple":
        return [question.options[0].value]
    if question.type in ("scale", "number"):
        return str(int(question.min if question.min is not None else 0))
    return "Een toelichting."


def test_the_real_questionnaire_can_be_completed(database_url):
    app = create_app(make_test_config(database_url, QUESTIONNAIRE_PATH=str(DEFAULT_QUESTIONNAIRE_PATH)))
    q = app.extensions["mvo_questionnaire"]
    assert len(q.steps) == 6
    journey = Journey(app.test_client(), app)
    response = journey.start()
    seen = []
    for _ in range(len(q.pages) + 1):
        target = response.headers["Location"]
        if target.endswith("/samenvatting"):
            break
        page_id = target.split("/vraag/")[1].split("?")[0]
        page = q.page(page_id)
        html = journey.client.get(target).get_data(as_text=True)
        assert html.count("<h1") == 1
        answers = {question.id: generic_answer(question) for question in page.questions}
        response = journey.answer_page(page_id, answers, js=True)
        assert response.status_code == 303, (page_id, response.get_data(as_text=True)[:2000])
        seen.append(page_id)
    assert response.headers["Location"].endswith("/samenvatting"), seen
    summary = journey.client.get("/zelfevaluatie/samenvatting")
    assert summary.status_code == 200 and "U heeft alle vragen beantwoord" in summary.get_data(as_text=True)
    app.extensions["mvo_store"].engine.dispose()


def test_none_of_these_cannot_be_ticked_with_another_option(database_url):
    """"Geen van deze" beside "import" says two opposite things about the chain, and the chain
    decides the target levels. The website refuses the combination in the visitor's words, marks
    the option for the script that unticks the others, and stores nothing."""
    app = create_app(make_test_config(database_url, QUESTIONNAIRE_PATH=str(DEFAULT_QUESTIONNAIRE_PATH)))
    q = app.extensions["mvo_questionnaire"]
    journey = Journey(app.test_client(), app)
    journey.start()
    profile = q.page("intake-profiel")
    journey.answer_page("intake-profiel", {question.id: generic_answer(question) for question in profile.questions})
    answers = {question.id: generic_answer(question) for question in q.page("intake-keten").questions}
    html = journey.client.get("/zelfevaluatie/vraag/intake-keten").get_data(as_text=True)
    assert 'name="keten_buitenland" type="checkbox" value="geen" data-exclusive>' in html
    before = journey.answers()
    response = journey.answer_page("intake-keten", {**answers, "keten_buitenland": ["import", "geen"]})
    assert response.status_code == 400
    assert "‘Geen van deze’ kunt u niet combineren met een ander antwoord." in response.get_data(as_text=True)
    assert journey.answers() == before
    assert journey.answer_page("intake-keten", {**answers, "keten_buitenland": ["geen"]}).status_code == 303
    app.extensions["mvo_store"].engine.dispose()
