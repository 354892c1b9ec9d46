"""Answer values: checking one value against its question, and the answers-file contract.

The answers file (docs/answers-format.md) is
`{"questionnaire": id, "version": version, "answers": {question id: value}}`, optionally with
`"earlier_rounds": [{"version", "finished", "answers"}, ...]` (oldest first), so that a company
that keeps its file keeps its history too. The CLI, the website's upload and export, and the
API all go through this module, so one rule decides what a valid answer is.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Iterator, Mapping, Sequence

from .conditions import is_answered
from .i18n import product_today
from .model import AnswerValue, Question, Questionnaire
from .navigation import resolve
from .numbers import NUMBER_DIGITS, too_large, usable_number, whole_as_int
from .suggest import did_you_mean

MAX_TEXT_LENGTH = 5000
_ABSENT: Any = object()  # a key the document does not have (null is a value)


# What an answers-file problem is about, for whoever explains it in other words (the website
# tells a visitor in plain Dutch or English; the CLI prints `where` and `message`).
NOT_TEXT = "not_text"  # data: encoding (the one the file's first bytes point to)
EMPTY = "empty"
JSON = "json"  # data: line, column
NOT_AN_OBJECT = "not_an_object"
UNKNOWN_KEY = "unknown_key"  # data: key
OTHER_QUESTIONNAIRE = "other_questionnaire"
OTHER_VERSION = "other_version"  # data: given (the file's version when it is a text)
NOT_A_VERSION = "not_a_version"  # data: given (the file's version, a text `is_version_label` refuses)
NO_ANSWERS = "no_answers"
UNKNOWN_QUESTION = "unknown_question"  # data: question (its id)
BAD_VALUE = "bad_value"  # data: question (its id), given (the value as the file has it)
DUPLICATE_KEY = "duplicate_key"  # data: key
EARLIER_ROUND = "earlier_round"  # data: round (its number, from 1)
RESULT = "result"  # a result as `score` prints it (the website's "uitkomst"), not answers
# Problems inside an earlier round's answers keep their kind (UNKNOWN_QUESTION, BAD_VALUE) and
# add data: round.

TOP_LEVEL_KEYS = ("questionnaire", "version", "answers", "finished", "earlier_rounds")
EARLIER_ROUND_KEYS = ("version", "finished", "answers")
MAX_EARLIER_ROUNDS = 100  # a round a year; far more than any company will have
# The longest questionnaire version a file may name: the website stores it, for a finished round
# of another version and for every earlier round (persistence.Assessment.questionnaire_version).
MAX_VERSION_LENGTH = 50


def is_version_label(value: Any) -> bool:
    """Whether a file's `version` (its own, or an earlier round's) can be a questionnaire
    version: a text of 1 to MAX_VERSION_LENGTH characters, not blank, every one printable. One
    rule for both, since the website stores and shows both (QA, security round 2: the file's own
    version was only compared with this one, and a finished file of 5 000 characters there, or
    one with a NUL, gave a 500 on PostgreSQL; SQLite stored it, a right-to-left override
    included). `isprintable` refuses control characters, format characters (U+202E and the other
    direction marks, U+200B and the other zero-width ones, U+FEFF), line and paragraph
    separators, and every space but the plain one."""
    return (isinstance(value, str) and 0 < len(value) <= MAX_VERSION_LENGTH and value.isprintable()
            and value.strip() != "")


def _version_expected(questionnaire: Questionnaire) -> str:
    return (f"expected the questionnaire version it was answered with, a text such as '{questionnaire.version}' "
            f"(at most {MAX_VERSION_LENGTH} characters, none of them a control or invisible character)")


@dataclass(frozen=True)
class EarlierRound:
    """A finished round before the file's own answers: its version, the day it was finished
    (None when unknown), and its answers. They are checked like the file's answers when the
    round has this questionnaire's version; another version's answers are only fitted when
    loaded (as a stored round of that version is), since no rules of that version are here."""

    version: str
    finished: date | None
    answers: Mapping[str, Any]


@dataclass(frozen=True)
class AnswersFile:
    answers: dict[str, AnswerValue]
    earlier_rounds: tuple[EarlierRound, ...] = ()
    # The day the file's own round was finished; None when the file does not say (a round
    # under way, a file written before 2026-11-27, or a first round's of `finished`'s first release).
    finished: date | None = None


@dataclass(frozen=True)
class AnswerProblem:
    where: str  # e.g. "answers.1a_beleid"
    message: str
    kind: str = BAD_VALUE
    data: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"[{self.where}] {self.message}"


# Why an answer is refused, for a face that says it in its own words (the website's upload says
# it as its form does; QA, parity: the upload named the value but not the rule it broke).
NOT_AN_OPTION = "not_an_option"
NOT_COMBINABLE = "not_combinable"  # details: option (the value that stands alone)
NOT_A_NUMBER = "not_a_number"
OUT_OF_RANGE = "out_of_range"
TOO_LONG = "too_long"  # details: length
TOO_LARGE = "too_large"  # a number with more than NUMBER_DIGITS digits before the decimal point
CONTROL_CHARACTER = "control_character"
WRONG_SHAPE = "wrong_shape"  # a value of the wrong JSON type
CHOSEN_TWICE = "chosen_twice"  # details: option (the value given twice)


class AnswerError(ValueError):
    def __init__(self, message: str, reason: str = WRONG_SHAPE, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.details = details


class AnswersInvalid(ValueError):
    def __init__(self, problems: list[AnswerProblem]) -> None:
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


# How many problems of one file may get a "Did you mean …?" hint.
SUGGESTED_PROBLEMS = 20
SHOWN_LENGTH = 60  # characters of a name or value from a file that a message repeats


def shown(text: str) -> str:
    """A name or value from a file as a message repeats it: characters that are not printable
    escaped (a key can hold a newline or a terminal's escape sequence, which printed as such
    would forge lines of output), and cut to SHOWN_LENGTH (a key can be a megabyte long)."""
    cut = text[: SHOWN_LENGTH + 1]
    escaped = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in cut)
    return escaped if len(escaped) <= SHOWN_LENGTH else escaped[: SHOWN_LENGTH - 1] + "…"


def shown_json(value: Any) -> str:
    """`shown` for any value, written as JSON. A number beyond a float (`1e999` in the file,
    read as infinity) is said to be one, not written "Infinity", which the file does not hold
    and which is no JSON (QA, contracts)."""
    if isinstance(value, float) and not math.isfinite(value):
        return "a number too large to use"
    return shown(json.dumps(value, ensure_ascii=False))


def _allowed(question: Question) -> str:
    return ", ".join(f"'{o.value}'" for o in question.options)


def coerce_answer(question: Question, value: Any) -> AnswerValue:
    """Return the canonical form of `value` for `question`, or raise AnswerError saying why."""
    qtype = question.type
    if qtype in ("single", "yesno"):
        if not isinstance(value, str):
            raise AnswerError(f"expected one option value ({_allowed(question)}), got {shown_json(value)}")
        if question.option(value) is None:
            raise AnswerError(
                f"'{shown(value)}' is not an option; allowed: {_allowed(question)}"
                + did_you_mean(value, [o.value for o in question.options]),
                NOT_AN_OPTION,
            )
        return value
    if qtype == "multiple":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            # A list holding something else than option values is a list of wrong answers.
            raise AnswerError(f"expected a list of option values ({_allowed(question)}), got {shown_json(value)}",
                              WRONG_SHAPE if not isinstance(value, list) else NOT_AN_OPTION)
        unknown = [v for v in value if question.option(v) is None]
        if unknown:
            raise AnswerError(
                f"{', '.join(repr(shown(v)) for v in unknown[:5])} not among the options; allowed: {_allowed(question)}",
                NOT_AN_OPTION,
            )
        if len(set(value)) != len(value):
            twice = next(v for index, v in enumerate(value) if v in value[:index])
            raise AnswerError("an option is chosen twice", CHOSEN_TWICE, option=twice)
        exclusive = [v for v in value if (o := question.option(v)) and o.stands_alone]
        if exclusive and len(value) > 1:
            raise AnswerError(f"'{exclusive[0]}' cannot be combined with other options", NOT_COMBINABLE,
                              option=exclusive[0])
        # Keep the declared order, so equal selections are stored equally.
        order = [o.value for o in question.options]
        return sorted(value, key=order.index)
    if qtype in ("scale", "number"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise AnswerError(f"expected a number, got {shown_json(value)}", NOT_A_NUMBER)
        try:
            finite = math.isfinite(value)
        except OverflowError:  # a whole number of hundreds of digits: no float can hold it
            finite = False
        if not finite or too_large(value):
            raise AnswerError(
                f"expected a number with at most {NUMBER_DIGITS} digits before the decimal point, got {shown_json(value)}",
                TOO_LARGE,
            )
        if qtype == "scale" and value != int(value):
            raise AnswerError(f"expected a whole number from {question.min} to {question.max}, got {value}", OUT_OF_RANGE)
        if question.min is not None and value < question.min:
            raise AnswerError(f"{value} is below the minimum {question.min}", OUT_OF_RANGE)
        if question.max is not None and value > question.max:
            raise AnswerError(f"{value} is above the maximum {question.max}", OUT_OF_RANGE)
        return whole_as_int(value)
    if not isinstance(value, str):
        raise AnswerError(f"expected a text, got {shown_json(value)}")
    # As the website reads a typed text (forms.TextField): a text of spaces only is no answer.
    text = typed_text(value)
    control = control_character(text)
    if control is not None:
        raise AnswerError(f"the text holds a control character ({shown(control)}), which a typed text never holds",
                          CONTROL_CHARACTER)
    if len(text) > MAX_TEXT_LENGTH:
        raise AnswerError(f"the text is {len(text)} characters long; at most {MAX_TEXT_LENGTH} are allowed",
                          TOO_LONG, length=len(text))
    return text


# What JavaScript's String.prototype.trim removes (ECMAScript WhiteSpace and LineTerminator):
# the browser script decides with trim() whether a text is answered, so the server trims the
# same characters (QA, parity: Python's strip() kept U+FEFF and removed U+001C-U+001F and U+0085,
# so the script and the server disagreed about what a blank answer is).
TEXT_TRIM = "\t\n\v\f\r \u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000\ufeff"


def typed_text(value: str) -> str:
    """A text as typed: every line end (Windows \\r\\n, old Mac \\r) as \\n, and without the
    white space around it that trim() removes. One rule for the form, the file and the script."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip(TEXT_TRIM)


