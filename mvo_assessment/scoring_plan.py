"""Everything scoring reads that depends on the questionnaire alone, prepared once per questionnaire.

A complete result is computed on every results page, every download and many times inside
the next-level search, so `scoring` works from this plan instead of the model: per scored
question a table from every possible single answer to its score (made by `question_score`
itself, so the rule stays in one place) with the numbers the step's sums and the
explanation's ordering need; compiled conditions; the step's fixed tables (answers needed per
number of applicable questions, threshold cut-offs); each recommendation's trigger, action and
tools as ready-made JSON; and, per language, every sentence that does not depend on the answers.

The plan is kept on the (immutable) questionnaire object, the texts on the plan per
translations object. Nothing here is keyed by answers: results are never cached. The tables
that scoring reads per answer are plain dicts, not MappingProxyType (whose `get` and `copy`
cost twice as much); nothing writes to them after `_build`.
"""

from __future__ import annotations

import math
import weakref
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, NamedTuple

from .conditions import Predicate, compile_condition
from .i18n import N_, Gettext
from .model import (
    Cap,
    Condition,
    Gate,
    Question,
    Questionnaire,
    Recommendation,
    Section,
    TargetRule,
)

SCORED = "scored"
INSUFFICIENT = "insufficient_data"
NOT_APPLICABLE = "not_applicable"

STATUS_TEXT = {
    SCORED: N_("beoordeeld"),
    INSUFFICIENT: N_("onvoldoende gegevens"),
    NOT_APPLICABLE: N_("niet van toepassing"),
}

# Trigger kinds as small ints: compared once per recommendation per score.
ANSWER, LEVEL, GAP = 0, 1, 2
_KINDS = {"answer": ANSWER, "level": LEVEL, "gap": GAP}


class StepOutcome(NamedTuple):
    """Everything the step's level rests on; explanations and guidance read it.

    Immutable like a frozen dataclass but ~5x cheaper to make (a frozen dataclass sets each
    field through object.__setattr__): it is made for every step of every score and for every
    trial of the next-level search."""

    status: str
    level: int | None
    percentage: float | None  # as computed: the result and the texts round it (result_score, format_pct)
    threshold_level: int | None
    counted: tuple[Scored, ...]  # in questionnaire order
    failed_gates: tuple[Gate, ...]
    gate_limit: int
    active_caps: tuple[Any, ...]
    cap_limit: int


NOT_APPLICABLE_OUTCOME = StepOutcome(NOT_APPLICABLE, None, None, None, (), (), 5, (), 5)


@dataclass(frozen=True)
class QuestionScore:
    question: Question
    score: float  # points on the question's own scale
    share: float  # score / highest score, 0..1
    dont_know: bool


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


@dataclass(frozen=True)
class Scored(QuestionScore):
    """A QuestionScore with the numbers scoring derives from it, computed once.

    The expressions are exactly those the rules are written with (`share * weight` and the
    explanation's sort keys), so sums and orderings come out bit for bit the same."""

    weight: int
    weighted: float  # share * weight: this answer's term in the step's weighted sum
    strong_key: tuple[float, str]  # explanation order, "counted most" first
    weak_key: tuple[float, str]  # explanation order, "pulled the score down most" first
    substep: int  # index of the question's sub-step within its step
    index: int  # into _Texts.answers; -1 for a score the plan did not foresee
    # the position of strong_key and weak_key among all the step's foreseen entries, so the
    # explanation sorts small ints instead of tuples; -1 for a score the plan did not foresee
    strong_rank: int = -1
    weak_rank: int = -1


def scored_entry(scored: QuestionScore, substep: int, index: int = -1) -> Scored:
    question, share = scored.question, scored.share
    weight = question.weight
    return Scored(
        question, scored.score, share, scored.dont_know, weight, share * weight,
        (-weight * share, question.id), ((share - 1) * weight, question.id), substep, index,
    )


_MISSING: Any = object()


