"""Every reference must point at something that exists, in the right place, with fitting values."""

from __future__ import annotations

from typing import Iterator

from ..conditions import referenced_questions
from ..errors import ErrorCode, Issue, make_issue
from ..model import OPTION_TYPES, Compare, Condition, Location, Questionnaire
from ..suggest import did_you_mean

NUMERIC_OPERATORS = ("gt", "gte", "lt", "lte")


def _owners(q: Questionnaire) -> Iterator[tuple[Condition | None, int, Location, str]]:
    """(condition, index of the first question it may NOT use, location, item label)."""
    index = 0
    for section in q.sections:
        yield section.condition, index, section.location, f"section: {section.id}"
        for page in section.pages:
            yield page.condition, index, page.location, f"page: {page.id}"
            for question in page.questions:
                yield question.condition, index, question.location, f"question: {question.id}"
                index += 1


def _check_compare(
    q: Questionnaire, compare: Compare, position: dict[str, int], limit: int | None,
    location: Location, item: str, broken: frozenset[str],
) -> list[Issue]:
    def issue(code: ErrorCode, **context: object) -> Issue:
        return make_issue(code, location.file, location.line, item, **context)

    if compare.question in broken:
        return []  # reported where it broke (or was declared twice)
    question = q.questions_by_id.get(compare.question)
    if question is None:
        return [issue(ErrorCode.CONDITION_UNKNOWN_QUESTION, question=compare.question,
                      hint=did_you_mean(compare.question, q.questions_by_id))]
    if item == f"question: {compare.question}":
        return [issue(ErrorCode.CONDITION_OWN_QUESTION, question=compare.question)]
    if limit is not None and position[compare.question] >= limit:
        return [issue(ErrorCode.CONDITION_LATER_QUESTION, question=compare.question, other=str(question.location))]
    op, qtype = compare.operator, question.type
    if op == "answered":
        return []
    if op == "contains" and qtype != "multiple":
        return [issue(ErrorCode.CONDITION_OPERATOR_TYPE, operator=op, question=question.id, type=qtype,
                      expected="'contains' is for multiple-choice questions; use 'equals' or 'in'")]
    if op in ("equals", "in") and qtype == "multiple":
        return [issue(ErrorCode.CONDITION_OPERATOR_TYPE, operator=op, question=question.id, type=qtype,
                      expected="a multiple-choice answer is a list; use 'contains'")]
    if op in NUMERIC_OPERATORS and qtype not in ("scale", "number"):
        return [issue(ErrorCode.CONDITION_OPERATOR_TYPE, operator=op, question=question.id, type=qtype,
                      expected=f"'{op}' compares numbers; use it on scale or number questions")]
    values = compare.value if isinstance(compare.value, tuple) else (compare.value,)
    issues = []
    if qtype in OPTION_TYPES:
        allowed = [o.value for o in question.options]
        for value in values:
            if value not in allowed:
                issues.append(issue(ErrorCode.CONDITION_UNKNOWN_VALUE, question=question.id, value=value,
                                    allowed=", ".join(allowed), hint=did_you_mean(str(value), allowed)))
    elif qtype in ("scale", "number"):
        for value in values:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                issues.append(issue(ErrorCode.CONDITION_OPERATOR_TYPE, operator=op, question=question.id, type=qtype,
                                    expected=f"compare it with a number, not '{value}'"))
    return issues


