"""Which sections, pages and questions are shown for a set of answers, and the route through them.

Pure: no Flask. The web layer, the scorer and the exports all ask this module, so the rule
"an answer counts only while its question is shown" lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from .conditions import Predicate, compile_condition
from .model import Condition, Page, Questionnaire


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

    Every request resolves, so the walk runs over a plan compiled once per questionnaire
    (`_plan`: ids and compiled conditions, no attribute look-ups); `is_answered` is inlined.
    """
    effective: dict[str, Any] = {}
    sections: list[str] = []
    pages: list[str] = []
    questions: list[str] = []
    get = answers.get
    for section_id, section_condition, section_pages in _plan(questionnaire):
        if section_condition is not None and not section_condition(effective):
            continue
        sections.append(section_id)
        for page_id, page_condition, page_questions in section_pages:
            if page_condition is not None and not page_condition(effective):
                continue
            shown_on_page = False
            for question_id, question_condition in page_questions:
                if question_condition is not None and not question_condition(effective):
                    continue
                shown_on_page = True
                questions.append(question_id)
                value = get(question_id)
                # is_answered(value), inlined: no None, no empty text or selection.
                if value is not None and (value or not isinstance(value, (str, list, tuple))):
                    effective[question_id] = value
            if shown_on_page:
                pages.append(page_id)
    return Visibility(frozenset(sections), tuple(pages), frozenset(questions), effective)


_Plan = tuple[tuple[str, Optional[Predicate], tuple[tuple[str, Optional[Predicate], tuple[tuple[str, Optional[Predicate]], ...]], ...]], ...]


def _compiled(condition: Condition | None) -> Predicate | None:
    return None if condition is None else compile_condition(condition)


def _plan(questionnaire: Questionnaire) -> _Plan:
    """Sections, pages and questions as ids with compiled conditions, built once and kept on
    the (immutable) questionnaire object."""
    plan: _Plan | None = questionnaire.__dict__.get("_resolve_plan")
    if plan is None:
        plan = tuple(
            (
                section.id,
                _compiled(section.condition),
                tuple(
                    (page.id, _compiled(page.condition), tuple((q.id, _compiled(q.condition)) for q in page.questions))
                    for page in section.pages
                ),
            )
            for section in questionnaire.sections
        )
        object.__setattr__(questionnaire, "_resolve_plan", plan)
    return plan


def visible_questions(page: Page, visibility: Visibility) -> tuple[Any, ...]:
    return tuple(q for q in page.questions if q.id in visibility.questions)


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
    """Every shown required question on the page has an answer."""
    page = questionnaire.page(page_id)
    if page is None:
        return False
    return all(
        q.id in visibility.effective
        for q in page.questions
        if q.required and q.id in visibility.questions
    )


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
