"""Which sections, pages and questions are shown for a set of answers, and the route through them.

Pure: no Flask. The web layer, the scorer and the exports all ask this module, so the rule
"an answer counts only while its question is shown" lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .conditions import evaluate, is_answered
from .model import Page, Questionnaire


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
    """
    effective: dict[str, Any] = {}
    sections: set[str] = set()
    pages: list[str] = []
    questions: set[str] = set()
    for section in questionnaire.sections:
        if not evaluate(section.condition, effective):
            continue
        sections.add(section.id)
        for page in section.pages:
            if not evaluate(page.condition, effective):
                continue
            shown_on_page = False
            for question in page.questions:
                if not evaluate(question.condition, effective):
                    continue
                shown_on_page = True
                questions.add(question.id)
                value = answers.get(question.id)
                if is_answered(value):
                    effective[question.id] = value
            if shown_on_page:
                pages.append(page.id)
    return Visibility(frozenset(sections), tuple(pages), frozenset(questions), effective)


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