@dataclass(frozen=True)
class QuestionPlan:
    question: Question
    # every possible single answer -> its entry (None: the answer does not count)
    table: Mapping[Any, Scored | None]
    # (score, dont_know) -> the table's entry with that score, for answers outside the table
    by_score: Mapping[tuple[float, bool], Scored]
    substep: int

    def entry(self, value: Any) -> Scored | None:
        """question_score(question, value) as this plan's entry; from the table when it can be."""
        if type(value) is not list:
            try:
                found = self.table.get(value, _MISSING)
            except TypeError:  # an unhashable answer: let question_score decide
                found = _MISSING
            if found is not _MISSING:
                return found  # type: ignore[no-any-return]
        scored = question_score(self.question, value)
        if scored is None:
            return None
        return self.by_score.get((scored.score, scored.dont_know)) or scored_entry(scored, self.substep)


@dataclass(frozen=True)
class RecommendationPlan:
    recommendation: Recommendation
    kind: int  # ANSWER, LEVEL or GAP
    question: str | None
    values: tuple[Any, ...]
    value_set: frozenset[Any]  # the same values, for the common case of a text answer
    levels: tuple[int, ...]
    gap: int
    when: Condition | None  # and this holds on the effective answers (None: always)
    category: int  # 0 urgent, 2 other (1, a failed gate's question, is decided per result)
    order: int  # declaration order over the whole questionnaire, from 0
    text: str
    # the action's JSON without its priority and tools, and its tools' JSON: copied per result
    action: dict[str, Any]
    tools: tuple[dict[str, Any], ...]
    # another recommendation has the same text: only then must ranking look for an earlier one
    text_shared: bool = False


@dataclass(frozen=True)
class StepPlan:
    step: Section
    id: str
    number: int
    # (question id, answer table, question plan) for the step's scored questions, in order
    questions: tuple[tuple[str, Mapping[Any, Scored | None], QuestionPlan], ...]
    substeps: tuple[str, ...]
    needed: tuple[int, ...]  # needed[applicable]: counted answers the step's level needs
    substep_needed: tuple[int, ...]  # the same for a sub-step's level
    cutoffs: tuple[tuple[int, float], ...]  # (level, its threshold less the 1e-9 tolerance), 2..5
    gates: tuple[tuple[Gate, QuestionPlan | None], ...]
    caps: tuple[tuple[Cap, Predicate], ...]
    target_rules: tuple[tuple[TargetRule, Predicate], ...]  # the rules that apply to this step
    # (kind, question, value_set, values, levels, gap, when, category, order) per recommendation,
    # in declaration order: RecommendationPlan's fields as one tuple, unpacked in one go per result
    triggers: tuple[tuple[int, Any, frozenset[Any], tuple[Any, ...], tuple[int, ...], int, Condition | None, int, int], ...]


@dataclass(frozen=True)
class Plan:
    steps: tuple[StepPlan, ...]
    steps_by_id: Mapping[str, StepPlan]
    questions: Mapping[str, QuestionPlan]  # every question, by id
    level_names: Mapping[int, str]
    # (question id, its "weet ik niet" option values, its follow-up JSON) in questionnaire order
    dont_know: tuple[tuple[str, frozenset[str], dict[str, Any]], ...]
    entries: tuple[Scored, ...]  # every tabled entry, by its index
    recommendations: tuple[RecommendationPlan, ...]  # all, by their order
    rank_key: RankKey
    most_questions: int  # the most scored questions in one step
    texts: weakref.WeakKeyDictionary[Any, Texts] = field(default_factory=weakref.WeakKeyDictionary, compare=False)


@dataclass(frozen=True)
class RankKey:
    """One int per triggered recommendation that sorts like the tuple
    (category, -gap, step number, order): ints sort several times faster than tuples, and the
    order, unique, gives back the recommendation (`key % order_span`).

    Each part is shifted to start at 0 and given room for every value it can take: the
    category is 0..2, the step number 0..max, the order 0..count-1, and -gap = level - target
    (0 without a level) lies within what the levels, gates, caps and targets allow."""

    order_span: int
    number_span: int
    gap_offset: int
    gap_span: int

    def step_base(self, negative_gap: int, number: int) -> int:
        """The key of category 0, order 0 for a step; add `category_step * category + order`."""
        assert 0 <= negative_gap + self.gap_offset < self.gap_span, "a gap outside the rank key's room"
        return ((negative_gap + self.gap_offset) * self.number_span + number) * self.order_span

    @property
    def category_step(self) -> int:
        return self.gap_span * self.number_span * self.order_span


