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

from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Mapping

from .i18n import NULL_TRANSLATIONS, Gettext
from .model import Gate, Questionnaire, Section
from .navigation import Visibility
from .scoring_code import Compiled, compiled_for
from .scoring_plan import (
    INSUFFICIENT,
    NOT_APPLICABLE,
    NOT_APPLICABLE_OUTCOME,
    SCORED,
    STATUS_TEXT,
    Plan,
    QuestionScore,
    RecommendationPlan,
    Scored,
    StepOutcome,
    StepPlan,
    Texts,
    answer_text,
    format_pct,
    plan_for,
    question_score,
    result_score,
    texts_for,
)

if TYPE_CHECKING:  # guidance imports this module; only the type is needed here
    from .guidance import Guidance

__all__ = [
    "INSUFFICIENT", "NOT_APPLICABLE", "SCORED", "STATUS_TEXT", "QuestionScore", "ScoreContext", "StepOutcome",
    "assess", "evaluate_step", "explain", "question_score", "recommendations", "score", "target_for",
]

_MISSING: Any = object()
_WEIGHT = attrgetter("weight")
_WEIGHTED = attrgetter("weighted")
_STRONG = attrgetter("strong_key")
_WEAK = attrgetter("weak_key")
_STRONG_RANK = attrgetter("strong_rank")
_WEAK_RANK = attrgetter("weak_rank")
# An answer "counted most" only with more than half of its question's points.
STRONG_SHARE = 0.5


def evaluate_step(questionnaire: Questionnaire, step: Section, visibility: Visibility) -> StepOutcome:
    """One step's outcome for a given visibility (the next-level search tries many)."""
    step_function = compiled_for(questionnaire).steps[step.id]
    return step_function(visibility.effective, visibility.questions, visibility.sections, [])


def _threshold_level(percentage: float, cutoffs: tuple[tuple[int, float], ...]) -> int:
    level = 1
    for candidate, cutoff in cutoffs:
        if percentage >= cutoff:
            level = candidate
    return level


def reference_outcome(plan: StepPlan, visibility: Visibility, unanswered: list[int] | None) -> StepOutcome:
    """The step's outcome; `unanswered` collects the sub-step of each shown, unanswered question.

    The rules as a loop over the plan: the reference that the generated code (scoring_code,
    which `evaluate_step`, `assess` and `score` run) is tested against. Sums run over the
    counted answers in questionnaire order with `sum`, as the rules are written, so
    percentages are the same to the last bit."""
    if plan.id not in visibility.sections:
        return NOT_APPLICABLE_OUTCOME
    effective = visibility.effective
    get = effective.get
    shown = visibility.questions
    counted: list[Scored] = []
    missing = 0
    for question_id, table, question_plan in plan.questions:
        value = get(question_id, _MISSING)
        if value is _MISSING:
            # `effective` holds shown questions only, so only an absent answer needs `shown`.
            if question_id in shown:
                missing += 1
                if unanswered is not None:
                    unanswered.append(question_plan.substep)
            continue
        entry = table.get(value, _MISSING) if type(value) is str else _MISSING
        if entry is _MISSING:
            entry = question_plan.entry(value)
        if entry is not None:
            counted.append(entry)
    applicable = missing + len(counted)
    if applicable == 0:
        # Every scored question was hidden or answered "niet van toepassing".
        return NOT_APPLICABLE_OUTCOME
    if len(counted) < plan.needed[applicable]:
        return StepOutcome(INSUFFICIENT, None, None, None, tuple(counted), (), 5, (), 5)
    percentage = 100.0 * sum(map(_WEIGHTED, counted)) / sum(map(_WEIGHT, counted))
    threshold_level = _threshold_level(percentage, plan.cutoffs)
    failed = tuple(_failed_gates(plan, effective, shown)) if plan.gates else ()
    gate_limit = min((g.level - 1 for g in failed), default=5)
    caps = tuple(cap for cap, when in plan.caps if when(effective))
    cap_limit = min((c.max_level for c in caps), default=5)
    level = min(threshold_level, gate_limit, cap_limit)
    return StepOutcome(
        SCORED, level, percentage, threshold_level, tuple(counted), failed, gate_limit, caps, cap_limit
    )


def _failed_gates(plan: StepPlan, effective: Mapping[str, Any], shown: frozenset[str]) -> list[Gate]:
    """Gates whose question is shown and scores below the minimum; unanswered fails, n/a does not."""
    failed = []
    for gate, question_plan in plan.gates:
        if question_plan is None or gate.question not in shown:
            continue
        value = effective.get(gate.question, _MISSING)
        if value is _MISSING:
            points = -1.0  # shown but unanswered: the minimum is not shown to be met
        else:
            entry = question_plan.entry(value)
            if entry is None:
                continue
            points = entry.score
        if points < gate.min_score:
            failed.append(gate)
    return failed