def control_character(text: str) -> str | None:
    """The first control character other than a line end or a tab: no keyboard types one, and
    PostgreSQL cannot store a NUL in a text (QA: a 500 there)."""
    return next((c for c in text if c not in "\n\t" and unicodedata.category(c) == "Cc"), None)


def unfitting_answers(q: Questionnaire, answers: Mapping[str, Any], fitted: Mapping[str, Any] | None = None) -> frozenset[str]:
    """The questions of `q` whose answer in `answers` (of another version) `adapt_answers`
    leaves out: an option since removed, a number now out of range. A comparison of rounds says
    so, where the fitted answers alone read as if the round had left them unanswered (QA, release).
    `fitted`: what `adapt_answers` made of `answers` already, where the caller has it."""
    kept = adapt_answers(q, answers) if fitted is None else fitted
    return frozenset(question_id for question_id in answers if question_id in q.questions_by_id and question_id not in kept)


def adapt_answers(q: Questionnaire, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers that still fit the questionnaire (after a new version, or from an earlier round of
    another version): the rest is dropped. The website and the command line fit them alike."""
    kept: dict[str, Any] = {}
    for question_id, value in answers.items():
        question = q.questions_by_id.get(question_id)
        if question is None:
            continue
        try:
            fitted = _fitted_answer(question, value)
        except AnswerError:
            continue
        if fitted is not None:
            kept[question_id] = fitted
    return kept


def _fitted_answer(question: Question, value: Any) -> Any:
    """The answer as this version stores it, or None when it is no answer: an empty list or
    text is none, as in a file of this version (`fit` wrote `"vragen_van": []` and the upload
    stored it; QA, review). Raises AnswerError when it does not fit."""
    coerced = coerce_answer(question, value)
    return coerced if is_answered(coerced) else None


def parse_answers_document(questionnaire: Questionnaire, document: Any) -> dict[str, AnswerValue]:
    """Check a parsed answers file and return its answers; raise AnswersInvalid with every problem."""
    return parse_answers_file(questionnaire, document).answers


def parse_answers_file(questionnaire: Questionnaire, document: Any, today: date | None = None) -> AnswersFile:
    """Check a parsed answers file and return its answers and earlier rounds; raise
    AnswersInvalid with every problem."""
    problems: list[AnswerProblem] = []
    if not isinstance(document, Mapping):
        raise AnswersInvalid(
            [AnswerProblem("(top)", "expected a JSON object with questionnaire, version and answers", NOT_AN_OBJECT)]
        )
    if isinstance(document.get("questionnaire"), Mapping) and isinstance(document.get("steps"), list):
        # The result (docs/score-format.md) is offered beside the answers file and easily taken
        # for it; its keys said only "unknown key" (QA, adviser: six technical lines).
        raise AnswersInvalid([AnswerProblem(
            "(top)", "this is a result, as `mvo-assessment score` prints it, not an answers file; "
            "use the answers file it was scored from", RESULT,
        )])
    # Said after the questionnaire and the version: a file that is no answers file of this
    # questionnaire at all says so first, not as the fourth line after its keys (QA, B1 editor).
    unknown_keys: list[AnswerProblem] = []
    for key in document:
        if key not in TOP_LEVEL_KEYS:
            unknown_keys.append(
                AnswerProblem(
                    shown(str(key)),
                    "unknown key; expected questionnaire, version, answers and (optional) finished and earlier_rounds",
                    UNKNOWN_KEY, {"key": str(key)},
                )
            )
    given_id = document.get("questionnaire", _ABSENT)
    if given_id != questionnaire.id:
        message = _identity_problem(given_id, questionnaire.id) or (
            f"{shown_json(given_id)} does not match this questionnaire '{questionnaire.id}'"
        )
        problems.append(AnswerProblem("questionnaire", message, OTHER_QUESTIONNAIRE))
        if isinstance(given_id, str):
            # A file of another questionnaire: its version and every question id would be
            # reported too, dozens of lines that only repeat this one.
            raise AnswersInvalid(problems + unknown_keys)
    given_version = document.get("version", _ABSENT)
    if given_version != questionnaire.version:
        if isinstance(given_version, str) and not is_version_label(given_version):
            # Not fitted as another version: the website would store it as that round's version.
            problems.append(AnswerProblem("version", f"{_version_expected(questionnaire)}; got {shown_json(given_version)}",
                                          NOT_A_VERSION, {"given": given_version}))
        else:
            message = _identity_problem(given_version, questionnaire.version) or (
                f"{shown_json(given_version)} cannot be scored with this questionnaire, "
                f"which is version '{questionnaire.version}'"
            )
            given = given_version if isinstance(given_version, str) else None
            problems.append(AnswerProblem("version", message, OTHER_VERSION, {"given": given}))
    problems.extend(unknown_keys)
    raw = document.get("answers")
    if not isinstance(raw, Mapping):
        problems.append(AnswerProblem("answers", "expected an object of question id to answer", NO_ANSWERS))
        raise AnswersInvalid(problems)
    answers = _checked_answers(questionnaire, raw, "answers", {}, problems)
    today = today or product_today()
    earlier = _earlier_rounds(questionnaire, document.get("earlier_rounds", []), problems, today)
    finished = _finished_day(document, earlier, problems, today)
    if problems:
        raise AnswersInvalid(problems)
    return AnswersFile(answers, earlier, finished)


def _checked_answers(
    questionnaire: Questionnaire, raw: Mapping[str, Any], where: str, data: Mapping[str, Any], problems: list[AnswerProblem]
) -> dict[str, AnswerValue]:
    """The answers of `raw` in their canonical form; a problem with one is added to `problems`,
    located under `where` and with `data` (the round of an earlier round)."""
    answers: dict[str, AnswerValue] = {}
    for question_id, value in raw.items():
        at = f"{where}.{shown(question_id)}"
        question = questionnaire.questions_by_id.get(question_id)
        if question is None:
            problems.append(
                AnswerProblem(
                    at,
                    "unknown question"
                    # A hint for the first few only: a file of made-up keys gets its problems
                    # counted, not a search of every question for each of them (QA).
                    + (did_you_mean(question_id, questionnaire.questions_by_id) if len(problems) < SUGGESTED_PROBLEMS else ""),
                    UNKNOWN_QUESTION,
                    {"question": question_id, **data},
                )
            )
            continue
        if value is None:
            continue  # an explicit null is no answer
        try:
            answer = coerce_answer(question, value)
            if is_answered(answer):  # an empty list or text is no answer either, like null
                answers[question_id] = answer
        except AnswerError as error:
            problems.append(AnswerProblem(at, error.message, BAD_VALUE, {
                "question": question_id, "given": value, "reason": error.reason, **error.details, **data,
            }))
    return answers


def _earlier_rounds(
    questionnaire: Questionnaire, value: Any, problems: list[AnswerProblem], today: date
) -> tuple[EarlierRound, ...]:
    if not isinstance(value, list):
        problems.append(AnswerProblem("earlier_rounds", "expected a list of earlier rounds, oldest first", EARLIER_ROUND,
                                      {"round": None}))
        return ()
    if len(value) > MAX_EARLIER_ROUNDS:
        problems.append(AnswerProblem("earlier_rounds", f"{len(value)} rounds; at most {MAX_EARLIER_ROUNDS} are allowed",
                                      EARLIER_ROUND, {"round": None, "reason": "too_many", "count": len(value)}))
        return ()
    rounds: list[EarlierRound] = []
    last_day: date | None = None  # the latest `finished` so far: the rounds go oldest first
    for index, entry in enumerate(value):
        where, data = f"earlier_rounds[{index}]", {"round": index + 1}
        if not isinstance(entry, Mapping):
            problems.append(AnswerProblem(where, "expected an object with version, finished and answers", EARLIER_ROUND, data))
            continue
        before = len(problems)
        for key in entry:
            if key not in EARLIER_ROUND_KEYS:
                problems.append(AnswerProblem(f"{where}.{shown(str(key))}", "unknown key; expected version, finished and answers",
                                              EARLIER_ROUND, data))
        version = entry.get("version", _ABSENT)
        if not is_version_label(version):
            problems.append(AnswerProblem(f"{where}.version", _version_expected(questionnaire), EARLIER_ROUND, data))
        finished = _day(entry.get("finished"))
        if finished is _ABSENT:
            problems.append(AnswerProblem(f"{where}.finished", "expected the day it was finished, as YYYY-MM-DD, or null",
                                          EARLIER_ROUND, {**data, "reason": "not_a_day", "given": entry.get("finished")}))
        elif finished is not None and (problem := _day_problem(finished, last_day, today)):
            problems.append(AnswerProblem(f"{where}.finished", problem[1], EARLIER_ROUND, {**data, **problem[0]}))
        if isinstance(finished, date):
            last_day = finished
        raw = entry.get("answers")
        answers: Mapping[str, Any] = {}
        if not isinstance(raw, Mapping):
            problems.append(AnswerProblem(f"{where}.answers", "expected an object of question id to answer", EARLIER_ROUND, data))
        elif version == questionnaire.version:
            answers = _checked_answers(questionnaire, raw, f"{where}.answers", data, problems)
        else:
            # Another version's rules are not here, but no version's answer is a number beyond
            # what an answer can be (1e999 is read as infinity, and `fit` wrote it back as
            # `Infinity`, which is no JSON; QA, review).
            for key, answer in raw.items():
                if _holds_an_unusable_number(answer):
                    problems.append(AnswerProblem(
                        f"{where}.answers.{shown(str(key))}",
                        f"expected a number with at most {NUMBER_DIGITS} digits before the decimal point, got {shown_json(answer)}",
                        EARLIER_ROUND, data))
            answers = raw
        if len(problems) == before:
            rounds.append(EarlierRound(version, finished, dict(answers)))
    return tuple(rounds)


def _finished_day(
    document: Mapping[str, Any], earlier: Sequence[EarlierRound], problems: list[AnswerProblem], today: date
) -> date | None:
    """The file's own `finished`, checked as an earlier round's is: a day, not in the future,
    not before the day of a round before it. Its problems are located as the round it is."""
    finished = _day(document.get("finished"))
    rounds_before = document.get("earlier_rounds")
    data = {"round": (len(rounds_before) if isinstance(rounds_before, list) else 0) + 1}
    if finished is _ABSENT:
        problems.append(AnswerProblem("finished", "expected the day this round was finished, as YYYY-MM-DD, or null",
                                      EARLIER_ROUND, {**data, "reason": "not_a_day", "given": document.get("finished")}))
        return None
    if not isinstance(finished, date):
        return None
    problem = _day_problem(finished, max((r.finished for r in earlier if r.finished), default=None), today)
    if problem:
        problems.append(AnswerProblem("finished", problem[1], EARLIER_ROUND, {**data, **problem[0]}))
        return None
    return finished


def _day_problem(finished: date, last_day: date | None, today: date) -> tuple[dict[str, Any], str] | None:
    """What is wrong with the day a round was finished, given the day of the round before it
    and today where the days are written (the website's time zone; the command line's is
    Europe/Amsterdam, `product_today`): the problem's data (for the website's own words: QA,
    contracts) and the message."""
    if finished > today:
        # Not yet finished, or the file was changed: the report would date a round to come. A
        # day of slack over the machine's date let "tomorrow" in, and the site then refused its
        # own download of the next round, finished today, as before the round before it (QA, review).
        return ({"reason": "future", "day": finished},
                f"{finished.isoformat()} is in the future; a round is finished on or before the day its file is read")
    if last_day is not None and finished < last_day:
        return ({"reason": "before", "day": finished, "last_day": last_day},
                f"{finished.isoformat()} is before the day the round before it was finished ({last_day.isoformat()}); "
                "the rounds go oldest first")
    return None


def _holds_an_unusable_number(value: Any) -> bool:
    """Whether a number beyond an answer's (infinity, too many digits) is in `value`, however
    deep in lists and objects (QA, security: a nested one still went out as `Infinity`)."""
    if isinstance(value, Mapping):
        return any(map(_holds_an_unusable_number, value.values()))
    if isinstance(value, list):
        return any(map(_holds_an_unusable_number, value))
    return isinstance(value, float | int) and not isinstance(value, bool) and not usable_number(value)


# What an answers file of another version of this questionnaire may have wrong and still be read:
# its answers to questions that were removed or changed are left out.
FITTABLE = frozenset({OTHER_VERSION, UNKNOWN_QUESTION, BAD_VALUE})


@dataclass(frozen=True)
class FittedFile:
    """An answers file read for this version of the questionnaire. `left_out`: for a file of
    another version, its answers that no longer fit (question id -> value as the file has it);
    None for a file of this version, which is read whole or refused."""

    answers: dict[str, Any]
    earlier_rounds: tuple[EarlierRound, ...]
    left_out: dict[str, Any] | None
    finished: date | None = None  # the day the file's own round was finished, when it says


def read_or_fit_answers_file(questionnaire: Questionnaire, document: Any, today: date | None = None) -> FittedFile:
    """The answers and earlier rounds of a file; one of another version of this questionnaire
    keeps what still fits, as a stored assessment does after an update. Raise AnswersInvalid
    for anything else that is wrong. The website's upload and `mvo-assessment fit` read files
    by this one rule."""
    try:
        parsed = parse_answers_file(questionnaire, document, today)
        answers, left_out, finished, rounds = dict(parsed.answers), None, parsed.finished, parsed.earlier_rounds
    except AnswersInvalid as error:
        kinds = {problem.kind for problem in error.problems}
        in_earlier_rounds = any(problem.data.get("round") for problem in error.problems)
        # Another version is a version label that is not this one; a file without one (or with
        # a number or null there) says nothing about what it was answered with (QA, review).
        labelled = all(p.data.get("given") for p in error.problems if p.kind == OTHER_VERSION)
        if not (OTHER_VERSION in kinds and kinds <= FITTABLE and labelled) or in_earlier_rounds:
            raise
        given = document["answers"]
        answers = adapt_answers(questionnaire, given)
        left_out = {
            key: value for key, value in given.items() if key not in answers and not _no_answer(questionnaire, key, value)
        }
        rounds = earlier_rounds_in(questionnaire, document, today)
        # Only its version was wrong, so its days were found right.
        finished = _finished_day(document, rounds, [], today or product_today())
    earlier = tuple(replace(round_, answers=adapt_answers(questionnaire, round_.answers)) for round_ in rounds)
    return FittedFile(answers, earlier, left_out, finished)


def _no_answer(questionnaire: Questionnaire, question_id: str, value: Any) -> bool:
    """`null`, an empty list or a text of spaces only: no answer, so nothing a fit leaves out."""
    if not is_answered(value):
        return True
    question = questionnaire.questions_by_id.get(question_id)
    try:
        return question is not None and _fitted_answer(question, value) is None
    except AnswerError:
        return False


def earlier_rounds_in(
    questionnaire: Questionnaire, document: Mapping[str, Any], today: date | None = None
) -> tuple[EarlierRound, ...]:
    """The earlier rounds of a file that `parse_answers_file` checked (or refused only for its
    own version, which the website fits): a round with a problem is left out."""
    return _earlier_rounds(questionnaire, document.get("earlier_rounds", []), [], today or product_today())


def _day(value: Any) -> Any:
    """A day written as YYYY-MM-DD, None for null or absent; _ABSENT when it is anything else."""
    if value is None:
        return None
    # fullmatch: date.fromisoformat also reads a week date ("2024-W01-1") and "20240101T0"
    # (QA, code review), which the contract's YYYY-MM-DD does not allow.
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    return _ABSENT


def _identity_problem(given: Any, expected: str) -> str | None:
    """What is wrong with the file's questionnaire id or version when it is absent or not a
    text; None when it is a text (another questionnaire or version, said by the caller)."""
    if given is _ABSENT:
        return f"missing; expected '{expected}'"
    if not isinstance(given, str):
        return f"expected the text '{expected}', got {shown_json(given)}"
    return None


def _parse_json(text: str) -> tuple[Any, list[tuple[dict[str, Any], str]]]:
    """The document, and every (object, key) whose key came twice in that object: `json` would
    silently keep the last, and an answers file that says two things must not be scored as one."""
    duplicates: list[tuple[dict[str, Any], str]] = []

    def pairs_to_dict(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                duplicates.append((result, key))
            result[key] = value
        return result

    return json.loads(text, object_pairs_hook=pairs_to_dict, parse_constant=_no_constant, parse_float=_read_float), duplicates


MAX_NUMBER_LITERAL_DIGITS = 4300  # as Python reads a whole number (sys.int_max_str_digits)


class _TinyNumber(ValueError):
    """A number written with a digit other than 0 that a double reads as 0 (`1e-400`)."""


def _read_float(literal: str) -> float:
    """A number with a fraction or an exponent, as json reads it, but never changed without a
    word: `1e-400` and a fraction of 5 000 digits were read as 0 and stored so (QA, answers
    files), and only a whole number had the documented limit of 4300 digits."""
    if sum(character.isdigit() for character in literal) > MAX_NUMBER_LITERAL_DIGITS:
        raise ValueError(literal[:20])
    value = float(literal)
    if value == 0 and any(character in "123456789" for character in literal.lower().split("e")[0]):
        raise _TinyNumber(literal[:20])
    return value


class _NotJsonConstant(ValueError):
    """NaN, Infinity or -Infinity: Python's json reads them, JSON (RFC 8259) has no such value."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _no_constant(name: str) -> Any:
    raise _NotJsonConstant(name)


