"""The condition language: parse from data, evaluate through an operator table, export as JSON.

One written rule for missing answers: a comparison with a question that has no (visible)
answer is false. `answered` is the only operator that looks at absence itself.
The browser script (static/js/conditions.js) implements the same table; a test runs the
same cases through both.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, Mapping

from .errors import describe_value
from .model import AllOf, AnyOf, Compare, Condition, Not
from .numbers import NUMBER_DIGITS, usable_number

COMPARISON_OPERATORS: tuple[str, ...] = (
    "equals",
    "in",
    "contains",
    "gt",
    "gte",
    "lt",
    "lte",
    "answered",
)
LOGICAL_OPERATORS: tuple[str, ...] = ("all", "any", "not")


class ConditionError(ValueError):
    """A condition that is not well formed; `path` says where inside it."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _equals(answer: object, expected: object) -> bool:
    if _is_number(answer) and _is_number(expected):
        return float(answer) == float(expected)  # type: ignore[arg-type]
    return not isinstance(answer, list) and answer == expected


def _in(answer: object, expected: object) -> bool:
    return any(_equals(answer, item) for item in expected)  # type: ignore[attr-defined]


def _contains(answer: object, expected: object) -> bool:
    return isinstance(answer, list) and expected in answer


def _numeric(compare: Callable[[float, float], bool]) -> Callable[[object, object], bool]:
    def operator(answer: object, expected: object) -> bool:
        return _is_number(answer) and compare(float(answer), float(expected))  # type: ignore[arg-type]

    return operator


# The whole language: an operator name maps to one small pure function (answer, value).
OPERATORS: Mapping[str, Callable[[object, object], bool]] = {
    "equals": _equals,
    "in": _in,
    "contains": _contains,
    "gt": _numeric(lambda a, b: a > b),
    "gte": _numeric(lambda a, b: a >= b),
    "lt": _numeric(lambda a, b: a < b),
    "lte": _numeric(lambda a, b: a <= b),
}


def is_answered(value: object) -> bool:
    """An empty string or an empty selection is no answer."""
    if value is None:
        return False
    if isinstance(value, (str, list, tuple)):
        return len(value) > 0
    return True


def evaluate(condition: Condition | None, answers: Mapping[str, Any]) -> bool:
    """Evaluate a condition against answers that are already limited to visible questions."""
    if condition is None:
        return True
    if isinstance(condition, AllOf):
        return all(evaluate(c, answers) for c in condition.conditions)
    if isinstance(condition, AnyOf):
        return any(evaluate(c, answers) for c in condition.conditions)
    if isinstance(condition, Not):
        return not evaluate(condition.condition, answers)
    answer = answers.get(condition.question)
    if condition.operator == "answered":
        return is_answered(answer) == condition.value
    if not is_answered(answer):
        return False  # the missing-answer rule
    return OPERATORS[condition.operator](answer, condition.value)


Predicate = Callable[[Mapping[str, Any]], bool]


def compile_condition(condition: Condition) -> Predicate:
    """`evaluate` turned into closures once, for the paths that run on every request.

    Same table, same missing-answer rule: each comparison still calls its OPERATORS function,
    except the two shapes that dominate real questionnaires (`equals` and `in` with text
    values), where the result provably reduces to a plain equality or set test. A property
    test (tests/core/test_compiled.py) checks that both forms agree on random conditions.
    """
    if isinstance(condition, (AllOf, AnyOf)):
        children = tuple(compile_condition(c) for c in condition.conditions)
        if isinstance(condition, AllOf):

            def all_of(answers: Mapping[str, Any]) -> bool:
                for child in children:
                    if not child(answers):
                        return False
                return True

            return all_of

        def any_of(answers: Mapping[str, Any]) -> bool:
            for child in children:
                if child(answers):
                    return True
            return False

        return any_of
    if isinstance(condition, Not):
        inner = compile_condition(condition.condition)
        return lambda answers: not inner(answers)
    question, operator, expected = condition.question, condition.operator, condition.value
    if operator == "answered":
        return lambda answers: is_answered(answers.get(question)) == expected
    if operator == "equals" and type(expected) is str:
        if expected == "":
            return lambda answers: False  # "" is no answer, and nothing else equals ""
        # _equals on a text value: the answer is not a list and equals it; so it is answered.
        return lambda answers: answers.get(question) == expected
    if operator == "in" and all(type(item) is str and item != "" for item in expected):  # type: ignore[attr-defined]
        allowed = frozenset(expected)  # type: ignore[call-overload]
        return lambda answers: isinstance(value := answers.get(question), str) and value in allowed
    function = OPERATORS[operator]

    def compare(answers: Mapping[str, Any]) -> bool:
        answer = answers.get(question)
        return is_answered(answer) and function(answer, expected)

    return compare


