"""The scoring plan as generated Python: straight-line code per questionnaire, compiled once.

Why generate code: issue 8 sets a speed target for a complete score (bench/README.md), and
most of its time went to loops that dispatch per question, per gate, per target rule and per
recommendation trigger over the plan's tuples. The generated functions do the same steps in
the same order with the question ids, tables and conditions written in, so nothing is looked up
or unpacked per answer. Only the questionnaire goes in: nothing is keyed by answers.

`scoring_source(questionnaire)` gives the source to read or print. The interpreted forms stay
as the reference it is tested against: the plain walk of the conditions (`reference_resolve`
in tests/core/test_compiled.py), `scoring.reference_outcome` and `target_for`
(tests/core/test_scoring_code.py, test_compiled.py), and the recommendation
rules as written (tests/core/test_scoring_plan.py).

The generated functions:
- `step_<n>(effective, shown, sections, open_questions)`: one step's StepOutcome; the sub-step of
  each shown, unanswered scored question is appended to `open_questions`;
- `outcome_<n>(counted, missing, effective, shown)`: the step's outcome from its counted answers;
- `assess(answers)`: the resolve walk (navigation.walk_lines) counting each step's answers on the
  way, then every step's outcome and target;
- `trigger_keys(outcomes, targets, effective)`: the rank key (scoring_plan.RankKey) of every
  triggered recommendation, unsorted;
- `follow_up(effective)`: a new copy of the follow-up JSON of every "weet ik niet" answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Callable, Mapping

from .conditions import condition_source
from .model import Condition, Question, Questionnaire
from .navigation import VISIBILITY, WALK_NAMES, Visibility, walk_lines
from .scoring_plan import (
    ANSWER,
    INSUFFICIENT,
    LEVEL,
    NOT_APPLICABLE,
    NOT_APPLICABLE_OUTCOME,
    SCORED,
    Plan,
    QuestionPlan,
    StepOutcome,
    StepPlan,
    plan_for,
)

StepFunction = Callable[[Mapping[str, Any], frozenset[str], frozenset[str], list[int]], StepOutcome]


@dataclass(frozen=True)
class Compiled:
    steps: Mapping[str, StepFunction]  # by step id
    # answers -> (visibility, outcomes, targets, per step the sub-steps of its open questions)
    assess: Callable[
        [Mapping[str, Any]],
        tuple[Visibility, dict[str, StepOutcome], dict[str, tuple[int, str]], dict[str, list[int]]],
    ]
    trigger_keys: Callable[..., list[int]]
    follow_up: Callable[[Mapping[str, Any]], list[dict[str, Any]]]


def compiled_for(questionnaire: Questionnaire) -> Compiled:
    """The compiled functions, made once and kept on the (immutable) questionnaire object."""
    compiled: Compiled | None = questionnaire.__dict__.get("_score_code")
    if compiled is None:
        source, names = _source(questionnaire, plan_for(questionnaire))
        # Our own source: ids and texts enter it only as repr() literals or as names of values.
        exec(compile(source, f"<scoring {questionnaire.id}>", "exec"), names)  # noqa: S102
        steps = {step.id: names[f"step_{index}"] for index, step in enumerate(questionnaire.steps)}
        compiled = Compiled(steps, names["assess"], names["trigger_keys"], names["follow_up"])
        object.__setattr__(questionnaire, "_score_code", compiled)
    return compiled


def scoring_source(questionnaire: Questionnaire) -> str:
    """The generated source, for reading and debugging."""
    return _source(questionnaire, plan_for(questionnaire))[0]


class _Names:
    """The values the generated code reads by name: every one that has no literal."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {
            "StepOutcome": StepOutcome, "NOT_APPLICABLE_OUTCOME": NOT_APPLICABLE_OUTCOME,
            "SCORED": SCORED, "INSUFFICIENT": INSUFFICIENT, "NOT_APPLICABLE": NOT_APPLICABLE,
            "_MISSING": object(), "_WEIGHT": attrgetter("weight"), "_WEIGHTED": attrgetter("weighted"),
            "_answer_fires": _answer_fires, "_is_dont_know": _is_dont_know, **WALK_NAMES,
        }
        self.named: dict[int, str] = {}

    def __call__(self, value: Any, prefix: str = "_C") -> str:
        """The name of `value`; the same object keeps the name it got first."""
        name = self.named.get(id(value))
        if name is None:
            name = self.named[id(value)] = f"{prefix}{len(self.values)}"
            self.values[name] = value  # kept alive here, so its id stays its own
        return name

    def condition(self, condition: Condition) -> str:
        return condition_source(condition, "effective", self)


