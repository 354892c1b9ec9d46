"""A battery of broken questionnaires: each kind of error gives one located, actionable message."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest

from mvo_assessment.errors import ErrorCode, QuestionnaireInvalid
from mvo_assessment.loader import load_questionnaire
from mvo_assessment.validation.versions import RECORD_FILE
from mvo_assessment.yaml_source import MAX_FILE_BYTES

S1 = "stap-1-beleid.yaml"


def problems(folder: Path) -> list[Any]:
    with pytest.raises(QuestionnaireInvalid) as raised:
        load_questionnaire(folder)
    return raised.value.issues


def msg(code: ErrorCode, **context: Any) -> str:
    return code.value.template.format(**context)


def test_the_documented_example_is_valid(example_dir: Path) -> None:
    questionnaire = load_questionnaire(example_dir)
    assert [s.id for s in questionnaire.sections] == ["intake", "stap-1"]


def test_a_number_questions_limits_are_numbers_an_answer_can_be(edit: Callable[[str, str, str], Path]) -> None:
    """No answer has more than 15 digits before the decimal point (numbers.NUMBER_DIGITS), so a
    limit beyond that speaks of answers no one can give."""
    edit(S1, "        type: scale\n", "        type: number\n")
    edit(S1, "        min_label: Helemaal niet\n        max_label: Heel erg\n        weight: 1\n", "")
    folder = edit(S1, "        max: 5\n", "        max: 1000000000000000\n")
    problem = problems(folder)[0]  # then: without the scale, level 4 of the step is out of reach
    assert (problem.code, problem.line, problem.item) == (ErrorCode.BAD_VALUE, 42, "question: tevredenheid")
    assert "'max' in question 'tevredenheid' is 1000000000000000; a number with at most 15 digits" in problem.message


def test_an_option_score_is_a_number_scoring_can_use(edit: Callable[[str, str, str], Path]) -> None:
    """QA (security): a score of 400 digits passed `validate`, then `score` crashed (no float
    holds it) and the results page gave a 500."""
    folder = edit(S1, "{value: openbaar, label: \"Ja, en het is openbaar\", score: 3}",
                  "{value: openbaar, label: \"Ja, en het is openbaar\", score: 1" + "0" * 400 + "}")
    messages = [problem.message for problem in problems(folder)]
    assert any("'score' in option 'openbaar' must be a whole number of 0 or more, with at most 15 digits" in m
               for m in messages), messages


# (file, old text, new text, code, line, item, message context)
CASES: list[tuple[str, str, str, ErrorCode, int | None, str | None, dict[str, Any]]] = [
    (S1, "        type: single\n", "        tpye: single\n", ErrorCode.UNKNOWN_KEY, 21, "question: beleid",
     {"key": "tpye", "where": "question 'beleid'", "hint": ". Did you mean 'type'?"}),
    (S1, "        type: single\n", "", ErrorCode.MISSING_KEY, 20, "question: beleid",
     {"key": "type", "where": "question 'beleid'"}),
    (S1, "        type: single\n", "        type: kies\n", ErrorCode.BAD_VALUE, 21, "question: beleid",
     {"key": "type", "where": "question 'beleid'", "given": "'kies'",
      "expected": "use one of single, multiple, yesno, scale, number, text"}),
    (S1, "        max: 5\n", "        max: veel\n", ErrorCode.WRONG_TYPE, 42, "question: tevredenheid",
     {"key": "max", "where": "question 'tevredenheid'", "expected": "a number", "given": "'veel'"}),
    # QA (code review): a scale of 0 to 3 000 000 was valid; validate took 15 s, scoring 43 s.
    (S1, "        max: 5\n", "        max: 12\n", ErrorCode.BAD_VALUE, 42, "question: tevredenheid",
     {"key": "min/max", "where": "question 'tevredenheid'", "given": "min 1, max 12",
      "expected": "a scale of at most 11 points (such as 0 to 10); for a larger range, use a number question"}),
    # QA (review): no answer could ever be saved to a scale of such numbers
    (S1, "        min: 1\n        max: 5\n", "        min: 10000000000000000\n        max: 10000000000000005\n",
     ErrorCode.BAD_VALUE, 41, "question: tevredenheid",
     {"key": "min", "where": "question 'tevredenheid'", "given": "10000000000000000",
      "expected": "a number with at most 15 digits before the decimal point, as an answer has"}),
    # QA (contracts): `.inf` is a YAML number, and `show --json` wrote it as Infinity (no JSON).
    (S1, "        max: 5\n", "        max: .inf\n", ErrorCode.WRONG_TYPE, 42, "question: tevredenheid",
     {"key": "max", "where": "question 'tevredenheid'", "expected": "a number", "given": "inf"}),
    (S1, "      - id: leveranciers\n", "      - id: beleid\n", ErrorCode.DUPLICATE_ID, 30, "question: beleid",
     {"kind": "question id", "id": "beleid", "other": "stap-1-beleid.yaml:20"}),
    (S1, "condition: {question: import, equals: ja}", "condition: {question: imprt, equals: ja}",
     ErrorCode.CONDITION_UNKNOWN_QUESTION, 30, "question: leveranciers",
     {"question": "imprt", "hint": ". Did you mean 'import'?"}),
    (S1, "condition: {question: import, equals: ja}", "condition: {question: tevredenheid, gt: 2}",
     ErrorCode.CONDITION_LATER_QUESTION, 30, "question: leveranciers",
     {"question": "tevredenheid", "other": "stap-1-beleid.yaml:38"}),
    (S1, "condition: {question: import, equals: ja}", "condition: {question: import, equals: jaa}",
     ErrorCode.CONDITION_UNKNOWN_VALUE, 30, "question: leveranciers",
     {"question": "import", "value": "jaa", "allowed": "ja, nee, weet_niet", "hint": ". Did you mean 'ja'?"}),
    (S1, "condition: {question: import, equals: ja}", "condition: {question: import, contains: ja}",
     ErrorCode.CONDITION_OPERATOR_TYPE, 30, "question: leveranciers",
     {"operator": "contains", "question": "import", "type": "yesno",
      "expected": "'contains' is for multiple-choice questions; use 'equals' or 'in'"}),
    (S1, "condition: {question: import, equals: ja}", "condition: {question: import, equels: ja}",
     ErrorCode.BAD_CONDITION, 33, "question: leveranciers",
     {"path": "condition", "problem": "a comparison needs exactly one operator out of equals, in, contains, gt, "
      "gte, lt, lte, answered; found ['equels']. Did you mean 'equals'?"}),
    (S1, "condition: {question: import, equals: ja}",
     "condition: {all: [{question: import, equals: ja}, {question: import, equals: nee}]}",
     ErrorCode.NEVER_SHOWN, 30, "question: leveranciers",
     {"kind": "question", "why": "no combination of earlier answers meets them all"}),
    # A recommendation's own `when` (content 1.2): read as any condition, located at the
    # recommendation (a problem in its form, at its `when` line).
    (S1, "    when_gap: 2\n", "    when_gap: 2\n    when: {question: beleid, equels: nee}\n", ErrorCode.BAD_CONDITION, 56,
     "recommendation: rec-achterstand",
     {"path": "condition in 'when'", "problem": "a comparison needs exactly one operator out of equals, in, contains, "
      "gt, gte, lt, lte, answered; found ['equels']. Did you mean 'equals'?"}),
    (S1, "    when_gap: 2\n", "    when_gap: 2\n    when: {question: beleidd, equals: nee}\n",
     ErrorCode.CONDITION_UNKNOWN_QUESTION, 54, "recommendation: rec-achterstand",
     {"question": "beleidd", "hint": ". Did you mean 'beleid'?"}),
    (S1, "    when_gap: 2\n", "    when_gap: 2\n    when: {question: beleid, in: [nee, neee]}\n",
     ErrorCode.CONDITION_UNKNOWN_VALUE, 54, "recommendation: rec-achterstand",
     {"question": "beleid", "value": "neee", "allowed": "nee, ideeen, papier, openbaar, weet_niet",
      "hint": ". Did you mean 'nee'?"}),
    (S1, "    when_level: [1]\n", "    when_level: [1]\n    when: {question: beleid, contains: nee}\n",
     ErrorCode.CONDITION_OPERATOR_TYPE, 51, "recommendation: rec-niveau-1",
     {"operator": "contains", "question": "beleid", "type": "single",
      "expected": "'contains' is for multiple-choice questions; use 'equals' or 'in'"}),
    (S1, "tools: [voorbeeld-tool]", "tools: [voorbeeld-tol]", ErrorCode.UNKNOWN_TOOL, 47,
     "recommendation: rec-beleid", {"tool": "voorbeeld-tol", "hint": ". Did you mean 'voorbeeld-tool'?"}),
    (S1, "{value: ideeen, label: Er zijn ideeën, score: 1}", "{value: ideeen, label: Er zijn ideeën}",
     ErrorCode.MISSING_SCORE, 26, "question: beleid", {"value": "ideeen", "question": "beleid"}),
    # QA: a list with a wrong item was described as "not a list" after "must be a list of ..."
    (S1, "    when_level: [1]\n", "    when_level: [7]\n", ErrorCode.WRONG_TYPE, 52, "recommendation: rec-niveau-1",
     {"key": "when_level", "where": "recommendation 'rec-niveau-1'", "expected": "a list of levels from 1 to 5", "given": "[7]"}),
    (S1, "    when_level: [1]\n", "    when_level: [1]\n    when_gap: 1\n", ErrorCode.BAD_VALUE, 51,
     "recommendation: rec-niveau-1",
     {"key": "when_answer/when_level/when_gap", "where": "recommendation 'rec-niveau-1'", "given": "2 of them",
      "expected": "give exactly one of when_answer, when_level, when_gap"}),
    # QA: a question of the intake was called "unknown", though it exists
    (S1, "      question: beleid\n", "      question: grootte\n", ErrorCode.BAD_VALUE, 11, "gate: gate-beleid",
     {"key": "question", "where": "gate 'gate-beleid'", "given": "'grootte' (a question of intake)",
      "expected": "a gate needs a scored question of stap-1 itself"}),
    (S1, "      min_score: 2\n", "      min_score: 9\n", ErrorCode.BAD_VALUE, 11, "gate: gate-beleid",
     {"key": "min_score", "where": "gate 'gate-beleid'", "given": "9", "expected": "'beleid' scores at most 3"}),
    (S1, "title: Beleid\n", "title: Beleid\nextra: 1\n", ErrorCode.UNKNOWN_KEY, 3, None,
     {"key": "extra", "where": S1,
      "hint": "; allowed: id, title, intro, condition, pages, levels, scoring, recommendations"}),
    ("tools.yaml", "steps: [stap-1]", "steps: [stap-1]\n    title_language: Engels", ErrorCode.WRONG_TYPE, 7,
     "tool: voorbeeld-tool", {"key": "title_language", "where": "tool 'voorbeeld-tool'", "expected": "a language code such as en",
                              "given": "'Engels'"}),
    ("tools.yaml", "steps: [stap-1]", "steps: [stap-1]\n    language: Engels", ErrorCode.WRONG_TYPE, 7,
     "tool: voorbeeld-tool", {"key": "language", "where": "tool 'voorbeeld-tool'", "expected": "a language code such as en",
                              "given": "'Engels'"}),
    ("tools.yaml", "steps: [stap-1]", "steps: [stap-7]", ErrorCode.UNKNOWN_STEP, 2, "tool: voorbeeld-tool",
     {"step": "stap-7", "hint": ". Did you mean 'stap-1'?"}),
    # QA: "is a mapping" did not say that 150 was the wrong value
    ("questionnaire.yaml", "thresholds: {2: 20, 3: 40, 4: 60, 5: 80}", "thresholds: {2: 20, 3: 40, 4: 60, 5: 150}",
     ErrorCode.BAD_VALUE, 23, None,
     {"key": "thresholds", "where": "scoring in questionnaire.yaml", "given": "{2: 20, 3: 40, 4: 60, 5: 150}",
      "expected": "give {2: n, 3: n, 4: n, 5: n}: rising percentages between 0 and 100"}),
    ("questionnaire.yaml", 'version: "1.0"', "version: 1.0", ErrorCode.WRONG_TYPE, 3, None,
     {"key": "version", "where": "questionnaire.yaml",
      "expected": 'a quoted text such as "1.0" (YAML reads 1.0 as a number)', "given": "1.0"}),
    # QA (security round 2): the website stores the version with every round in a column of 50,
    # and an answers file names it: a longer one, or one with a direction override, broke both
    ("questionnaire.yaml", 'version: "1.0"', 'version: "1.0-' + "x" * 47 + '"', ErrorCode.WRONG_TYPE, 3, None,
     {"key": "version", "where": "questionnaire.yaml", "given": "'1.0-" + "x" * 28 + "…'",
      "expected": "a text of at most 50 characters, none of them a control or invisible character"}),
    ("questionnaire.yaml", 'version: "1.0"', 'version: "1.0\\u202e"', ErrorCode.WRONG_TYPE, 3, None,
     {"key": "version", "where": "questionnaire.yaml", "given": "'1.0\\u202e'",
      "expected": "a text of at most 50 characters, none of them a control or invisible character"}),
    (S1, "{value: ideeen, label: Er zijn ideeën, score: 1}", "{value: ideeen, label: Er zijn ideeën, score: 1, exclusive: true}",
     ErrorCode.OPTION_RULES, 26, "question: beleid",
     {"problem": "Option 'ideeen' is exclusive, which only applies to a multiple question; "
                 "one answer of a single question stands alone anyway"}),
    ("intake.yaml", "buitenland?\n", "buitenland?\n      - oops\n", ErrorCode.NOT_A_MAPPING, 6, None,
     {"where": "Question 3 of page intake-profiel", "given": "'oops'"}),
    # QA (author): a web address of 40 characters or more was "not a text", and the message
    # said to start with https:// to an address that did; it now names what is wrong, by the
    # rule of a link in a text, and shows the spot
    ("tools.yaml", "url: https://www.example.org/hulpmiddel", "url: https://www.example.org/documenten/een hulpmiddel voor bedrijven.pdf",
     ErrorCode.BAD_VALUE, 4, "tool: voorbeeld-tool",
     {"key": "url", "where": "tool 'voorbeeld-tool'", "given": "'…xample.org/documenten/een hulpmiddel voor bedrijve…'",
      "expected": "remove the space: a space in a path is written %20"}),
    ("tools.yaml", "url: https://www.example.org/hulpmiddel", "url: https://", ErrorCode.BAD_VALUE, 4,
     "tool: voorbeeld-tool", {"key": "url", "where": "tool 'voorbeeld-tool'", "given": "'https://'",
                              "expected": "write the whole address, beginning with https://"}),
    ("tools.yaml", "url: https://www.example.org/hulpmiddel", "url: https:// www.example.org/hulpmiddel",
     ErrorCode.BAD_VALUE, 4, "tool: voorbeeld-tool",
     {"key": "url", "where": "tool 'voorbeeld-tool'", "given": "'https:// www.example.org/hulpmiddel'",
      "expected": "remove the space from the site's name"}),
    ("tools.yaml", "url: https://www.example.org/hulpmiddel", "url: htps://www.example.org/hulpmiddel",
     ErrorCode.WRONG_TYPE, 4, "tool: voorbeeld-tool",
     {"key": "url", "where": "tool 'voorbeeld-tool'", "given": "'htps://www.example.org/hulpmiddel'",
      "expected": "a web address starting with http:// or https://"}),
    # QA (author): a comma in a label inside { } and a label without its colon
    (S1, '{value: papier, label: "Ja, op papier", score: 2}', "{value: papier, label: Ja, op papier, score: 2}",
     ErrorCode.UNKNOWN_KEY, 27, "question: beleid",
     {"key": "op papier", "where": "option 'papier'",
      "hint": ". Inside { } a comma starts a new key: put a text with a comma in quotes, such as label: \"Ja, mondeling\""}),
    (S1, '{value: papier, label: "Ja, op papier", score: 2}', '{value: papier, label "Ja op papier", score: 2}',
     ErrorCode.UNKNOWN_KEY, 27, "question: beleid",
     {"key": 'label "Ja op papier"', "where": "option 'papier'",
      "hint": ". Is the ':' after 'label' missing? Write label: and then its value"}),
    (S1, "{value: papier, label: \"Ja, op papier\", score: 2}", "{value: ideeen, label: \"Ja, op papier\", score: 2}",
     ErrorCode.DUPLICATE_ID, 27, "question: beleid",
     {"kind": "option value", "id": "ideeen", "other": f"{S1}:26"}),
    (S1, "condition: {question: import, equals: ja}", "condition: {question: leveranciers, equals: ja}",
     ErrorCode.CONDITION_OWN_QUESTION, 30, "question: leveranciers", {"question": "leveranciers"}),
]


@pytest.mark.parametrize(("file", "old", "new", "code", "line", "item", "context"), CASES,
                         ids=[f"{c[3].value.name}-{i}" for i, c in enumerate(CASES)])
def test_broken_questionnaire_gives_located_message(
    edit: Callable[..., Path], file: str, old: str, new: str, code: ErrorCode, line: int | None,
    item: str | None, context: dict[str, Any],
) -> None:
    found = problems(edit(file, old, new))
    matching = [i for i in found if i.code is code]
    assert matching, f"no {code} in {[str(i) for i in found]}"
    issue = matching[0]
    assert (issue.file, issue.line, issue.item) == (file, line, item), str(issue)
    assert issue.message == msg(code, **context)


@pytest.mark.parametrize(("file", "old", "new", "quoted"), [
    (S1, "  4: Het beleid wordt gebruikt.", '  "4": Het beleid wordt gebruikt.', "'4'"),
    ("questionnaire.yaml", "thresholds: {2: 20,", 'thresholds: {"2": 20,', "'2'"),
])
def test_a_quoted_level_number_is_a_located_problem_not_a_crash(
    edit: Callable[..., Path], file: str, old: str, new: str, quoted: str
) -> None:
    """QA (author): `"4": >-` among the level descriptions crashed validate with a TypeError
    (text and numbers cannot be sorted together); quoting is what the docs advise for texts."""
    found = problems(edit(file, old, new))
    assert [(i.code, i.file) for i in found] == [(ErrorCode.BAD_VALUE, file)]
    assert f"write the numbers without quotes: {quoted} is a text" in found[0].message


def test_links_that_lead_nowhere_are_reported(edit: Callable[..., Path]) -> None:
    """QA (author): the pages keep only http(s) and mailto links, so `javascript:`, `ftp://` or
    `tel:` became a dead link, and `www.ser.nl/gids` (no https://) a path on this site: validate
    said nothing of any of them. Nor of a space after https:// (a space in a path is fine)."""
    help_text = (
        '"Zie [a](javascript:alert(1)), [b](ftp://example.org/x), [c](tel:0612345678), '
        '[d](www.ser.nl/gids), [e](mailto:), <http://> en [goed](https://www.ser.nl) of '
        '[mail](mailto:info@example.org), [zonder schema](//www.ser.nl/gids) en [hier](#vraag-beleid), '
        '[spatie](https:// www.ser.nl) maar [pad](https://www.ser.nl/een gids)."'
    )
    found = problems(edit(S1, 'help: "Een **MVO-beleid** zegt hoe u omgaat met mens en milieu."', f"help: {help_text}"))
    assert {(i.code, i.file, i.line, i.item) for i in found} == {(ErrorCode.BAD_LINK, S1, 20, "question: beleid")}
    assert [i.message for i in found] == [
        "The link to 'javascript:alert(1)' in the help text leads nowhere: only links beginning with https://, "
        "http:// or mailto: are shown",
        "The link to 'ftp://example.org/x' in the help text leads nowhere: only links beginning with https://, "
        "http:// or mailto: are shown",
        "The link to 'tel:0612345678' in the help text leads nowhere: only links beginning with https://, "
        "http:// or mailto: are shown",
        "The link to 'www.ser.nl/gids' in the help text leads nowhere: write the whole address, beginning with https://",
        "The link to 'mailto:' in the help text leads nowhere: write an e-mail address after mailto:",
        "The link to 'http://' in the help text leads nowhere: write the whole address, beginning with https://",
        "The link to 'https:// www.ser.nl' in the help text leads nowhere: remove the space from the site's name",
    ]


def test_links_that_read_as_one_site_and_lead_to_another_are_reported(edit: Callable[..., Path]) -> None:
    """QA (security round 2): OPERATOR_URL took `https://www.rvo.nl@evil.example` (the link goes
    to evil.example), a backslash (browsers read it as /, so `https://evil.example\\@good.nl`
    reads as good.nl) and invisible or direction characters (U+202E turns the rest of the address
    around). The rule it shares with a tool's address and a link in a text refuses them all."""
    help_text = ('"Zie [a](https://www.rvo.nl@evil.example/), [b](https://evil.example\\\\@www.rvo.nl), '
                 '[c](https://\\u202elnl.ovr.www), [d](https://www.rvo\\u200b.nl) en [goed](mailto:info@example.org)."')
    found = problems(edit(S1, 'help: "Een **MVO-beleid** zegt hoe u omgaat met mens en milieu."', f"help: {help_text}"))
    assert [i.message.rpartition(" leads nowhere: ")[2] for i in found] == [
        "leave out the name and password before @ (the link leads to the site after the @)",
        "write / instead of \\, which browsers read as / (the link may lead to another site than it reads)",
        "remove the invisible or control character U+202E",
        "remove the invisible or control character U+200B",
    ]
    tool = problems(edit("tools.yaml", "url: https://www.example.org/hulpmiddel", "url: https://gebruiker:geheim@www.example.org/"))
    assert [(i.item, i.message) for i in tool if i.code == ErrorCode.BAD_VALUE] == [(
        "tool: voorbeeld-tool", "'url' in tool 'voorbeeld-tool' is 'https://gebruiker:geheim@www.example.org/'; "
        "leave out the name and password before @ (the link leads to the site after the @)")]


def test_a_link_with_a_backslash_in_its_path_is_reported(edit: Callable[..., Path]) -> None:
    """QA (mutation testing, sixth round): only a backslash before the host was tested, where it
    hides another site. The rule refuses a backslash anywhere, as docs/questionnaire-format.md
    says: browsers read it as /, so the link does not lead where it reads."""
    help_text = '"Zie [a](https://www.rvo.nl/a\\\\b) en [b](https://www.rvo.nl/zoek?q=a\\\\b)."'
    found = problems(edit(S1, 'help: "Een **MVO-beleid** zegt hoe u omgaat met mens en milieu."', f"help: {help_text}"))
    assert [i.message.rpartition(" leads nowhere: ")[2] for i in found] == [
        "write / instead of \\, which browsers read as / (the link may lead to another site than it reads)"] * 2
    tool = problems(edit("tools.yaml", "url: https://www.example.org/hulpmiddel", "url: https://www.example.org/a\\b"))
    assert [(i.item, i.message) for i in tool if i.code == ErrorCode.BAD_VALUE] == [(
        "tool: voorbeeld-tool", "'url' in tool 'voorbeeld-tool' is 'https://www.example.org/a\\b'; "
        "write / instead of \\, which browsers read as / (the link may lead to another site than it reads)")]


def test_a_part_of_a_condition_is_counted_from_one(edit: Callable[..., Path]) -> None:
    """QA (review): "condition.any[1]" was the second part."""
    folder = edit(S1, "condition: {question: import, equals: ja}",
                  "condition: {any: [{question: import, equals: ja}, {question: import, equels: ja}]}")
    found = [i for i in problems(folder) if i.code is ErrorCode.BAD_CONDITION]
    assert found and "Invalid condition (any, part 2): " in found[0].message, [i.message for i in found]


def test_list_entries_are_named_by_value_or_counted_from_one(edit: Callable[..., Path]) -> None:
    """QA (author): "Unknown key 'lable' in options[2]" meant the third option, and "Missing
    'description' in levels[1]" level 2: entries are named by their value or level now."""
    edit(S1, '{value: papier, label: "Ja, op papier"', '{value: papier, lable: "Ja, op papier"')
    folder = edit("questionnaire.yaml", "  - level: 2\n    name: Ad hoc\n", "  - level: 2\n    nam: Ad hoc\n")
    messages = [i.message for i in problems(folder)]
    assert "Unknown key 'lable' in option 'papier'. Did you mean 'label'?" in messages, messages
    assert "Missing 'name' in level 2" in messages, messages


def test_a_text_that_yaml_reads_as_yes_or_a_number_says_to_quote_it(edit: Callable[..., Path]) -> None:
    """QA (author): `label: yes` gave "must be text, not true (yes/no)", without the mend."""
    folder = edit(S1, '{value: papier, label: "Ja, op papier"', "{value: papier, label: yes")
    found = problems(folder)
    assert [i.message for i in found] == [
        "'label' in option 'papier' must be text in quotes (YAML reads yes, no, on, off, true, false and numbers "
        "without quotes as no text), not true (yes/no)"
    ]


def test_every_problem_is_reported_at_once(edit: Callable[..., Path]) -> None:
    edit(S1, "        type: single\n", "        tpye: single\n")
    edit("tools.yaml", "steps: [stap-1]", "steps: [stap-9]")
    folder = edit("intake.yaml", "title: Uw bedrijf", "titel: Uw bedrijf")
    codes = {i.code for i in problems(folder)}
    assert {ErrorCode.UNKNOWN_KEY, ErrorCode.MISSING_KEY, ErrorCode.UNKNOWN_STEP} <= codes


def test_yaml_syntax_error_has_a_line(edit: Callable[..., Path]) -> None:
    found = problems(edit(S1, "title: Beleid\n", "title: [Beleid\n"))
    assert found[0].code is ErrorCode.YAML_SYNTAX and found[0].file == S1 and found[0].line is not None


@pytest.mark.parametrize(
    ("old", "new", "hint"),
    [
        ("        text: Heeft uw bedrijf een MVO-beleid?\n", "        text: Bijvoorbeeld: heeft uw bedrijf een MVO-beleid?\n",
         "A colon followed by a space inside a text? Put the whole text in quotes"),
        ("        type: single\n", "       type: single\n", "Check the spaces at the start of this line"),
        # QA: a line indented too far also reads as "a colon in a text"; quotes would not mend it
        ("        text: Heeft uw bedrijf een MVO-beleid?\n", "          text: Heeft uw bedrijf een MVO-beleid?\n",
         "Check the spaces at the start of this line"),
        # QA (author): a tab said "cannot start any token" or "violates indentation", not "tab"
        ("          - {value: nee, label: Nee, score: 0}\n", "\t- {value: nee, label: Nee, score: 0}\n",
         "Use spaces, not tabs, at the start of a line"),
        ("        type: single\n", "\ttype: single\n", "Use spaces, not tabs, at the start of a line"),
        # QA (review): a tab inside a block text before the line is allowed: the colon is the slip
        ('        help: "Een **MVO-beleid** zegt hoe u omgaat met mens en milieu."\n',
         "        help: |\n          Een regel\n          \tmet een tab\n        min_label: Bijvoorbeeld: weinig\n",
         "A colon followed by a space inside a text? Put the whole text in quotes"),
    ],
    ids=["colon-in-text", "indentation", "indented-too-far", "tab-before-a-list-item", "tab-before-a-key",
         "tab-in-a-block-text-before"],
)
def test_the_usual_yaml_slips_come_with_a_hint(edit: Callable[..., Path], old: str, new: str, hint: str) -> None:
    """QA: a content author got PyYAML's "mapping values are not allowed in this context" for a
    colon in a Dutch sentence, with nothing on what to do."""
    found = problems(edit(S1, old, new))
    assert found[0].code is ErrorCode.YAML_SYNTAX and hint in found[0].message, found[0].message


def test_a_yaml_syntax_error_says_where_the_unclosed_part_begins(edit: Callable[..., Path]) -> None:
    """QA: `level: [3` was reported on the next line only, where the parser gave up; the line
    with the open bracket, and the columns, are named too."""
    found = problems(edit(S1, "title: Beleid\n", "title: [Beleid\n"))
    message = found[0].message
    assert "(column " in message and "while parsing a flow sequence that begins on line" in message, message
    opened = int(message.split("begins on line ")[1].split(",")[0])
    assert opened < found[0].line  # the bracket's line comes before the one where parsing stopped


def test_a_key_written_twice_in_one_mapping_is_refused_where_it_is_written_again(
    edit: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """QA (mutation testing): with the check for a repeated key switched off, every test still
    passed. YAML itself lets the last one win without a word, so an author who wrote a second
    `text:` into a question (a new wording under the old one) would see the old one vanish from
    the site, and `validate` would call the questionnaire valid."""
    folder = edit(S1, "        text: Heeft uw bedrijf een MVO-beleid?\n",
                  "        text: Heeft uw bedrijf een MVO-beleid?\n        text: Heeft uw bedrijf beleid voor MVO?\n")
    found = problems(folder)
    assert [(i.code, i.file, i.line) for i in found] == [(ErrorCode.YAML_SYNTAX, S1, 23)]
    assert "the key 'text' appears twice in one mapping (column 9)" in found[0].message

    from mvo_assessment import cli

    assert cli.main(["validate", str(folder)]) == 1
    assert (f"[file: {folder / S1} | line: 23] YAML syntax error: the key 'text' appears twice in one mapping "
            "(column 9)\n") in capsys.readouterr().err


def test_alias_bomb_is_refused(example_dir: Path) -> None:
    bomb = 'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    (example_dir / "tools.yaml").write_text(bomb, encoding="utf-8")
    found = problems(example_dir)
    assert [(i.code, i.file, i.line) for i in found] == [(ErrorCode.YAML_UNSAFE, "tools.yaml", 1)]


def test_python_tags_are_refused(example_dir: Path) -> None:
    (example_dir / "tools.yaml").write_text("tools: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    found = problems(example_dir)
    assert found[0].code is ErrorCode.YAML_UNSAFE and found[0].line == 1


def test_oversized_file_is_refused(example_dir: Path) -> None:
    (example_dir / "tools.yaml").write_text("# x\n" * (MAX_FILE_BYTES // 4 + 1), encoding="utf-8")
    assert problems(example_dir)[0].code is ErrorCode.FILE_TOO_LARGE


def test_misnamed_file_is_reported(example_dir: Path) -> None:
    (example_dir / "tools.yaml").rename(example_dir / "tool.yaml")
    codes = [(i.code, i.file) for i in problems(example_dir)]
    assert (ErrorCode.FILE_UNEXPECTED, "tool.yaml") in codes and (ErrorCode.FILE_MISSING, "tools.yaml") in codes


def test_unreachable_level_is_reported(edit: Callable[..., Path]) -> None:
    # Equal thresholds for levels 4 and 5: every score that reaches 4 reaches 5 as well.
    folder = edit(S1, "scoring:\n", "scoring:\n  thresholds: {2: 20, 3: 40, 4: 60, 5: 60}\n")
    found = [i for i in problems(folder) if i.code is ErrorCode.LEVEL_UNREACHABLE]
    assert [(i.file, i.line, i.item, i.message) for i in found] == [
        (S1, 1, "section: stap-1", msg(ErrorCode.LEVEL_UNREACHABLE, level=4, step="stap-1",
                                       why="check the option scores, weights, thresholds and gates"))
    ]


@pytest.mark.parametrize(("when", "culprit"), [
    # every option of a required intake question: the cap applies to every finished assessment
    ("{question: grootte, in: [micro, klein, middel, groot]}", "the cap 'cap-s3-ernstig'"),
    # together with the other cap of the step, moved to `grootte: groot`: one of the two always applies
    ("{question: grootte, in: [micro, klein, middel]}", None),
])
def test_a_cap_that_always_applies_makes_the_levels_above_it_unreachable(
    tmp_path: Path, when: str, culprit: str | None
) -> None:
    """QA (author): "caps only lower a level, so they cannot make one unreachable" was wrong; a
    cap on `grootte in [all its options]` held step 3 at level 2 for everyone and validated."""
    import shutil

    from .conftest import SHIPPED

    folder = tmp_path / "q"
    shutil.copytree(SHIPPED, folder, ignore=shutil.ignore_patterns(RECORD_FILE))
    step = folder / "stap-3-aanpak.yaml"
    text = step.read_text(encoding="utf-8")
    old = ("      when:\n        any:\n          - all:\n              - {question: s2_ernstig_bekend, equals: ja}\n"
           "              - {question: s3_ernstig_aanpak, in: [nee, onderzoek, weet_niet]}\n"
           "          - all:\n              - {question: s2_ernstig_bekend, equals: vermoeden}\n"
           "              - {question: s3_ernstig_aanpak, in: [nee, weet_niet]}\n      max_level: 2\n")
    assert old in text
    if culprit is None:
        other = "      when: {question: s3_eigen_locatie, equals: niets}\n"
        assert other in text
        text = text.replace(other, "      when: {question: grootte, equals: groot}\n")
    step.write_text(text.replace(old, f"      when: {when}\n      max_level: 2\n"), encoding="utf-8")
    found = [i for i in problems(folder) if i.code is ErrorCode.LEVEL_UNREACHABLE]
    levels = sorted(int(i.message.split()[1]) for i in found)
    assert levels == [3, 4, 5], [i.message for i in found]
    expected = culprit or "one of the caps 'cap-s3-ernstig', 'cap-s3-eigen-locatie'"
    assert all(f"({expected} applies to every finished set of answers)" in i.message for i in found)
    # at the cap that does it alone, else at the step
    expected_item = "cap: cap-s3-ernstig" if culprit else "section: stap-3"
    assert all((i.file, i.item) == ("stap-3-aanpak.yaml", expected_item) for i in found), [(i.line, i.item) for i in found]
    if culprit:
        assert all(i.line == 52 for i in found)


@pytest.mark.parametrize("stricter_gate_first", [True, False])
def test_two_gates_on_one_question_both_count(edit: Callable[..., Path], stricter_gate_first: bool) -> None:
    """Only `beleid` scores: 2 of 3 is 67 % (level 4), 3 of 3 is 100 % (level 5). A gate for
    level 4 that needs 3 leaves no answer on level 4, whichever gate comes first (code review:
    the gate listed last decided, so listed first it was not checked)."""
    stricter = (
        "    - id: gate-openbaar\n      level: 4\n      question: beleid\n      min_score: 3\n"
        "      text: Zonder openbaar beleid komt deze stap niet boven niveau 3.\n"
    )
    edit(S1, "        condition: {question: import, equals: ja}\n", "        condition: {question: import, equals: ja}\n        weight: 0\n")
    edit(S1, "        max_label: Heel erg\n        weight: 1\n", "        max_label: Heel erg\n        weight: 0\n")
    if stricter_gate_first:
        folder = edit(S1, "scoring:\n  gates:\n", "scoring:\n  thresholds: {2: 20, 3: 40, 4: 60, 5: 100}\n  gates:\n" + stricter)
    else:
        edit(S1, "scoring:\n", "scoring:\n  thresholds: {2: 20, 3: 40, 4: 60, 5: 100}\n")
        last_gate = "      text: Zonder beleid op papier komt deze stap niet boven niveau 2.\n"
        folder = edit(S1, last_gate, last_gate + stricter)
    found = [i for i in problems(folder) if i.code is ErrorCode.LEVEL_UNREACHABLE]
    assert [i.message for i in found] == [
        msg(ErrorCode.LEVEL_UNREACHABLE, level=4, step="stap-1", why="check the option scores, weights, thresholds and gates")
    ]


def test_a_broken_question_brings_no_false_contradictions_in_what_depends_on_it(edit: Callable[..., Path]) -> None:
    """QA: a question left out of the model for an error of its own made every condition on it
    look impossible ("can never be shown", six times for one bad `text`). Only its own error is
    reported now."""
    found = problems(edit("intake.yaml", "        text: Koopt u producten in uit het buitenland?\n", "        text: yes\n"))
    assert [(i.code, i.item) for i in found] == [(ErrorCode.WRONG_TYPE, "question: import")]


def test_orphan_recommendation_is_reported(edit: Callable[..., Path]) -> None:
    # The highest target is 3 and the lowest level 1: a gap of 3 never happens.
    found = problems(edit(S1, "    when_gap: 2\n", "    when_gap: 3\n"))
    assert [(i.code, i.line, i.item) for i in found] == [
        (ErrorCode.RECOMMENDATION_UNREACHABLE, 54, "recommendation: rec-achterstand")
    ]
    assert "never 3" in found[0].message


@pytest.mark.parametrize(("old", "new", "item", "line", "why"), [
    # A policy that is public scores 3 of 3: with the other answers at their lowest the step is
    # at level 2 at least, and no target is above 3.
    ("    when_gap: 2\n", "    when_gap: 2\n    when: {question: beleid, equals: openbaar}\n", "rec-achterstand", 54,
     "while its 'when' holds, the gap between target and level is at most 1, never 2"),
    ("    when_level: [1]\n", "    when_level: [1]\n    when: {question: beleid, equals: openbaar}\n", "rec-niveau-1", 51,
     "while its 'when' holds, stap-1 never reaches level 1"),
    ("    when_answer: {question: beleid, values: [nee, ideeen, weet_niet]}\n",
     "    when_answer: {question: beleid, values: [nee, ideeen, weet_niet]}\n    when: {question: beleid, in: [papier, openbaar]}\n",
     "rec-beleid", 47, "its 'when' never holds while beleid is nee or ideeen or weet_niet"),
    # the target of 3 needs a company of 50 or more: never together with a small one
    ("    when_gap: 2\n", "    when_gap: 2\n    when: {question: grootte, equals: klein}\n", "rec-achterstand", 54,
     "while its 'when' holds, the gap between target and level is at most 1, never 2"),
    # a `when` that never holds in a finished assessment at all
    ("    when_gap: 2\n", "    when_gap: 2\n    when: {all: [{question: grootte, equals: klein}, {question: grootte, equals: groot}]}\n",
     "rec-achterstand", 54, "its 'when' never holds in a finished assessment"),
])
def test_a_recommendation_whose_when_keeps_it_from_ever_firing_is_reported(
    edit: Callable[..., Path], old: str, new: str, item: str, line: int, why: str,
) -> None:
    """A recommendation's `when` (content 1.2: "Begin met een geschreven MVO-beleid" only while
    there is none) must leave its trigger a finished assessment to fire in: validate still
    proves that every recommendation can be given."""
    found = problems(edit(S1, old, new))
    assert [(i.code, i.line, i.item, i.message) for i in found] == [
        (ErrorCode.RECOMMENDATION_UNREACHABLE, line, f"recommendation: {item}", msg(ErrorCode.RECOMMENDATION_UNREACHABLE, id=item, why=why))
    ]


@pytest.mark.parametrize("when", [
    "{question: beleid, in: [nee, ideeen, weet_niet]}",  # what the shipped gap recommendations do
    "{question: grootte, in: [middel, groot]}",  # exactly the companies with target 3
    "{not: {question: leveranciers, equals: ja}}",  # a question of the same step that may be hidden
    "null",  # no condition
])
def test_a_recommendation_whose_when_leaves_it_a_way_to_fire_validates(edit: Callable[..., Path], when: str) -> None:
    questionnaire = load_questionnaire(edit(S1, "    when_gap: 2\n", f"    when_gap: 2\n    when: {when}\n"))
    rec = next(r for r in questionnaire.steps[0].recommendations if r.id == "rec-achterstand")
    assert (rec.trigger.gap, rec.trigger.when is None) == (2, when == "null")


MAATREGELEN = """      - id: maatregelen
        type: multiple
        text: Welke maatregelen neemt u?
        weight: 3
        options:
          - {value: geen, label: Geen, score: 0, exclusive: true}
          - {value: gesprek, label: Gesprek, score: 1}
          - {value: audit, label: Audit, score: 2}
          - {value: project, label: Project, score: 3}
recommendations:
"""


@pytest.mark.parametrize("question, when", [
    ("scale", "{question: tevredenheid, gte: 2}"),
    ("multiple", "{question: maatregelen, contains: gesprek}"),
])
def test_a_when_on_a_scale_or_multiple_question_is_not_said_to_keep_a_level_out_of_reach(
    edit: Callable[..., Path], question: str, when: str
) -> None:
    """QA (review): the search tries a few sample answers of a scale or multiple question (for
    `gte: 2` the points 1 to 3 of a 1-5 scale; for `contains` the named option and one other),
    and their points were fixed to those: "can never be given: while its 'when' holds, stap-1
    never reaches level 5", of a recommendation that the answers 5, or "gesprek" with "project",
    give at level 5. The whole questionnaire was refused."""
    if question == "scale":
        edit(S1, "        weight: 1\nrecommendations:\n", "        weight: 3\nrecommendations:\n")
    else:
        edit(S1, "recommendations:\n", MAATREGELEN)
    folder = edit(S1, "    when_level: [1]\n", f"    when_level: [5]\n    when: {when}\n")
    rec = load_questionnaire(folder).steps[0].recommendations[1]  # valid: loading validates
    assert rec.trigger.levels == (5,) and rec.trigger.when is not None


def test_a_cap_that_can_hold_with_a_recommendations_when_counts_for_its_level(edit: Callable[..., Path]) -> None:
    """The levels a `when` leaves are those of the scores, and those a cap that can hold with it
    lowers them to: a public policy scores level 2 at least, but the least satisfied company is
    held at level 1 by a cap."""
    edit(S1, "      text: Zonder beleid op papier komt deze stap niet boven niveau 2.\n",
         "      text: Zonder beleid op papier komt deze stap niet boven niveau 2.\n"
         "  caps:\n    - id: cap-ontevreden\n      when: {question: tevredenheid, equals: 1}\n"
         "      max_level: 1\n      text: Wie niet tevreden is, staat op niveau 1.\n")
    folder = edit(S1, "    when_level: [1]\n", "    when_level: [1]\n    when: {question: beleid, equals: openbaar}\n")
    assert load_questionnaire(folder).steps[0].recommendations[1].trigger.when is not None


def test_recommendation_on_a_level_that_never_happens(edit: Callable[..., Path]) -> None:
    edit(S1, "scoring:\n", "scoring:\n  thresholds: {2: 20, 3: 40, 4: 60, 5: 60}\n")
    found = problems(edit(S1, "    when_level: [1]\n", "    when_level: [4]\n"))
    assert ErrorCode.RECOMMENDATION_UNREACHABLE in {i.code for i in found}


def test_a_question_id_declared_twice_is_reported_once(tmp_path: Path) -> None:
    """QA: one reused id gave twelve messages, ten of them false ("comes later", "not one of its
    options"), about the references to it; now only the duplicate itself and what truly broke."""
    import shutil

    from .conftest import SHIPPED

    folder = tmp_path / "q"
    shutil.copytree(SHIPPED, folder, ignore=shutil.ignore_patterns(RECORD_FILE))
    step = folder / "stap-1-beleid.yaml"
    text = step.read_text(encoding="utf-8")
    first_other = text.index("      - id: ", text.index("      - id: s1_beleid\n") + 10)
    line_end = text.index("\n", first_other)
    renamed = text[first_other:line_end].split("id: ")[1]
    step.write_text(text[:first_other] + "      - id: s1_beleid" + text[line_end:], encoding="utf-8")
    found = problems(folder)
    assert found[0].code is ErrorCode.DUPLICATE_ID
    # the rest only name the id that disappeared, never the doubled one
    assert all(issue.code is ErrorCode.DUPLICATE_ID or renamed in issue.message for issue in found), [str(i) for i in found]


def test_a_tool_id_declared_twice_is_reported(edit: Callable[..., Path]) -> None:
    """Two tools with one id: a recommendation's `tools: [voorbeeld-tool]` could name either,
    and the report would show one of them under the other's title. `validate` says so, at the
    second. QA (mutation testing, fifth round): without the check on tool ids `validate` said the
    questionnaire was valid; the tests declared questions, pages and options twice, never a tool."""
    folder = edit("tools.yaml", "    steps: [stap-1]\n",
                  "    steps: [stap-1]\n  - id: voorbeeld-tool\n    title: Nog een hulpmiddel\n"
                  "    url: https://www.example.org/ander\n    description: Een ander hulpmiddel.\n    steps: [stap-1]\n")
    found = problems(folder)
    assert [(i.code, i.file, i.line, i.item) for i in found] == [(ErrorCode.DUPLICATE_ID, "tools.yaml", 7, "tool: voorbeeld-tool")]
    assert found[0].message == msg(ErrorCode.DUPLICATE_ID, kind="tool id", id="voorbeeld-tool", other="tools.yaml:2")


def test_a_cap_with_the_id_of_a_gate_is_reported(edit: Callable[..., Path]) -> None:
    """Gates and caps share one set of ids: the result's flags and explanation name a gate or cap
    by its `id` (docs/score-format.md), and a cap called like a gate could not be told from it.
    QA (mutation testing, fifth round): with the caps left out of the check, a cap renamed to
    its step's gate's id passed `validate`."""
    folder = edit(S1, "      text: Zonder beleid op papier komt deze stap niet boven niveau 2.\n",
                  "      text: Zonder beleid op papier komt deze stap niet boven niveau 2.\n"
                  "  caps:\n    - id: gate-beleid\n      when: {question: leveranciers, equals: nee}\n"
                  "      max_level: 4\n      text: Zonder gesprek met leveranciers komt deze stap niet boven niveau 4.\n")
    found = problems(folder)
    assert [(i.code, i.file, i.line, i.item) for i in found] == [(ErrorCode.DUPLICATE_ID, S1, 17, "rule: gate-beleid")]
    assert found[0].message == msg(ErrorCode.DUPLICATE_ID, kind="gate or cap id", id="gate-beleid", other=f"{S1}:11")


@pytest.mark.parametrize("when, applies", [
    # two answers to one single-choice question at once: no company gives them
    ("{all: [{question: beleid, equals: nee}, {question: beleid, equals: papier}]}", False),
    # `leveranciers` is asked only after `import: ja`: never answered beside `import: nee`
    ("{all: [{question: import, equals: nee}, {question: leveranciers, equals: nee}]}", False),
    ("{all: [{question: import, equals: ja}, {question: leveranciers, equals: nee}]}", True),
])
def test_a_cap_that_never_applies_is_reported(edit: Callable[..., Path], when: str, applies: bool) -> None:
    """QA (author): a cap whose `when` contradicted itself validated, and the step it was meant
    to hold down was never held. Reported at the cap, as a level it keeps out of reach is."""
    folder = edit(S1, "      text: Zonder beleid op papier komt deze stap niet boven niveau 2.\n",
                  "      text: Zonder beleid op papier komt deze stap niet boven niveau 2.\n"
                  f"  caps:\n    - id: cap-x\n      when: {when}\n"
                  "      max_level: 2\n      text: Deze stap komt niet boven niveau 2.\n")
    if applies:
        assert load_questionnaire(folder).steps[0].scoring.caps[0].id == "cap-x"
        return
    found = problems(folder)
    assert [(i.code, i.file, i.line, i.item) for i in found] == [(ErrorCode.CAP_NEVER_APPLIES, S1, 17, "cap: cap-x")]
    assert found[0].message == msg(ErrorCode.CAP_NEVER_APPLIES, id="cap-x", step="stap-1", max_level=2)


def test_validate_says_which_checks_wait_for_a_broken_reference(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """QA (release): an unknown tool was reported with "1 problem found", and a tool nothing used
    only on the next run; the checks that reason over references wait for them, and say so."""
    import shutil

    from mvo_assessment.cli import main

    from .conftest import SHIPPED

    folder = tmp_path / "q"
    shutil.copytree(SHIPPED, folder, ignore=shutil.ignore_patterns(RECORD_FILE))
    tools = folder / "tools.yaml"
    tools.write_text(tools.read_text(encoding="utf-8") + "  - id: ongebruikt\n    title: Ongebruikt\n"
                     "    url: https://www.example.org/ongebruikt\n    description: Door niemand gebruikt.\n"
                     "    steps: [stap-2]\n", encoding="utf-8")
    step = folder / "stap-1-beleid.yaml"
    used = "    tools: [ser-handleiding-stap-1, webinar-stap-1,"
    step.write_text(step.read_text(encoding="utf-8").replace(used, used.replace("webinar-stap-1", "webinar-stap-9"), 1), encoding="utf-8")
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "Unknown tool 'webinar-stap-9'" in err and "ongebruikt" not in err
    assert "1 problem found" in err
    assert "wait until every reference and id is right: run validate again after mending these." in err
    step.write_text(step.read_text(encoding="utf-8").replace("webinar-stap-9", "webinar-stap-1"), encoding="utf-8")
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "Tool 'ongebruikt' is never shown" in err and "wait until" not in err


@pytest.mark.parametrize(("breakage", "said"), [
    # QA (mutation testing, eighth round): a doubled id waits the checks as an unknown reference does
    ("doubled", "The checks of conditions, levels, recommendations, unused tools and released versions wait "
                "until every reference and id is right"),
    ("unreadable", "The checks across files (references, conditions, levels) wait until every file can be read"),
])
def test_validate_says_which_checks_wait(tmp_path: Path, capsys: pytest.CaptureFixture[str], breakage: str, said: str) -> None:
    import shutil

    from mvo_assessment.cli import main

    from .conftest import SHIPPED

    folder = tmp_path / "q"
    shutil.copytree(SHIPPED, folder)
    tools = folder / "tools.yaml"
    if breakage == "doubled":
        tools.write_text(tools.read_text(encoding="utf-8") + "  - id: mvo-steunpunt\n    title: Nog een keer\n"
                         "    url: https://www.example.org/nog\n    description: Dubbel.\n    steps: [stap-1]\n", encoding="utf-8")
    else:
        tools.write_bytes(tools.read_bytes().replace("MVO-steunpunt".encode(), b"MVO-steunp\xe9nt", 1))
    assert main(["validate", str(folder)]) == 1
    assert said in capsys.readouterr().err


def test_links_in_a_section_intro_are_checked(edit: Callable[..., Path]) -> None:
    """A step's intro is Markdown shown above its first page: a `javascript:` link there would be
    a dead link for the visitor, and a link written with a space between ] and ( would show its
    brackets and address. `validate` reports both, as in any other Markdown text. QA (mutation
    testing, fifth round): with section intros left out of the texts checked, both passed; the
    tests only put links in help texts and recommendations."""
    folder = edit(S1, "title: Beleid\n",
                  'title: Beleid\nintro: "Lees [dit](javascript:alert(1)) en de [gids] (https://www.ser.nl/gids)."\n')
    found = problems(folder)
    assert {(i.code, i.file, i.line, i.item) for i in found} == {
        (ErrorCode.BAD_LINK, S1, 1, "section: stap-1"), (ErrorCode.UNFINISHED_LINK, S1, 1, "section: stap-1")}
    assert ("The link to 'javascript:alert(1)' in the intro leads nowhere: only links beginning with https://, "
            "http:// or mailto: are shown") in [i.message for i in found]


def test_unused_tool_is_reported(edit: Callable[..., Path]) -> None:
    edit(S1, "    tools: [voorbeeld-tool]\n", "")
    found = problems(edit("tools.yaml", "steps: [stap-1]", "steps: []"))
    assert [(i.code, i.item) for i in found] == [(ErrorCode.TOOL_UNUSED, "tool: voorbeeld-tool")]


def test_a_tool_without_a_required_key_is_one_problem_not_one_per_recommendation(edit: Callable[..., Path]) -> None:
    """QA: a tool without `url` was also "Unknown tool" in every recommendation naming it."""
    found = problems(edit("tools.yaml", "    url: https://www.example.org/hulpmiddel\n", ""))
    assert [(i.code, i.item) for i in found] == [(ErrorCode.MISSING_KEY, "tool: voorbeeld-tool")]


@pytest.mark.parametrize(("content", "code"), [
    ("", ErrorCode.NOT_A_MAPPING),
    ("- a\n", ErrorCode.NOT_A_MAPPING),
    ("tools: 3\n", ErrorCode.WRONG_TYPE),
    (None, ErrorCode.FILE_MISSING),
])
def test_a_broken_tool_catalogue_is_one_problem_not_one_per_reference(
    tmp_path: Path, content: str | None, code: ErrorCode
) -> None:
    """QA: an empty or missing tools.yaml also made every tool that a recommendation names
    "Unknown tool" (78 lines for the shipped questionnaire). `tools:` with nothing after it is
    an empty catalogue, though: its references are unknown."""
    import shutil

    from .conftest import SHIPPED

    folder = tmp_path / "q"
    shutil.copytree(SHIPPED, folder, ignore=shutil.ignore_patterns(RECORD_FILE))
    tools = folder / "tools.yaml"
    if content is None:
        tools.unlink()
    else:
        tools.write_text(content, encoding="utf-8")
    found = problems(folder)
    assert [(i.code, Path(i.file).name) for i in found] == [(code, "tools.yaml")], [i.message for i in found]
    tools.write_text("tools:\n", encoding="utf-8")
    assert {i.code for i in problems(folder)} == {ErrorCode.UNKNOWN_TOOL}


def test_a_tool_for_some_steps_that_no_recommendation_uses_is_reported(tmp_path: Path) -> None:
    """QA: a tool with `steps: [stap-4]` and no recommendation validated, though no page ever
    shows it (only recommendations and the general help, for tools of every step, do)."""
    import shutil

    from .conftest import SHIPPED

    folder = tmp_path / "q"
    shutil.copytree(SHIPPED, folder, ignore=shutil.ignore_patterns(RECORD_FILE))
    tools = folder / "tools.yaml"
    tools.write_text(tools.read_text(encoding="utf-8") + (
        "  - id: alleen-stap-4\n    title: Een hulpmiddel\n    url: https://www.example.org/\n"
        "    description: Voor stap 4.\n    steps: [stap-4]\n"
    ), encoding="utf-8")
    found = problems(folder)
    assert [(i.code, i.item) for i in found] == [(ErrorCode.TOOL_UNUSED, "tool: alleen-stap-4")]
    assert "list every step in its 'steps' to show it as general help" in found[0].message
    # the shipped general tools (every step, no recommendation) are not reported
    assert "mvo-assessment-steunpunt" in {t.id for t in load_questionnaire(SHIPPED).general_tools()}


def test_yesno_without_options_gets_scoring_defaults_when_weighted(edit: Callable[..., Path]) -> None:
    folder = edit(S1, "      - id: tevredenheid\n", "      - id: afspraken\n        type: yesno\n        text: Zijn er afspraken?\n"
                  "        weight: 2\n      - id: tevredenheid\n")
    question = load_questionnaire(folder).questions_by_id["afspraken"]
    assert [(o.value, o.score, o.dont_know) for o in question.options] == [
        ("ja", 1, False), ("nee", 0, False), ("weet_niet", None, True)]
    assert question.scored and question.weight == 2


def test_yesno_without_options_and_weight_does_not_score(example_dir: Path) -> None:
    question = load_questionnaire(example_dir).questions_by_id["import"]
    assert not question.scored and all(o.score is None for o in question.options)


@pytest.mark.parametrize(("condition", "hint"), [
    ("{question: import, is: ja}", ". Did you mean 'equals'?"),
    ("{and: [{question: import, equals: ja}]}", ". Did you mean 'all'?"),
    ("{question: import, equals: [ja, nee]}", "; for one of several values, use 'in'"),
])
def test_operators_from_other_languages_point_to_ours(edit: Callable[..., Path], condition: str, hint: str) -> None:
    """QA (author): `is` was told "Did you mean 'in'?", `and` and `equals: [a, b]` nothing."""
    found = problems(edit(S1, "condition: {question: import, equals: ja}", f"condition: {condition}"))
    assert [i.code for i in found] == [ErrorCode.BAD_CONDITION]
    assert found[0].message.startswith("Invalid condition: ") and found[0].message.endswith(hint), found[0].message


@pytest.mark.parametrize("text", [
    "Zie de [OESO-richtlijnen] (https://www.oesorichtlijnen.nl/) voor meer.",
    "Zie de [OESO-richtlijnen](https://www.oesorichtlijnen.nl/ voor meer.",
])
def test_a_link_markdown_does_not_see_is_reported(edit: Callable[..., Path], text: str) -> None:
    """QA (author): a space between ] and ( and a missing ) passed validate; visitors would have
    read the brackets and the address."""
    found = problems(edit(S1, "text: Schrijf op wat u al doet. Dat is het begin van uw beleid.", f'text: "{text}"'))
    assert [(i.code, i.line, i.item) for i in found] == [(ErrorCode.UNFINISHED_LINK, 47, "recommendation: rec-beleid")]
    assert "[OESO-richtlijnen]" in found[0].message and "write [text](address)" in found[0].message


def test_a_well_written_link_is_not_reported(edit: Callable[..., Path]) -> None:
    folder = edit(S1, "text: Schrijf op wat u al doet. Dat is het begin van uw beleid.",
                  'text: "Zie de [OESO-richtlijnen](https://www.oesorichtlijnen.nl/) en [a (b)](https://x.nl/a_(b))."')
    assert load_questionnaire(folder).sections


@pytest.mark.parametrize(("old", "new", "line", "key"), [
    ("        type: single\n", "        type single\n", 21, "type"),
    ("        text: Heeft uw bedrijf een MVO-beleid?\n", "        text Heeft uw bedrijf een MVO-beleid?\n", 22, "text"),
])
def test_a_missing_colon_is_named_on_its_own_line(edit: Callable[..., Path], old: str, new: str, line: int, key: str) -> None:
    """QA (author): PyYAML notices a missing colon on the next line, in a parser's words."""
    found = problems(edit(S1, old, new))
    assert [(i.code, i.line) for i in found] == [(ErrorCode.YAML_SYNTAX, line)], [str(i) for i in found]
    assert f"Is the ':' after '{key}' missing? Write {key}: and then its value" in found[0].message


def test_a_file_not_saved_as_utf8_says_where_and_what_to_do(example_dir: Path) -> None:
    """QA (author): it was a "YAML syntax error" without a line and without the mend."""
    path = example_dir / S1
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    found = problems(example_dir)
    assert [(i.code, i.file, i.line) for i in found] == [(ErrorCode.FILE_NOT_UTF8, S1, 26)]
    assert "save it again as UTF-8" in found[0].message


@pytest.mark.parametrize("content", ["", "# nog leeg\n"])
def test_an_empty_step_file_is_one_problem(example_dir: Path, content: str) -> None:
    """QA (author): an empty (or comments-only) file brought a problem for every reference to
    its questions and its step as well."""
    (example_dir / "intake.yaml").write_text(content, encoding="utf-8")
    found = problems(example_dir)
    assert [(i.code, i.file) for i in found] == [(ErrorCode.NOT_A_MAPPING, "intake.yaml")], [str(i) for i in found]


def test_a_missing_step_file_is_named(tmp_path: Path) -> None:
    """QA (author): with stap-3 deleted the message said the files must be numbered 1 to 5 and
    found [1, 2, 4, 5, 6], followed by every reference to stap-3 and its questions."""
    import shutil

    from mvo_assessment.config import DEFAULT_QUESTIONNAIRE_PATH

    shipped_copy = tmp_path / "q"
    shutil.copytree(DEFAULT_QUESTIONNAIRE_PATH, shipped_copy, ignore=shutil.ignore_patterns(RECORD_FILE))
    (shipped_copy / "stap-3-aanpak.yaml").unlink()
    found = problems(shipped_copy)
    assert [i.code for i in found] == [ErrorCode.STEP_NUMBER], [str(i) for i in found]
    assert found[0].message.startswith("The step file stap-3 is missing"), found[0].message


def test_a_yes_as_option_value_says_to_quote_it(edit: Callable[..., Path]) -> None:
    found = problems(edit(S1, "{value: ja, label: Ja, score: 1}", "{value: yes, label: Ja, score: 1}"))
    assert any("put yes, no, on, off, true and false in quotes" in i.message for i in found), [str(i) for i in found]


def test_a_number_in_quotes_is_one_problem_that_says_so(edit: Callable[..., Path]) -> None:
    """QA (author): `weight: "2"` also brought "a gate needs a question that scores", and a score
    in words "has no score" on top of its own message."""
    found = problems(edit(S1, "        type: single\n        text: Heeft uw bedrijf een MVO-beleid?\n",
                          '        type: single\n        weight: "2"\n        text: Heeft uw bedrijf een MVO-beleid?\n'))
    assert [i.message for i in found] == [
        "'weight' in question 'beleid' must be a whole number of 0 or more, with at most 15 digits (without quotes), not '2'"], [str(i) for i in found]
    found = problems(edit(S1, '{value: papier, label: "Ja, op papier", score: 2}', '{value: papier, label: "Ja, op papier", score: twee}'))
    # (the weight of the edit above is still there: two problems, and no "has no score")
    assert [i.code for i in found] == [ErrorCode.WRONG_TYPE, ErrorCode.WRONG_TYPE], [str(i) for i in found]
    assert "'score' in option 'papier' must be a whole number of 0 or more, with at most 15 digits, not 'twee'" in [i.message for i in found]


def test_a_broken_recommendation_does_not_make_its_tool_unused(tmp_path: Path) -> None:
    """QA (author): a recommendation with a wrong trigger also made its tool "never shown"."""
    import shutil

    from mvo_assessment.config import DEFAULT_QUESTIONNAIRE_PATH

    folder = tmp_path / "q"
    shutil.copytree(DEFAULT_QUESTIONNAIRE_PATH, folder, ignore=shutil.ignore_patterns(RECORD_FILE))
    step = folder / S1
    text = step.read_text(encoding="utf-8")
    old = "    when_answer: {question: s1_beleid, values: [nee, ideeen, weet_niet]}\n"
    assert old in text
    step.write_text(text.replace(old, "    when_level: [6]\n"), encoding="utf-8")
    found = problems(folder)
    assert [i.code for i in found] == [ErrorCode.WRONG_TYPE], [str(i) for i in found]


@pytest.mark.parametrize("url", ["HTTPS://WWW.EXAMPLE.ORG/X", "https://[::1]:5000/", '"https://www.example.org/gids.pdf "'])
def test_a_tool_address_follows_the_rule_of_a_link_in_a_text(edit: Callable[..., Path], url: str) -> None:
    """QA (review): a tool's `url` had a rule of its own, stricter than a link's in a text."""
    folder = edit("tools.yaml", "url: https://www.example.org/hulpmiddel", f"url: {url}")
    assert load_questionnaire(folder).tools[0].url == url.strip('"').strip()


def test_a_link_whose_text_ends_in_brackets_is_a_link(edit: Callable[..., Path]) -> None:
    """QA (review): `[de gids [PDF]](https://…)` and a link in code were reported as unfinished."""
    folder = edit(S1, "text: Schrijf op wat u al doet. Dat is het begin van uw beleid.",
                  'text: "Lees [de OESO-gids [PDF]](https://example.com/gids.pdf). Of typ `[code](https://x.nl`."')
    assert load_questionnaire(folder).sections


def test_a_stray_line_of_text_is_not_told_to_become_a_key(edit: Callable[..., Path]) -> None:
    """QA (review): a line of a text that ran on was told "Write Heeft: and then its value"."""
    found = problems(edit(S1, "        text: Heeft uw bedrijf een MVO-beleid?\n",
                          "        text: Heeft uw bedrijf een MVO-beleid?\n        Denk ook aan uw leveranciers\n"))
    assert [(i.code, i.line) for i in found] == [(ErrorCode.YAML_SYNTAX, 23)]
    assert "A line of text where a key was expected" in found[0].message and "Write Denk:" not in found[0].message


def test_a_misspelt_key_in_braces_is_told_its_spelling_not_about_commas(edit: Callable[..., Path]) -> None:
    found = problems(edit(S1, "{value: nee, label: Nee, score: 0}", "{value: nee, label: Nee, scroe}"))
    assert any("Unknown key 'scroe' in option 'nee'. Did you mean 'score'?" == i.message for i in found), [str(i) for i in found]


@pytest.mark.parametrize(("condition", "absent"), [
    ("{question: import, equals: ja, is: nee}", "Did you mean"),
    ("{question: import, and: [ja]}", "Did you mean 'all'"),
])
def test_no_operator_is_suggested_where_it_cannot_stand(edit: Callable[..., Path], condition: str, absent: str) -> None:
    """QA (review): `is` beside `equals` was told "did you mean 'equals'?", and `and` beside
    `question` was pointed to `all`, which cannot stand there."""
    found = problems(edit(S1, "condition: {question: import, equals: ja}", f"condition: {condition}"))
    assert found and all(absent not in i.message for i in found), [str(i) for i in found]


def test_a_condition_of_a_cap_is_named_in_words(edit: Callable[..., Path]) -> None:
    folder = edit(S1, "  gates:\n", "  caps:\n    - id: cap-x\n      when: {any: [{question: beleid, equals: nee}, {question: beleid, eq: ja}]}\n"
                                    "      max_level: 2\n      text: Tekst.\n  gates:\n")
    messages = [i.message for i in problems(folder)]
    assert any(m.startswith("Invalid condition in 'when' (any, part 2): ") for m in messages), messages


@pytest.mark.parametrize(("old", "new", "line", "hint"), [
    # QA (author, second walk): the next line was blamed, and its spaces
    ("      - id: beleid\n", "      - id beleid\n", 20, "Is the ':' after 'id' on line 20 missing? Write - id: and then its value"),
    ("        type: single\n", "        type:single\n", 21, "Put a space after the ':' of 'type': write type: single"),
    ("        type: single\n", "\u00a0       type: single\n", 22, "An invisible no-break space"),
])
def test_more_yaml_slips_come_with_their_own_hint(edit: Callable[..., Path], old: str, new: str, line: int, hint: str) -> None:
    found = problems(edit(S1, old, new))
    assert [(i.code, i.line) for i in found] == [(ErrorCode.YAML_SYNTAX, line)], [str(i) for i in found]
    assert hint in found[0].message, found[0].message


@pytest.mark.parametrize(("new", "hint"), [('      level: "3"\n', "(without quotes), not '3'"),
                                           ("      level: 3%\n", "(a number without %), not '3%'")])
def test_a_quoted_level_says_to_lose_the_quotes(edit: Callable[..., Path], new: str, hint: str) -> None:
    """QA (author, second walk): a gate's `level: "3"` read "must be a level from 2 to 5, not '3'"."""
    found = problems(edit(S1, "      level: 3\n", new))
    assert any(i.message.endswith(hint) for i in found), [str(i) for i in found]


@pytest.mark.parametrize(("condition", "hint"), [
    ("{question: import, '!=': ja}", "for 'is not', put the comparison in a not: {not: {question: q, equals: v}}"),
    ("{vraag: import, equals: ja}", "Did you mean 'question'?"),
])
def test_a_negation_or_a_dutch_key_in_a_condition_is_pointed_to_the_format(edit: Callable[..., Path], condition: str, hint: str) -> None:
    found = problems(edit(S1, "condition: {question: import, equals: ja}", f"condition: {condition}"))
    assert [i.code for i in found] == [ErrorCode.BAD_CONDITION] and found[0].message.endswith(hint), found[0].message


def test_a_second_file_of_one_step_is_one_problem(example_dir: Path) -> None:
    """QA (author, second walk): a copy of a step file gave "Step 1 is also declared" and then
    a duplicate-id message for every question, page and recommendation in it."""
    import shutil

    shutil.copy(example_dir / S1, example_dir / "stap-1-beleid2.yaml")
    found = problems(example_dir)
    assert [i.code for i in found] == [ErrorCode.STEP_NUMBER], [str(i) for i in found]


@pytest.mark.parametrize(("file", "old", "new", "field"), [
    (S1, '{value: papier, label: "Ja, op papier"', '{value: papier, label: "Ja, zie [OESO](https://www.oesorichtlijnen.nl/)"',
     "The label of option 'papier'"),
    ("tools.yaml", "description: Een hulpmiddel dat helpt bij stap 1.",
     "description: Zie [de site](https://www.example.org/).", "The description"),
])
def test_a_markdown_link_in_a_plain_text_is_reported(edit: Callable[..., Path], file: str, old: str, new: str, field: str) -> None:
    """QA (author, second walk): a link in an option's label or a tool's description validated,
    and visitors would have read the brackets and the address."""
    found = problems(edit(file, old, new))
    assert [i.code for i in found] == [ErrorCode.LINK_IN_PLAIN_TEXT], [str(i) for i in found]
    assert found[0].message.startswith(f"{field} holds a Markdown link, '[")
