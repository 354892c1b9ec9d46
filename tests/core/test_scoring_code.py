"""The generated scoring code (scoring_code) agrees with the rules as a loop over the plan.

The generated walk that counts answers on its way gives `resolve`'s visibility, every step's
outcome (level, percentage, counted answers, failed gates, active caps) and the sub-steps of its
unanswered questions equal `scoring.reference_outcome`, and every target equals the interpreted
`target_for`; the generated step functions behind `evaluate_step` agree as well, on random answers to the documented example and the shipped
questionnaire. The recommendation keys are checked against the rules as written in
test_scoring_plan.py; the generated resolve walk in test_compiled.py.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mvo_assessment.loader import load_questionnaire
from mvo_assessment.model import Questionnaire
from mvo_assessment.navigation import resolve
from mvo_assessment.scoring import (
    StepOutcome,
    evaluate_step,
    reference_outcome,
    target_for,
)
from mvo_assessment.scoring_code import compiled_for, scoring_source
from mvo_assessment.scoring_plan import plan_for

from .conftest import EXAMPLE, SHIPPED
from .strategies import answer_sets


@functools.cache
def questionnaires() -> tuple[Questionnaire, ...]:
    return load_questionnaire(EXAMPLE), load_questionnaire(SHIPPED)


ODD_VALUES = st.sampled_from(["", [], "bestaat_niet", 3, 2.0, True, ["bestaat_niet"], "1"])


def outcome_or_error(function: Callable[..., Any], *args: Any) -> Any:
    """The result, or the error an odd answer (text on a scale question) raises: both must match."""
    try:
        return function(*args)
    except (TypeError, ValueError) as error:
        return type(error), str(error)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_steps_agree_with_the_reference(data: st.DataObject) -> None:
    for questionnaire in questionnaires():
        answers = data.draw(answer_sets(questionnaire))
        if data.draw(st.booleans()):  # answers the web layer would not send
            ids = [q.id for q in questionnaire.questions]
            answers.update(data.draw(st.dictionaries(st.sampled_from(ids), ODD_VALUES, max_size=3)))
        visibility = resolve(questionnaire, answers)
        generated = outcome_or_error(compiled_for(questionnaire).assess, answers)
        expected_steps = {}
        for step_plan in plan_for(questionnaire).steps:
            expected_open: list[int] = []
            expected = outcome_or_error(reference_outcome, step_plan, visibility, expected_open)
            assert outcome_or_error(evaluate_step, questionnaire, step_plan.step, visibility) == expected
            expected_steps[step_plan.id] = expected, expected_open
        errors = [outcome for outcome, _ in expected_steps.values() if not isinstance(outcome, StepOutcome)]
        if errors:  # an odd answer that the rules cannot score raises the same error
            assert generated in errors
            continue
        generated_visibility, outcomes, targets, unanswered = generated
        assert generated_visibility == visibility
        assert {step_id: (outcomes[step_id], unanswered[step_id]) for step_id in outcomes} == expected_steps
        for step in questionnaire.steps:
            assert targets[step.id] == target_for(questionnaire, step, visibility.effective)


def test_the_source_is_readable_python() -> None:
    source = scoring_source(questionnaires()[1])
    compile(source, "<scoring>", "exec")
    assert "def assess(answers):" in source and "# question s1_beleid" in source