def _answer_fires(value: Any, values: tuple[Any, ...]) -> bool:
    """An answer trigger on an answer that is not a single text: a list fires on any of its values."""
    if isinstance(value, list):
        return any(v in values for v in value)
    return value in values


def _is_dont_know(dont_know: frozenset[str], value: Any) -> bool:
    """Whether an answer that is not a single text picks a "weet ik niet" option (one of `dont_know`)."""
    chosen = value if isinstance(value, list) else [value]
    return any(v in dont_know for v in chosen if isinstance(v, str))


def _source(questionnaire: Questionnaire, plan: Plan) -> tuple[str, dict[str, Any]]:
    names = _Names()
    lines: list[str] = []
    for index, step_plan in enumerate(plan.steps):
        lines += _step_lines(index, step_plan, names)
    lines += _assess_lines(questionnaire, plan, names)
    lines += _trigger_lines(plan, names)
    lines += _follow_up_lines(plan, names)
    return "\n".join(lines) + "\n", names.values


def _entry_lines(indent: str, question_plan: QuestionPlan, names: _Names) -> list[str]:
    """`entry` = the question plan's entry for `value`: from its table when the type allows."""
    key_types = {type(key) for key in question_plan.table}
    entry = f"{names(question_plan, '_Q')}.entry(value)"
    if len(key_types) != 1 or not key_types <= {str, int}:
        return [f"{indent}entry = {entry}"]
    (key_type,) = key_types
    return [
        (
            f"{indent}entry = {names(question_plan.table, '_T')}.get(value, _MISSING) "
            f"if type(value) is {key_type.__name__} else _MISSING"
        ),
        f"{indent}if entry is _MISSING:",
        f"{indent}    entry = {entry}",
    ]


def _step_lines(index: int, plan: StepPlan, names: _Names) -> list[str]:
    """As scoring._evaluate: count the answers, then the percentage, threshold, gates and caps."""
    lines = [
        f"def step_{index}(effective, shown, sections, open_questions):",
        f"    # step {plan.id}",
        f"    if {plan.id!r} not in sections:",
        "        return NOT_APPLICABLE_OUTCOME",
        "    get = effective.get",
        "    counted = []",
        "    missing = 0",
    ]
    for question_id, _, question_plan in plan.questions:
        lines += [
            f"    # question {question_id}",
            f"    value = get({question_id!r}, _MISSING)",
            "    if value is _MISSING:",
            f"        if {question_id!r} in shown:",
            "            missing += 1",
            f"            open_questions.append({question_plan.substep})",
            "    else:",
            *_entry_lines("        ", question_plan, names),
            "        if entry is not None:",
            "            counted.append(entry)",
        ]
    lines += [
        f"    return outcome_{index}(counted, missing, effective, shown)",
        "",
        f"def outcome_{index}(counted, missing, effective, shown):",
        "    get = effective.get",
        "    applicable = missing + len(counted)",
        "    if applicable == 0:",
        "        return NOT_APPLICABLE_OUTCOME",
        f"    if len(counted) < {names(plan.needed, '_NEEDED')}[applicable]:",
        "        return StepOutcome(INSUFFICIENT, None, None, None, tuple(counted), (), 5, (), 5)",
        "    percentage = 100.0 * sum(map(_WEIGHTED, counted)) / sum(map(_WEIGHT, counted))",
        "    threshold_level = 1",
    ]
    for level, cutoff in plan.cutoffs:
        lines.append(f"    if percentage >= {cutoff!r}:")
        lines.append(f"        threshold_level = {level}")
    lines += _gate_lines(plan, names)
    lines.append("    caps = []")
    for cap, _ in plan.caps:
        lines.append(f"    if {names.condition(cap.when)}:")
        lines.append(f"        caps.append({names(cap, '_CAP')})")
    lines += [
        "    cap_limit = min([cap.max_level for cap in caps]) if caps else 5",
        "    return StepOutcome(",
        "        SCORED, min(threshold_level, gate_limit, cap_limit), percentage, threshold_level,",
        "        tuple(counted), tuple(failed), gate_limit, tuple(caps), cap_limit,",
        "    )",
        "",
    ]
    return lines