def _rank_key(questionnaire: Questionnaire, count: int) -> RankKey:
    gates = [g for step in questionnaire.steps if step.scoring for g in step.scoring.gates]
    caps = [c for step in questionnaire.steps if step.scoring for c in step.scoring.caps]
    lowest_level = min([1] + [g.level - 1 for g in gates] + [c.max_level for c in caps])
    targets = [questionnaire.targets.default_level] + [r.level for r in questionnaire.targets.rules]
    low, high = min(0, lowest_level - max(targets)), max(0, 5 - min(targets))
    numbers = max((step.number for step in questionnaire.steps), default=0) + 1
    return RankKey(order_span=max(count, 1), number_span=numbers, gap_offset=-low, gap_span=high - low + 1)


def plan_for(questionnaire: Questionnaire) -> Plan:
    plan: Plan | None = questionnaire.__dict__.get("_score_plan")
    if plan is None:
        plan = _build(questionnaire)
        object.__setattr__(questionnaire, "_score_plan", plan)
    return plan


def _question_plan(question: Question, substep: int, entries: list[Scored]) -> QuestionPlan:
    if question.type == "scale":
        values: list[Any] = list(range(int(question.min or 0), int(question.max or 0) + 1))
    else:
        values = [option.value for option in question.options]
    table: dict[Any, Scored | None] = {}
    by_score: dict[tuple[float, bool], Scored] = {}
    for value in values:
        scored = question_score(question, value)
        if scored is None:
            table[value] = None
            continue
        key = (scored.score, scored.dont_know)
        if key not in by_score:
            by_score[key] = scored_entry(scored, substep, len(entries))
            entries.append(by_score[key])
        table[value] = by_score[key]
    return QuestionPlan(question, table, by_score, substep)


def _rank_entries(entries: list[Scored]) -> None:
    """Number one step's entries in the order of each explanation key.

    Equal keys belong to the same question (the key ends with its id), whose entries are never
    counted together, so the ranks order any one result's answers exactly as the keys do."""
    for attribute, key in (("strong_rank", "strong_key"), ("weak_rank", "weak_key")):
        ordered = sorted({id(e): e for e in entries}.values(), key=lambda e: getattr(e, key))
        for rank, entry in enumerate(ordered):
            object.__setattr__(entry, attribute, rank)  # still building the plan: frozen afterwards


def _tool_json(questionnaire: Questionnaire, tool_id: str) -> dict[str, Any]:
    tool = questionnaire.tools_by_id[tool_id]
    # The title's language rides along, so whoever shows the link can mark it (WCAG 3.1.2).
    return {"id": tool.id, "title": tool.title, "url": tool.url, "description": tool.description,
            "title_language": tool.title_language, "language": tool.language}


def _recommendation_plan(questionnaire: Questionnaire, rec: Recommendation, order: int) -> RecommendationPlan:
    trigger = rec.trigger
    action = {"id": rec.id, "step": rec.step_id, "priority": 0, "urgent": rec.urgent, "text": rec.text, "tools": None}
    return RecommendationPlan(
        recommendation=rec,
        kind=_KINDS[trigger.kind],
        question=trigger.question,
        values=tuple(trigger.values),
        value_set=frozenset(v for v in trigger.values if isinstance(v, str)),
        levels=tuple(trigger.levels),
        gap=trigger.gap or 0,
        when=trigger.when,
        category=0 if rec.urgent else 2,
        order=order,
        text=rec.text,
        action=action,
        tools=tuple(_tool_json(questionnaire, t) for t in rec.tools),
    )


def _mark_shared_texts(recommendations: list[RecommendationPlan]) -> tuple[RecommendationPlan, ...]:
    counts = Counter(rec.text for rec in recommendations)
    return tuple(replace(rec, text_shared=counts[rec.text] > 1) for rec in recommendations)


