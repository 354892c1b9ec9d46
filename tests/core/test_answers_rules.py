"""Rules of the answers file (docs/answers-format.md) that a test pins to the day and the option:
the day of a round against the round before it, and an option chosen twice."""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

import pytest

from mvo_assessment.answers import AnswersInvalid, parse_answers_file
from mvo_assessment.loader import load_questionnaire
from mvo_assessment.model import Questionnaire

from .conftest import EXAMPLE, SHIPPED

TODAY = date(2026, 6, 1)


@functools.cache
def example() -> Questionnaire:
    return load_questionnaire(EXAMPLE)


@functools.cache
def shipped() -> Questionnaire:
    return load_questionnaire(SHIPPED)


def problems(questionnaire: Questionnaire, document: dict[str, Any]) -> list[str]:
    """The located problems of `document` read on TODAY; none when it is accepted."""
    try:
        parse_answers_file(questionnaire, document, today=TODAY)
    except AnswersInvalid as refused:
        return [str(problem) for problem in refused.problems]
    return []


def _file(day: str, own: bool) -> dict[str, Any]:
    """A file of the example with a round finished on 2025-03-02 and after it one finished on
    `day`: an earlier round (`own` false) or the file's own round (`finished`)."""
    first = {"version": "1.0", "finished": "2025-03-02", "answers": {}}
    document: dict[str, Any] = {"questionnaire": "voorbeeld", "version": "1.0", "answers": {"grootte": "klein"}}
    if own:
        return {**document, "earlier_rounds": [first], "finished": day}
    return {**document, "earlier_rounds": [first, {"version": "1.0", "finished": day, "answers": {}}]}


@pytest.mark.parametrize(("own", "where"), [(False, "earlier_rounds[1].finished"), (True, "finished")], ids=["earlier-round", "this-round"])
def test_a_round_finished_the_day_before_the_round_before_it_is_refused(own: bool, where: str) -> None:
    """A round is finished "not before the day of a round before it" (docs/answers-format.md,
    "Earlier rounds"): one day before is refused, with its place; the same day is accepted (two
    rounds can end on one day). QA (mutation testing): the tests used days months apart, so a
    day of slack (one day before let in) went unnoticed."""
    assert problems(example(), _file("2025-03-01", own)) == [
        f"[{where}] 2025-03-01 is before the day the round before it was finished (2025-03-02); the rounds go oldest first"
    ]
    assert problems(example(), _file("2025-03-02", own)) == []


def test_an_option_chosen_twice_is_refused_in_this_round_and_an_earlier_one() -> None:
    """A multiple-choice answer lists each option once (docs/answers-format.md: "a list of
    option values (no duplicates …)"), in the file's answers and in an earlier round of the
    same version, which is checked like them; the problem says where. QA (mutation testing):
    the check could be deleted and no test failed (["import", "import"] was then stored)."""
    questionnaire = shipped()
    assert questionnaire.questions_by_id["keten_buitenland"].type == "multiple"

    def document(answer: list[str]) -> dict[str, Any]:
        return {"questionnaire": questionnaire.id, "version": questionnaire.version,
                "answers": {"grootte": "klein", "keten_buitenland": answer},
                "earlier_rounds": [{"version": questionnaire.version, "finished": "2025-03-02",
                                    "answers": {"grootte": "klein", "keten_buitenland": answer}}]}

    assert problems(questionnaire, document(["import", "import"])) == [
        "[answers.keten_buitenland] an option is chosen twice",
        "[earlier_rounds[0].answers.keten_buitenland] an option is chosen twice",
    ]
    assert problems(questionnaire, document(["import", "export"])) == []


def test_reading_a_huge_file_holds_no_more_than_its_nesting():
    """QA (command line): a 50 MB answers file of one list of five million options took 1.8 GB
    and 16 s before it was refused, where reading its JSON takes a quarter of that: the checks
    for depth and lone surrogates wrote out the place of every element before looking at it.
    They walk with one iterator per level now, and name only the place they report."""
    import json
    import tracemalloc

    from mvo_assessment.answers import read_answers_document

    text = json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"ketens": ["a"] * 200_000}})
    read_answers_document(text)  # warm: the module's own first-time allocations
    tracemalloc.start()
    try:
        read_answers_document(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # the parsed document itself (a list of 200 000 references, ~1.6 MB) and a little more;
    # writing out every element's place took over 40 MB here
    assert peak < 8 * 1024 * 1024, peak


def test_the_checks_of_depth_and_text_name_the_first_place_in_the_file():
    from mvo_assessment.answers import _lone_surrogate, _nested_deeper_than

    deep: Any = ["x"]
    for _ in range(25):
        deep = [deep]
    document = {"answers": {"a": ["ok", {"b": "\ud800"}], "c": "\udc00"}, "later": deep, "first": {"k": deep}}
    assert _lone_surrogate(document) == "answers.a[1].b"
    # "later" comes before "first" in the file, and the place is cut short as it grows
    place = _nested_deeper_than(document, 20)
    assert place is not None and place.startswith("later[0][0][0]") and place.endswith("…"), place
    assert _nested_deeper_than({"a": [[1]]}, 20) is None and _lone_surrogate(["ok", 1, None]) is None
    assert _lone_surrogate({"\udc00": 1}) == "\\udc00" and _lone_surrogate("\ud800") == "(top)"


VERSION_LABELS = [
    ("1.1", True), ("2026 herzien", True), ("versie één", True), ("x" * 50, True),
    ("", False), ("   ", False), ("x" * 51, False), ("9" * 5000, False), (1.1, False), (None, False),
    ("1.0\x00", False), ("1.0\n", False), ("1.0\x1b[2J", False), ("1.0\u0085", False),
    # direction overrides, isolates and marks, zero-width and other invisible format characters,
    # line separators, and spaces that are not the plain one
    ("1.0\u202e", False), ("\u2066evil\u2069", False), ("1.0\u200f", False), ("1.\u200b0", False),
    ("\ufeff1.0", False), ("1.0\u00ad", False), ("1.0\u2028", False), ("1.0\u00a0", False),
]


@pytest.mark.parametrize(("version", "accepted"), VERSION_LABELS, ids=lambda value: ascii(value)[:24])
def test_one_rule_says_what_a_files_version_can_be(version: Any, accepted: bool) -> None:
    """The file's own version and an earlier round's are held to one rule (answers.is_version_label;
    docs/answers-format.md): QA (security round 2) found the file's own version only compared with
    this one, and the website stored a finished file's, 5 000 characters or a right-to-left
    override, as its round's version."""
    from mvo_assessment.answers import NOT_A_VERSION, is_version_label

    assert is_version_label(version) is accepted
    own = {"questionnaire": "voorbeeld", "version": version, "answers": {}}
    earlier = {"questionnaire": "voorbeeld", "version": "1.0", "answers": {},
               "earlier_rounds": [{"version": version, "finished": None, "answers": {}}]}
    refused = [] if accepted else ["earlier_rounds[0].version"]
    assert [problem.split("] ")[0][1:] for problem in problems(example(), earlier)] == refused
    if isinstance(version, str):
        with pytest.raises(AnswersInvalid) as own_refused:
            parse_answers_file(example(), own, today=TODAY)
        assert [(p.where, p.kind == NOT_A_VERSION) for p in own_refused.value.problems] == [("version", not accepted)]
