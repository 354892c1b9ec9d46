"""The catalogue of validation messages.

Every message names its location first, then the bad value, then what was expected, so a
content author can fix it without reading code. Tests format these templates instead of
pasting text, so a message can be improved in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any


@dataclass(frozen=True)
class Detail:
    name: str
    template: str


class ErrorCode(Enum):
    YAML_SYNTAX = Detail("yaml_syntax", "YAML syntax error: {problem}")
    YAML_UNSAFE = Detail("yaml_unsafe", "{problem}")
    FILE_NOT_UTF8 = Detail(
        "file_not_utf8",
        "The file is not saved as UTF-8 text ({problem}); save it again as UTF-8 "
        "(in most editors: Save as, then Encoding: UTF-8)",
    )
    FILE_UNREADABLE = Detail("file_unreadable", "The file cannot be read ({problem})")
    FILE_TOO_LARGE = Detail("file_too_large", "The file is {size} bytes; at most {limit} bytes are allowed")
    FILE_MISSING = Detail("file_missing", "The file '{name}' is missing; a questionnaire folder needs it")
    FILE_UNEXPECTED = Detail(
        "file_unexpected",
        "Unexpected file '{name}'; expected questionnaire.yaml, intake.yaml, tools.yaml and stap-N-<name>.yaml{hint}",
    )
    FOLDER_MISSING = Detail("folder_missing", "No questionnaire folder at '{path}'")
    FOLDER_UNREADABLE = Detail("folder_unreadable", "The questionnaire folder '{path}' cannot be read ({problem})")
    STEP_NUMBER = Detail("step_number", "{problem}")
    UNKNOWN_KEY = Detail("unknown_key", "Unknown key '{key}' in {where}{hint}")
    MISSING_KEY = Detail("missing_key", "Missing '{key}' in {where}")
    NOT_A_MAPPING = Detail("not_a_mapping", "{where} must be a mapping of keys and values, not {given}")
    WRONG_TYPE = Detail("wrong_type", "'{key}' in {where} must be {expected}, not {given}")
    BAD_VALUE = Detail("bad_value", "'{key}' in {where} is {given}; {expected}")
    DUPLICATE_ID = Detail("duplicate_id", "Duplicate {kind} '{id}'; it is also declared at {other}")
    # {path} says where: "condition", "condition in 'when' (any, part 2)" (loader._condition_place)
    BAD_CONDITION = Detail("bad_condition", "Invalid {path}: {problem}")
    CONDITION_UNKNOWN_QUESTION = Detail(
        "condition_unknown_question", "The condition refers to unknown question '{question}'{hint}"
    )
    CONDITION_LATER_QUESTION = Detail(
        "condition_later_question",
        "The condition refers to question '{question}', which comes later ({other}); "
        "a condition may only use earlier answers",
    )
    CONDITION_OWN_QUESTION = Detail(
        "condition_own_question",
        "The condition refers to question '{question}' itself; a question cannot depend on its own answer, "
        "only on earlier ones",
    )
    CONDITION_UNKNOWN_VALUE = Detail(
        "condition_unknown_value",
        "The condition compares '{question}' with '{value}', which is not one of its options ({allowed}){hint}",
    )
    CONDITION_OPERATOR_TYPE = Detail(
        "condition_operator_type",
        "The condition uses '{operator}' on '{question}', a {type} question; {expected}",
    )
    NEVER_SHOWN = Detail(
        "never_shown", "This {kind} can never be shown: its conditions contradict each other ({why})"
    )
    UNKNOWN_TOOL = Detail("unknown_tool", "Unknown tool '{tool}'{hint}")
    UNFINISHED_LINK = Detail(
        "unfinished_link",
        "A link in {field} shows its brackets instead of a link: '{excerpt}'; write [text](address), "
        "with no space between ] and ( and a ) right after the address",
    )
    LINK_IN_PLAIN_TEXT = Detail(
        "link_in_plain_text",
        "{field} holds a Markdown link, '{excerpt}', but is shown as plain text, brackets and all; "
        "links work in help, intro, level descriptions and recommendation texts",
    )
    BAD_LINK = Detail("bad_link", "The link to '{href}' in {field} leads nowhere: {why}")
    UNKNOWN_STEP = Detail("unknown_step", "Unknown step '{step}'{hint}")
    MISSING_SCORE = Detail(
        "missing_score",
        "Option '{value}' has no score, but question '{question}' scores; "
        "give it a score or mark it dont_know or not_applicable",
    )
    OPTION_RULES = Detail("option_rules", "{problem}")
    UNKNOWN_QUESTION = Detail("unknown_question", "Unknown question '{question}'{hint}")
    LEVEL_UNREACHABLE = Detail(
        "level_unreachable",
        "Level {level} of {step} cannot be reached by any combination of answers ({why})",
    )
    RECOMMENDATION_UNREACHABLE = Detail(
        "recommendation_unreachable", "Recommendation '{id}' can never be given: {why}"
    )
    CAP_NEVER_APPLIES = Detail(
        "cap_never_applies",
        "Cap '{id}' never applies: its 'when' holds in no finished set of answers, so it never holds "
        "{step} at level {max_level}; check the questions and values it combines",
    )
    VERSION_NOT_RAISED = Detail(
        "version_not_raised",
        "The rules changed, but the version is still '{version}', released with other rules ({record} "
        "records them): answers files and stored rounds of version {version} would now score otherwise. "
        "Give 'version' a new value (docs/questionnaire-format.md, 'Versions'); on release, add it to "
        "{record} with the fingerprint '{fingerprint}'",
    )
    BAD_RULES_RECORD = Detail("bad_rules_record", "The record of released versions cannot be used: {problem}")
    TOOL_UNUSED = Detail(
        "tool_unused",
        "Tool '{id}' is never shown: no recommendation uses it, and it is not declared for every step; "
        "add it to a recommendation's 'tools', or list every step in its 'steps' to show it as general help",
    )


def describe_value(value: Any, inside: bool = False) -> str:
    """A bad value as a content author would recognise it in the YAML; `inside` a list or a
    mapping, a long text is only called "a text", so the message stays readable."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no)"
    # A short list or mapping is shown as written: "not a list" read as nonsense when a list was
    # expected and only its items were wrong (`when_level: [7]`, `thresholds: {…, 5: 150}`).
    if isinstance(value, Mapping):
        if 0 < len(value) <= 6 and not any(isinstance(item, (list, Mapping)) for item in value.values()):
            # Keys as written: '1' (a text) is not 1 (a number).
            return "{" + ", ".join(f"{describe_value(key, True)}: {describe_value(item, True)}" for key, item in value.items()) + "}"
        return "an empty mapping" if not value else "a mapping"
    if isinstance(value, list):
        if 0 < len(value) <= 6 and not any(isinstance(item, (list, Mapping)) for item in value):
            return "[" + ", ".join(describe_value(item, True) for item in value) + "]"
        return "an empty list" if not value else "a list"
    if isinstance(value, str):
        # A long text is shown by its start: "not a text" read as nonsense for a web address (QA).
        if len(value) < 40:
            return f"'{value}'"
        return "a text" if inside else f"'{value[:32]}…'"
    written = repr(value)
    if isinstance(value, int | float) and len(written) > 40:
        # A weight of 4000 digits was repeated whole (QA, command line): its start and its size.
        return f"{written[:20]}… (a number of {len(written.lstrip('-'))} characters)"
    return written


