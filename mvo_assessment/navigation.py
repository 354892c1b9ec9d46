"""Which sections, pages and questions are shown for a set of answers, and the route through them.

Pure: no Flask. The web layer, the scorer and the exports all ask this module, so the rule
"an answer counts only while its question is shown" lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from .conditions import condition_source
from .model import Condition, Page, Question, Questionnaire


@dataclass(frozen=True)
class Visibility:
    """The shown part of a questionnaire for one set of answers."""

    sections: frozenset[str]
    pages: tuple[str, ...]  # shown page ids, in questionnaire order
    questions: frozenset[str]
    # Answers to shown questions only: what counts, is scored, exported and shown as given.
    effective: Mapping[str, Any]


def resolve(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> Visibility:
    """Walk the questionnaire once in order.

    Conditions only refer to earlier questions (the validator guarantees it), so one pass
    sees every answer a condition needs, already limited to shown questions: a hidden answer
    can never switch on a later question.

    Every request resolves, so the walk is Python source generated once per questionnaire
    (`resolve_source`) and compiled: straight-line code with the conditions inlined, no loop
    or dispatch per question (the speed target of issue 8, bench/README.md). The plain walk
    with `conditions.evaluate` is the reference it is tested against (tests/core/test_compiled.py).
    """
    walk: Callable[[Mapping[str, Any]], Visibility] | None = questionnaire.__dict__.get("_resolve_plan")
    if walk is None:
        walk = _compile_walk(questionnaire)
        object.__setattr__(questionnaire, "_resolve_plan", walk)  # the questionnaire is immutable
    return walk(answers)


# The expression that ends the walk, and the names its source reads besides its constants.
VISIBILITY = "Visibility(frozenset(sections), tuple(pages), frozenset(questions), effective)"
WALK_NAMES: dict[str, Any] = {"Visibility": Visibility, "_SEQUENCES": (str, list, tuple)}
# Extra lines for one question, at the point where the walk knows it is shown and answered
# (the answer in `value`) or shown and unanswered: how scoring counts answers during the walk.
QuestionLines = Callable[[Question], list[str]]


def resolve_source(questionnaire: Questionnaire) -> tuple[str, dict[str, Any]]:
    """The walk as the source of one function `walk(answers)`, and the names it reads.

    Readable on purpose: print it to see what `resolve` does for a questionnaire."""
    constants: dict[str, Any] = dict(WALK_NAMES)

    def constant(value: Any) -> str:
        name = f"_C{len(constants)}"
        constants[name] = value
        return name

    lines = ["def walk(answers):", *walk_lines(questionnaire, constant), f"    return {VISIBILITY}"]
    return "\n".join(lines) + "\n", constants


def walk_lines(
    questionnaire: Questionnaire,
    constant: Callable[[Any], str],
    answered: QuestionLines | None = None,
    unanswered: QuestionLines | None = None,
) -> list[str]:
    """The walk over `answers` as a function body: it leaves `effective`, `sections`, `pages` and
    `questions` (in order) for VISIBILITY; `constant` names values without a literal."""

    def test(condition: Condition | None) -> str | None:
        return None if condition is None else condition_source(condition, "effective", constant)

    lines = [
        "    get = answers.get",
        "    effective = {}",
        "    sections = []",
        "    pages = []",
        "    questions = []",
    ]
    for section in questionnaire.sections:
        indent = _block(lines, "    ", test(section.condition), f"section {section.id}")
        lines.append(f"{indent}sections.append({section.id!r})")
        for page in section.pages:
            page_indent = _block(lines, indent, test(page.condition), f"page {page.id}")
            _page_lines(lines, page_indent, page, test, answered, unanswered)
    return lines


def _block(lines: list[str], indent: str, test: str | None, what: str) -> str:
    """Opens `if test:` (nothing when always shown); gives the indentation of its body."""
    lines.append(f"{indent}# {what}")
    if test is None:
        return indent
    lines.append(f"{indent}if {test}:")
    return indent + "    "


def _page_lines(
    lines: list[str], indent: str, page: Page, test: Callable[[Condition | None], str | None],
    answered: QuestionLines | None, unanswered: QuestionLines | None,
) -> None:
    """A page is shown when one of its questions is; a question without a condition settles that at once."""
    unconditional = tuple(q.id for q in page.questions if q.condition is None)
    always = bool(unconditional)
    if always:
        # `questions` becomes a set: the ids always shown with the page are added in one go.
        lines.append(f"{indent}pages.append({page.id!r})")
        lines.append(f"{indent}questions += {unconditional!r}")
    else:
        lines.append(f"{indent}page_shown = False")
    for question in page.questions:
        inner = _block(lines, indent, test(question.condition), f"question {question.id}")
        if not always:
            lines.append(f"{inner}page_shown = True")
        if question.condition is not None:
            lines.append(f"{inner}questions.append({question.id!r})")
        lines += [
            f"{inner}value = get({question.id!r})",
            # is_answered(value), inlined: no None, no empty text or selection.
            f"{inner}if value is not None and (value or not isinstance(value, _SEQUENCES)):",
            f"{inner}    effective[{question.id!r}] = value",
        ]
        lines += [f"{inner}    {line}" for line in (answered(question) if answered else [])]
        otherwise = unanswered(question) if unanswered else []
        if otherwise:
            lines += [f"{inner}else:", *(f"{inner}    {line}" for line in otherwise)]
    if not always:
        lines.append(f"{indent}if page_shown:")
        lines.append(f"{indent}    pages.append({page.id!r})")


def _compile_walk(questionnaire: Questionnaire) -> Callable[[Mapping[str, Any]], Visibility]:
    source, constants = resolve_source(questionnaire)
    # Our own source: ids enter it only as repr() literals, values as names in `constants`.
    exec(compile(source, f"<resolve {questionnaire.id}>", "exec"), constants)  # noqa: S102
    return constants["walk"]  # type: ignore[no-any-return]


def is_open(question: Question, visibility: Visibility) -> bool:
    """The one rule of what is still to answer: a shown, required question without an answer.
    A page is complete, a round finished and a question marked new by it."""
    return question.required and question.id in visibility.questions and question.id not in visibility.effective


def open_questions(questionnaire: Questionnaire, visibility: Visibility, page_id: str | None = None) -> tuple[str, ...]:
    """Every open question (`is_open`), in questionnaire order; of one page with `page_id`."""
    if page_id is None:
        questions: tuple[Question, ...] = questionnaire.questions
    else:
        page = questionnaire.page(page_id)
        questions = page.questions if page is not None else ()
    return tuple(q.id for q in questions if is_open(q, visibility))


def first_open_question(questionnaire: Questionnaire, page_id: str, visibility: Visibility) -> str | None:
    """The first open question of the page, or None: where a visitor sent to the page for a
    question that just appeared should land."""
    return next(iter(open_questions(questionnaire, visibility, page_id)), None)


def next_page(visibility: Visibility, page_id: str) -> str | None:
    """The shown page after `page_id`, or None at the end."""
    pages = visibility.pages
    if page_id in pages:
        index = pages.index(page_id)
        return pages[index + 1] if index + 1 < len(pages) else None
    return None


def previous_page(visibility: Visibility, page_id: str) -> str | None:
    pages = visibility.pages
    if page_id in pages:
        index = pages.index(page_id)
        return pages[index - 1] if index > 0 else None
    return None


def page_complete(questionnaire: Questionnaire, page_id: str, visibility: Visibility) -> bool:
    """No open question on the page (`is_open`); an unknown page is never complete."""
    page = questionnaire.page(page_id)
    if page is None:
        return False
    return not any(is_open(q, visibility) for q in page.questions)


def first_incomplete_page(questionnaire: Questionnaire, visibility: Visibility) -> str | None:
    """Where to resume: the first shown page with a required question still open."""
    for page_id in visibility.pages:
        if not page_complete(questionnaire, page_id, visibility):
            return page_id
    return None


def reachable_pages(questionnaire: Questionnaire, visibility: Visibility) -> tuple[str, ...]:
    """Pages a user may open: every shown page up to and including the first incomplete one.

    Posting a page further on would skip required answers that later conditions rely on.
    """
    reachable: list[str] = []
    for page_id in visibility.pages:
        reachable.append(page_id)
        if not page_complete(questionnaire, page_id, visibility):
            break
    return tuple(reachable)
