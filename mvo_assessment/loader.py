"""YAML folder -> immutable Questionnaire, collecting every structural problem on the way.

The loader keeps going after a problem (skipping only the broken item) so one run reports
everything. Semantic checks that need the whole model live in `validation/`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeGuard

from . import conditions
from .answers import MAX_VERSION_LENGTH, is_version_label
from .errors import WAITING_FOR_FILES, ErrorCode, Issue, QuestionnaireInvalid, describe_value, make_issue
from .model import (
    OPTION_TYPES,
    QUESTION_TYPES,
    AllOf,
    Cap,
    Condition,
    Gate,
    Level,
    Location,
    Option,
    Page,
    Question,
    Questionnaire,
    Recommendation,
    Section,
    StepScoring,
    TargetRule,
    Targets,
    Tool,
    Trigger,
)
from .numbers import NUMBER_DIGITS, too_large
from .richtext import why_no_web_page
from .suggest import did_you_mean
from .yaml_source import LocatedDict, YamlProblem, read_yaml

STEP_FILE = re.compile(r"^stap-(\d+)-[a-z0-9-]+\.yaml$")
FIXED_FILES = ("questionnaire.yaml", "intake.yaml", "tools.yaml")
IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
DEFAULT_YESNO = (("ja", "Ja", 1), ("nee", "Nee", 0))
DONT_KNOW_LABEL = "Weet ik niet"
MAX_SCALE_STEPS = 10  # a scale of 0 to 10 at most: 11 buttons


class _FileReader:
    """Reads the parsed content of one file, recording located issues instead of raising."""

    def __init__(self, file: str, issues: list[Issue]) -> None:
        self.file = file
        self.issues = issues

    def add(self, code: ErrorCode, line: int | None, item: str | None = None, **context: object) -> None:
        self.issues.append(make_issue(code, self.file, line, item, **context))

    def mapping(
        self,
        data: Any,
        where: str,
        allowed: Iterable[str],
        required: Iterable[str] = (),
        item: str | None = None,
        line: int | None = None,
    ) -> LocatedDict | None:
        if not isinstance(data, LocatedDict):
            # The message starts with `where`: a file name keeps its spelling ("The file stap-1.yaml").
            subject = f"The file {where}" if where.endswith((".yaml", ".yml")) else where[:1].upper() + where[1:]
            self.add(ErrorCode.NOT_A_MAPPING, line, item, where=subject, given=describe_value(data))
            return None
        allowed = tuple(allowed)
        for key in data:
            if key not in allowed:
                self.add(
                    ErrorCode.UNKNOWN_KEY,
                    data.line_of(str(key)),
                    item,
                    key=key,
                    where=where,
                    hint=_missing_colon_hint(data, key, allowed, with_comma=False)
                    or did_you_mean(str(key), allowed)
                    or _missing_colon_hint(data, key, allowed, with_comma=True)
                    or f"; allowed: {', '.join(allowed)}",
                )
        ok = True
        for key in required:
            if key not in data:
                self.add(ErrorCode.MISSING_KEY, data.line, item, key=key, where=where)
                ok = False
        return data if ok else None

    def get(
        self,
        data: LocatedDict,
        key: str,
        where: str,
        expected: str,
        check: Callable[[Any], bool],
        default: Any = None,
        item: str | None = None,
    ) -> Any:
        if key not in data or data[key] is None and default is not None:
            return default
        value = data[key]
        if not check(value):
            if isinstance(value, str) and ("number" in expected or "level" in expected):
                # `weight: "2"` and `level: "3"` are texts; `40%` is one too (QA, author).
                if re.fullmatch(r"\s*-?[0-9]+([.,][0-9]+)?\s*", value):
                    expected += " (without quotes)"
                elif re.fullmatch(r"\s*[0-9]+([.,][0-9]+)?\s*%\s*", value):
                    expected += " (a number without %)"
            self.add(
                ErrorCode.WRONG_TYPE, data.line_of(key), item, key=key, where=where, expected=expected, given=describe_value(value)
            )
            return default
        return value

    def text(self, data: LocatedDict, key: str, where: str, item: str | None = None, default: str | None = None) -> Any:
        given = data.get(key)
        # YAML reads yes, no, on, off, true, false and numbers as no text at all (QA, author:
        # `label: yes` said "must be text, not true" and nothing about the quotes).
        expected = ("text in quotes (YAML reads yes, no, on, off, true, false and numbers without quotes as no text)"
                    if isinstance(given, (bool, int, float)) else "text")
        value = self.get(data, key, where, expected, lambda v: isinstance(v, str) and v.strip() != "", default, item)
        return value.strip() if isinstance(value, str) else value

    def identifier(self, data: LocatedDict, key: str, where: str, item: str | None = None) -> str | None:
        value = data.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not IDENTIFIER.match(value):
            self.add(
                ErrorCode.BAD_VALUE,
                data.line_of(key),
                item,
                key=key,
                where=where,
                given=describe_value(value),
                expected="use letters, digits, '-' and '_' only, starting with a letter or digit"
                + ("; put yes, no, on, off, true and false in quotes, or YAML reads them as yes/no"
                   if isinstance(value, bool) else ""),
            )
            return None
        return value

    def condition(self, data: LocatedDict, key: str, item: str | None) -> tuple[Condition | None, bool]:
        """(condition, ok). A broken condition is reported and treated as absent."""
        if data.get(key) is None:
            return None, True
        try:
            return conditions.parse(data[key], key), True
        except conditions.ConditionError as error:
            self.add(ErrorCode.BAD_CONDITION, data.line_of(key), item, path=_condition_place(error.path), problem=error.message)
            return None, False


def _is_number(value: Any) -> bool:
    """A number JSON can write: `.inf` and `.nan` are YAML numbers, but `show --json` printed
    them as `Infinity`, which no JSON reader (nor the browser script) takes (QA, contracts)."""
    return not isinstance(value, bool) and (isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# A weight or an option's score: no bound was set, and a score of 400 digits passed `validate`,
# then broke scoring (no float holds it) and the results page gave a 500 (QA, security).
_WHOLE_NUMBER = f"a whole number of 0 or more, with at most {NUMBER_DIGITS} digits"


def _whole_number(value: Any) -> bool:
    return _is_int(value) and value >= 0 and not too_large(value)


def _named(entry: Any, kind: str, index: int, key: str = "id") -> str:
    """How a message names an entry of a list: by its id (or other naming `key`) where it has
    one, else counted from 1 as an author counts (QA: "options[2]" was the third option)."""
    identifier = entry.get(key) if isinstance(entry, LocatedDict) else None
    return f"{kind} '{identifier}'" if isinstance(identifier, str) and identifier else f"{kind} {index + 1}"


def _has_keys(value: Any, numbers: tuple[int, ...]) -> TypeGuard[dict[Any, Any]]:
    """A mapping whose keys are exactly these whole numbers (a quoted "4" is text, not 4)."""
    return (isinstance(value, dict) and all(type(key) is int for key in value)
            and sorted(value) == list(numbers))


def _quoted_number_hint(value: Any) -> str:
    quoted = [key for key in value if isinstance(key, str) and key.strip().isdigit()] if isinstance(value, dict) else []
    if not quoted:
        return ""
    verb = "is a text" if len(quoted) == 1 else "are texts"
    return f" (write the numbers without quotes: {', '.join(repr(key) for key in quoted)} {verb})"


def _list_of_ids(value: Any) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


class Loader:
    """Loads one questionnaire folder. Use `load_questionnaire(path)`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.issues: list[Issue] = []
        # Ids of items that failed to build: references to them are not reported again.
        self.broken_ids: set[str] = set()
        # Files that could not be parsed: the model is then partial, so semantic checks would
        # only report the same problem again as missing references.
        self.unreadable: set[str] = set()
        # tools.yaml as a whole could not be read: every tool a recommendation names is then
        # broken, not unknown (one problem, not one per reference).
        self.tools_catalogue_broken = False
        self.version_line: int | None = None  # where a version whose rules changed is reported

    # -- files ---------------------------------------------------------------------------

    def _read(self, name: str) -> tuple[Any, _FileReader]:
        reader = _FileReader(name, self.issues)
        self.unreadable.add(name)
        try:
            data = read_yaml(self.folder / name)
            self.unreadable.discard(name)
            return data, reader
        except YamlProblem as problem:
            if problem.kind == "size":
                reader.add(ErrorCode.FILE_TOO_LARGE, None, None, **problem.context)
            elif problem.kind == "unsafe":
                reader.add(ErrorCode.YAML_UNSAFE, problem.line, problem=problem.message)
            else:
                reader.add(ErrorCode.YAML_SYNTAX, problem.line, problem=problem.message)
        except UnicodeDecodeError as error:
            # Usually an é or ë saved in another encoding: the line says where to look.
            line = error.object[: error.start].count(b"\n") + 1
            reader.add(ErrorCode.FILE_NOT_UTF8, line, problem=f"byte {error.start + 1} cannot be read: {error.reason}")
        except OSError as error:
            # Not a syntax error: nothing of it was read (QA, command line: a folder of the name).
            what = "it is a folder, not a file" if isinstance(error, IsADirectoryError) else error.strerror
            reader.add(ErrorCode.FILE_UNREADABLE, None, problem=what)
        return None, reader

    def load(self) -> Questionnaire:
        try:
            # is_dir() says False only for "not found": a name too long, or a parent folder the
            # user may not enter, raised a traceback from it (QA, answers files).
            if not self.folder.is_dir():
                self.issues.append(make_issue(ErrorCode.FOLDER_MISSING, str(self.folder), path=self.folder))
                raise QuestionnaireInvalid(self.issues)
            names = sorted(p.name for p in self.folder.iterdir() if p.suffix in (".yaml", ".yml"))
        except OSError as error:
            # A folder its user may not list was a PermissionError traceback (QA, command line).
            self.issues.append(make_issue(ErrorCode.FOLDER_UNREADABLE, str(self.folder), path=self.folder,
                                          problem=error.strerror or type(error).__name__))
            raise QuestionnaireInvalid(self.issues) from None
        step_files: list[tuple[int, str]] = []
        for name in names:
            match = STEP_FILE.match(name)
            if match:
                step_files.append((int(match.group(1)), name))
            elif name not in FIXED_FILES:
                hint = did_you_mean(name, FIXED_FILES)
                self.issues.append(make_issue(ErrorCode.FILE_UNEXPECTED, name, name=name, hint=hint))
        for name in FIXED_FILES:
            if name not in names:
                self.issues.append(make_issue(ErrorCode.FILE_MISSING, name, name=name))
        step_files.sort()
        self._check_step_numbers(step_files)

        meta_data, meta = self._read("questionnaire.yaml") if "questionnaire.yaml" in names else (None, None)
        header = self._metadata(meta_data, meta) if meta and "questionnaire.yaml" not in self.unreadable else None
        sections: list[Section] = []
        if "intake.yaml" in names:
            data, reader = self._read("intake.yaml")
            section = self._section(data, reader, "intake", 0, header)
            if section:
                sections.append(section)
            else:
                self.broken_ids.add("intake")
        for number, name in step_files:
            data, reader = self._read(name)
            section = self._section(data, reader, "step", number, header)
            if section:
                sections.append(section)
            else:
                self.broken_ids.add(f"stap-{number}")
        tools: tuple[Tool, ...] = ()
        if "tools.yaml" in names:
            data, reader = self._read("tools.yaml")
            if "tools.yaml" not in self.unreadable:
                tools = self._tools(data, reader)
        else:
            self.tools_catalogue_broken = True  # the missing file is reported on its own
        if self.tools_catalogue_broken:
            self.broken_ids.update(tool for s in sections for rec in s.recommendations for tool in rec.tools)
        if header is None:
            raise QuestionnaireInvalid(self.issues)
        return Questionnaire(
            id=header["id"],
            version=header["version"],
            title=header["title"],
            language=header["language"],
            levels=header["levels"],
            sections=tuple(sections),
            tools=tuple(replace(tool, language=tool.language or tool.title_language or header["language"]) for tool in tools),
            targets=header["targets"],
            source_path=str(self.folder),
        )

    def _check_step_numbers(self, step_files: list[tuple[int, str]]) -> None:
        seen: dict[int, str] = {}
        for number, name in step_files:
            if number in seen:
                self.issues.append(
                    make_issue(ErrorCode.STEP_NUMBER, name, problem=f"Step {number} is also declared in {seen[number]}")
                )
                # Two files of one step declare every id twice: the checks across files would
                # name each of them again (QA, author: 25 more messages).
                self.unreadable.add(f"stap-{number}, again in {name}")
            seen[number] = name
        expected = list(range(1, len(seen) + 1))
        if sorted(seen) != expected:
            # Name the missing numbers (QA, author: "1 to 5 without gaps; found [1, 2, 4, 5, 6]"
            # after stap-3 was deleted read as if stap-6 were wrong).
            missing = [number for number in range(1, max(seen, default=0) + 1) if number not in seen]
            # Every reference to a missing step's questions and to the step itself would be
            # reported again; the missing file is the one problem to mend.
            self.unreadable.update(f"stap-{number}" for number in missing)
            names = ", ".join(f"stap-{number}" for number in missing)
            problem = (f"{'Step files' if len(missing) > 1 else 'The step file'} {names} "
                       f"{'are' if len(missing) > 1 else 'is'} missing: steps are numbered 1, 2, 3 … without gaps; "
                       f"found {', '.join(f'stap-{number}' for number in sorted(seen))}") if missing else (
                f"Step files must be numbered 1 to {len(seen)} without gaps; found {sorted(seen)}")
            self.issues.append(
                make_issue(
                    ErrorCode.STEP_NUMBER,
                    ", ".join(name for _, name in step_files) or "(no step files)",
                    problem=problem,
                )
            )

    # -- questionnaire.yaml --------------------------------------------------------------

    def _metadata(self, data: Any, r: _FileReader) -> dict[str, Any] | None:
        where = "questionnaire.yaml"
        m = r.mapping(data, where, ("id", "version", "title", "language", "levels", "scoring", "targets"),
                      ("id", "version", "title", "language", "levels", "targets"))
        if m is None:
            return None
        qid = r.identifier(m, "id", where)
        version = m.get("version")
        self.version_line = m.line_of("version")
        if isinstance(version, (int, float)) and not isinstance(version, bool):
            r.add(ErrorCode.WRONG_TYPE, m.line_of("version"), None, key="version", where=where,
                  expected='a quoted text such as "1.0" (YAML reads 1.0 as a number)', given=describe_value(version))
            version = None
        elif not isinstance(version, str) or not version.strip():
            r.add(ErrorCode.WRONG_TYPE, m.line_of("version"), None, key="version", where=where,
                  expected="a text", given=describe_value(version))
            version = None
        elif not is_version_label(version.strip()):
            # Every answers file names it and the website stores it with each round, in a column
            # of MAX_VERSION_LENGTH: a longer one broke every save on PostgreSQL (QA, security
            # round 2), and a file could never name it back (answers.is_version_label).
            r.add(ErrorCode.WRONG_TYPE, m.line_of("version"), None, key="version", where=where,
                  expected=f"a text of at most {MAX_VERSION_LENGTH} characters, none of them a control or invisible character",
                  # Such characters written out: a direction override shown raw turns the line round.
                  given=describe_value("".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in version)))
            version = None
        title = r.text(m, "title", where)
        language = r.get(m, "language", where, "a language code such as nl", lambda v: isinstance(v, str) and bool(re.match(r"^[a-z]{2}$", v)))
        levels = self._levels(m.get("levels"), r, m.line_of("levels"))
        self.scoring_defaults = self._scoring(m.get("scoring"), r, "scoring in questionnaire.yaml", None, m.line_of("scoring"))
        targets = self._targets(m.get("targets"), r, m.line_of("targets"))
        if qid is None or version is None or None in (title, language, levels, targets):
            return None
        return {"id": qid, "version": version.strip(), "title": title, "language": language,
                "levels": levels, "targets": targets}

    def _levels(self, data: Any, r: _FileReader, line: int) -> tuple[Level, ...] | None:
        if not isinstance(data, list):
            r.add(ErrorCode.WRONG_TYPE, line, None, key="levels", where="questionnaire.yaml",
                  expected="a list of five levels", given=describe_value(data))
            return None
        levels: list[Level] = []
        for i, entry in enumerate(data):
            # Counted from 1, as an author counts (QA: "levels[1]" was level 2).
            where = f"level {entry['level']}" if isinstance(entry, LocatedDict) and _is_int(entry.get("level")) else f"level entry {i + 1}"
            m = r.mapping(entry, where, ("level", "name", "description"), ("level", "name", "description"), line=line)
            if m is None:
                continue
            number = r.get(m, "level", where, "a whole number", _is_int)
            name = r.text(m, "name", where)
            description = r.text(m, "description", where)
            if number is not None and name and description:
                levels.append(Level(number, name, description))
        numbers = [lv.level for lv in levels]
        if len(levels) == len(data) and numbers != [1, 2, 3, 4, 5]:
            r.add(ErrorCode.BAD_VALUE, line, None, key="levels", where="questionnaire.yaml",
                  given=f"numbered {numbers}", expected="declare exactly the levels 1, 2, 3, 4 and 5 in order")
            return None
        return tuple(levels) if len(levels) == 5 else None

    def _scoring(
        self, data: Any, r: _FileReader, where: str, section_id: str | None, line: int
    ) -> dict[str, Any]:
        """Scoring settings; in a step also gates and caps. Missing values fall back to defaults."""
        base: dict[str, Any] = dict(getattr(self, "scoring_defaults", None) or {
            "thresholds": {2: 20.0, 3: 40.0, 4: 60.0, 5: 80.0}, "min_answers": 2, "min_answered_share": 0.5})
        base["gates"], base["caps"] = (), ()
        if data is None:
            return base
        allowed = ["thresholds", "min_answers", "min_answered_share"]
        if section_id is not None:
            allowed += ["gates", "caps"]
        m = r.mapping(data, where, allowed, line=line)
        if m is None:
            return base
        if "thresholds" in m:
            t = m["thresholds"]
            if (_has_keys(t, (2, 3, 4, 5)) and all(_is_number(v) for v in t.values())
                    and [t[k] for k in (2, 3, 4, 5)] == sorted(t[k] for k in (2, 3, 4, 5))
                    and all(0 < t[k] <= 100 for k in t)):
                base["thresholds"] = {int(k): float(v) for k, v in t.items()}
            else:
                r.add(ErrorCode.BAD_VALUE, m.line_of("thresholds"), None, key="thresholds", where=where,
                      given=describe_value(t), expected="give {2: n, 3: n, 4: n, 5: n}: rising percentages between 0 and 100"
                      + _quoted_number_hint(t))
        base["min_answers"] = r.get(m, "min_answers", where, "a whole number", lambda v: _is_int(v) and v >= 0, base["min_answers"])
        base["min_answered_share"] = r.get(m, "min_answered_share", where, "a number from 0 to 1",
                                           lambda v: _is_number(v) and 0 <= v <= 1, base["min_answered_share"])
        if section_id is not None:
            base["gates"] = tuple(g for g in (self._gate(g, r, i, m.line_of("gates")) for i, g in enumerate(self._list(m, "gates", r, where))) if g)
            base["caps"] = tuple(c for c in (self._cap(c, r, i, m.line_of("caps")) for i, c in enumerate(self._list(m, "caps", r, where))) if c)
        return base

    def _list(self, m: LocatedDict, key: str, r: _FileReader, where: str, item: str | None = None) -> list[Any]:
        value = m.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            r.add(ErrorCode.WRONG_TYPE, m.line_of(key), item, key=key, where=where, expected="a list", given=describe_value(value))
            return []
        return value

    def _gate(self, data: Any, r: _FileReader, i: int, line: int) -> Gate | None:
        where = _named(data, "gate", i)
        m = r.mapping(data, where, ("id", "level", "question", "min_score", "text"),
                      ("id", "level", "question", "min_score", "text"), line=line)
        if m is None:
            return None
        gid = r.identifier(m, "id", where)
        item = f"gate: {gid}"
        level = r.get(m, "level", where, "a level from 2 to 5", lambda v: _is_int(v) and 2 <= v <= 5, item=item)
        question = r.get(m, "question", where, "a question id", lambda v: isinstance(v, str), item=item)
        min_score = r.get(m, "min_score", where, "a whole number", _is_int, item=item)
        text = r.text(m, "text", where, item)
        if gid is None or None in (level, question, min_score, text):
            return None
        return Gate(gid, level, question, min_score, text, Location(r.file, m.line))

    def _cap(self, data: Any, r: _FileReader, i: int, line: int) -> Cap | None:
        where = _named(data, "cap", i)
        m = r.mapping(data, where, ("id", "when", "max_level", "text"), ("id", "when", "max_level", "text"), line=line)
        if m is None:
            return None
        cid = r.identifier(m, "id", where)
        item = f"cap: {cid}"
        when, ok = r.condition(m, "when", item)
        max_level = r.get(m, "max_level", where, "a level from 1 to 4", lambda v: _is_int(v) and 1 <= v <= 4, item=item)
        text = r.text(m, "text", where, item)
        if None in (cid, when, max_level, text) or not ok:
            return None
        return Cap(cid, when, max_level, text, Location(r.file, m.line))  # type: ignore[arg-type]

    def _targets(self, data: Any, r: _FileReader, line: int) -> Targets | None:
        where = "targets"
        m = r.mapping(data, where, ("default", "reason", "rules"), ("default", "reason"), line=line)
        if m is None:
            return None
        default = r.get(m, "default", where, "a level from 1 to 5", lambda v: _is_int(v) and 1 <= v <= 5)
        reason = r.text(m, "reason", where)
        rules: list[TargetRule] = []
        for i, entry in enumerate(self._list(m, "rules", r, where)):
            w = f"target rule {i + 1}"  # counted from 1, as an author counts
            rm = r.mapping(entry, w, ("when", "level", "reason", "steps"), ("level", "reason"), line=m.line_of("rules"))
            if rm is None:
                continue
            when, ok = r.condition(rm, "when", None)
            if "when" not in rm:
                when = AllOf(())  # no condition: the rule always holds (for its `steps`)
            level = r.get(rm, "level", w, "a level from 1 to 5", lambda v: _is_int(v) and 1 <= v <= 5)
            rule_reason = r.text(rm, "reason", w)
            steps = r.get(rm, "steps", w, "a list of step ids", _list_of_ids, [])
            if when is not None and ok and level is not None and rule_reason:
                rules.append(TargetRule(when, level, rule_reason, tuple(steps), Location(r.file, rm.line)))
        if default is None or reason is None:
            return None
        return Targets(default, reason, tuple(rules))

    # -- sections ------------------------------------------------------------------------

    def _section(self, data: Any, r: _FileReader, kind: str, number: int, header: Any) -> Section | None:
        if r.file in self.unreadable:
            return None
        where = r.file
        allowed = ["id", "title", "intro", "condition", "pages"]
        if kind == "step":
            allowed += ["levels", "scoring", "recommendations"]
        if not isinstance(data, LocatedDict):
            # An empty file (or a list) declares none of its questions: checking the rest against
            # it would only report every reference to them again (QA, author: 29 problems for one).
            self.unreadable.add(r.file)
        m = r.mapping(data, where, allowed, ("id", "title", "pages"))
        if m is None:
            return None
        sid = r.identifier(m, "id", where)
        expected_id = "intake" if kind == "intake" else f"stap-{number}"
        if sid is not None and sid != expected_id:
            r.add(ErrorCode.BAD_VALUE, m.line_of("id"), None, key="id", where=where, given=f"'{sid}'",
                  expected=f"this file must declare id '{expected_id}'")
            sid = None
        item = f"section: {expected_id}"
        title = r.text(m, "title", where, item)
        intro = r.text(m, "intro", where, item)
        condition, _ = r.condition(m, "condition", item)
        pages = []
        for i, page_data in enumerate(self._list(m, "pages", r, where, item)):
            page = self._page(page_data, r, i, expected_id, m.line_of("pages"))
            if page:
                pages.append(page)
        if not pages and isinstance(m.get("pages"), list) and not m["pages"]:
            r.add(ErrorCode.BAD_VALUE, m.line_of("pages"), item, key="pages", where=where, given="empty",
                  expected="a section needs at least one page")
        level_descriptions: dict[int, str] = {}
        scoring = None
        recommendations: list[Recommendation] = []
        if kind == "step":
            lv = m.get("levels")
            if not (_has_keys(lv, (1, 2, 3, 4, 5))
                    and all(isinstance(v, str) and v.strip() for v in lv.values())):
                r.add(ErrorCode.BAD_VALUE, m.line_of("levels") if "levels" in m else m.line, item, key="levels",
                      where=where, given=describe_value(lv),
                      expected="describe what each level 1 to 5 means for this step: {1: text, ..., 5: text}"
                      + _quoted_number_hint(lv))
            else:
                level_descriptions = {int(k): v.strip() for k, v in lv.items()}
            s = self._scoring(m.get("scoring"), r, f"scoring of {expected_id}", expected_id, m.line_of("scoring"))
            scoring = StepScoring(MappingProxyType(s["thresholds"]), s["min_answers"], s["min_answered_share"], s["gates"], s["caps"])
            for i, rec in enumerate(self._list(m, "recommendations", r, where, item)):
                built = self._recommendation(rec, r, i, expected_id, m.line_of("recommendations"))
                if built:
                    recommendations.append(built)
        if sid is None or title is None:
            self.broken_ids.add(expected_id)
            return None
        return Section(
            id=sid, kind=kind, title=title, intro=intro, condition=condition, pages=tuple(pages),  # type: ignore[arg-type]
            number=number, level_descriptions=MappingProxyType(level_descriptions), scoring=scoring,
            recommendations=tuple(recommendations), location=Location(r.file, m.line),
        )

    def _page(self, data: Any, r: _FileReader, i: int, section_id: str, line: int) -> Page | None:
        where = _named(data, "page", i)
        m = r.mapping(data, where, ("id", "title", "intro", "condition", "questions"), ("id", "title", "questions"), line=line)
        if m is None:
            return None
        pid = r.identifier(m, "id", where)
        item = f"page: {pid}"
        title = r.text(m, "title", where, item)
        intro = r.text(m, "intro", where, item)
        condition, _ = r.condition(m, "condition", item)
        questions = []
        for j, q in enumerate(self._list(m, "questions", r, where, item)):
            built = self._question(q, r, j, section_id, pid or "?", m.line_of("questions"))
            if built:
                questions.append(built)
        if isinstance(m.get("questions"), list) and not m["questions"]:
            r.add(ErrorCode.BAD_VALUE, m.line_of("questions"), item, key="questions", where=where, given="empty",
                  expected="a page needs at least one question")
        if pid is None or title is None:
            return None
        return Page(pid, title, intro, condition, tuple(questions), section_id, Location(r.file, m.line))

    QUESTION_KEYS = ("id", "type", "text", "help", "required", "weight", "condition", "options",
                     "min", "max", "min_label", "max_label")

    def _question(self, data: Any, r: _FileReader, j: int, section_id: str, page_id: str, line: int) -> Question | None:
        where = f"question {j + 1} of page {page_id}"
        if isinstance(data, LocatedDict) and isinstance(data.get("id"), str):
            where = f"question '{data['id']}'"
        named = isinstance(data, LocatedDict) and isinstance(data.get("id"), str)
        m = r.mapping(data, where, self.QUESTION_KEYS, ("id", "type", "text"), line=line,
                      item=f"question: {data['id']}" if named else None)  # without an id, `where` says which
        if m is None:
            if isinstance(data, LocatedDict) and isinstance(data.get("id"), str):
                self.broken_ids.add(data["id"])
            return None
        qid = r.identifier(m, "id", where)
        item = f"question: {qid}" if qid else where
        qtype = m.get("type")
        if qtype not in QUESTION_TYPES:
            r.add(ErrorCode.BAD_VALUE, m.line_of("type"), item, key="type", where=where, given=describe_value(qtype),
                  expected=f"use one of {', '.join(QUESTION_TYPES)}{did_you_mean(str(qtype), QUESTION_TYPES)}")
            qtype = None
        text = r.text(m, "text", where, item)
        help_text = r.text(m, "help", where, item)
        required = r.get(m, "required", where, "true or false", lambda v: isinstance(v, bool), True, item)
        condition, cond_ok = r.condition(m, "condition", item)
        min_label = r.text(m, "min_label", where, item)
        max_label = r.text(m, "max_label", where, item)
        low = r.get(m, "min", where, "a number", _is_number, None, item)
        high = r.get(m, "max", where, "a number", _is_number, None, item)
        options = self._options(m, r, item, qtype) if qtype else None
        ok = None not in (qid, qtype, text, options) and cond_ok
        if ok and qtype not in OPTION_TYPES and "options" in m:
            r.add(ErrorCode.UNKNOWN_KEY, m.line_of("options"), item, key="options", where=where,
                  hint=f"; a {qtype} question has no options")
        if qtype in ("scale", "number"):
            for key, limit in (("min", low), ("max", high)):
                if _is_number(limit) and too_large(limit):
                    r.add(ErrorCode.BAD_VALUE, m.line_of(key), item, key=key, where=where, given=str(limit),
                          expected=f"a number with at most {NUMBER_DIGITS} digits before the decimal point, as an answer has")
                    ok = False
        if qtype == "scale":
            if not (_is_int(low) and _is_int(high) and low < high):
                r.add(ErrorCode.BAD_VALUE, m.line_of("min") if "min" in m else m.line, item, key="min/max", where=where,
                      given=f"min {describe_value(low)}, max {describe_value(high)}", expected="a scale needs whole numbers min < max")
                ok = False
            elif high - low > MAX_SCALE_STEPS:
                # Every point is a button on the page and a case for scoring and validation
                # (QA, code review: 0 to 3 000 000 was valid, and validate took 15 s).
                r.add(ErrorCode.BAD_VALUE, m.line_of("max") if "max" in m else m.line, item, key="min/max", where=where,
                      given=f"min {low}, max {high}",
                      expected=f"a scale of at most {MAX_SCALE_STEPS + 1} points (such as 0 to 10); for a larger range, use a number question")
                ok = False
        elif qtype == "number":
            if _is_number(low) and _is_number(high) and low > high:
                r.add(ErrorCode.BAD_VALUE, m.line_of("min"), item, key="min", where=where, given=str(low),
                      expected=f"min must not exceed max ({high})")
                ok = False
        elif qtype is not None and qtype != "number":
            for key in ("min", "max", "min_label", "max_label"):
                if key in m:
                    r.add(ErrorCode.UNKNOWN_KEY, m.line_of(key), item, key=key, where=where,
                          hint="; only scale (and number, for min/max) questions have it")
        # A yes/no question without options gets default options that score when weighted.
        default_yesno = qtype == "yesno" and "options" not in m
        has_scores = qtype == "scale" or default_yesno or any(o.score is not None for o in options or ())
        weight = r.get(m, "weight", where, _WHOLE_NUMBER, _whole_number,
                       1 if has_scores and not default_yesno and "weight" not in m else 0, item)
        if m.get("weight") is not None and not _whole_number(m["weight"]):
            # Reported; read as 0 it would also make every gate on the question "not scoring".
            ok = False
        if "weight" in m and weight and not has_scores and qtype is not None and options is not None:
            r.add(ErrorCode.BAD_VALUE, m.line_of("weight"), item, key="weight", where=where, given=str(weight),
                  expected=f"a {qtype} question without option scores cannot have a weight")
        if section_id == "intake" and weight:
            r.add(ErrorCode.BAD_VALUE, m.line_of("weight") if "weight" in m else m.line, item, key="weight", where=where,
                  given=str(weight), expected="intake questions do not score; leave out option scores and weight")
        if default_yesno:
            # Default yes/no options; they score only when the author gives the question a weight.
            scoring = bool(weight)
            options = tuple(Option(v, label, score if scoring else None) for v, label, score in DEFAULT_YESNO) + (
                Option("weet_niet", DONT_KNOW_LABEL, None, dont_know=True),)
        if ok and weight == 0 and options:
            # A question that does not score exports every option score as null.
            options = tuple(replace(o, score=None) for o in options)
        if not ok:
            if qid:
                self.broken_ids.add(qid)
            return None
        return Question(
            id=qid, type=qtype, text=text, help=help_text, required=required, condition=condition,  # type: ignore[arg-type]
            options=options or (), min=low, max=high, min_label=min_label, max_label=max_label,
            weight=weight, section_id=section_id, page_id=page_id, location=Location(r.file, m.line),
        )

    def _options(self, m: LocatedDict, r: _FileReader, item: str, qtype: str) -> tuple[Option, ...] | None:
        if qtype not in OPTION_TYPES:
            return ()
        if "options" not in m:
            if qtype == "yesno":
                return ()
            r.add(ErrorCode.MISSING_KEY, m.line, item, key="options", where=f"{item.split(': ')[1]} ({qtype} question)")
            return None
        raw = self._list(m, "options", r, "options", item)
        if not raw:
            r.add(ErrorCode.BAD_VALUE, m.line_of("options"), item, key="options", where=item, given="empty",
                  expected="give at least two options")
            return None
        options: list[Option] = []
        option_lines: dict[str, int] = {}
        ok = True
        for i, entry in enumerate(raw):
            where = _named(entry, "option", i, key="value")
            om = r.mapping(entry, where, ("value", "label", "score", "not_applicable", "dont_know", "exclusive"), ("value", "label"),
                           item=item, line=m.line_of("options"))
            if om is None:
                ok = False
                continue
            value = r.identifier(om, "value", where, item)
            label = r.text(om, "label", where, item)
            score = r.get(om, "score", where, _WHOLE_NUMBER, _whole_number, None, item)
            if om.get("score") is not None and score is None:
                # Reported just now; "has no score" on top of it said the same twice (QA, author).
                ok = False
            na = r.get(om, "not_applicable", where, "true or false", lambda v: isinstance(v, bool), False, item)
            dk = r.get(om, "dont_know", where, "true or false", lambda v: isinstance(v, bool), False, item)
            exclusive = r.get(om, "exclusive", where, "true or false", lambda v: isinstance(v, bool), False, item)
            if exclusive and qtype != "multiple":
                r.add(ErrorCode.OPTION_RULES, om.line_of("exclusive"), item,
                      problem=f"Option '{value}' is exclusive, which only applies to a multiple question; "
                              "one answer of a single question stands alone anyway")
                ok = False
            if (na or dk) and score is not None:
                r.add(ErrorCode.OPTION_RULES, om.line_of("score"), item,
                      problem=f"Option '{value}' is {'not_applicable' if na else 'dont_know'} and cannot have a score; "
                              "it is counted automatically")
                ok = False
            if na and dk:
                r.add(ErrorCode.OPTION_RULES, om.line, item, problem=f"Option '{value}' cannot be both not_applicable and dont_know")
                ok = False
            if value is None or label is None:
                ok = False
                continue
            if value in option_lines:
                r.add(ErrorCode.DUPLICATE_ID, om.line_of("value"), item, kind="option value", id=value,
                      other=f"{r.file}:{option_lines[value]}")
                ok = False
            option_lines.setdefault(value, om.line_of("value"))
            options.append(Option(value, label, score, na, dk, bool(exclusive)))
        if ok and len(options) < 2:
            r.add(ErrorCode.BAD_VALUE, m.line_of("options"), item, key="options", where=item, given="one option",
                  expected="give at least two options")
            ok = False
        if ok and any(o.score is not None for o in options):
            for o, entry in zip(options, raw):
                if o.score is None and not (o.not_applicable or o.dont_know):
                    r.add(ErrorCode.MISSING_SCORE, entry.line, item, value=o.value, question=item.split(": ")[1])
                    ok = False
        return tuple(options) if ok else None

    def _recommendation(self, data: Any, r: _FileReader, i: int, step_id: str, line: int) -> Recommendation | None:
        where = _named(data, "recommendation", i)
        m = r.mapping(data, where, ("id", "when_answer", "when_level", "when_gap", "when", "urgent", "text", "tools"),
                      ("id", "text"), line=line)
        if m is None:
            return None
        rid = r.identifier(m, "id", where)
        item = f"recommendation: {rid}"
        text = r.text(m, "text", where, item)
        urgent = r.get(m, "urgent", where, "true or false", lambda v: isinstance(v, bool), False, item)
        tools = r.get(m, "tools", where, "a list of tool ids", _list_of_ids, [], item)
        kinds = [k for k in ("when_answer", "when_level", "when_gap") if k in m]
        # Optional, with any kind: the recommendation is given only while this holds as well
        # (`when: null` is no condition, as `condition: null` is for a question).
        when, when_ok = r.condition(m, "when", item)
        trigger = None
        if len(kinds) != 1:
            r.add(ErrorCode.BAD_VALUE, m.line, item, key="when_answer/when_level/when_gap", where=where,
                  given=f"{len(kinds)} of them", expected="give exactly one of when_answer, when_level, when_gap")
        elif kinds[0] == "when_answer":
            am = r.mapping(m["when_answer"], "when_answer", ("question", "values"), ("question", "values"), item, m.line_of("when_answer"))
            if am is not None:
                question = r.get(am, "question", "when_answer", "a question id", lambda v: isinstance(v, str), None, item)
                values = r.get(am, "values", "when_answer", "a non-empty list of option values",
                               lambda v: _list_of_ids(v) and len(v) > 0, None, item)
                if question and values:
                    trigger = Trigger(question=question, values=tuple(values), when=when)
        elif kinds[0] == "when_level":
            levels = r.get(m, "when_level", where, "a list of levels from 1 to 5",
                           lambda v: isinstance(v, list) and bool(v) and all(_is_int(x) and 1 <= x <= 5 for x in v), None, item)
            if levels:
                trigger = Trigger(levels=tuple(levels), when=when)
        else:
            gap = r.get(m, "when_gap", where, "a whole number from 1 to 4", lambda v: _is_int(v) and 1 <= v <= 4, None, item)
            if gap:
                trigger = Trigger(gap=gap, when=when)
        if None in (rid, text, trigger) or not when_ok:
            # Its tools are not "never shown" on top of the recommendation's own problem (QA, author).
            named_tools = m.get("tools")
            if _list_of_ids(named_tools):
                self.broken_ids.update(named_tools)
            return None
        return Recommendation(rid, step_id, text, trigger, tuple(tools), urgent, Location(r.file, m.line))  # type: ignore[arg-type]

    # -- tools.yaml ----------------------------------------------------------------------

    def _tools(self, data: Any, r: _FileReader) -> tuple[Tool, ...]:
        m = r.mapping(data, "tools.yaml", ("tools",), ("tools",))
        # `tools:` with nothing after it is an empty catalogue, not a broken one.
        if m is None or "tools" not in m or not isinstance(m["tools"], (list, type(None))):
            self.tools_catalogue_broken = True
        if m is None:
            return ()
        tools: list[Tool] = []
        for i, entry in enumerate(self._list(m, "tools", r, "tools.yaml")):
            named = isinstance(entry, LocatedDict) and isinstance(entry.get("id"), str)
            where = f"tool '{entry['id']}'" if named else f"tool {i + 1}"
            tm = r.mapping(entry, where, ("id", "title", "url", "description", "steps", "title_language", "language"),
                           ("id", "title", "url", "description", "steps"), line=m.line_of("tools"),
                           item=f"tool: {entry['id']}" if named else None)
            if tm is None:
                if named:
                    # Known by its id, so the recommendations that name it are not "unknown" too.
                    self.broken_ids.add(entry["id"])
                continue
            tid = r.identifier(tm, "id", where)
            item = f"tool: {tid}"
            title = r.text(tm, "title", where, item)
            if isinstance(tm.get("url"), str):
                tm["url"] = tm["url"].strip()  # quotes keep spaces around it that YAML would drop
            url = _web_address(r, tm, where, item)
            description = r.text(tm, "description", where, item)
            steps = r.get(tm, "steps", where, "a list of step ids", _list_of_ids, None, item)
            title_language = r.get(tm, "title_language", where, "a language code such as en", _language_code, None, item)
            # A publication in another language under a title in the questionnaire's (QA, adviser:
            # two English pages were said to be Dutch, their titles being Dutch descriptions).
            language = r.get(tm, "language", where, "a language code such as en", _language_code, None, item)
            if None in (tid, title, url, description, steps):
                if tid:
                    self.broken_ids.add(tid)
                continue
            tools.append(Tool(tid, title, url, description, tuple(steps), Location(r.file, tm.line),  # type: ignore[arg-type]
                              title_language, language or ""))
        return tuple(tools)


