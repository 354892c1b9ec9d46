"""Prove that the scoring rules can produce every level, every recommendation and use every tool.

Levels: for each step we search the percentages that answer combinations can produce (all
scored questions answered, gates respected or deliberately failed), the way the scorer
computes them. A cap only lowers a level, but a cap whose condition holds for every finished
assessment (or caps that together always hold one level down) makes the levels above it
unreachable (QA, author: `grootte in [all its options]` validated).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Callable, Mapping

from ..errors import ErrorCode, Issue, make_issue
from ..model import AllOf, AnyOf, Cap, Compare, Condition, Not, Question, Questionnaire, Section, Trigger
from ..scoring_plan import question_score
from .satisfiability import complete_assessments_where, holds_in_some_complete_assessment

MAX_STATES = 200_000
# Per question: the points its answer may have, or None where it does not count at all.
Restriction = Mapping[str, "frozenset[int] | None"]


def _points(question: Question, floor: int | None = None, below: int | None = None) -> set[int]:
    """The points an answer can give; restricted to >= floor or < below points."""
    top = question.max_score or 1
    if question.type == "scale":
        points = set(range(0, top + 1))
    else:
        points = {o.score for o in question.options if o.score is not None}
    if floor is not None:
        points = {p for p in points if p >= floor}
    if below is not None:
        points = {p for p in points if p < below}
    return points


def _percentages(
    step: Section, floors: dict[str, int], ceilings: dict[str, int], restrict: Restriction | None = None,
) -> tuple[set[int], int] | None:
    """Every reachable percentage with all scored questions answered; None if the search is too big.
    `restrict` narrows a question's points to a set, or leaves it out (None: it does not count).

    Exact, in whole numbers: with D the least common multiple of the questions' top scores, a
    weighted sum of shares (points / top) times D is an integer, so the search works on sets of
    ints (fast) instead of Fractions. The percentage is 100 * sum / (D * total weight); the
    second value returned is that denominator.
    """
    restrict = restrict or {}
    questions = [q for q in step.questions if q.scored and not (q.id in restrict and restrict[q.id] is None)]
    total = sum(q.weight for q in questions)
    if total == 0:
        return set(), 1
    common = math.lcm(*(q.max_score or 1 for q in questions))
    sums = {0}
    for question in questions:
        points = _points(question, floors.get(question.id), ceilings.get(question.id))
        allowed = restrict.get(question.id)
        if allowed is not None:
            points &= allowed
        if not points:
            return set(), 1
        factor = question.weight * (common // (question.max_score or 1))
        steps = {factor * p for p in points}
        sums = {s + d for s in sums for d in steps}
        if len(sums) > MAX_STATES:
            return None
    return sums, common * total


def _level_of(scaled: int, denominator: int, thresholds: dict[int, Fraction]) -> int:
    """The level of the percentage 100 * scaled / denominator, compared exactly."""
    level = 1
    for candidate in (2, 3, 4, 5):
        bound = thresholds[candidate]
        if 100 * scaled * bound.denominator >= bound.numerator * denominator:
            level = candidate
    return level


def _any_level(found: tuple[set[int], int] | None, thresholds: dict[int, Fraction], test: Callable[[int], bool]) -> bool:
    if not found:
        return False
    sums, denominator = found
    return any(test(_level_of(s, denominator, thresholds)) for s in sums)


def reachable_levels(step: Section, restrict: Restriction | None = None) -> set[int] | None:
    """The levels the scores, thresholds and gates give (caps aside); with `restrict`, only
    for answers that keep to it (see `_percentages`; a gate on a question left out does not
    apply, as for a hidden question)."""
    scoring = step.scoring
    if scoring is None:
        return set()
    restrict = restrict or {}
    gates = [g for g in scoring.gates if not (g.question in restrict and restrict[g.question] is None)]
    thresholds = {level: Fraction(value).limit_denominator(10_000) for level, value in scoring.thresholds.items()}
    levels: set[int] = set()
    for level in range(1, 6):
        # Every gate up to this level must hold; of two on one question, the stricter one.
        merged: dict[str, int] = {}
        for gate in gates:
            if gate.level <= level:
                merged[gate.question] = max(merged.get(gate.question, 0), gate.min_score)
        # Either the percentage lands on this level with its gates met ...
        found = _percentages(step, merged, {}, restrict)
        if found is None:
            return None
        if _any_level(found, thresholds, lambda reached: reached == level):
            levels.add(level)
            continue
        # ... or it is higher and a gate of the next level holds it here.
        for gate in (g for g in gates if g.level == level + 1):
            if gate.question in merged and merged[gate.question] >= gate.min_score:
                continue
            found = _percentages(step, merged, {gate.question: gate.min_score}, restrict)
            if _any_level(found, thresholds, lambda reached: reached > level):
                levels.add(level)
                break
    return levels


def _levels_held_down_by_caps(q: Questionnaire, step: Section, levels: set[int]) -> dict[int, tuple[str, Cap | None]]:
    """The levels the scores reach but that caps always hold down, with why, and the cap to
    point at when one does it alone: a level needs some finished assessment in which no cap
    below it applies."""
    caps = step.scoring.caps if step.scoring else ()
    held: dict[int, tuple[str, Cap | None]] = {}
    for level in sorted(levels):
        below = [cap for cap in caps if cap.max_level < level]
        if not below:
            continue
        none_applies = Not(AnyOf(tuple(cap.when for cap in below)))
        if not holds_in_some_complete_assessment(q, none_applies):
            # Name the cap that always applies on its own, if there is one; else all of them.
            alone = [cap for cap in below if not holds_in_some_complete_assessment(q, Not(cap.when))]
            named = alone[:1] or below
            names = ", ".join(f"'{cap.id}'" for cap in named)
            why = (f"the cap {names} applies to every finished set of answers" if len(named) == 1
                   else f"one of the caps {names} applies to every finished set of answers")
            held[level] = (why, named[0] if len(named) == 1 else None)
    return held


# --- a recommendation's own `when` ------------------------------------------------------------
# Its trigger must still be able to fire while `when` holds, in one and the same finished
# assessment: `when` is searched as conditions are (satisfiability), and each set of answers
# found fixes the points of the step's questions it answers; the levels are then computed as
# above for the rest. Like the checks above, where a search would be too large nothing is
# reported.


def _restriction(step: Section, closure: list[str], answers: dict[str, Any]) -> Restriction:
    """What a set of answers to `closure` fixes of the step's scored questions: the points of
    each answer, or None for a question it leaves unanswered (hidden) or answers "not applicable"."""
    restrict: dict[str, frozenset[int] | None] = {}
    for question in step.questions:
        if not question.scored or question.id not in closure:
            continue
        if question.id in answers and question.type not in ("single", "yesno"):
            # Of a scale, number or multiple question the search tries a few sample answers
            # only (satisfiability._domain), never all that hold: fixing their points made a
            # level out of reach that a higher answer reaches (QA, review: "can never be given"
            # for a recommendation that is). Their points stay free: never a false alarm.
            continue
        scored = question_score(question, answers[question.id]) if question.id in answers else None
        restrict[question.id] = None if scored is None else frozenset({int(scored.score)})
    return restrict


def _levels_while(q: Questionnaire, step: Section, condition: Condition, caps: bool) -> set[int] | None:
    """The levels the step can have in a finished assessment in which `condition` holds, with
    `caps` also those that caps which can hold with it lower them to (a search of its own per
    cap, so asked for only where the levels without them do not do); None when that cannot be
    searched."""
    found = complete_assessments_where(q, condition)
    if found is None:
        return None
    closure, solutions = found
    restrictions = {tuple(sorted(r.items(), key=lambda item: item[0])): r
                    for r in (_restriction(step, closure, answers) for answers in solutions)}
    levels: set[int] = set()
    for restrict in restrictions.values():
        reached = reachable_levels(step, restrict)
        if reached is None:
            return None
        levels |= reached
    for cap in (step.scoring.caps if step.scoring and caps else ()):
        if levels and holds_in_some_complete_assessment(q, AllOf((condition, cap.when))):
            levels |= {min(level, cap.max_level) for level in levels}
    return levels


def _why_never_while(q: Questionnaire, step: Section, trigger: Trigger) -> str | None:
    """Why the trigger can never fire while its `when` holds, or None when it can (or when the
    search is too large to tell)."""
    when = trigger.when
    assert when is not None
    if trigger.kind == "answer":
        assert trigger.question is not None
        question = q.questions_by_id[trigger.question]
        answered: Condition = (
            AnyOf(tuple(Compare(question.id, "contains", v) for v in trigger.values)) if question.type == "multiple"
            else Compare(question.id, "in", tuple(trigger.values))
        )
        if not holds_in_some_complete_assessment(q, AllOf((answered, when))):
            return f"its 'when' never holds while {trigger.question} is {' or '.join(trigger.values)}"
        return None
    if trigger.kind == "level":
        for caps in (False, True):
            levels = _levels_while(q, step, when, caps)
            if levels is None or set(trigger.levels) & levels:
                return None
        if not levels:
            return "its 'when' never holds in a finished assessment"
        return f"while its 'when' holds, {step.id} never reaches level {', '.join(map(str, trigger.levels))}"
    # A gap: some target the step can have, with the lowest level it can have beside it.
    gap = trigger.gap or 0
    candidates = sorted([(q.targets.default_level, when)] + [
        (rule.level, AllOf((when, rule.when))) for rule in q.targets.rules if not rule.steps or step.id in rule.steps
    ], key=lambda c: -c[0])
    seen_any, best = False, 0
    for caps in (False, True):
        for target, condition in candidates:
            levels = _levels_while(q, step, condition, caps)
            if levels is None:
                return None  # too large to search: assume it can
            if not levels:
                continue
            seen_any = True
            if target - min(levels) >= gap:
                return None
            best = max(best, target - min(levels))
    if not seen_any:
        return "its 'when' never holds in a finished assessment"
    return f"while its 'when' holds, the gap between target and level is at most {best}, never {gap}"


def check(q: Questionnaire, broken: frozenset[str] = frozenset()) -> list[Issue]:
    issues: list[Issue] = []
    reachable_by_step: dict[str, set[int]] = {}
    for step in q.steps:
        levels = reachable_levels(step)
        if levels is None:
            continue
        capped = _levels_held_down_by_caps(q, step, levels)
        levels = levels - set(capped)
        reachable_by_step[step.id] = levels
        for level in range(1, 6):
            if level in levels:
                continue
            why, cap = capped.get(level, (None, None))
            # At the cap that does it, where there is one (QA, review: line 1 of the step file).
            location, item = (cap.location, f"cap: {cap.id}") if cap is not None else (step.location, f"section: {step.id}")
            issues.append(make_issue(
                ErrorCode.LEVEL_UNREACHABLE, location.file, location.line, item, level=level, step=step.id,
                why=why or ("check the option scores, weights, thresholds and gates"
                            if any(x.scored for x in step.questions) else "the step has no scored questions"),
            ))
        for cap in (step.scoring.caps if step.scoring else ()):
            # A `when` that contradicts itself passed, and the cap that was meant to hold a known
            # harm's step down never did (QA, author: two values of one question in an `all`).
            if not holds_in_some_complete_assessment(q, cap.when):
                issues.append(make_issue(ErrorCode.CAP_NEVER_APPLIES, cap.location.file, cap.location.line,
                                         f"cap: {cap.id}", id=cap.id, step=step.id, max_level=cap.max_level))
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
            if why is None and trigger.when is not None:
                why = _why_never_while(q, step, trigger)
            if why:
                issues.append(make_issue(ErrorCode.RECOMMENDATION_UNREACHABLE, rec.location.file, rec.location.line,
                                         f"recommendation: {rec.id}", id=rec.id, why=why))
    # A visitor sees a tool through a recommendation that uses it, or in the results' general
    # help when it is declared for every step; any other tool is never shown.
    used = {t for s in q.steps for r in s.recommendations for t in r.tools}
    general = {t.id for t in q.general_tools()}
    for tool in q.tools:
        # A tool named by a recommendation that is broken (reported where it broke) may well be used.
        if tool.id not in used and tool.id not in general and tool.id not in broken:
            issues.append(make_issue(ErrorCode.TOOL_UNUSED, tool.location.file, tool.location.line, f"tool: {tool.id}",
                                     id=tool.id))
    return issues
