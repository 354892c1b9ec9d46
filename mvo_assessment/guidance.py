"""'Wat brengt u naar het volgende niveau?': the fewest answer improvements that lift a step one level.

Computed from the declared rules by trying improvements, never written by hand: a greedy
search that takes the most effective improvement (or, where none raises level or score, the
one that leaves the fewest caps and failed gates) until the next level is reached, then drops
every improvement that turns out unnecessary and lowers the rest to the smallest option that
still does the job. A scored question that an improvement brings in counts with its lowest
answer (`_Trials`), so the advice holds however the company answers it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator, Mapping, NamedTuple

from .conditions import referenced_questions
from .model import Question, Questionnaire, Section
from .navigation import Visibility, resolve
from .scoring import SCORED, StepOutcome, evaluate_step, question_score

if TYPE_CHECKING:
    from .scoring import ScoreContext


def _points(question: Question, value: Any) -> float:
    if value is None:
        return -1.0
    scored = question_score(question, value)
    return -1.0 if scored is None or scored.dont_know else scored.score


def _better_values(question: Question, current: Any, cap_question: bool) -> Iterator[Any]:
    """Answers that could help, lowest first."""
    if question.type == "scale":
        low = int(question.min or 0)
        start = int(current) + 1 if isinstance(current, (int, float)) else low
        yield from range(start, int(question.max or 0) + 1)
        return
    now = _points(question, current)
    options = [o for o in question.options if not (o.not_applicable or o.dont_know)]
    if question.scored:
        options = sorted((o for o in options if o.score is not None and o.score > now), key=lambda o: o.score or 0)
    elif cap_question:
        options = [o for o in options if o.value != current]
    else:
        return
    for option in options:
        yield [option.value] if question.type == "multiple" else option.value


def _lowest_answer(question: Question) -> Any:
    """The answer that scores least ("weet ik niet" counts as no more): what a question that an
    improvement brings in is taken to be, so that the advice holds however it is answered."""
    if question.type == "scale":
        return int(question.min or 0)
    plain = [o for o in question.options if not (o.not_applicable or o.dont_know) and o.score is not None]
    lowest = min(plain, key=lambda o: o.score or 0).value
    return [lowest] if question.type == "multiple" else lowest


class _Trials:
    """Evaluates one step for trial answers, re-resolving visibility only when it can change.

    A trial starts from every stored answer, hidden ones included: an improvement that shows a
    question again brings its stored answer back, as the website does (QA, contracts: those
    answers were left out, and following the advice did not lift the step). A scored question
    that an improvement brings in and that has no answer counts as answered with its lowest
    answer (QA, adviser: "Ja, er is een geschreven beleid" opens six questions about the
    policy; counted as unanswered they did not lower the score, and a company that answered
    them honestly "weet ik niet" stayed at the level the advice said it would leave)."""

    def __init__(self, questionnaire: Questionnaire, step: Section, visibility: Visibility,
                 stored: Mapping[str, Any]) -> None:
        self.questionnaire = questionnaire
        self.step = step
        self.visibility = visibility
        self.base = dict(visibility.effective)
        self.stored = {**stored, **self.base}
        # question id -> the answers worth trying: the base never changes, and the greedy search
        # asks for every question again on each of its rounds (each check resolves the branching).
        self._improvements: dict[str, list[Any]] = {}

    def current(self, question_id: str) -> Any:
        """The answer now: shown, or stored for a question an improvement would show again."""
        return self.stored.get(question_id)

    def shown(self, changes: Mapping[str, Any]) -> Visibility:
        """What is shown with `changes`, and the answers that count (see the class)."""
        if not any(k in self.questionnaire.steering_questions for k in changes):
            # No changed answer steers a condition: the same questions stay shown.
            v = self.visibility
            return Visibility(v.sections, v.pages, v.questions, {**self.base, **changes})
        answers = {**self.stored, **changes}
        visibility = resolve(self.questionnaire, answers)
        by_id = self.questionnaire.questions_by_id
        for _ in range(len(by_id)):  # each round fills questions that the previous one showed
            brought_in = [
                question_id for question_id in visibility.questions - self.visibility.questions
                if question_id not in answers and by_id[question_id].scored
            ]
            if not brought_in:
                break
            for question_id in brought_in:
                answers[question_id] = _lowest_answer(by_id[question_id])
            visibility = resolve(self.questionnaire, answers)
        return visibility

    def outcome(self, changes: Mapping[str, Any]) -> StepOutcome:
        return evaluate_step(self.questionnaire, self.step, self.shown(changes))

    def reaches(self, changes: Mapping[str, Any], goal: int) -> bool:
        return (self.outcome(changes).level or 0) >= goal

    def changes_the_questions(self, question: Question, value: Any) -> bool:
        """Whether answering `value` would hide a question shown now, or, for a question that does
        not score, show one. Guidance improves answers; it never answers questions away ("schade
        bekend? Nee" hid the questions about the harm's remedy and lifted step 6 by taking away
        its cap, advice to deny a known harm; QA), nor brings questions in by an answer that is
        no improvement in itself ("schade bekend? Ja" brought back good answers stored for the
        remedy questions: advice to report a harm; QA, review). A better answer to a scored
        question may bring its follow-up questions in."""
        if question.id not in self.questionnaire.steering_questions:
            return False
        shown = resolve(self.questionnaire, {**self.stored, question.id: value}).questions
        if question.scored:
            return not self.visibility.questions <= shown
        return shown != self.visibility.questions

    def improvements(self, question: Question, cap_question: bool) -> list[Any]:
        """The answers to try for `question`, lowest first (`_better_values`), leaving out any
        that would change the questions shown (`changes_the_questions`)."""
        if question.id not in self._improvements:
            self._improvements[question.id] = [
                value for value in _better_values(question, self.current(question.id), cap_question)
                if not self.changes_the_questions(question, value)
            ]
        return self._improvements[question.id]


def _rank(outcome: StepOutcome) -> tuple[int, float]:
    return (outcome.level or 0, outcome.percentage or 0.0)


def _holding(outcome: StepOutcome) -> int:
    """How many caps and failed gates hold the step."""
    return len(outcome.active_caps) + len(outcome.failed_gates)


class Guidance(NamedTuple):
    """A step's next level: the improvements (docs/score-format.md, `next_level`), and the
    questions they bring in, in this step or another (`next_level_new_questions`): each counts
    with its lowest answer for this step's lift, and is asked, and counts, in its own step (QA,
    adviser: following step 1's advice brought a question into step 6 unannounced, and answered
    "weet ik niet" it took step 6 a level down)."""

    improvements: list[dict[str, Any]]
    new_questions: list[dict[str, Any]]


def _no_guidance() -> Guidance:
    # New lists each time: they go into the result, whose every list a caller may change.
    return Guidance([], [])


def next_level_guidance(
    questionnaire: Questionnaire, answers: Mapping[str, Any], step_id: str, context: "ScoreContext"
) -> Guidance:
    step = questionnaire.section(step_id)
    outcome = context.outcomes[step_id]
    if step is None or outcome.status != SCORED or outcome.level is None or outcome.level >= 5:
        return _no_guidance()
    goal = outcome.level + 1
    trials = _Trials(questionnaire, step, context.visibility, answers)
    cap_questions = {
        c.question for cap in (step.scoring.caps if step.scoring else ()) for c in referenced_questions(cap.when)
    }

    def candidates(changes: Mapping[str, Any]) -> list[Question]:
        # The step's questions shown with the changes so far: one an improvement brings in can
        # be improved too (it is taken to have its lowest answer until then).
        shown = trials.shown(changes).questions if changes else context.visibility.questions
        return [q for q in step.questions if q.id in shown and (q.scored or q.id in cap_questions)]

    changes: dict[str, Any] = {}
    best_rank = _rank(outcome)
    holding = _holding(outcome)
    reached = False
    for _ in range(len(step.questions)):
        best: tuple[tuple[int, float], str, Any, int] | None = None
        # Where no improvement raises level or score: the one that leaves the fewest caps and
        # failed gates holding the step. Some lifts need two answers together (two caps of one
        # level, each lifted by its own answer), and without this step the search stopped
        # there (QA, mutation testing, fifth round). Never one that holds as many: taking any
        # equal improvement could switch a cap on that nothing undoes (QA, review).
        loosening: tuple[int, str, Any] | None = None
        for question in candidates(changes):
            if question.id in changes:
                continue
            values = trials.improvements(question, question.id in cap_questions)
            if question.scored and question.id not in cap_questions:
                values = values[-1:]  # the best answer; the minimising pass lowers it later
            for value in values:
                tried = trials.outcome({**changes, question.id: value})
                rank = _rank(tried)
                if best is None or rank > best[0]:
                    best = (rank, question.id, value, _holding(tried))
                if rank == best_rank and _holding(tried) < (loosening[0] if loosening else holding):
                    loosening = (_holding(tried), question.id, value)
        if best is not None and best[0] > best_rank:
            best_rank, holding = best[0], best[3]
            changes[best[1]] = best[2]
        elif loosening is not None:
            holding = loosening[0]
            changes[loosening[1]] = loosening[2]
        else:
            break
        if best_rank[0] >= goal:
            reached = True
            break
    if not reached:
        return _no_guidance()
    _minimise(trials, changes, goal, cap_questions)
    shown = trials.shown(changes).questions
    shown_now = context.visibility.questions
    result = []
    for question in step.questions:
        if question.id in changes and question.id in shown:
            current = trials.current(question.id)
            result.append({
                "question": question.id,
                "text": question.text,
                "current": current,
                "current_label": _label(question, current),
                "suggested": changes[question.id],
                "suggested_label": _label(question, changes[question.id]),
                "new": question.id not in shown_now,
            })
    new_questions = [
        {"question": question.id, "text": question.text, "step": question.section_id}
        for question in questionnaire.questions
        if question.id in shown and question.id not in shown_now and question.id not in changes
    ]
    return Guidance(result, new_questions)


def _minimise(trials: _Trials, changes: dict[str, Any], goal: int, cap_questions: set[str]) -> None:
    """Drop unnecessary improvements, then ask for as little as possible in the rest."""
    for question_id in list(changes)[::-1]:
        without = {k: v for k, v in changes.items() if k != question_id}
        if trials.reaches(without, goal):
            del changes[question_id]
    for question_id in list(changes):
        question = trials.questionnaire.questions_by_id[question_id]
        for value in trials.improvements(question, question_id in cap_questions):
            if value == changes[question_id]:
                break
            if trials.reaches({**changes, question_id: value}, goal):
                changes[question_id] = value
                break


def _label(question: Question, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(filter(None, (_label(question, v) for v in value)))
    option = question.option(value) if isinstance(value, str) else None
    return option.label if option else str(value)