def _language_code(value: Any) -> bool:
    return isinstance(value, str) and re.match(r"^[a-z]{2}$", value) is not None


def _condition_place(path: str) -> str:
    """"condition", "condition in 'when'", "condition (any, part 2)": where in a condition, in
    words (QA, review: "Invalid when.any, part 2" for a cap)."""
    key, _, rest = path.partition(".")
    place = "condition" if key == "condition" else f"condition in '{key}'"
    return f"{place} ({rest})" if rest else place


def _web_address(r: _FileReader, data: LocatedDict, where: str, item: str) -> str | None:
    """A tool's `url`: an http(s) address that the pages show as a link, by the same rule as a
    link in a Markdown text, and without spaces (`richtext.why_no_web_page`). The
    message names what is wrong and shows the spot (QA, author: an address with a space in it
    was told to start with https://, which it did, and the space was cut out of view)."""
    value = data.get("url")
    if not isinstance(value, str) or not re.match(r"^https?://", value, re.IGNORECASE):
        return r.get(data, "url", where, "a web address starting with http:// or https://", lambda v: False, None, item)
    why = why_no_web_page(value)
    if why is None:
        return value
    space = re.search(r"\s", value)
    shown = value if len(value) < 60 else (
        "…" + value[max(0, space.start() - 25): space.start() + 25] + "…" if space else value[:57] + "…")
    r.add(ErrorCode.BAD_VALUE, data.line_of("url"), item, key="url", where=where, given=f"'{shown}'", expected=why)
    return None