def _build(questionnaire: Questionnaire) -> Plan:
    # sub-step index of every step question: pages grouped by the part of their id before '-'
    substeps_of = {step.id: dict.fromkeys(page.substep for page in step.pages) for step in questionnaire.steps}
    substep_index = {
        q.id: list(substeps_of[step.id]).index(page.substep)
        for step in questionnaire.steps for page in step.pages for q in page.questions
    }
    entries: list[Scored] = []
    # every question: a gate may name one that does not score, or one of a later step
    question_plans = {q.id: _question_plan(q, substep_index.get(q.id, 0), entries) for q in questionnaire.questions}
    steps: list[StepPlan] = []
    recommendations: list[RecommendationPlan] = []
    for step in questionnaire.steps:
        scoring = step.scoring
        assert scoring is not None, "steps always have scoring settings"
        scored = [(q.id, question_plans[q.id].table, question_plans[q.id]) for q in step.questions if q.scored]
        _rank_entries([entry for _, table, _ in scored for entry in table.values() if entry is not None])
        counts = range(len(scored) + 1)
        triggers = []
        for rec in step.recommendations:
            rec_plan = _recommendation_plan(questionnaire, rec, len(recommendations))
            recommendations.append(rec_plan)
            triggers.append((
                rec_plan.kind, rec_plan.question, rec_plan.value_set, rec_plan.values, rec_plan.levels,
                rec_plan.gap, rec_plan.when, rec_plan.category, rec_plan.order,
            ))
        steps.append(StepPlan(
            step=step,
            id=step.id,
            number=step.number,
            questions=tuple(scored),
            substeps=tuple(substeps_of[step.id]),
            needed=tuple(max(scoring.min_answers, math.ceil(scoring.min_answered_share * n - 1e-9)) for n in counts),
            substep_needed=tuple(max(1, math.ceil(scoring.min_answered_share * n - 1e-9)) for n in counts),
            cutoffs=tuple((level, scoring.thresholds[level] - 1e-9) for level in (2, 3, 4, 5)),
            gates=tuple((gate, question_plans.get(gate.question)) for gate in scoring.gates),
            caps=tuple((cap, compile_condition(cap.when)) for cap in scoring.caps),
            target_rules=tuple(
                (rule, compile_condition(rule.when))
                for rule in questionnaire.targets.rules
                if not rule.steps or step.id in rule.steps
            ),
            triggers=tuple(triggers),
        ))
    dont_know = tuple(
        (
            q.id,
            frozenset(o.value for o in q.options if o.dont_know),
            {"question": q.id, "step": q.section_id, "text": q.text},
        )
        for q in questionnaire.questions
        if any(o.dont_know for o in q.options)
    )
    return Plan(
        steps=tuple(steps),
        steps_by_id=MappingProxyType({s.id: s for s in steps}),
        questions=MappingProxyType(question_plans),
        level_names={lv.level: lv.name for lv in reversed(questionnaire.levels)},  # the first one wins
        dont_know=dont_know,
        entries=tuple(entries),
        recommendations=_mark_shared_texts(recommendations),
        rank_key=_rank_key(questionnaire, len(recommendations)),
        most_questions=max((len(s.questions) for s in steps), default=0),
    )


# --- the sentences, per language -------------------------------------------------------------


def rounded_down(percentage: float) -> int:
    """A whole percentage, rounded down with the thresholds' tolerance (a level is reached 1e-9
    below its threshold, for float noise): 59.5 rounded to 60 would read as reaching a level
    that begins at 60 while the level is the one below."""
    return math.floor(percentage + 1e-9)


def result_score(percentage: float, cutoffs: tuple[tuple[int, float], ...]) -> float:
    """A result's `score`: rounded to one decimal, but never up onto a threshold it does not
    reach (QA, code review: 59.96 was written 60.0 beside level 3 of a level 4 that begins at
    60); then rounded down, which stays below any threshold above the percentage."""
    shown = round(percentage, 1)
    if shown > percentage:  # rounded up: it may have reached a threshold (a loop, not any(): this runs per sub-step)
        for _level, cutoff in cutoffs:
            if percentage < cutoff <= shown + 1e-9:
                return math.floor(percentage * 10) / 10
    return shown


def format_pct(value: float) -> str:
    """A percentage in a text (the explanation, the report, a comparison): a whole number,
    rounded down (`rounded_down`)."""
    return f"{rounded_down(value)}%"


def format_answer(scored: QuestionScore, t: Gettext) -> str:
    if scored.dont_know:
        return t.gettext("Weet ik niet")  # as the option is labelled
    return t.gettext("%(score)s van %(max)s punten") % {"score": f"{scored.score:g}", "max": scored.question.max_score}


