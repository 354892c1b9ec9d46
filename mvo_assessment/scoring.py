"""Answers -> a maturity level per step, a target level, recommendations and next-level guidance.

Pure and deterministic: no Flask, no clock, no randomness. The result is plain JSON
(docs/score-format.md) and carries the questionnaire id and version, so a stored result can
be reproduced from its answers file.

The rules, all declared in YAML:
- a question's share is its score divided by its highest score; the step percentage is the
  weighted mean over shown, answered, applicable scored questions;
- "weet ik niet" counts as the question's lowest score and is flagged for follow-up;
- "niet van toepassing" and questions hidden by branching are left out, never counted as zero;
- the thresholds turn the percentage into a level; a failed gate or an active cap can hold
  the level lower; too few answers give "onvoldoende gegevens" instead of a level.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

from .conditions import evaluate
from .model import Gate, Question, Questionnaire, Section
from .navigation import Visibility, resolve

SCORED = "scored"
INSUFFICIENT = "insufficient_data"
NOT_APPLICABLE = "not_applicable"

STATUS_TEXT = {
    SCORED: "beoordeeld",
    INSUFFICIENT: "onvoldoende gegevens",
    NOT_APPLICABLE: "niet van toepassing",
}


@dataclass(frozen=True)
class QuestionScore:
    question: Question
    score: float  # points on the question's own scale
    share: float  # score / highest score, 0..1
    dont_know: bool


@dataclass(frozen=True)
class StepOutcome:
    """Everything the step's level rests on; explanations and guidance read it."""

    status: str
    level: int | None
    percentage: float | None
    threshold_level: int | None
    counted: tuple[QuestionScore, ...]
    failed_gates: tuple[Gate, ...]
    gate_limit: int
    active_caps: tuple[Any, ...]
    cap_limit: int


def question_score(question: Question, value: Any) -> QuestionScore | None:
    """The score of one effective answer, or None when it does not count (n/a, unscored)."""
    if not question.scored:
        return None
    if question.type == "scale":
        points = float(value) - float(question.min or 0)
        return QuestionScore(question, points, points / question.max_score, False)
    chosen = value if isinstance(value, list) else [value]
    options = [o for o in (question.option(v) for v in chosen) if o is not None]
    if not options or all(o.not_applicable for o in options):
        return None
    scores = [o.score for o in options if o.score is not None]
    lowest = question.lowest_score
    dont_know = any(o.dont_know for o in options) and not scores
    # Several ticked options score as the best of them; "weet ik niet" as the lowest.
    points = float(max(scores)) if scores else float(lowest)
    top = question.max_score or 1
    return QuestionScore(question, points, points / top, dont_know)


def _threshold_level(percentage: float, thresholds: Mapping[int, float]) -> int:
    level = 1
    for candidate in (2, 3, 4, 5):
        if percentage >= thresholds[candidate] - 1e-9:
            level = candidate
    return level


def _gate_question_score(gate: Gate, questionnaire: Questionnaire, effective: Mapping[str, Any], visible: frozenset[str]) -> float | None:
    """The gate question's points; None when the gate does not apply (hidden or n/a)."""
    question = questionnaire.questions_by_id.get(gate.question)
    if question is None or gate.question not in visible:
        return None
    if gate.question not in effective:
        return -1.0  # shown but unanswered: the minimum is not shown to be met
    scored = question_score(question, effective[gate.question])
    return None if scored is None else scored.score