def decode_answers_file(data: bytes) -> str:
    """The text of an answers file as read from disk or uploaded; raise AnswersInvalid when it
    is not text.

    UTF-8, with or without a byte order mark, and UTF-16 or UTF-32 (what Windows Notepad saves
    as "Unicode"), recognised the way Python's `json.loads` recognises bytes
    (`json.detect_encoding`: by the byte order mark, or else by the zero bytes around the first
    characters of a JSON text). The CLI and the website both read files through here, so a file
    that one reads the other reads as well."""
    encoding = json.detect_encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        # The line, and what to do: mostly an é typed in an editor that saved it as Latin-1 (QA,
        # command line: "at byte 92" alone sent people counting bytes).
        line = data[: error.start].count(b"\n") + 1
        raise AnswersInvalid(
            [
                AnswerProblem(
                    "(file)",
                    f"not a text file in UTF-8, UTF-16 or UTF-32 (as {encoding}: {error.reason} at byte {error.start}, "
                    f"line {line}); if you edited it, save it again as UTF-8",
                    NOT_TEXT,
                    {"encoding": encoding},
                )
            ]
        ) from None


def read_answers_document(text: str) -> Any:
    """The parsed answers file, not yet checked against a questionnaire; raise AnswersInvalid
    when it is empty, not JSON, or names a key twice.

    A leading byte order mark is allowed (Windows editors write one), as the website's upload does."""
    text = text.removeprefix("\ufeff")
    if not text.strip(_JSON_WHITESPACE):
        # json would say "Expecting value: line 1 column 1", which sends people looking for a
        # typo in a file that has nothing in it (a download that failed, a file never saved).
        raise AnswersInvalid([AnswerProblem("(file)", "the file is empty", EMPTY)])
    try:
        document, duplicates = _parse_json(text)
    except json.JSONDecodeError as error:
        raise AnswersInvalid(
            [
                AnswerProblem(
                    f"line {error.lineno}, column {error.colno}",
                    f"invalid JSON: {error.msg}",
                    JSON,
                    {"line": error.lineno, "column": error.colno},
                )
            ]
        ) from None
    except _NotJsonConstant as constant:
        # QA (parity): read as a number, NaN was then refused as "one too large to use".
        raise AnswersInvalid([AnswerProblem(
            "(file)", f"invalid JSON: {constant.name} is not a JSON value; write a number, or null for no answer", JSON,
        )]) from None
    except RecursionError:
        raise AnswersInvalid([AnswerProblem("(file)", "invalid JSON: nested too deeply to read", JSON)]) from None
    except _TinyNumber:
        raise AnswersInvalid([AnswerProblem(
            "(file)", "invalid JSON: a number too close to zero to read; write 0, or a number with fewer decimals", JSON,
        )]) from None
    except ValueError:
        # The one other ValueError of json.loads: Python refuses to read an integer of more than
        # 4300 digits (sys.int_max_str_digits), a guard against slow conversions.
        raise AnswersInvalid([AnswerProblem("(file)", "invalid JSON: a number has too many digits to read", JSON)]) from None
    deep = _nested_deeper_than(document, MAX_NESTING)
    if deep is not None:
        # json reads ~990 levels, but what reads the document after it (the checks, the
        # messages, storing it) walks it again: at ~500 levels that was a RecursionError, a
        # traceback on the command line and a 500 on the upload (QA, command line).
        raise AnswersInvalid([AnswerProblem(
            deep, f"lists and objects nested more than {MAX_NESTING} deep; an answers file needs 5 at most", JSON,
        )])
    broken = _lone_surrogate(document)
    if broken is not None:
        raise AnswersInvalid([AnswerProblem(
            broken, "holds a lone surrogate (such as \\ud800): half of a character, so not a text", NOT_TEXT
        )])
    if duplicates:
        paths = _object_paths(document)
        raise AnswersInvalid([
            AnswerProblem(
                f"{paths[id(container)]}.{shown(key)}" if paths.get(id(container)) else shown(key),
                "appears more than once in the file; keep one",
                DUPLICATE_KEY,
                {"key": key},
            )
            for container, key in duplicates
        ])
    return document