def _gate_lines(plan: StepPlan, names: _Names) -> list[str]:
    """As scoring._failed_gates: a shown gate question below the minimum fails; unanswered fails, n/a does not."""
    lines = ["    failed = []"]
    for gate, question_plan in plan.gates:
        if question_plan is None:
            continue  # not a question of this questionnaire: never shown
        lines += [
            f"    # gate {gate.id}",
            f"    if {gate.question!r} in shown:",
            f"        value = get({gate.question!r}, _MISSING)",
            "        if value is _MISSING:",
            "            points = -1.0",
            "        else:",
            *_entry_lines("            ", question_plan, names),
            "            points = None if entry is None else entry.score",
            f"        if points is not None and points < {names(gate.min_score, '_MIN')}:",
            f"            failed.append({names(gate, '_GATE')})",
        ]
    lines.append("    gate_limit = min([gate.level - 1 for gate in failed]) if failed else 5")
    return lines


def _assess_lines(questionnaire: Questionnaire, plan: Plan, names: _Names) -> list[str]:
    """As navigation.resolve and then scoring.reference_outcome and target_for for every step, in
    one function: the walk counts each scored answer where it finds it shown, so no answer is
    looked up twice. A step whose section is hidden counts nothing: not applicable, as written."""
    where = {
        question_id: (index, question_plan)
        for index, step_plan in enumerate(plan.steps)
        for question_id, _, question_plan in step_plan.questions
    }

    def answered(question: Question) -> list[str]:
        if question.id not in where:
            return []
        index, question_plan = where[question.id]
        return [*_entry_lines("", question_plan, names), "if entry is not None:", f"    counted_{index}.append(entry)"]

    def unanswered(question: Question) -> list[str]:
        if question.id not in where:
            return []
        index, question_plan = where[question.id]
        return [f"missing_{index} += 1", f"open_{index}.append({question_plan.substep})"]

    lines = ["def assess(answers):"]
    for index, step_plan in enumerate(plan.steps):
        lines.append(f"    counted_{index}, missing_{index}, open_{index} = [], 0, []  # step {step_plan.id}")
    lines += walk_lines(questionnaire, names, answered, unanswered)
    lines += [f"    visibility = {VISIBILITY}", "    shown = visibility.questions"]
    targets = questionnaire.targets
    shared: dict[tuple[int, ...], str] = {}
    for step_plan in plan.steps:
        rules = tuple(id(rule) for rule, _ in step_plan.target_rules)
        if rules in shared:
            continue
        name = shared[rules] = f"target_{len(shared)}"
        lines.append(f"    level, reason = {targets.default_level!r}, {names(targets.default_reason, '_REASON')}")
        for rule, _ in step_plan.target_rules:
            lines.append(f"    if {rule.level!r} > level and {names.condition(rule.when)}:")
            lines.append(f"        level, reason = {rule.level!r}, {names(rule.reason, '_REASON')}")
        lines.append(f"    {name} = (level, reason)")
    outcomes = ", ".join(
        f"{s.id!r}: outcome_{i}(counted_{i}, missing_{i}, effective, shown)" for i, s in enumerate(plan.steps)
    )
    step_targets = ", ".join(f"{s.id!r}: {shared[tuple(id(r) for r, _ in s.target_rules)]}" for s in plan.steps)
    open_questions = ", ".join(f"{s.id!r}: open_{i}" for i, s in enumerate(plan.steps))
    lines += [
        f"    outcomes = {{{outcomes}}}",
        f"    return visibility, outcomes, {{{step_targets}}}, {{{open_questions}}}",
        "",
    ]
    return lines


