"""Ids must be unique: questions across the set, pages, tools, recommendations, gates and caps."""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from ..errors import ErrorCode, Issue, make_issue
from ..model import Location, Questionnaire


def _duplicates(kind: str, items: Iterable[tuple[str, Location]], label: str) -> list[Issue]:
    issues = []
    seen: dict[str, Location] = {}
    for item_id, location in items:
        if item_id in seen:
            issues.append(
                make_issue(ErrorCode.DUPLICATE_ID, location.file, location.line, f"{label}: {item_id}",
                           kind=f"{kind} id", id=item_id, other=str(seen[item_id]))
            )
        else:
            seen[item_id] = location
    return issues


def check(q: Questionnaire) -> list[Issue]:
    issues = _duplicates("question", ((x.id, x.location) for x in q.questions), "question")
    issues += _duplicates("page", ((p.id, p.location) for p in q.pages), "page")
    issues += _duplicates("tool", ((t.id, t.location) for t in q.tools), "tool")
    issues += _duplicates(
        "recommendation", ((r.id, r.location) for s in q.steps for r in s.recommendations), "recommendation"
    )
    rules = [(g.id, g.location) for s in q.steps if s.scoring for g in s.scoring.gates]
    rules += [(c.id, c.location) for s in q.steps if s.scoring for c in s.scoring.caps]
    issues += _duplicates("gate or cap", rules, "rule")
    return issues


def duplicate_question_ids(q: Questionnaire) -> frozenset[str]:
    counts = Counter(question.id for question in q.questions)
    return frozenset(question_id for question_id, count in counts.items() if count > 1)