def condition_source(condition: Condition, answers: str, constant: Callable[[Any], str]) -> str:
    """`compile_condition(condition)` as one Python expression over the mapping named `answers`,
    for the code that scoring and navigation generate once per questionnaire (see
    `navigation.resolve`).

    The shapes `compile_condition` reduces to plain tests become those tests, inline; any other
    comparison calls its compiled closure. `constant(value)` gives the name under which the
    generated code finds a value that has no literal (sets, functions). The expression may
    assign the local `_answer` (an assignment expression), so it cannot sit in a comprehension.
    """
    if isinstance(condition, (AllOf, AnyOf)):
        if not condition.conditions:
            return "True" if isinstance(condition, AllOf) else "False"
        joiner = " and " if isinstance(condition, AllOf) else " or "
        return "(" + joiner.join(condition_source(c, answers, constant) for c in condition.conditions) + ")"
    if isinstance(condition, Not):
        return f"(not {condition_source(condition.condition, answers, constant)})"
    question, operator, expected = condition.question, condition.operator, condition.value
    if operator == "equals" and type(expected) is str:
        return "False" if expected == "" else f"({answers}.get({question!r}) == {expected!r})"
    if operator == "in" and all(type(item) is str and item != "" for item in expected):  # type: ignore[attr-defined]
        allowed = constant(frozenset(expected))  # type: ignore[call-overload]
        return f"(isinstance(_answer := {answers}.get({question!r}), str) and _answer in {allowed})"
    if operator == "contains":
        # An empty list contains nothing, so the missing-answer rule needs no test of its own.
        return f"(isinstance(_answer := {answers}.get({question!r}), list) and {constant(expected)} in _answer)"
    return f"{constant(compile_condition(condition))}({answers})"


def referenced_questions(condition: Condition | None) -> Iterator[Compare]:
    """Every comparison inside a condition, in order."""
    if condition is None:
        return
    if isinstance(condition, (AllOf, AnyOf)):
        for child in condition.conditions:
            yield from referenced_questions(child)
    elif isinstance(condition, Not):
        yield from referenced_questions(condition.condition)
    else:
        yield condition


def to_json(condition: Condition | None) -> Any:
    """The exported form; identical to the YAML form, so the browser reads what authors write."""
    if condition is None:
        return None
    if isinstance(condition, AllOf):
        return {"all": [to_json(c) for c in condition.conditions]}
    if isinstance(condition, AnyOf):
        return {"any": [to_json(c) for c in condition.conditions]}
    if isinstance(condition, Not):
        return {"not": to_json(condition.condition)}
    value = list(condition.value) if isinstance(condition.value, tuple) else condition.value
    return {"question": condition.question, condition.operator: value}


# Words an author reaches for, and what the format calls them (QA, author: `is` was told
# "Did you mean 'in'?", `and` nothing).
FAMILIAR_OPERATORS = {
    "is": "equals", "equal": "equals", "eq": "equals", "==": "equals", "=": "equals",
    "greater_than": "gt", ">": "gt", ">=": "gte", "less_than": "lt", "<": "lt", "<=": "lte",
    "one_of": "in", "includes": "contains", "has": "contains", "and": "all", "or": "any",
    "vraag": "question", "is_gelijk_aan": "equals", "gelijk_aan": "equals", "en": "all", "of": "any", "niet": "not",
}
# "is not": written with `not` around a comparison.
NEGATIONS = frozenset({"!=", "not_equals", "ne", "is_not", "not_equal", "niet_gelijk_aan"})