def _missing_colon_hint(data: LocatedDict, key: Any, allowed: tuple[str, ...], with_comma: bool) -> str:
    """A key with no value is often not meant as a key (QA, author): `label "Ja"` lacks its
    colon, and inside `{ }` the comma of `label: Ja, mondeling` starts a new key (asked only
    when the key is no misspelt one, `with_comma`)."""
    if not isinstance(key, str) or data[key] is not None:
        return ""
    first = key.split()[0] if key.split() else ""
    if not with_comma:
        return f". Is the ':' after '{first}' missing? Write {first}: and then its value" if first != key and first in allowed else ""
    line = data.line_of(key)
    if any(other != key and data.line_of(str(other)) == line for other in data):
        return ". Inside { } a comma starts a new key: put a text with a comma in quotes, such as label: \"Ja, mondeling\""
    return ""


def load_questionnaire(path: str | Path, validate: bool = True) -> Questionnaire:
    """Load and (by default) validate a questionnaire folder; raise QuestionnaireInvalid with every issue."""
    loader = Loader(Path(path))
    questionnaire = loader.load()
    issues = list(loader.issues)
    waiting = None
    if validate and loader.unreadable:
        waiting = WAITING_FOR_FILES
    elif validate:
        from .validation import validate_model

        found, waiting = validate_model(questionnaire, loader.broken_ids, loader.version_line, earlier=issues)
        issues += found
    if issues:
        raise QuestionnaireInvalid(issues, checks_waiting=waiting)
    return questionnaire
