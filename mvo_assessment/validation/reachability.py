"""Prove that the scoring rules can produce every level, every recommendation and use every tool.

Levels: for each step we search the percentages that answer combinations can produce (all
scored questions answered, gates respected or deliberately failed), the way the scorer
computes them. Caps only ever lower a level, so they cannot make one unreachable.
"""

from __future__ import annotations

from fractions import Fraction

from ..errors import ErrorCode, Issue, make_issue
from ..model import Question, Questionnaire, Section

MAX_STATES = 200_000


def _shares(question: Question, floor: int | None = None, below: int | None = None) -> set[Fraction]:
    """The score shares an answer can give; restricted to >= floor or < below points."""
    top = question.max_score or 1
    if question.type == "scale":
        points = set(range(0, top + 1))
    else:
        points = {o.score for o in question.options if o.score is not None}
    if floor is not None:
        points = {p for p in points if p >= floor}
    if below is not None:
        points = {p for p in points if p < below}
    return {Fraction(p, top) for p in points}


def _percentages(step: Section, floors: dict[str, int], ceilings: dict[str, int]) -> set[Fraction] | None:
    """Every reachable percentage with all scored questions answered; None if the search is too big."""
    questions = [q for q in step.questions if q.scored]
    total = sum(q.weight for q in questions)
    if total == 0:
        return set()
    sums = {Fraction(0)}
    for question in questions:
        shares = _shares(question, floors.get(question.id), ceilings.get(question.id))
        if not shares:
            return set()
        sums = {s + question.weight * share for s in sums for share in shares}
        if len(sums) > MAX_STATES:
            return None
    return {100 * s / total for s in sums}


def _level_of(pct: Fraction, thresholds: dict[int, float]) -> int:
    level = 1
    for candidate in (2, 3, 4, 5):
        if pct >= Fraction(thresholds[candidate]).limit_denominator(10_000):
            level = candidate
    return level


def reachable_levels(step: Section) -> set[int] | None:
    scoring = step.scoring
    if scoring is None:
        return set()
    thresholds = dict(scoring.thresholds)
    levels: set[int] = set()
    for level in range(1, 6):
        gates_needed = {g.question: g.min_score for g in scoring.gates if g.level <= level}
        merged: dict[str, int] = {}
        for question_id, minimum in gates_needed.items():
            merged[question_id] = max(merged.get(question_id, 0), minimum)
        # Either the percentage lands on this level with its gates met ...
        pcts = _percentages(step, merged, {})
        if pcts is None:
            return None
        if any(_level_of(p, thresholds) == level for p in pcts):
            levels.add(level)
            continue
        # ... or it is higher and a gate of the next level holds it here.
        for gate in (g for g in scoring.gates if g.level == level + 1):
            if gate.question in merged and merged[gate.question] >= gate.min_score:
                continue
            pcts = _percentages(step, merged, {gate.question: gate.min_score})
            if pcts and any(_level_of(p, thresholds) > level for p in pcts):
                levels.add(level)
                break
    return levels


def check(q: Questionnaire) -> list[Issue]:
    issues: list[Issue] = []
    reachable_by_step: dict[str, set[int]] = {}
    for step in q.steps:
        levels = reachable_levels(step)
        if levels is None:
            continue
        reachable_by_step[step.id] = levels
        for level in range(1, 6):
            if level not in levels:
                issues.append(make_issue(
                    ErrorCode.LEVEL_UNREACHABLE, step.location.file, step.location.line, f"section: {step.id}",
                    level=level, step=step.id,
                    why="check the option scores, weights, thresholds and gates" if any(x.scored for x in step.questions)
                    else "the step has no scored questions",
                ))
        for rec in step.recommendations:
            trigger = rec.trigger
            why = None
            if trigger.kind == "level" and not set(trigger.levels) & levels:
                why = f"{step.id} never reaches level {', '.join(map(str, trigger.levels))}"
            elif trigger.kind == "gap":
                step_target = max([q.targets.default_level] + [r.level for r in q.targets.rules
                                                               if not r.steps or step.id in r.steps])
                lowest = min(levels) if levels else 5
                if step_target - lowest < (trigger.gap or 0):
                    why = f"the gap between target (at most {step_target}) and level (at least {lowest}) is never {trigger.gap}"
            if why:
                issues.append(make_issue(ErrorCode.RECOMMENDATION_UNREACHABLE, rec.location.file, rec.location.line,
                                         f"recommendation: {rec.id}", id=rec.id, why=why))
    used = {t for s in q.steps for r in s.recommendations for t in r.tools}
    for tool in q.tools:
        if not tool.steps and tool.id not in used:
            issues.append(make_issue(ErrorCode.TOOL_UNUSED, tool.location.file, tool.location.line, f"tool: {tool.id}",
                                     id=tool.id))
    return issues