def _familiar(word: str, among: tuple[str, ...]) -> str:
    if word.lower() in NEGATIONS:
        return "; for 'is not', put the comparison in a not: {not: {question: q, equals: v}}"
    meant = FAMILIAR_OPERATORS.get(word.lower())
    return f". Did you mean '{meant}'?" if meant in among else ""


def parse(data: Any, path: str = "condition") -> Condition:
    """Turn the YAML/JSON form into a condition tree, or raise ConditionError saying where."""
    if not isinstance(data, Mapping):
        raise ConditionError(
            f"a condition must be a mapping such as {{question: q, equals: v}}, not {describe_value(data)}",
            path,
        )
    logical = [key for key in LOGICAL_OPERATORS if key in data]
    if logical:
        if len(data) != 1:
            raise ConditionError(
                f"'{logical[0]}' must stand alone in its mapping; found keys {sorted(map(str, data))}",
                path,
            )
        key = logical[0]
        body = data[key]
        if key == "not":
            return Not(parse(body, f"{path}.not"))
        if not isinstance(body, list):
            raise ConditionError(f"'{key}' takes a list of conditions, not {describe_value(body)}", path)
        # Counted from 1, as an author counts ("condition.any, part 2").
        children = tuple(parse(item, f"{path}.{key}, part {i + 1}") for i, item in enumerate(body))
        return AllOf(children) if key == "all" else AnyOf(children)
    if "question" not in data:
        raise ConditionError(
            "a condition needs 'question' with one operator "
            f"({', '.join(COMPARISON_OPERATORS)}), or one of all/any/not; "
            f"found keys {sorted(map(str, data))}"
            f"{next((hint for hint in (_familiar(str(k), (*LOGICAL_OPERATORS, 'question')) for k in data) if hint), '')}",
            path,
        )
    question = data["question"]
    if not isinstance(question, str):
        raise ConditionError(f"'question' must be a question id, not {describe_value(question)}", path)
    operators = [key for key in data if key != "question"]
    if len(operators) != 1 or operators[0] not in COMPARISON_OPERATORS:
        from .suggest import did_you_mean

        unknown = [str(k) for k in operators if k not in COMPARISON_OPERATORS]
        # A hint only where no operator is there yet: next to `equals`, "did you mean 'equals'?"
        # for `is` said nothing (QA, review).
        known = [k for k in operators if k in COMPARISON_OPERATORS]
        hint = (_familiar(unknown[0], COMPARISON_OPERATORS) or did_you_mean(unknown[0], COMPARISON_OPERATORS)) if unknown and not known else ""
        raise ConditionError(
            f"a comparison needs exactly one operator out of {', '.join(COMPARISON_OPERATORS)}; "
            f"found {sorted(map(str, operators)) or 'none'}{hint}",
            path,
        )
    operator = operators[0]
    value = data[operator]
    if operator == "answered":
        if not isinstance(value, bool):
            raise ConditionError(f"'answered' takes true or false, not {describe_value(value)}", path)
    elif operator == "in":
        if not isinstance(value, list) or not value or not all(_is_scalar(v) for v in value):
            raise ConditionError(f"'in' takes a non-empty list of values, not {describe_value(value)}", path)
        value = tuple(value)
    elif operator in ("gt", "gte", "lt", "lte"):
        if not _is_number(value):
            raise ConditionError(f"'{operator}' takes a number, not {describe_value(value)}", path)
    elif not _is_scalar(value):
        hint = "; for one of several values, use 'in'" if operator == "equals" and isinstance(value, list) else ""
        raise ConditionError(f"'{operator}' takes a single value, not {describe_value(value)}{hint}", path)
    unusable = [v for v in (value if isinstance(value, tuple) else (value,)) if _is_number(v) and not usable_number(v)]
    if unusable:
        raise ConditionError(f"'{operator}' takes numbers with at most {NUMBER_DIGITS} digits before the decimal "
                             f"point, as an answer has, not {describe_value(unusable[0])}", path)
    return Compare(question=question, operator=operator, value=value)


def _is_scalar(value: object) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)