def _trigger_lines(plan: Plan, names: _Names) -> list[str]:
    """As scoring._ranked's triggers: each step's answer, level and gap triggers, one key each."""
    rank_key = plan.rank_key
    category_step = rank_key.category_step
    lines = [
        "def trigger_keys(outcomes, targets, effective):",
        "    get = effective.get",
        "    keys = []",
        f"    step_base = {names(rank_key.step_base, '_BASE')}",
    ]
    for step_plan in plan.steps:
        if not step_plan.triggers:
            continue
        gate_questions = {gate.question for gate, _ in step_plan.gates}
        lines += [
            f"    # step {step_plan.id}",
            f"    outcome = outcomes[{step_plan.id!r}]",
            "    if outcome.status != NOT_APPLICABLE:",
            f"        target = targets[{step_plan.id!r}][0]",
            "        level = outcome.level",
            f"        base = step_base(level - target if level is not None else 0, {step_plan.number!r})",
        ]
        if any(t[0] == ANSWER and t[1] in gate_questions for t in step_plan.triggers):
            lines.append("        gate_questions = {gate.question for gate in outcome.failed_gates}")
        assessed: list[str] = []
        for kind, question, value_set, values, levels, gap, when, category, order in step_plan.triggers:
            key = category * category_step + order
            # A recommendation's own `when`, on the same effective answers as the caps.
            also = f" and {names.condition(when)}" if when is not None else ""
            if kind == ANSWER:
                other = f"_answer_fires(value, {names(values, '_VALUES')})"
                if None not in values:  # an unanswered question, the common other case, fires nothing
                    other = f"value is not None and {other}"
                fires = f"value in {names(value_set, '_TEXTS')} if type(value) is str else {other}"
                # On a failed gate's question, a recommendation that is not urgent moves up to
                # category 1: right after the urgent ones (known severe harm comes first).
                gate_key = category_step + order
                added = (
                    f"{key}" if question not in gate_questions or key <= gate_key
                    else f"({gate_key} if {question!r} in gate_questions else {key})"
                )
                lines += [
                    f"        value = get({question!r})",
                    f"        if ({fires}){also}:",
                    f"            keys.append(base + {added})",
                ]
            elif kind == LEVEL:
                assessed += [f"            if level in {names(frozenset(levels), '_LEVELS')}{also}:",
                             f"                keys.append(base + {key})"]
            else:
                assessed += [f"            if target - level >= {gap!r}{also}:", f"                keys.append(base + {key})"]
        if assessed:
            lines += ["        if outcome.status == SCORED and level is not None:", *assessed]
    lines += ["    return keys", ""]
    return lines


def _follow_up_lines(plan: Plan, names: _Names) -> list[str]:
    """The questions answered "weet ik niet", in questionnaire order."""
    lines = ["def follow_up(effective):", "    get = effective.get", "    items = []"]
    for question_id, dont_know, item in plan.dont_know:
        options = names(dont_know, "_DONT_KNOW")
        lines += [
            f"    value = get({question_id!r})",
            f"    if value is not None and (value in {options} if type(value) is str else _is_dont_know({options}, value)):",
            f"        items.append({names(item, '_ITEM')}.copy())",
        ]
    lines += ["    return items", ""]
    return lines