def evaluate_step(questionnaire: Questionnaire, step: Section, visibility: Visibility) -> StepOutcome:
    scoring = step.scoring
    assert scoring is not None, "steps always have scoring settings"
    if step.id not in visibility.sections:
        return StepOutcome(NOT_APPLICABLE, None, None, None, (), (), 5, (), 5)
    effective = visibility.effective
    counted: list[QuestionScore] = []
    applicable = 0
    for question in step.questions:
        if not question.scored or question.id not in visibility.questions:
            continue
        if question.id not in effective:
            applicable += 1  # shown, not answered
            continue
        scored = question_score(question, effective[question.id])
        if scored is not None:
            applicable += 1
            counted.append(scored)
    if applicable == 0:
        # Every scored question was hidden or answered "niet van toepassing".
        return StepOutcome(NOT_APPLICABLE, None, None, None, (), (), 5, (), 5)
    needed = max(scoring.min_answers, math.ceil(scoring.min_answered_share * applicable - 1e-9))
    if len(counted) < needed:
        return StepOutcome(INSUFFICIENT, None, None, None, tuple(counted), (), 5, (), 5)
    total_weight = sum(s.question.weight for s in counted)
    percentage = 100.0 * sum(s.share * s.question.weight for s in counted) / total_weight
    threshold_level = _threshold_level(percentage, scoring.thresholds)
    failed = []
    for gate in scoring.gates:
        points = _gate_question_score(gate, questionnaire, effective, visibility.questions)
        if points is not None and points < gate.min_score:
            failed.append(gate)
    gate_limit = min((g.level - 1 for g in failed), default=5)
    caps = tuple(c for c in scoring.caps if evaluate(c.when, effective))
    cap_limit = min((c.max_level for c in caps), default=5)
    level = min(threshold_level, gate_limit, cap_limit)
    return StepOutcome(
        SCORED, level, round(percentage, 1), threshold_level, tuple(counted), tuple(failed), gate_limit, caps, cap_limit
    )


def target_for(questionnaire: Questionnaire, step: Section, effective: Mapping[str, Any]) -> tuple[int, str]:
    """The highest matching target rule; the default when none matches."""
    targets = questionnaire.targets
    level, reason = targets.default_level, targets.default_reason
    for rule in targets.rules:
        if rule.steps and step.id not in rule.steps:
            continue
        if rule.level > level and evaluate(rule.when, effective):
            level, reason = rule.level, rule.reason
    return level, reason


def _format_pct(value: float) -> str:
    return f"{value:.0f}%"


def explain(questionnaire: Questionnaire, step: Section, outcome: StepOutcome) -> list[dict[str, Any]]:
    """Why this level, in plain Dutch, so an adviser can defend it."""
    if outcome.status == NOT_APPLICABLE:
        return [{"kind": "status", "text": "Deze stap is niet van toepassing op grond van uw antwoorden."}]
    if outcome.status == INSUFFICIENT:
        return [{
            "kind": "status",
            "text": f"Er zijn te weinig vragen beantwoord om een niveau te geven ({len(outcome.counted)} beantwoord).",
        }]
    assert step.scoring is not None and outcome.percentage is not None and outcome.threshold_level is not None
    thresholds = step.scoring.thresholds
    parts = [f"Uw score is {_format_pct(outcome.percentage)}."]
    if outcome.threshold_level > 1:
        parts.append(f"Niveau {outcome.threshold_level} begint bij {_format_pct(thresholds[outcome.threshold_level])}.")
    if outcome.threshold_level < 5:
        nxt = outcome.threshold_level + 1
        parts.append(f"Niveau {nxt} begint bij {_format_pct(thresholds[nxt])}.")
    items: list[dict[str, Any]] = [{"kind": "score", "text": " ".join(parts)}]
    for gate in outcome.failed_gates:
        if gate.level - 1 == outcome.level and outcome.threshold_level >= gate.level:
            items.append({"kind": "gate", "id": gate.id, "text": gate.text})
    for cap in outcome.active_caps:
        if cap.max_level == outcome.level and outcome.threshold_level > cap.max_level:
            items.append({"kind": "cap", "id": cap.id, "text": cap.text})
    strongest = sorted(outcome.counted, key=lambda s: (-s.question.weight * s.share, s.question.id))[:2]
    weakest = sorted(
        (s for s in outcome.counted if s not in strongest), key=lambda s: ((s.share - 1) * s.question.weight, s.question.id)
    )[:2]
    for kind, picked, intro in (("strong", strongest, "Telde het zwaarst mee"), ("weak", weakest, "Trok de score het meest omlaag")):
        picked = [s for s in picked if (s.share > 0 if kind == "strong" else s.share < 1)]
        if picked:
            listed = "; ".join(f"'{s.question.text}': {_format_answer(s)}" for s in picked)
            items.append({"kind": kind, "questions": [s.question.id for s in picked], "text": f"{intro}: {listed}."})
    unknown = [s.question.id for s in outcome.counted if s.dont_know]
    if unknown:
        items.append({
            "kind": "dont_know",
            "questions": unknown,
            "text": f"{len(unknown)} keer 'weet ik niet' telt als het laagste antwoord. Zoek dit uit.",
        })
    return items


