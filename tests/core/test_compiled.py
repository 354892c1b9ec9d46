"""The fast paths agree with the rules as written (issue 8's optimisations changed no result).

- `compile_condition(c)(answers) == evaluate(c, answers)` for random conditions and answers,
  including the awkward values (empty text, empty lists, numbers as text, booleans, None);
- so does the expression `condition_source(c)` that generated code inlines;
- `resolve` through its generated walk equals the plain walk written with `evaluate`;
- the per-question score tables of the scoring plan give exactly `question_score`.
"""

from __future__ import annotations

import functools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mvo_assessment.conditions import (
    compile_condition,
    condition_source,
    evaluate,
    is_answered,
)
from mvo_assessment.loader import load_questionnaire
from mvo_assessment.model import AllOf, AnyOf, Compare, Condition, Not, Questionnaire
from mvo_assessment.navigation import Visibility, resolve
from mvo_assessment.scoring import QuestionScore, question_score
from mvo_assessment.scoring_plan import plan_for

from .conftest import EXAMPLE, SHIPPED
from .strategies import answer_sets

QUESTIONS = ["a", "b", "c"]
SCALARS = st.one_of(st.sampled_from(["", "ja", "nee", "1", "2,5"]), st.integers(-3, 3), st.sampled_from([0.5, 2.0]))
ANSWER = st.one_of(
    st.none(), st.booleans(), SCALARS, st.lists(st.sampled_from(["", "ja", "nee", "x"]), max_size=3),
)


def comparisons() -> st.SearchStrategy[Condition]:
    question = st.sampled_from(QUESTIONS)
    return st.one_of(
        st.builds(Compare, question, st.just("equals"), SCALARS),
        st.builds(Compare, question, st.just("in"), st.lists(SCALARS, min_size=1, max_size=3).map(tuple)),
        st.builds(Compare, question, st.just("contains"), st.sampled_from(["ja", "x", ""])),
        st.builds(Compare, question, st.sampled_from(["gt", "gte", "lt", "lte"]), st.one_of(st.integers(-2, 2), st.just(1.5))),
        st.builds(Compare, question, st.just("answered"), st.booleans()),
    )


CONDITIONS = st.recursive(
    comparisons(),
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=3).map(lambda cs: AllOf(tuple(cs))),
        st.lists(children, min_size=1, max_size=3).map(lambda cs: AnyOf(tuple(cs))),
        children.map(Not),
    ),
    max_leaves=6,
)


@settings(max_examples=400, deadline=None)
@given(condition=CONDITIONS, answers=st.dictionaries(st.sampled_from(QUESTIONS), ANSWER))
def test_compiled_conditions_agree_with_evaluate(condition: Condition, answers: dict[str, Any]) -> None:
    assert compile_condition(condition)(answers) == evaluate(condition, answers)


@settings(max_examples=400, deadline=None)
@given(condition=CONDITIONS, answers=st.dictionaries(st.sampled_from(QUESTIONS), ANSWER))
def test_condition_source_agrees_with_evaluate(condition: Condition, answers: dict[str, Any]) -> None:
    names: dict[str, Any] = {}

    def constant(value: Any) -> str:
        names[f"_C{len(names)}"] = value
        return f"_C{len(names) - 1}"

    source = f"def test(answers):\n    return {condition_source(condition, 'answers', constant)}\n"
    exec(compile(source, "<condition>", "exec"), names)  # noqa: S102
    assert names["test"](answers) == evaluate(condition, answers)


def reference_resolve(questionnaire: Questionnaire, answers: dict[str, Any]) -> Visibility:
    """The walk as first written: evaluate every condition, keep answered shown questions."""
    effective: dict[str, Any] = {}
    sections, pages, questions = set(), [], set()
    for section in questionnaire.sections:
        if not evaluate(section.condition, effective):
            continue
        sections.add(section.id)
        for page in section.pages:
            if not evaluate(page.condition, effective):
                continue
            shown = False
            for question in page.questions:
                if not evaluate(question.condition, effective):
                    continue
                shown = True
                questions.add(question.id)
                if is_answered(answers.get(question.id)):
                    effective[question.id] = answers[question.id]
            if shown:
                pages.append(page.id)
    return Visibility(frozenset(sections), tuple(pages), frozenset(questions), effective)


@functools.cache
def shipped() -> Questionnaire:
    return load_questionnaire(SHIPPED)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_resolve_agrees_with_the_plain_walk(data: st.DataObject) -> None:
    for questionnaire in (load_questionnaire(EXAMPLE), shipped()):
        answers = data.draw(answer_sets(questionnaire))
        assert resolve(questionnaire, answers) == reference_resolve(questionnaire, answers)


def test_score_tables_give_question_score() -> None:
    for questionnaire in (load_questionnaire(EXAMPLE), shipped()):
        plan = plan_for(questionnaire)
        for question in questionnaire.questions:
            question_plan = plan.questions[question.id]
            values = [o.value for o in question.options] + ["onbekend", 3, 3.0, True, ["x"]]
            values += [[o.value] for o in question.options]
            if question.type == "scale":
                values += list(range(int(question.min or 0), int(question.max or 0) + 1)) + [1.5]
            for value in values:
                try:
                    expected = question_score(question, value)
                except (TypeError, ValueError):
                    continue
                entry = question_plan.entry(value)
                found = None if entry is None else QuestionScore(entry.question, entry.score, entry.share, entry.dont_know)
                assert found == expected, (question.id, value)
