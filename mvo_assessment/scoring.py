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

The texts scoring writes itself (explanations, status texts) are Dutch source texts in the
`messages` catalog; `score(..., translations=...)` gives them in another language. The
questionnaire's own texts come from the model, so pass the translated model as well.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping

from .conditions import Predicate, compile_condition
from .i18n import NULL_TRANSLATIONS, Gettext, N_
from .model import Gate, Question, Questionnaire, Section
from .navigation import Visibility, resolve

SCORED = "scored"
INSUFFICIENT = "insufficient_data"
NOT_APPLICABLE = "not_applicable"

STATUS_TEXT = {
    SCORED: N_("beoordeeld"),
    INSUFFICIENT: N_("onvoldoende gegevens"),
    NOT_APPLICABLE: N_("niet van toepassing"),
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


# --- the plan: everything about a questionnaire that scoring reads, prepared once -----------
#
# Scoring runs on every results page and many times inside the next-level search, so the
# rules are looked up once per questionnaire object (it is immutable) instead of per answer:
# each scored question gets a table from every possible single answer to its QuestionScore
# (computed by `question_score` itself, so the rule stays in one place), conditions are
# compiled (conditions.compile_condition), and the sub-step grouping is fixed.

_MISSING = object()


@dataclass(frozen=True)
class _StepPlan:
    step: Section
    # (question id, question, answer -> score table, index of its sub-step), scored questions only
    scored: tuple[tuple[str, Question, Mapping[Any, "QuestionScore | None"], int], ...]
    substeps: tuple[str, ...]
    gates: tuple[tuple[Gate, "Question | None", Mapping[Any, "QuestionScore | None"]], ...]
    caps: tuple[tuple[Any, Predicate], ...]
    target_rules: tuple[tuple[Any, Predicate], ...]  # the rules that apply to this step
    # (recommendation, kind, question, values, levels, gap) in declaration order
    recommendations: tuple[tuple[Any, str, Any, tuple[Any, ...], tuple[int, ...], int], ...]


@dataclass(frozen=True)
class _Plan:
    steps: Mapping[str, _StepPlan]
    level_names: Mapping[int, str]
    # (question, its "weet ik niet" option values) for questions that have such an option
    dont_know: tuple[tuple[Question, frozenset[str]], ...]


def _score_table(question: Question) -> Mapping[Any, QuestionScore | None]:
    if not question.scored:
        return {}
    if question.type == "scale":
        values: list[Any] = list(range(int(question.min or 0), int(question.max or 0) + 1))
    else:
        values = [option.value for option in question.options]
    return MappingProxyType({value: question_score(question, value) for value in values})


def _lookup(question: Question, table: Mapping[Any, QuestionScore | None], value: Any) -> QuestionScore | None:
    """question_score(question, value), from the table when the answer is a single known value."""
    if type(value) is not list:
        try:
            found = table.get(value, _MISSING)
        except TypeError:  # an unhashable answer: let question_score decide
            found = _MISSING
        if found is not _MISSING:
            return found  # type: ignore[return-value]
    return question_score(question, value)


def _plan(questionnaire: Questionnaire) -> _Plan:
    plan: _Plan | None = questionnaire.__dict__.get("_score_plan")
    if plan is not None:
        return plan
    tables = {q.id: _score_table(q) for q in questionnaire.questions}
    steps: dict[str, _StepPlan] = {}
    for step in questionnaire.steps:
        scoring = step.scoring
        assert scoring is not None, "steps always have scoring settings"
        substeps: dict[str, int] = {}
        scored = []
        for page in step.pages:
            index = substeps.setdefault(page.substep, len(substeps))
            scored += [(q.id, q, tables[q.id], index) for q in page.questions if q.scored]
        gates = tuple(
            (gate, questionnaire.questions_by_id.get(gate.question), tables.get(gate.question, {}))
            for gate in scoring.gates
        )
        recs = tuple(
            (rec, rec.trigger.kind, rec.trigger.question, tuple(rec.trigger.values), tuple(rec.trigger.levels),
             rec.trigger.gap or 0)
            for rec in step.recommendations
        )
        steps[step.id] = _StepPlan(
            step=step,
            scored=tuple(scored),
            substeps=tuple(substeps),
            gates=gates,
            caps=tuple((cap, compile_condition(cap.when)) for cap in scoring.caps),
            target_rules=tuple(
                (rule, compile_condition(rule.when))
                for rule in questionnaire.targets.rules
                if not rule.steps or step.id in rule.steps
            ),
            recommendations=recs,
        )
    dont_know = tuple(
        (q, frozenset(o.value for o in q.options if o.dont_know)) for q in questionnaire.questions
        if any(o.dont_know for o in q.options)
    )
    level_names = {lv.level: lv.name for lv in reversed(questionnaire.levels)}  # the first one wins
    plan = _Plan(MappingProxyType(steps), MappingProxyType(level_names), dont_know)
    object.__setattr__(questionnaire, "_score_plan", plan)
    return plan


def _gate_question_score(
    question: Question | None, table: Mapping[Any, QuestionScore | None], gate: Gate,
    effective: Mapping[str, Any], visible: frozenset[str],
) -> float | None:
    """The gate question's points; None when the gate does not apply (hidden or n/a)."""
    if question is None or gate.question not in visible:
        return None
    value = effective.get(gate.question, _MISSING)
    if value is _MISSING:
        return -1.0  # shown but unanswered: the minimum is not shown to be met
    scored = _lookup(question, table, value)
    return None if scored is None else scored.score


_NOT_APPLICABLE_OUTCOME = StepOutcome(NOT_APPLICABLE, None, None, None, (), (), 5, (), 5)


def evaluate_step(questionnaire: Questionnaire, step: Section, visibility: Visibility) -> StepOutcome:
    return _evaluate(_plan(questionnaire).steps[step.id], visibility, None)


def _evaluate(plan: _StepPlan, visibility: Visibility, substeps: list[Any] | None) -> StepOutcome:
    """The step's outcome; with a `substeps` list, also one [applicable, counted] per sub-step
    (the same pass, the same order of additions as a separate walk would make)."""
    step = plan.step
    scoring = step.scoring
    assert scoring is not None, "steps always have scoring settings"
    if substeps is not None:
        substeps.extend([0, []] for _ in plan.substeps)
    if step.id not in visibility.sections:
        return _NOT_APPLICABLE_OUTCOME
    effective = visibility.effective
    shown = visibility.questions
    counted: list[QuestionScore] = []
    applicable = 0
    for question_id, question, table, index in plan.scored:
        if question_id not in shown:
            continue
        value = effective.get(question_id, _MISSING)
        if value is _MISSING:
            applicable += 1  # shown, not answered
            if substeps is not None:
                substeps[index][0] += 1
            continue
        scored = table.get(value, _MISSING) if type(value) is str else _MISSING
        if scored is _MISSING:
            scored = _lookup(question, table, value)
        if scored is not None:
            applicable += 1
            counted.append(scored)  # type: ignore[arg-type]
            if substeps is not None:
                substeps[index][0] += 1
                substeps[index][1].append(scored)
    if applicable == 0:
        # Every scored question was hidden or answered "niet van toepassing".
        return _NOT_APPLICABLE_OUTCOME
    needed = max(scoring.min_answers, math.ceil(scoring.min_answered_share * applicable - 1e-9))
    if len(counted) < needed:
        return StepOutcome(INSUFFICIENT, None, None, None, tuple(counted), (), 5, (), 5)
    total_weight = sum(s.question.weight for s in counted)
    percentage = 100.0 * sum(s.share * s.question.weight for s in counted) / total_weight
    threshold_level = _threshold_level(percentage, scoring.thresholds)
    failed = []
    for gate, gate_question, table in plan.gates:
        points = _gate_question_score(gate_question, table, gate, effective, shown)
        if points is not None and points < gate.min_score:
            failed.append(gate)
    gate_limit = min((g.level - 1 for g in failed), default=5)
    caps = tuple(cap for cap, when in plan.caps if when(effective))
    cap_limit = min((c.max_level for c in caps), default=5)
    level = min(threshold_level, gate_limit, cap_limit)
    return StepOutcome(
        SCORED, level, round(percentage, 1), threshold_level, tuple(counted), tuple(failed), gate_limit, caps, cap_limit
    )


def target_for(questionnaire: Questionnaire, step: Section, effective: Mapping[str, Any]) -> tuple[int, str]:
    """The highest matching target rule; the default when none matches."""
    return _target(questionnaire, _plan(questionnaire).steps[step.id], effective)


def _target(questionnaire: Questionnaire, plan: _StepPlan, effective: Mapping[str, Any]) -> tuple[int, str]:
    targets = questionnaire.targets
    level, reason = targets.default_level, targets.default_reason
    for rule, when in plan.target_rules:
        if rule.level > level and when(effective):
            level, reason = rule.level, rule.reason
    return level, reason


def _format_pct(value: float) -> str:
    return f"{value:.0f}%"


def explain(
    questionnaire: Questionnaire, step: Section, outcome: StepOutcome, translations: Gettext = NULL_TRANSLATIONS
) -> list[dict[str, Any]]:
    """Why this level, in plain words (Dutch unless `translations` says otherwise), so an adviser can defend it."""
    t = translations
    if outcome.status == NOT_APPLICABLE:
        return [{"kind": "status", "text": t.gettext("Deze stap is niet van toepassing op grond van uw antwoorden.")}]
    if outcome.status == INSUFFICIENT:
        return [{
            "kind": "status",
            "text": t.ngettext(
                "Er zijn te weinig vragen beantwoord om een niveau te geven (%(count)s beantwoord).",
                "Er zijn te weinig vragen beantwoord om een niveau te geven (%(count)s beantwoord).",
                len(outcome.counted),
            ) % {"count": len(outcome.counted)},
        }]
    assert step.scoring is not None and outcome.percentage is not None and outcome.threshold_level is not None
    thresholds = step.scoring.thresholds
    parts = [t.gettext("Uw score is %(score)s.") % {"score": _format_pct(outcome.percentage)}]
    if outcome.threshold_level > 1:
        parts.append(t.gettext("Niveau %(level)s begint bij %(score)s.") % {
            "level": outcome.threshold_level, "score": _format_pct(thresholds[outcome.threshold_level])
        })
    if outcome.threshold_level < 5:
        nxt = outcome.threshold_level + 1
        parts.append(t.gettext("Niveau %(level)s begint bij %(score)s.") % {"level": nxt, "score": _format_pct(thresholds[nxt])})
    items: list[dict[str, Any]] = [{"kind": "score", "text": " ".join(parts)}]
    for gate in outcome.failed_gates:
        if gate.level - 1 == outcome.level and outcome.threshold_level >= gate.level:
            items.append({"kind": "gate", "id": gate.id, "text": gate.text})
    for cap in outcome.active_caps:
        if cap.max_level == outcome.level and outcome.threshold_level > cap.max_level:
            items.append({"kind": "cap", "id": cap.id, "text": cap.text})
    strongest = sorted(outcome.counted, key=lambda s: (-s.question.weight * s.share, s.question.id))[:2]
    weakest = sorted(
        (s for s in outcome.counted if all(s is not t for t in strongest)), key=lambda s: ((s.share - 1) * s.question.weight, s.question.id)
    )[:2]
    intros = (
        ("strong", strongest, t.gettext("Telde het zwaarst mee: %(answers)s.")),
        ("weak", weakest, t.gettext("Trok de score het meest omlaag: %(answers)s.")),
    )
    for kind, picked, intro in intros:
        picked = [s for s in picked if (s.share > 0 if kind == "strong" else s.share < 1)]
        if picked:
            listed = "; ".join(f"'{s.question.text}': {_format_answer(s, t)}" for s in picked)
            items.append({"kind": kind, "questions": [s.question.id for s in picked], "text": intro % {"answers": listed}})
    unknown = [s.question.id for s in outcome.counted if s.dont_know]
    if unknown:
        items.append({
            "kind": "dont_know",
            "questions": unknown,
            "text": t.ngettext(
                "%(count)s keer 'weet ik niet' telt als het laagste antwoord. Zoek dit uit.",
                "%(count)s keer 'weet ik niet' telt als het laagste antwoord. Zoek dit uit.",
                len(unknown),
            ) % {"count": len(unknown)},
        })
    return items


def _format_answer(scored: QuestionScore, t: Gettext = NULL_TRANSLATIONS) -> str:
    if scored.dont_know:
        return t.gettext("weet ik niet")
    return t.gettext("%(score)s van %(max)s punten") % {"score": f"{scored.score:g}", "max": scored.question.max_score}


def _fires(
    kind: str, question: Any, values: tuple[Any, ...], levels: tuple[int, ...], gap: int,
    outcome: StepOutcome, target: int, effective: Mapping[str, Any],
) -> bool:
    """Whether a recommendation's trigger (its parts, prepared in the plan) holds."""
    if kind == "answer":
        value = effective.get(question)
        if isinstance(value, list):
            return any(v in values for v in value)
        return value in values
    if outcome.status != SCORED or outcome.level is None:
        return False
    if kind == "level":
        return outcome.level in levels
    return target - outcome.level >= gap


@dataclass(frozen=True)
class ScoreContext:
    questionnaire: Questionnaire
    visibility: Visibility
    outcomes: Mapping[str, StepOutcome]
    targets: Mapping[str, tuple[int, str]]


def assess(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> ScoreContext:
    """Levels and targets only: the fast path that guidance calls many times."""
    return _assess(questionnaire, answers, None)


def _assess(questionnaire: Questionnaire, answers: Mapping[str, Any], substeps: dict[str, list[Any]] | None) -> ScoreContext:
    plan = _plan(questionnaire)
    visibility = resolve(questionnaire, answers)
    effective = visibility.effective
    outcomes: dict[str, StepOutcome] = {}
    targets: dict[str, tuple[int, str]] = {}
    for step_id, step_plan in plan.steps.items():
        step_substeps = None if substeps is None else substeps.setdefault(step_id, [])
        outcomes[step_id] = _evaluate(step_plan, visibility, step_substeps)
        targets[step_id] = _target(questionnaire, step_plan, effective)
    return ScoreContext(questionnaire, visibility, outcomes, targets)


def recommendations(context: ScoreContext) -> list[tuple[Any, int]]:
    """(recommendation, priority) for every triggered one, most urgent first, deduplicated."""
    # (category: 0 failed gate, 1 urgent, 2 other; -gap; step number; order; recommendation)
    candidates: list[tuple[int, int, int, int, Any]] = []
    order = 0
    effective = context.visibility.effective
    for step_id, plan in _plan(context.questionnaire).steps.items():
        outcome = context.outcomes[step_id]
        if outcome.status == NOT_APPLICABLE:
            continue
        target = context.targets[step_id][0]
        gap = target - outcome.level if outcome.level is not None else 0
        gate_questions = {g.question for g in outcome.failed_gates}
        number = plan.step.number
        for rec, kind, question, values, levels, minimum_gap in plan.recommendations:
            order += 1
            if kind == "answer":
                value = effective.get(question)
                if type(value) is str:
                    if value not in values:
                        continue
                elif not _fires(kind, question, values, levels, minimum_gap, outcome, target, effective):
                    continue
            elif not _fires(kind, question, values, levels, minimum_gap, outcome, target, effective):
                continue
            if kind == "answer" and question in gate_questions:
                category = 0
            elif rec.urgent:
                category = 1
            else:
                category = 2
            candidates.append((category, -gap, number, order, rec))
    candidates.sort(key=lambda c: c[:4])
    seen_texts: set[str] = set()
    ranked: list[tuple[Any, int]] = []
    for candidate in candidates:
        rec = candidate[4]
        if rec.text in seen_texts:
            continue
        seen_texts.add(rec.text)
        ranked.append((rec, len(ranked) + 1))
    return ranked


def _tool_json(questionnaire: Questionnaire, tool_id: str) -> dict[str, Any]:
    tool = questionnaire.tools_by_id[tool_id]
    return {"id": tool.id, "title": tool.title, "url": tool.url, "description": tool.description}


def score(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    guidance: bool = True,
    translations: Gettext = NULL_TRANSLATIONS,
) -> dict[str, Any]:
    """The full result as JSON-ready data (docs/score-format.md).

    For another language pass the translated model (`content_i18n.translate`) and the
    `messages` catalog of that language as `translations`.
    """
    from .guidance import next_level_guidance

    plan = _plan(questionnaire)
    substeps: dict[str, list[Any]] = {}
    context = _assess(questionnaire, answers, substeps)
    ranked = recommendations(context)
    effective = context.visibility.effective
    level_names = plan.level_names
    steps_json: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []
    actions_by_step: dict[str, list[dict[str, Any]]] = {}
    for rec, priority in ranked:
        action = {
            "id": rec.id,
            "step": rec.step_id,
            "priority": priority,
            "urgent": rec.urgent,
            "text": rec.text,
            "tools": [_tool_json(questionnaire, t) for t in rec.tools],
        }
        actions.append(action)
        actions_by_step.setdefault(rec.step_id, []).append(action)
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
            "status_text": translations.gettext(STATUS_TEXT[outcome.status]),
            "level": outcome.level,
            "level_name": level_names.get(outcome.level, str(outcome.level)) if outcome.level else None,
            "level_description": step.level_descriptions.get(outcome.level) if outcome.level else None,
            "score": outcome.percentage,
            "target_level": target_level if outcome.status != NOT_APPLICABLE else None,
            "target_level_name": level_names.get(target_level, str(target_level)) if outcome.status != NOT_APPLICABLE else None,
            "target_reason": target_reason if outcome.status != NOT_APPLICABLE else None,
            "flags": flags,
            "substeps": _substeps(step, plan.steps[step.id].substeps, substeps[step.id]),
            "explanation": explain(questionnaire, step, outcome, translations),
            "recommendations": list(actions_by_step.get(step.id, ())),
            "next_level": next_level_guidance(questionnaire, answers, step.id, context) if guidance else [],
        })
    follow_up = [
        {"question": q.id, "step": q.section_id, "text": q.text}
        for q, dont_know in plan.dont_know
        if (value := effective.get(q.id)) is not None
        and (value in dont_know if type(value) is str else _is_dont_know(dont_know, value))
    ]
    return {
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "steps": steps_json,
        "actions": actions,
        "follow_up": follow_up,
    }


def _is_dont_know(dont_know: frozenset[str], value: Any) -> bool:
    """Whether the answer picks a "weet ik niet" option (whose values are `dont_know`)."""
    chosen = value if isinstance(value, list) else [value]
    return any(v in dont_know for v in chosen if isinstance(v, str))


def _substeps(step: Section, ids: tuple[str, ...], aggregates: list[Any]) -> list[dict[str, Any]]:
    """A level per sub-step (pages grouped by the part of their id before '-'), thresholds only.

    `aggregates` holds [applicable, counted] per sub-step, gathered by `_evaluate`."""
    assert step.scoring is not None
    result = []
    for substep, (applicable, counted) in zip(ids, aggregates):
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