def target_for(questionnaire: Questionnaire, step: Section, effective: Mapping[str, Any]) -> tuple[int, str]:
    """The highest matching target rule; the default when none matches."""
    return _target(questionnaire, plan_for(questionnaire).steps_by_id[step.id], effective)


def _target(questionnaire: Questionnaire, plan: StepPlan, effective: Mapping[str, Any]) -> tuple[int, str]:
    targets = questionnaire.targets
    level, reason = targets.default_level, targets.default_reason
    for rule, when in plan.target_rules:
        if rule.level > level and when(effective):
            level, reason = rule.level, rule.reason
    return level, reason


def explain(
    questionnaire: Questionnaire,
    step: Section,
    outcome: StepOutcome,
    translations: Gettext = NULL_TRANSLATIONS,
    answers: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Why this level, in plain words (Dutch unless `translations` says otherwise), so an adviser
    can defend it. With the `answers`, a gate whose question is still open says so."""
    plan = plan_for(questionnaire)
    step_plan = plan.steps_by_id[step.id]
    unknown = [s for s in outcome.counted if s.dont_know]
    shown = None if outcome.percentage is None else result_score(outcome.percentage, step_plan.cutoffs)
    texts = texts_for(plan, translations)
    gate_items = _gate_items(questionnaire, outcome, answers, texts)
    return _explain(step_plan, outcome, shown, unknown, gate_items, texts, translations)


def _gate_items(
    questionnaire: Questionnaire, outcome: StepOutcome, answers: Mapping[str, Any] | None, texts: Texts
) -> dict[str, dict[str, Any]]:
    """Per failed gate, its item for the flags and the explanation. A failed gate's question is
    shown (scoring leaves hidden ones out), so without an answer it is an open question, which
    fails the gate until it is answered (docs/decisions/0002-scoring.md)."""
    items = {}
    for gate in outcome.failed_gates:
        unanswered = answers is not None and gate.question not in answers
        text = gate.text
        if unanswered:
            question = questionnaire.questions_by_id[gate.question]
            text += " " + texts.gate_unanswered % {"question": question.text}
        items[gate.id] = {"kind": "gate", "id": gate.id, "question": gate.question, "unanswered": unanswered, "text": text}
    return items


def _explain(
    plan: StepPlan, outcome: StepOutcome, shown_score: float | None, unknown: list[Any],
    gate_items: Mapping[str, dict[str, Any]], texts: Texts, t: Gettext,
) -> list[dict[str, Any]]:
    """explain(), given the result's `score` (said as the pages say it), the counted "weet ik
    niet" answers and the failed gates' items (`score` needs both for the flags too)."""
    status = outcome.status
    if status == NOT_APPLICABLE:
        return [{"kind": "status", "text": texts.not_applicable}]
    counted: tuple[Any, ...] = outcome.counted
    if status == INSUFFICIENT:
        return [{"kind": "status", "text": texts.insufficient[len(counted)]}]
    assert shown_score is not None and outcome.threshold_level is not None
    threshold_level = outcome.threshold_level
    items: list[dict[str, Any]] = [{
        "kind": "score",
        "text": texts.score % {"score": format_pct(shown_score)} + texts.thresholds[plan.id][threshold_level],
    }]
    level = outcome.level
    for gate in outcome.failed_gates:
        if gate.level - 1 == level and threshold_level >= gate.level:
            items.append(dict(gate_items[gate.id]))
    for cap in outcome.active_caps:
        if cap.max_level == level and threshold_level > cap.max_level:
            items.append({"kind": "cap", "id": cap.id, "text": cap.text})
    # Rank by the plan's ints; an answer the plan did not foresee (rank -1, so sorted first)
    # has only its key, and then every answer is sorted by its key.
    by_loss = sorted(counted, key=_WEAK_RANK)
    foreseen = by_loss[0].weak_rank >= 0
    if not foreseen:
        by_loss.sort(key=_WEAK)
    # The two answers that lost the most points pulled the score down most, whatever the others
    # did. Before, the two with the most points came first, and when few answers had points
    # those were poor ones: "1 van 4 punten" was said to count most and was then left out of
    # what pulled the score down, though it lost the most (QA, content).
    weak: list[Scored] = []
    for s in by_loss:
        if s.share < 1:
            weak.append(s)
            if len(weak) == 2:
                break
    # Counted most: of the others, those with more than half of their points. (Identity, not
    # ==: dataclass equality compares every field.)
    first_weak, last_weak = (weak[0], weak[-1]) if weak else (None, None)
    strong: list[Scored] = []
    for s in sorted(counted, key=_STRONG_RANK if foreseen else _STRONG):
        if s.share > STRONG_SHARE and s is not first_weak and s is not last_weak:
            strong.append(s)
            if len(strong) == 2:
                break
    if strong:
        items.append(_answers_item("strong", strong, texts.strong, texts, t))
    if weak:
        items.append(_answers_item("weak", weak, texts.weak, texts, t))
    if unknown:
        items.append({
            "kind": "dont_know", "questions": [s.question.id for s in unknown], "text": texts.dont_know[len(unknown)],
        })
    return items


def _answers_item(kind: str, picked: list[Scored], intros: tuple[str, str], texts: Texts, t: Gettext) -> dict[str, Any]:
    """One or two picked answers, quoted (`texts.answers` by entry index), in the sentence for
    one or for two; written out for both counts, as this runs twice per step and comprehensions
    cost more than the text."""
    first = picked[0]
    listed = texts.answers[first.index] if first.index >= 0 else answer_text(first, t)
    if len(picked) == 1:
        return {"kind": kind, "questions": [first.question.id], "text": intros[0] % {"answers": listed}}
    second = picked[1]
    listed = texts.both % {"first": listed, "second": texts.answers[second.index] if second.index >= 0 else answer_text(second, t)}
    return {"kind": kind, "questions": [first.question.id, second.question.id], "text": intros[1] % {"answers": listed}}


@dataclass(frozen=True)
class ScoreContext:
    questionnaire: Questionnaire
    visibility: Visibility
    outcomes: Mapping[str, StepOutcome]
    targets: Mapping[str, tuple[int, str]]


def assess(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> ScoreContext:
    """Levels and targets only: the fast path that guidance calls many times."""
    return _assess(questionnaire, answers)[0]


def _assess(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> tuple[ScoreContext, dict[str, list[int]]]:
    """The context, and per step the sub-step of each shown, unanswered scored question."""
    visibility, outcomes, targets, unanswered = compiled_for(questionnaire).assess(answers)
    return ScoreContext(questionnaire, visibility, outcomes, targets), unanswered


def recommendations(context: ScoreContext) -> list[tuple[Any, int]]:
    """(recommendation, priority) for every triggered one, most urgent first, deduplicated."""
    questionnaire = context.questionnaire
    ranked = _ranked(plan_for(questionnaire), compiled_for(questionnaire), context)
    return [(rec.recommendation, priority) for priority, rec in enumerate(ranked, 1)]


def _ranked(plan: Plan, compiled: Compiled, context: ScoreContext) -> list[RecommendationPlan]:
    """The triggered recommendations in priority order: urgent ones (a severe harm) first, then
    failed gates, then the largest gap to the target, the step number and the declaration
    order; a text that came earlier is left out."""
    # The sort key (category: 0 urgent, 1 failed gate, 2 other; -gap; number; order) as one int.
    keys = compiled.trigger_keys(context.outcomes, context.targets, context.visibility.effective)
    keys.sort()
    recommendations = plan.recommendations
    order_span = plan.rank_key.order_span
    seen_texts: set[str] = set()
    ranked: list[RecommendationPlan] = []
    for key in keys:
        rec = recommendations[key % order_span]
        if rec.text_shared:
            if rec.text in seen_texts:
                continue
            seen_texts.add(rec.text)
        ranked.append(rec)
    return ranked


def score(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    guidance: bool = True,
    translations: Gettext = NULL_TRANSLATIONS,
) -> dict[str, Any]:
    """The full result as JSON-ready data (docs/score-format.md).

    For another language pass the translated model (`content_i18n.translate`) and the
    `messages` catalog of that language as `translations`.

    Every dict and list in the result is new (callers may change it); the constant parts
    (actions, tools, follow-ups) are copied from JSON the plan made once.
    """
    plan = plan_for(questionnaire)
    compiled = compiled_for(questionnaire)
    context, unanswered = _assess(questionnaire, answers)
    texts = texts_for(plan, translations)
    actions: list[dict[str, Any]] = []
    actions_by_step: dict[str, list[dict[str, Any]]] = {s.id: [] for s in plan.steps}
    for priority, rec in enumerate(_ranked(plan, compiled, context), 1):
        action = rec.action.copy()
        action["priority"] = priority
        action["tools"] = list(map(dict.copy, rec.tools)) if rec.tools else []
        actions.append(action)
        actions_by_step.setdefault(action["step"], []).append(action)
    steps = [
        _step_json(
            plan, step_plan, context, unanswered[step_plan.id], texts, translations,
            actions_by_step[step_plan.id],
            _next_level(questionnaire, answers, step_plan.id, context) if guidance else None,
        )
        for step_plan in plan.steps
    ]
    return {
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "steps": steps,
        "actions": actions,
        "follow_up": compiled.follow_up(context.visibility.effective),
    }


def _next_level(questionnaire: Questionnaire, answers: Mapping[str, Any], step_id: str, context: ScoreContext) -> Guidance:
    """The improvements and the questions they bring in."""
    # Imported here: guidance imports scoring, and only scores with guidance pay for the import.
    from .guidance import next_level_guidance

    return next_level_guidance(questionnaire, answers, step_id, context)


def _step_json(
    plan: Plan, step_plan: StepPlan, context: ScoreContext, unanswered: list[int], texts: Texts,
    translations: Gettext, actions: list[dict[str, Any]], next_level: Guidance | None,
) -> dict[str, Any]:
    """One step of the result; `next_level` is None without guidance."""
    step = step_plan.step
    outcome = context.outcomes[step_plan.id]
    status = outcome.status
    level = outcome.level
    unknown = [s for s in outcome.counted if s.dont_know]
    flags: list[dict[str, Any]] = [
        {"kind": "dont_know", "question": s.question.id, "text": s.question.text} for s in unknown
    ] if unknown else []
    gate_items = _gate_items(context.questionnaire, outcome, context.visibility.effective, texts) if outcome.failed_gates else {}
    flags += gate_items.values()
    if outcome.active_caps:
        flags += [{"kind": "cap", "id": c.id, "text": c.text} for c in outcome.active_caps]
    level_names = plan.level_names
    applies = status != NOT_APPLICABLE
    target_level, target_reason = context.targets[step_plan.id]
    shown_score = None if outcome.percentage is None else result_score(outcome.percentage, step_plan.cutoffs)
    return {
        "id": step.id,
        "number": step.number,
        "title": step.title,
        "status": status,
        "status_text": texts.status[status],
        "level": level,
        "level_name": level_names.get(level, str(level)) if level else None,
        "level_description": step.level_descriptions.get(level) if level else None,
        "score": shown_score,
        "target_level": target_level if applies else None,
        "target_level_name": level_names.get(target_level, str(target_level)) if applies else None,
        "target_reason": target_reason if applies else None,
        "flags": flags,
        "substeps": _substeps(step_plan, outcome, shown_score, unanswered),
        "explanation": _explain(step_plan, outcome, shown_score, unknown, gate_items, texts, translations),
        "recommendations": actions,
        "next_level": next_level.improvements if next_level else [],
        "next_level_new_questions": next_level.new_questions if next_level else [],
    }


def _substeps(plan: StepPlan, outcome: StepOutcome, shown_score: float | None, unanswered: list[int]) -> list[dict[str, Any]]:
    """A level per sub-step (pages grouped by the part of their id before '-'), thresholds only,
    from the step's counted answers and the sub-steps of its shown, unanswered questions."""
    if len(plan.substeps) == 1 and shown_score is not None:  # scored
        # The sub-step is the whole step: the same answers in the same order give the step's
        # percentage, `score` and threshold level, and a scored step has enough answers for a sub-step.
        return [{"id": plan.substeps[0], "status": SCORED, "level": outcome.threshold_level, "score": shown_score}]
    groups: list[list[Scored]] = [[] for _ in plan.substeps]
    for entry in outcome.counted:
        groups[entry.substep].append(entry)
    missing = [0] * len(plan.substeps)
    for index in unanswered:
        missing[index] += 1
    result: list[dict[str, Any]] = []
    for substep, group, open_questions in zip(plan.substeps, groups, missing):
        applicable = open_questions + len(group)
        if applicable == 0:
            result.append({"id": substep, "status": NOT_APPLICABLE, "level": None, "score": None})
        elif len(group) < plan.substep_needed[applicable]:
            result.append({"id": substep, "status": INSUFFICIENT, "level": None, "score": None})
        else:
            pct = 100.0 * sum(map(_WEIGHTED, group)) / sum(map(_WEIGHT, group))
            result.append({
                "id": substep,
                "status": SCORED,
                "level": _threshold_level(pct, plan.cutoffs),
                "score": result_score(pct, plan.cutoffs),
            })
    return result