def check(q: Questionnaire, broken: frozenset[str]) -> list[Issue]:
    issues: list[Issue] = []
    position = {question.id: i for i, question in enumerate(q.questions)}
    for condition, limit, location, item in _owners(q):
        for compare in referenced_questions(condition):
            issues += _check_compare(q, compare, position, limit, location, item, broken)
    for step in q.steps:
        scoring = step.scoring
        if scoring is None:
            continue
        step_questions = {x.id for x in step.questions}
        for cap in scoring.caps:
            for compare in referenced_questions(cap.when):
                issues += _check_compare(q, compare, position, None, cap.location, f"cap: {cap.id}", broken)
        for gate in scoring.gates:
            loc, item = gate.location, f"gate: {gate.id}"
            where = f"gate '{gate.id}'"
            question = q.questions_by_id.get(gate.question)
            if gate.question in broken:
                pass  # reported where it broke (or was declared twice)
            elif question is not None and gate.question not in step_questions:
                # It exists, elsewhere: "unknown" would send the author looking for a typo.
                issues.append(make_issue(ErrorCode.BAD_VALUE, loc.file, loc.line, item, key="question", where=where,
                                         given=f"'{gate.question}' (a question of {question.section_id})",
                                         expected=f"a gate needs a scored question of {step.id} itself"))
            elif question is None:
                issues.append(make_issue(ErrorCode.UNKNOWN_QUESTION, loc.file, loc.line, item, question=gate.question,
                                         hint=did_you_mean(gate.question, step_questions) or f" in {step.id}"))
            elif not question.scored:
                issues.append(make_issue(ErrorCode.BAD_VALUE, loc.file, loc.line, item, key="question", where=where,
                                         given=f"'{gate.question}'", expected="a gate needs a question that scores"))
            elif gate.min_score > question.max_score:
                issues.append(make_issue(ErrorCode.BAD_VALUE, loc.file, loc.line, item, key="min_score", where=where,
                                         given=str(gate.min_score),
                                         expected=f"'{gate.question}' scores at most {question.max_score}"))
        for rec in step.recommendations:
            loc, item = rec.location, f"recommendation: {rec.id}"
            trigger = rec.trigger
            # Like a cap's: any question of the questionnaire, earlier or later than the step.
            for compare in referenced_questions(trigger.when):
                issues += _check_compare(q, compare, position, None, loc, item, broken)
            if trigger.question is not None and trigger.question not in broken:
                question = q.questions_by_id.get(trigger.question)
                if question is None:
                    issues.append(make_issue(ErrorCode.UNKNOWN_QUESTION, loc.file, loc.line, item,
                                             question=trigger.question,
                                             hint=did_you_mean(trigger.question, q.questions_by_id)))
                elif question.type not in OPTION_TYPES:
                    issues.append(make_issue(ErrorCode.BAD_VALUE, loc.file, loc.line, item, key="when_answer", where=f"recommendation '{rec.id}'",
                                             given=f"'{trigger.question}' ({question.type})",
                                             expected="attach recommendations to questions with options"))
                else:
                    allowed = [o.value for o in question.options]
                    for value in trigger.values:
                        if value not in allowed:
                            issues.append(make_issue(ErrorCode.CONDITION_UNKNOWN_VALUE, loc.file, loc.line, item,
                                                     question=question.id, value=value, allowed=", ".join(allowed),
                                                     hint=did_you_mean(value, allowed)))
            for tool in rec.tools:
                if tool not in q.tools_by_id and tool not in broken:
                    issues.append(make_issue(ErrorCode.UNKNOWN_TOOL, loc.file, loc.line, item, tool=tool,
                                             hint=did_you_mean(tool, q.tools_by_id)))
    step_ids = [s.id for s in q.steps]
    for catalogue_tool in q.tools:
        for step_id in catalogue_tool.steps:
            if step_id not in step_ids and step_id not in broken:
                issues.append(make_issue(ErrorCode.UNKNOWN_STEP, catalogue_tool.location.file,
                                         catalogue_tool.location.line, f"tool: {catalogue_tool.id}", step=step_id,
                                         hint=did_you_mean(step_id, step_ids)))
    for rule in q.targets.rules:
        loc = rule.location
        for compare in referenced_questions(rule.when):
            issues += _check_compare(q, compare, position, None, loc, "targets", broken)
        for step_id in rule.steps:
            if step_id not in step_ids:
                issues.append(make_issue(ErrorCode.UNKNOWN_STEP, loc.file, loc.line, "targets", step=step_id,
                                         hint=did_you_mean(step_id, step_ids)))
    return issues