def _object_paths(document: Any) -> dict[int, str]:
    """Where each object of the document is, as problems name places (`answers`,
    `earlier_rounds[1].answers`; the top is ""), by the object's identity: a key named twice in
    an earlier round was located as if it were the top's or the current round's (QA, contracts)."""
    paths: dict[int, str] = {}
    pending: list[tuple[Any, str]] = [(document, "")]
    while pending:
        value, where = pending.pop()
        if isinstance(value, dict):
            paths[id(value)] = where
            pending.extend((child, f"{where}.{shown(key)}" if where else shown(key)) for key, child in value.items())
        elif isinstance(value, list):
            pending.extend((child, f"{where}[{index}]") for index, child in enumerate(value))
    return paths


# Far more than an answers file has (the file, its earlier rounds, a round, its answers, a
# list of options) and far less than would strain anything that walks it.
MAX_NESTING = 20


# Where a value of the document is, as a chain (the container's place, the key or index),
# None for the top. Written out as text only for the one place a problem names: writing every
# place out as it was walked took 1.8 GB and 16 s for an answers file of 50 MB (QA, command line).
_Place = tuple[Any, str | int] | None


def _place_text(place: _Place, cut_each_step: bool) -> str:
    """`place` as problems name places: `answers.x[1]`, "(top)" for the top; with
    `cut_each_step`, each step's text is cut short as it grows (a path can be thousands of
    steps long)."""
    keys: list[str | int] = []
    while place is not None:
        place, key = place
        keys.append(key)
    where = "(top)"
    for key in reversed(keys):
        if isinstance(key, str):
            where = shown(key) if where == "(top)" else f"{where}.{shown(key)}"
        else:
            where = f"{where}[{key}]"
        if cut_each_step:
            where = shown(where)
    return where