def answer_text(scored: QuestionScore, t: Gettext) -> str:
    """How the explanation quotes one counted answer: ‘question?’ (answer). Not "‘question?’:
    answer" inside a sentence that has a colon of its own (QA, B1 editor)."""
    return f"‘{scored.question.text}’ ({format_answer(scored, t)})"  # the site's quotation marks


@dataclass(frozen=True)
class Texts:
    """The explanation's sentences in one language, as far as they do not depend on the answers."""

    status: Mapping[str, str]  # status -> its status_text
    not_applicable: str
    insufficient: tuple[str, ...]  # by number of counted answers
    dont_know: tuple[str, ...]  # by number of "weet ik niet" answers
    score: str  # "Uw score is %(score)s."
    # The sentences that quote the answers that counted most, for one answer and for two
    # per step id, per threshold level: the sentences on the thresholds around it, each led by a space
    thresholds: Mapping[str, tuple[str, ...]]
    strong: tuple[str, str]
    weak: tuple[str, str]
    both: str  # two quoted answers in one sentence
    answers: tuple[str, ...]  # answer_text per plan entry, by its index
    gate_unanswered: str  # after a gate's text when its question has no answer yet


def texts_for(plan: Plan, translations: Gettext) -> Texts:
    try:
        texts = plan.texts.get(translations)
    except TypeError:  # an unhashable or not weakly referenceable translations object
        return _texts(plan, translations)
    if texts is None:
        texts = _texts(plan, translations)
        plan.texts[translations] = texts
    return texts


def _texts(plan: Plan, t: Gettext) -> Texts:
    counts = range(plan.most_questions + 1)
    level_starts = t.gettext("Niveau %(level)s begint bij %(score)s.")
    thresholds = {}
    for step_plan in plan.steps:
        assert step_plan.step.scoring is not None
        cut = step_plan.step.scoring.thresholds
        per_level = [""]  # no threshold level 0
        for level in range(1, 6):
            around = [level] if level > 1 else []
            around += [level + 1] if level < 5 else []
            per_level.append("".join(" " + level_starts % {"level": n, "score": format_pct(cut[n])} for n in around))
        thresholds[step_plan.id] = tuple(per_level)
    return Texts(
        status={status: t.gettext(text) for status, text in STATUS_TEXT.items()},
        not_applicable=t.gettext("Deze stap is niet van toepassing op grond van uw antwoorden."),
        insufficient=tuple(
            t.ngettext(
                "Er zijn te weinig vragen beantwoord om een niveau te geven (%(count)s beantwoord).",
                "Er zijn te weinig vragen beantwoord om een niveau te geven (%(count)s beantwoord).",
                n,
            ) % {"count": n}
            for n in counts
        ),
        dont_know=tuple(
            t.ngettext(
                "U koos %(count)s keer ‘Weet ik niet’. Dat telt als het laagste antwoord. Zoek dit uit.",
                "U koos %(count)s keer ‘Weet ik niet’. Dat telt als het laagste antwoord. Zoek dit uit.",
                n,
            ) % {"count": n}
            for n in counts
        ),
        score=t.gettext("Uw score is %(score)s."),
        thresholds=thresholds,
        # A sentence with its subject, and one or two answers as such (QA, B1 editor: "Trok de
        # score het meest omlaag: ‘…?’: weet ik niet; …").
        strong=(t.gettext("Dit antwoord telde het meest mee voor uw score: %(answers)s."),
                t.gettext("Deze antwoorden telden het meest mee voor uw score: %(answers)s.")),
        weak=(t.gettext("Dit antwoord kostte de meeste punten: %(answers)s."),
              t.gettext("Deze antwoorden kostten de meeste punten: %(answers)s.")),
        both=t.gettext("%(first)s en %(second)s"),
        answers=tuple(answer_text(entry, t) for entry in plan.entries),
        # A gate's text says what is missing ("Zonder geschreven MVO-beleid …"); for an open
        # question that read as if the answer were "no" (QA, adviser at the table).
        gate_unanswered=t.gettext("Dit geldt nu, omdat de vraag ‘%(question)s’ nog geen antwoord heeft."),
    )
