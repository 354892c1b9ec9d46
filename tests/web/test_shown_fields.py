"""A GET shows stored answers through `ShownField`s, a POST through the WTForms form: both must
look the same, or a page would change between showing an answer and showing it again after an
error. For every page of the shipped questionnaire, in both languages, and random stored
answers, the two give the same data and the same markup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import WEB_QUESTIONNAIRE, WEB_QUESTIONNAIRE_TRANSLATIONS, make_test_config
from mvo_assessment.forms import WIDGET_MACROS, page_form_class, shown_fields
from mvo_assessment.model import Question

ROOT = Path(__file__).resolve().parents[2]


# The shipped questionnaire, and the web tests' one, which has every question type.
QUESTIONNAIRES = {
    "shipped": (ROOT / "questionnaires", ROOT / "translations"),
    "web-tests": (WEB_QUESTIONNAIRE, WEB_QUESTIONNAIRE_TRANSLATIONS),
}


@pytest.fixture(scope="module", params=sorted(QUESTIONNAIRES))
def real_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from mvo_assessment import create_app

    folder, translations = QUESTIONNAIRES[request.param]
    database = tmp_path_factory.mktemp("shown") / "shown.sqlite3"
    config = make_test_config(
        f"sqlite:///{database}", QUESTIONNAIRE_PATH=str(folder), QUESTIONNAIRE_TRANSLATIONS=str(translations)
    )
    application = create_app(config)
    yield application
    application.extensions["mvo_store"].engine.dispose()


def answer_for(question: Question) -> st.SearchStrategy[Any]:
    """Any answer the store could hold for the question, or none."""
    values = [option.value for option in question.options]
    if question.type == "multiple":
        answer: st.SearchStrategy[Any] = st.lists(st.sampled_from(values), unique=True, min_size=1)
    elif question.type in ("single", "yesno"):
        answer = st.sampled_from(values)
    elif question.type == "scale":
        answer = st.integers(int(question.min or 0), int(question.max or 0))
    elif question.type == "number":
        answer = st.one_of(st.integers(0, 10**9), st.floats(0, 10**6, allow_nan=False).map(lambda x: round(x, 3)))
    else:
        answer = st.text(max_size=60)
    return st.one_of(st.none(), answer)


@st.composite
def page_and_answers(draw: st.DrawFn, questionnaire: Any) -> tuple[Any, dict[str, Any]]:
    page = draw(st.sampled_from(questionnaire.pages))
    answers = {q.id: draw(answer_for(q)) for q in page.questions}
    return page, {key: value for key, value in answers.items() if value is not None}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_shown_fields_render_like_the_bound_form(real_app: Any, language: str) -> None:
    questionnaire = real_app.extensions["mvo_questionnaires"][language]

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(page_and_answers(questionnaire))
    def check(case: tuple[Any, dict[str, Any]]) -> None:
        page, answers = case
        with real_app.test_request_context(f"/zelfevaluatie/vraag/{page.id}?lang={language}"):
            form = page_form_class(page)(formdata=None, data=dict(answers))
            bound = form.question_fields()
            shown = shown_fields(page, answers)
            assert [field.question for field in shown] == [field.question for field in bound]
            for mine, theirs in zip(shown, bound):
                assert mine.data == theirs.data, mine.question.id
                assert mine.name == theirs.name and mine.options == getattr(theirs, "options", [])
                # The macro itself, not render_field's cache, which would hide a difference.
                assert mine.widget(mine) == theirs.widget(theirs), mine.question.id

    check()


def test_every_question_type_is_covered() -> None:
    """The property above means something for every field macro only if the questionnaires it
    runs on have every question type between them."""
    from mvo_assessment.loader import load_questionnaire

    types = {
        question.type for folder, _translations in QUESTIONNAIRES.values() for question in load_questionnaire(folder).questions
    }
    assert types == set(WIDGET_MACROS)