def _children(value: dict[str, Any] | list[Any]) -> Iterator[tuple[str | int, Any]]:
    return iter(value.items()) if isinstance(value, dict) else enumerate(value)


def _walk(document: Any) -> Iterator[tuple[_Place, str | int, Any, int]]:
    """Every key or index of the document with its value, in the order of the file (depth
    first): where its container is, the key, the value, and how deep the value sits (the top
    is 1). One iterator per level, so the walk holds no more than the nesting, however long a
    list is."""
    if not isinstance(document, dict | list):
        return
    stack: list[tuple[Iterator[tuple[str | int, Any]], _Place]] = [(_children(document), None)]
    while stack:
        children, place = stack[-1]
        for key, child in children:
            yield place, key, child, len(stack) + 1
            if isinstance(child, dict | list):
                stack.append((_children(child), (place, key)))
                break
        else:
            stack.pop()


def _nested_deeper_than(document: Any, limit: int) -> str | None:
    """Where the first list or object nested more than `limit` deep is (in the order of the
    file), named as problems name places; None when none is."""
    for place, key, child, depth in _walk(document):
        if depth > limit and isinstance(child, dict | list):
            return _place_text((place, key), cut_each_step=True)
    return None


def _lone_surrogate(document: Any) -> str | None:
    """Where the first text of the document (a key or a value) holds a lone surrogate, which
    JSON can write (`"\\ud800"`) but no text can hold: it cannot be shown, stored or written
    out again (QA: a 500 on the upload, or on every page after it was stored). None when
    there is none."""
    if isinstance(document, str):
        return None if _encodable(document) else "(top)"
    for place, key, child, _depth in _walk(document):
        if (isinstance(key, str) and not _encodable(key)) or (isinstance(child, str) and not _encodable(child)):
            return _place_text((place, key), cut_each_step=False)
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_JSON_WHITESPACE = " \t\n\r"  # what JSON allows between values (RFC 8259), nothing more


