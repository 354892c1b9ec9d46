"""The condition language: truth tables per operator, the missing-answer rule, logic laws, parsing."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mvo_assessment.conditions import ConditionError, evaluate, parse, to_json
from mvo_assessment.loader import load_questionnaire
from mvo_assessment.model import AllOf, AnyOf, Compare, Not
from mvo_assessment.navigation import resolve

ANSWERS: dict[str, Any] = {"kleur": "rood", "lijst": ["a", "b"], "getal": 5, "tekst": "hallo", "leeg": ""}

TRUTH_TABLE = [
    ({"question": "kleur", "equals": "rood"}, True),
    ({"question": "kleur", "equals": "blauw"}, False),
    ({"question": "getal", "equals": 5}, True),
    ({"question": "getal", "equals": 5.0}, True),
    ({"question": "kleur", "in": ["blauw", "rood"]}, True),
    ({"question": "kleur", "in": ["blauw"]}, False),
    ({"question": "lijst", "contains": "a"}, True),
    ({"question": "lijst", "contains": "c"}, False),
    ({"question": "kleur", "contains": "r"}, False),  # contains is for lists, never substrings
    ({"question": "lijst", "equals": "a"}, False),
    ({"question": "getal", "gt": 4}, True),
    ({"question": "getal", "gt": 5}, False),
    ({"question": "getal", "gte": 5}, True),
    ({"question": "getal", "lt": 5}, False),
    ({"question": "getal", "lte": 5}, True),
    ({"question": "kleur", "gt": 1}, False),  # a text never compares as a number
    ({"question": "kleur", "answered": True}, True),
    ({"question": "leeg", "answered": True}, False),
    ({"question": "ontbreekt", "answered": False}, True),
    # The missing-answer rule: every comparison with a missing answer is false ...
    ({"question": "ontbreekt", "equals": "x"}, False),
    ({"question": "ontbreekt", "in": ["x"]}, False),
    ({"question": "ontbreekt", "contains": "x"}, False),
    ({"question": "ontbreekt", "lt": 100}, False),
    ({"question": "leeg", "equals": ""}, False),
    # ... so its negation is true.
    ({"not": {"question": "ontbreekt", "equals": "x"}}, True),
    ({"all": []}, True),
    ({"any": []}, False),
    ({"all": [{"question": "kleur", "equals": "rood"}, {"question": "getal", "gt": 1}]}, True),
    ({"any": [{"question": "kleur", "equals": "blauw"}, {"question": "getal", "gt": 1}]}, True),
]


@pytest.mark.parametrize(("data", "expected"), TRUTH_TABLE)
def test_truth_table(data: dict[str, Any], expected: bool) -> None:
    assert evaluate(parse(data), ANSWERS) is expected


@pytest.mark.parametrize(("data", "expected"), TRUTH_TABLE)
def test_inverse_through_not(data: dict[str, Any], expected: bool) -> None:
    assert evaluate(parse({"not": data}), ANSWERS) is (not expected)


@pytest.mark.parametrize(("data", "_"), TRUTH_TABLE)
def test_json_round_trip(data: dict[str, Any], _: bool) -> None:
    assert to_json(parse(data)) == data


LEAVES = st.builds(
    lambda question, operator_value: Compare(question, *operator_value),
    st.sampled_from(["kleur", "getal", "lijst", "ontbreekt"]),
    st.sampled_from([("equals", "rood"), ("equals", 5), ("gt", 3), ("lte", 5), ("contains", "a"),
                     ("in", ("rood", 5)), ("answered", True), ("answered", False)]),
)
CONDITIONS = st.recursive(
    LEAVES,
    lambda children: st.builds(Not, children)
    | st.builds(AllOf, st.lists(children, max_size=3).map(tuple))
    | st.builds(AnyOf, st.lists(children, max_size=3).map(tuple)),
    max_leaves=8,
)
ANSWER_SETS = st.fixed_dictionaries(
    {},
    optional={"kleur": st.sampled_from(["rood", "blauw"]), "getal": st.integers(0, 10),
              "lijst": st.lists(st.sampled_from(["a", "b"]), unique=True)},
)


@given(CONDITIONS, ANSWER_SETS)
def test_double_negation(condition: Any, answers: dict[str, Any]) -> None:
    assert evaluate(Not(Not(condition)), answers) == evaluate(condition, answers)


@given(CONDITIONS, CONDITIONS, ANSWER_SETS)
def test_de_morgan(a: Any, b: Any, answers: dict[str, Any]) -> None:
    assert evaluate(Not(AllOf((a, b))), answers) == evaluate(AnyOf((Not(a), Not(b))), answers)
    assert evaluate(Not(AnyOf((a, b))), answers) == evaluate(AllOf((Not(a), Not(b))), answers)


@given(CONDITIONS, ANSWER_SETS)
def test_export_then_parse_is_the_same_condition(condition: Any, answers: dict[str, Any]) -> None:
    again = parse(to_json(condition))
    assert evaluate(again, answers) == evaluate(condition, answers)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ("kleur == 'rood'", "must be a mapping"),
        ({"question": "kleur"}, "exactly one operator"),
        ({"question": "kleur", "eqals": "rood"}, "Did you mean 'equals'?"),
        ({"question": "kleur", "equals": "rood", "in": ["x"]}, "exactly one operator"),
        ({"question": "kleur", "in": []}, "non-empty list"),
        ({"question": "getal", "gt": "5"}, "takes a number"),
        ({"question": "kleur", "answered": "ja"}, "true or false"),
        ({"all": {"question": "kleur", "equals": "x"}}, "takes a list"),
        ({"all": [], "question": "x"}, "must stand alone"),
        ({"eval": "__import__('os')"}, "needs 'question'"),
        ({"question": "x", "__class__": "y"}, "exactly one operator"),
        # QA (contracts): `show --json` wrote `.inf` as Infinity (no JSON), and a 400-digit
        # number crashed `validate`; a condition's numbers are as large as an answer can be.
        ({"question": "getal", "lt": float("inf")}, "at most 15 digits before the decimal point"),
        ({"question": "getal", "gte": -float("inf")}, "not -inf"),
        ({"question": "getal", "gt": 10**400}, "at most 15 digits"),
        ({"question": "getal", "in": [5, float("inf")]}, "at most 15 digits"),
        ({"question": "getal", "equals": float("nan")}, "at most 15 digits"),
        ({"question": "getal", "lte": 1e15}, "at most 15 digits"),
    ],
)
def test_malformed_conditions_are_named_errors(data: Any, fragment: str) -> None:
    with pytest.raises(ConditionError) as raised:
        parse(data)
    assert fragment in raised.value.message


def test_a_condition_takes_the_largest_number_an_answer_can_be() -> None:
    assert evaluate(parse({"question": "getal", "lte": 999_999_999_999_999.5}), {"getal": 12}) is True


def test_a_page_whose_questions_are_all_hidden_leaves_the_route(edit: Callable[[str, str, str], Path]) -> None:
    """A page is shown when one of its questions is: a page whose questions all have a
    condition is left out of the route while every one of them is hidden, and is in it, in its
    place, as soon as one is shown. QA (mutation testing): no questionnaire had such a page, and
    the walk could list it always (an empty page in the route) without a test failing."""
    folder = edit("stap-1-beleid.yaml", "recommendations:\n", (
        "  - id: 1B\n"
        "    title: Inkoop in het buitenland\n"
        "    questions:\n"
        "      - id: landen\n"
        "        type: text\n"
        "        text: Uit welke landen koopt u in?\n"
        "        required: false\n"
        "        condition: {question: import, equals: ja}\n"
        "      - id: inkoopbeleid\n"
        "        type: yesno\n"
        "        text: Heeft uw inkoopafdeling eigen afspraken over mens en milieu?\n"
        "        condition: {question: grootte, equals: groot}\n"
        "recommendations:\n"
    ))
    questionnaire = load_questionnaire(folder)
    page = questionnaire.page("1B")
    assert page is not None and all(q.condition is not None for q in page.questions)
    for answers in ({"grootte": "klein", "import": "nee"}, {"grootte": "middel"}, {}):
        visibility = resolve(questionnaire, answers)
        assert visibility.pages == ("intake-profiel", "1A"), answers
        assert not {"landen", "inkoopbeleid"} & visibility.questions
    for answers, shown in (({"grootte": "klein", "import": "ja"}, {"landen"}),
                           ({"grootte": "groot", "import": "nee"}, {"inkoopbeleid"})):
        visibility = resolve(questionnaire, answers)
        assert visibility.pages == ("intake-profiel", "1A", "1B"), answers
        assert {"landen", "inkoopbeleid"} & visibility.questions == shown