@dataclass(frozen=True)
class Issue:
    code: ErrorCode
    message: str
    file: str
    line: int | None = None
    item: str | None = None  # e.g. "question: 2b_bronnen"

    def __str__(self) -> str:
        parts = [f"file: {self.file}"]
        if self.line is not None:
            parts.append(f"line: {self.line}")
        if self.item:
            parts.append(self.item)
        return f"[{' | '.join(parts)}] {self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code.value.name,
            "file": self.file,
            "line": self.line,
            "item": self.item,
            "message": self.message,
        }


def make_issue(
    code: ErrorCode, file: str, line: int | None = None, item: str | None = None, **context: object
) -> Issue:
    return Issue(code, code.value.template.format(**context), file, line, item)


class QuestionnaireInvalid(Exception):
    """Raised by the loader with every issue it found."""

    def __init__(self, issues: list[Issue], checks_waiting: str | None = None) -> None:
        super().__init__(f"{len(issues)} {'problem' if len(issues) == 1 else 'problems'} in the questionnaire")
        self.issues = issues
        # Which checks waited for these problems to be mended (WAITING_FOR_FILES, …_REFERENCES, …_PROBLEMS),
        # so that more problems may come then; None when every check ran.
        self.checks_waiting = checks_waiting


# A file could not be read (or is missing): the checks across files waited.
WAITING_FOR_FILES = "files"
# An unknown reference or a doubled id: the checks that reason over them (conditions that can
# never hold, levels and recommendations out of reach, unused tools, the released rules) waited:
# on broken ones they would only repeat the same problem in other words (QA, release: an unused
# tool was reported only on the next run, after "1 problem found").
WAITING_FOR_REFERENCES = "references"
# Any other problem: the comparison with the released versions' rules waited (a fingerprint of
# a model with problems means nothing).
WAITING_FOR_PROBLEMS = "problems"