def load_answers_file(questionnaire: Questionnaire, text: str) -> dict[str, AnswerValue]:
    """Parse and check an answers file; raise AnswersInvalid with every problem, each located."""
    return parse_answers_document(questionnaire, read_answers_document(text))


def parse_answers_bytes(questionnaire: Questionnaire, data: bytes) -> AnswersFile:
    """A file's bytes as its answers and earlier rounds (decode_answers_file says which
    encodings); raise AnswersInvalid with every problem, each located."""
    return parse_answers_file(questionnaire, read_answers_document(decode_answers_file(data)))


def answers_document(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    earlier_rounds: Sequence[EarlierRound] = (),
    version: str | None = None,
    finished: date | None = None,
) -> dict[str, Any]:
    """The export: only answers to questions that are shown (hidden answers are never exported).
    `version`: the questionnaire version the answers were given with, when not this one's (a
    round stored under an older version is exported as stored: fitting it would lose answers).
    Earlier rounds, oldest first, only when there are any; the day this round was `finished`
    whenever it was, round 1 too: a first round's file kept the format's first shape until a
    finished first round, loaded a year later, came back open and dated the day of the upload
    (QA, contracts). An open round's file is the first shape exactly."""
    version = version or questionnaire.version
    document: dict[str, Any] = {
        "questionnaire": questionnaire.id, "version": version, "answers": _round_answers(questionnaire, version, answers),
    }
    if finished is not None:
        document["finished"] = finished.isoformat()
    if earlier_rounds:
        document["earlier_rounds"] = [
            {
                "version": earlier.version,
                "finished": earlier.finished.isoformat() if earlier.finished else None,
                "answers": _round_answers(questionnaire, earlier.version, earlier.answers),
            }
            for earlier in earlier_rounds
        ]
    return document


def _round_answers(questionnaire: Questionnaire, version: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    # Another version's answers as they were stored: this questionnaire cannot tell which of
    # them that version showed.
    return _shown(questionnaire, answers) if version == questionnaire.version else dict(answers)


def _shown(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, Any]:
    effective = resolve(questionnaire, answers).effective
    return {q.id: effective[q.id] for q in questionnaire.questions if q.id in effective}