def _format_answer(scored: QuestionScore) -> str:
    return "weet ik niet" if scored.dont_know else f"{scored.score:g} van {scored.question.max_score} punten"


@dataclass(frozen=True)
class _Candidate:
    rec: Any
    category: int  # 0 failed gate, 1 urgent, 2 other
    gap: int
    step_number: int
    order: int


def _triggered(rec: Any, outcome: StepOutcome, target: int, effective: Mapping[str, Any]) -> bool:
    trigger = rec.trigger
    if trigger.kind == "answer":
        value = effective.get(trigger.question)
        chosen = value if isinstance(value, list) else [value]
        return any(v in trigger.values for v in chosen)
    if outcome.status != SCORED or outcome.level is None:
        return False
    if trigger.kind == "level":
        return outcome.level in trigger.levels
    return target - outcome.level >= (trigger.gap or 0)


@dataclass(frozen=True)
class ScoreContext:
    questionnaire: Questionnaire
    visibility: Visibility
    outcomes: Mapping[str, StepOutcome]
    targets: Mapping[str, tuple[int, str]]


def assess(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> ScoreContext:
    """Levels and targets only: the fast path that guidance calls many times."""
    visibility = resolve(questionnaire, answers)
    outcomes = {s.id: evaluate_step(questionnaire, s, visibility) for s in questionnaire.steps}
    targets = {s.id: target_for(questionnaire, s, visibility.effective) for s in questionnaire.steps}
    return ScoreContext(questionnaire, visibility, outcomes, targets)


def recommendations(context: ScoreContext) -> list[tuple[Any, int]]:
    """(recommendation, priority) for every triggered one, most urgent first, deduplicated."""
    candidates: list[_Candidate] = []
    order = 0
    for step in context.questionnaire.steps:
        outcome = context.outcomes[step.id]
        if outcome.status == NOT_APPLICABLE:
            continue
        target = context.targets[step.id][0]
        gap = target - outcome.level if outcome.level is not None else 0
        gate_questions = {g.question for g in outcome.failed_gates}
        for rec in step.recommendations:
            order += 1
            if not _triggered(rec, outcome, target, context.visibility.effective):
                continue
            if rec.trigger.kind == "answer" and rec.trigger.question in gate_questions:
                category = 0
            elif rec.urgent:
                category = 1
            else:
                category = 2
            candidates.append(_Candidate(rec, category, gap, step.number, order))
    candidates.sort(key=lambda c: (c.category, -c.gap, c.step_number, c.order))
    seen_texts: set[str] = set()
    ranked: list[tuple[Any, int]] = []
    for candidate in candidates:
        if candidate.rec.text in seen_texts:
            continue
        seen_texts.add(candidate.rec.text)
        ranked.append((candidate.rec, len(ranked) + 1))
    return ranked


def _tool_json(questionnaire: Questionnaire, tool_id: str) -> dict[str, Any]:
    tool = questionnaire.tools_by_id[tool_id]
    return {"id": tool.id, "title": tool.title, "url": tool.url, "description": tool.description}


def score(questionnaire: Questionnaire, answers: Mapping[str, Any], guidance: bool = True) -> dict[str, Any]:
    """The full result as JSON-ready data (docs/score-format.md)."""
    from .guidance import next_level_guidance

    context = assess(questionnaire, answers)
    ranked = recommendations(context)
    effective = context.visibility.effective
    steps_json: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []
    for rec, priority in ranked:
        actions.append({
            "id": rec.id,
            "step": rec.step_id,
            "priority": priority,
            "urgent": rec.urgent,
            "text": rec.text,
            "tools": [_tool_json(questionnaire, t) for t in rec.tools],
        })
    for step in questionnaire.steps:
        outcome = context.outcomes[step.id]
        target_level, target_reason = context.targets[step.id]
        flags: list[dict[str, Any]] = [
            {"kind": "dont_know", "question": s.question.id, "text": s.question.text}
            for s in outcome.counted
            if s.dont_know
        ]
        flags += [{"kind": "gate", "id": g.id, "text": g.text} for g in outcome.failed_gates]
        flags += [{"kind": "cap", "id": c.id, "text": c.text} for c in outcome.active_caps]
        steps_json.append({
            "id": step.id,
            "number": step.number,
            "title": step.title,
            "status": outcome.status,
            "status_text": STATUS_TEXT[outcome.status],
            "level": outcome.level,
            "level_name": questionnaire.level_name(outcome.level) if outcome.level else None,
            "level_description": step.level_descriptions.get(outcome.level) if outcome.level else None,
            "score": outcome.percentage,
            "target_level": target_level if outcome.status != NOT_APPLICABLE else None,
            "target_level_name": questionnaire.level_name(target_level) if outcome.status != NOT_APPLICABLE else None,
            "target_reason": target_reason if outcome.status != NOT_APPLICABLE else None,
            "flags": flags,
            "substeps": _substeps(questionnaire, step, context.visibility),
            "explanation": explain(questionnaire, step, outcome),
            "recommendations": [a for a in actions if a["step"] == step.id],
            "next_level": next_level_guidance(questionnaire, answers, step.id, context) if guidance else [],
        })
    follow_up = [
        {"question": q.id, "step": q.section_id, "text": q.text}
        for q in questionnaire.questions
        if q.id in effective and _is_dont_know(q, effective[q.id])
    ]
    return {
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "steps": steps_json,
        "actions": actions,
        "follow_up": follow_up,
    }


def _is_dont_know(question: Question, value: Any) -> bool:
    chosen = value if isinstance(value, list) else [value]
    return any((o := question.option(v)) is not None and o.dont_know for v in chosen if isinstance(v, str))


def _substeps(questionnaire: Questionnaire, step: Section, visibility: Visibility) -> list[dict[str, Any]]:
    """A level per sub-step (pages grouped by the part of their id before '-'), thresholds only."""
    assert step.scoring is not None
    grouped: dict[str, list[Question]] = {}
    for page in step.pages:
        grouped.setdefault(page.substep, []).extend(page.questions)
    result = []
    for substep, questions in grouped.items():
        counted = []
        applicable = 0
        for q in questions:
            if not q.scored or q.id not in visibility.questions:
                continue
            if q.id not in visibility.effective:
                applicable += 1
                continue
            scored = question_score(q, visibility.effective[q.id])
            if scored is not None:
                applicable += 1
                counted.append(scored)
        if applicable == 0:
            result.append({"id": substep, "status": NOT_APPLICABLE, "level": None, "score": None})
            continue
        needed = max(1, math.ceil(step.scoring.min_answered_share * applicable - 1e-9))
        if len(counted) < needed:
            result.append({"id": substep, "status": INSUFFICIENT, "level": None, "score": None})
            continue
        weight = sum(s.question.weight for s in counted)
        pct = 100.0 * sum(s.share * s.question.weight for s in counted) / weight
        result.append({
            "id": substep,
            "status": SCORED,
            "level": _threshold_level(pct, step.scoring.thresholds),
            "score": round(pct, 1),
        })
    return result
