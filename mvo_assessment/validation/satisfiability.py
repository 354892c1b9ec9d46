"""Find sections, pages and questions whose conditions can never all hold.

For each item we collect its condition chain (section, page, question) and, transitively, the
chains of every question those conditions use: an answer only counts while its question is
shown. Then we try every combination of the relevant answers. Conditions use few questions,
so the search is small; where it would not be, the item is skipped rather than guessed at.
"""

from __future__ import annotations

import itertools
from typing import Any, Iterable, Iterator

from ..conditions import evaluate, referenced_questions
from ..errors import ErrorCode, Issue, make_issue
from ..model import AllOf, Condition, Question, Questionnaire

MAX_COMBINATIONS = 20_000


def _chain(*conditions: Condition | None) -> Condition | None:
    present = tuple(c for c in conditions if c is not None)
    if not present:
        return None
    return present[0] if len(present) == 1 else AllOf(present)


def _domain(question: Question, constants: set[Any]) -> list[Any]:
    """Representative answers: enough to make every comparison true and false."""
    values: list[Any] = [None]
    if question.type in ("single", "yesno"):
        values += [o.value for o in question.options]
    elif question.type == "multiple":
        mentioned = sorted(v for v in constants if isinstance(v, str))
        others = [o.value for o in question.options if o.value not in mentioned][:1]
        for size in range(1, len(mentioned) + 1):
            values += [list(c) for c in itertools.combinations(mentioned, size)]
        values += [others] if others else []
    elif question.type in ("scale", "number"):
        points: set[float] = set()
        for c in constants:
            if isinstance(c, (int, float)) and not isinstance(c, bool):
                points.update({c - 1, c - 0.5, c, c + 0.5, c + 1})
        low = question.min if question.min is not None else float("-inf")
        high = question.max if question.max is not None else float("inf")
        points = {p for p in points if low <= p <= high and (question.type == "number" or p == int(p))}
        values += sorted(points) or [question.min if question.min is not None else 0]
    else:
        values += sorted({c for c in constants if isinstance(c, str)}) + ["\u0000other"]
    return values


def _chains(q: Questionnaire) -> dict[str, Condition | None]:
    """Each question's condition chain: section, page and its own condition."""
    return {
        question.id: _chain(section.condition, page.condition, question.condition)
        for section in q.sections for page in section.pages for question in page.questions
    }


def _constants(conditions: Iterable[Condition | None]) -> dict[str, set[Any]]:
    """Per question, the values the conditions compare its answer with."""
    constants: dict[str, set[Any]] = {}
    for condition in conditions:
        for compare in referenced_questions(condition):
            bucket = constants.setdefault(compare.question, set())
            value = compare.value
            bucket.update(value if isinstance(value, tuple) else (value,))
    return constants


def holds_in_some_complete_assessment(q: Questionnaire, condition: Condition) -> bool:
    """Whether `condition` holds for some set of answers in which every question it depends on
    that is shown and required is answered (as in a finished assessment). True, too, when the
    search would be too large or a question is unknown: never a false alarm."""
    chains = _chains(q)
    closure = _closure(condition, chains)
    if closure is None:
        return True
    constants = _constants([*chains.values(), condition])
    return _satisfiable(q, condition, closure, chains, constants, complete=True)


def complete_assessments_where(q: Questionnaire, condition: Condition) -> tuple[list[str], list[dict[str, Any]]] | None:
    """The questions `condition` depends on, and every representative set of their answers in
    which it holds (as `holds_in_some_complete_assessment` searches them; a question left out of
    a set has no answer there). None when the search would be too large or a question is
    unknown: the caller then assumes nothing."""
    chains = _chains(q)
    closure = _closure(condition, chains)
    if closure is None:
        return None
    constants = _constants([*chains.values(), condition])
    found = _solutions(q, condition, closure, chains, constants, complete=True)
    return None if found is None else (closure, list(found))


def check(q: Questionnaire) -> list[Issue]:
    chains = _chains(q)
    items: list[tuple[str, str, Condition | None, Any]] = []
    for section in q.sections:
        items.append(("section", section.id, _chain(section.condition), section.location))
        for page in section.pages:
            items.append(("page", page.id, _chain(section.condition, page.condition), page.location))
            for question in page.questions:
                items.append(("question", question.id, chains[question.id], question.location))
    constants = _constants(chains.values())
    issues: list[Issue] = []
    reported: set[str] = set()
    for kind, item_id, chain, location in items:
        if chain is None:
            continue
        closure = _closure(chain, chains)
        if closure is None:
            continue  # it depends on a question that is not in the model: that one was reported
        if not _satisfiable(q, chain, closure, chains, constants):
            # Report the outermost item only: its pages and questions follow from it.
            if any(r in reported for r in _parents(q, kind, item_id)):
                continue
            reported.add(item_id)
            issues.append(make_issue(ErrorCode.NEVER_SHOWN, location.file, location.line, f"{kind}: {item_id}",
                                     kind=kind, why="no combination of earlier answers meets them all"))
    return issues


def _parents(q: Questionnaire, kind: str, item_id: str) -> Iterable[str]:
    if kind == "question":
        question = q.questions_by_id[item_id]
        return (question.section_id, question.page_id)
    if kind == "page":
        page = q.page(item_id)
        return (page.section_id,) if page else ()
    return ()


def _closure(chain: Condition, chains: dict[str, Condition | None]) -> list[str] | None:
    """The questions `chain` depends on, directly or through their own conditions; None when
    one of them is not in the model (a question with an error of its own is left out of it,
    and every condition on it would look impossible: QA, one bad `text` gave six false
    "can never be shown")."""
    seen: list[str] = []
    todo = [c.question for c in referenced_questions(chain)]
    while todo:
        question_id = todo.pop()
        if question_id in seen:
            continue
        if question_id not in chains:
            return None
        seen.append(question_id)
        todo += [c.question for c in referenced_questions(chains[question_id])]
    return sorted(seen)


def _satisfiable(
    q: Questionnaire, chain: Condition, closure: list[str], chains: dict[str, Condition | None],
    constants: dict[str, set[Any]], complete: bool = False,
) -> bool:
    """`complete`: only combinations in which every shown required question is answered."""
    found = _solutions(q, chain, closure, chains, constants, complete)
    if found is None:
        return True  # too large to search: assume it can be shown
    return next(found, None) is not None


def _solutions(
    q: Questionnaire, chain: Condition, closure: list[str], chains: dict[str, Condition | None],
    constants: dict[str, set[Any]], complete: bool = False,
) -> Iterator[dict[str, Any]] | None:
    """The combinations of answers in which `chain` holds, lazily; None when there are too many
    to search."""
    domains = [_domain(q.questions_by_id[x], constants.get(x, set())) for x in closure]
    total = 1
    for domain in domains:
        total *= len(domain)
        if total > MAX_COMBINATIONS:
            return None

    def search() -> Iterator[dict[str, Any]]:
        for combination in itertools.product(*domains):
            answers = {x: v for x, v in zip(closure, combination) if v is not None}
            # Consistent: every given answer belongs to a question that is shown under these answers.
            if not all(evaluate(chains[x], answers) for x in answers):
                continue
            if complete and any(
                x not in answers and q.questions_by_id[x].required and evaluate(chains[x], answers) for x in closure
            ):
                continue
            if evaluate(chain, answers):
                yield answers

    return search()
