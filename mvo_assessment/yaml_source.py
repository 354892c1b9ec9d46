"""Read one YAML file safely and keep the line number of every mapping and key.

Safety: the safe loader only, a size limit, a nesting limit, and no anchors, aliases or tags
at all: the questionnaire never needs them, and refusing them outright defeats "billion laughs"
expansion before anything is built.
"""

from __future__ import annotations

import errno
import math
import re
import stat
import sys

from pathlib import Path
from typing import Any

import yaml

from .numbers import NUMBER_DIGITS

MAX_FILE_BYTES = 512 * 1024
# The shipped questionnaire nests 9 levels deep (a condition of `all`/`any` adds two a level).
# Far deeper is no questionnaire: libyaml's loader builds nested lists in C, one stack frame a
# level, and died with a segmentation fault at 40 000 levels; PyYAML's constructor ran out of
# Python stack at ~600 nested mappings (QA). 50 leaves room for any real condition, and stays
# far below both.
MAX_NESTING = 50

# The C parser is several times faster; fall back to the pure-Python one where it is missing.
_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LocatedDict(dict):  # type: ignore[type-arg]
    """A mapping that remembers where it and each of its keys stand in the file."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LocatingLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LocatedDict:
        self.flatten_mapping(node)
        mapping = LocatedDict()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                )
            if key in mapping:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key '{key}' appears twice in one mapping", key_node.start_mark
                )
            mapping[key] = self.construct_object(value_node, deep=deep)
            mapping.key_lines[str(key)] = key_node.start_mark.line + 1
        return mapping

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        """A whole number, or a located error: Python refuses to read (or print) one of more
        than sys.int_max_str_digits digits, with a ValueError that was a traceback (QA: `weight:
        1` and 5000 zeros); `1:00:00:…`, base 60, builds one as long without reading it."""
        limit = sys.get_int_max_str_digits()
        try:
            number: int = super().construct_yaml_int(node)
        except ValueError:
            digits = sum(character.isdigit() for character in str(node.value))
            if limit and digits > limit:
                raise _unreadable(f"a number of {digits} digits is too long to read", node) from None
            # `0x_`: the resolver takes it for a number, int() finds no digit in it.
            raise _unreadable(f"'{node.value}' cannot be read as a number", node) from None
        # Digits of `number` from its size, without printing it (that is what fails).
        digits = int(number.bit_length() * math.log10(2)) + 1
        if limit and digits > limit:
            raise _unreadable(f"a number of about {digits} digits is too long to read", node)
        return number

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """`2024-02-30` looks like a date to YAML, and datetime refuses it with a ValueError."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as error:
            raise _unreadable(f"'{node.value}' reads as a date, but is not one: {error}", node) from None


def _unreadable(problem: str, node: yaml.Node) -> yaml.constructor.ConstructorError:
    """A value YAML cannot build, at its place in the file (read_yaml adds line and column)."""
    return yaml.constructor.ConstructorError(None, None, problem, node.start_mark)


_LocatingLoader.add_constructor("tag:yaml.org,2002:map", _LocatingLoader.construct_mapping)
_LocatingLoader.add_constructor("tag:yaml.org,2002:int", _LocatingLoader.construct_yaml_int)
_LocatingLoader.add_constructor("tag:yaml.org,2002:timestamp", _LocatingLoader.construct_yaml_timestamp)


class YamlProblem(Exception):
    def __init__(self, kind: str, message: str, line: int | None = None, **context: object) -> None:
        super().__init__(message)
        self.kind = kind  # "syntax" | "unsafe" | "size"
        self.message = message
        self.line = line
        self.context = context


# PyYAML's words for the two slips content authors make most, and what to do about them.
_TABS = ". Use spaces, not tabs, at the start of a line"
_INDENTATION = ". Check the spaces at the start of this line and the one before (two per level, no tabs)"
_HINTS = (
    ("mapping values are not allowed", ". A colon followed by a space inside a text? Put the whole text in quotes"),
    ("expected <block end>", _INDENTATION),
    ("expected '-' indicator", _INDENTATION),
    ("did not find expected key", _INDENTATION),
    ("found character '\\t'", _TABS),
    ("digits is too long to read", f". A questionnaire's numbers have at most {NUMBER_DIGITS} digits"),
    ("reads as a date", ". Put it in quotes if it is meant as a text"),
    ("cannot be read as a number", ". Put it in quotes if it is meant as a text"),
)


def _hint(problem: str) -> str:
    return next((hint for words, hint in _HINTS if words in problem), "")


def _tab_in_indentation(text: str, line: int) -> bool:
    """Whether line `line` (1-based), where PyYAML stopped, is indented with a tab: its words
    for it vary ("cannot start any token", "violates indentation") and never say "tab" in
    plain words (QA, author). Only that line: a tab inside a block text before it is allowed
    (QA, review: it took over the hint of a colon on the next line)."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return False
    candidate = lines[line - 1]
    return "\t" in candidate[: len(candidate) - len(candidate.lstrip())]


_NO_BREAK_SPACE = (". An invisible no-break space (often pasted from a word processor) is at the start of this "
                   "line or the one before: replace it with normal spaces")


def _no_break_space_in_indentation(text: str, line: int) -> bool:
    """Whether line `line` or the one before starts with a no-break space: YAML sees it as text,
    not indentation, and says so a line late in words about spaces (QA, author)."""
    lines = text.splitlines()
    for candidate in lines[max(0, line - 2): line]:
        indentation = candidate[: len(candidate) - len(candidate.lstrip(" \t\u00a0"))]
        if "\u00a0" in indentation:
            return True
    return False


def _list_item_without_colon(text: str, line: int | None) -> tuple[int, str] | None:
    """(line, key) of a list item just before `line` that reads `- key value`, a key without
    its colon; None when there is none."""
    lines = text.splitlines()
    if line is None or not 2 <= line <= len(lines):
        return None
    before = next(((number, candidate) for number, candidate in reversed(list(enumerate(lines[: line - 1], 1)))
                   if candidate.strip() and not candidate.lstrip().startswith("#")), None)
    if before is None:
        return None
    match = re.fullmatch(r"\s*-\s+([a-z_][a-z0-9_]*)\s+[^:#]+", before[1])
    return (before[0], match.group(1)) if match else None


def _indented_deeper(text: str, line: int) -> bool:
    """Whether line `line` (1-based) starts further in than the last line before it that holds
    something, and that line does not open a block (it does not end with a colon)."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return False
    here = lines[line - 1]
    before = next((candidate for candidate in reversed(lines[: line - 1]) if candidate.strip()
                   and not candidate.lstrip().startswith("#")), None)
    if before is None or before.rstrip().endswith(":"):
        return False
    return len(here) - len(here.lstrip(" ")) > len(before) - len(before.lstrip(" "))


def _tag_as_written(tag: str) -> str:
    """`tag:yaml.org,2002:int` as the author wrote it, `!!int`; a long one cut short."""
    shown = "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
    return shown if len(shown) <= 40 else shown[:39] + "…"


def read_yaml(path: Path) -> Any:
    """Parse `path`, or raise YamlProblem with a line number."""
    status = path.stat()
    if stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, "it is a folder, not a file")
    if not stat.S_ISREG(status.st_mode):
        # A named pipe blocked `validate` for good, waiting for a writer (QA, command line).
        raise OSError(errno.EINVAL, "it is not a regular file (a pipe or a device)")
    size = status.st_size
    if size > MAX_FILE_BYTES:
        raise YamlProblem("size", "too large", None, size=size, limit=MAX_FILE_BYTES)
    text = path.read_text(encoding="utf-8", errors="strict")
    try:
        depth = 0
        # Events only, nothing built: this pass reads any depth, and stops at the first of
        # these problems before yaml.load would build (or blow up on) the rest.
        for event in yaml.parse(text, Loader=_BaseLoader):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlProblem(
                    "unsafe",
                    "YAML anchors and aliases (&name, *name) are not allowed in a questionnaire",
                    line,
                )
            tag: str | None = getattr(event, "tag", None)
            if tag:
                # Not only !!python/…: `!!bool maybe`, `!!int x` and `!!set [1]` are tracebacks
                # (KeyError, ValueError, TypeError) in the safe constructor itself, and a
                # questionnaire needs no tag: plain YAML says what every value is.
                raise YamlProblem(
                    "unsafe",
                    f"YAML tags (here {_tag_as_written(tag)}) are not allowed in a questionnaire; "
                    "write the value without it",
                    line,
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    column = event.start_mark.column + 1 if event.start_mark else None
                    raise YamlProblem(
                        "unsafe",
                        f"Lists and mappings nested more than {MAX_NESTING} deep"
                        + (f" (column {column})" if column else "")
                        + "; a questionnaire needs about 10 at most",
                        line,
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.load(text, Loader=_LocatingLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or str(error)
        hint = _hint(problem)
        if "mapping values are not allowed" in problem and line is not None and _indented_deeper(text, line):
            # "key: value" on a line indented further than a "key: value" line before it reads as
            # a colon inside the first value: the spaces, not quotes, are the mend (QA).
            hint = _INDENTATION
        item_line = _list_item_without_colon(text, line) if "mapping values are not allowed" in problem else None
        if line is not None and _tab_in_indentation(text, line):
            hint = _TABS
        elif line is not None and _no_break_space_in_indentation(text, line):
            hint = _NO_BREAK_SPACE
        elif item_line is not None:
            # `- id s1_x` and then `type: single`: the colon after the list item's key is
            # missing, not the spaces of the next line (QA, author).
            line, key = item_line
            hint = f". Is the ':' after '{key}' on line {line} missing? Write - {key}: and then its value"
        elif "could not find expected ':'" in problem and error.context_mark is not None:
            # PyYAML notices the missing colon on the line after it, in a parser's words; the
            # key it was reading is on the line to mend (QA, author: `type single`).
            key_line = error.context_mark.line + 1
            words = text.splitlines()[key_line - 1].split() if key_line <= len(text.splitlines()) else []
            key = words[0].lstrip("-") if words and words[0] != "-" else (words[1] if len(words) > 1 else "")
            line = key_line
            glued = re.fullmatch(r"([a-z_][a-z0-9_]*):(\S.*)", key)
            if glued:
                # `type:single`: YAML needs a space after the colon (QA, author).
                hint = f". Put a space after the ':' of '{glued.group(1)}': write {glued.group(1)}: {glued.group(2)}"
            elif re.fullmatch(r"[a-z_][a-z0-9_]*", key):
                hint = (f". Is the ':' after '{key}' missing? Write {key}: and then its value"
                        " (a text that runs over several lines goes in quotes)")
            else:
                # A line of text, not a key (QA, review: "Write Heeft: …" for a sentence).
                hint = (". A line of text where a key was expected: is it part of the text above? "
                        "Then put that whole text in quotes, or indent it further")
            # The column PyYAML gives is on the line after this one: left out, not misplaced.
            problem = "could not find the ':' of a key"
        elif error.problem_mark is not None:
            problem += f" (column {error.problem_mark.column + 1})"
        if error.context and error.context_mark is not None and (
            error.problem_mark is None or error.context_mark.index != error.problem_mark.index
        ):
            # The parser notices a mistake where it cannot go on, often a line after it: the
            # place it started from (an unclosed bracket, a quote) is where to look.
            start = error.context_mark
            problem += f"; {error.context} that begins on line {start.line + 1}, column {start.column + 1}"
        problem += hint
        if isinstance(error, yaml.constructor.ConstructorError) and "tag" in problem:
            raise YamlProblem("unsafe", f"YAML tags are not allowed: {problem}", line) from None
        if isinstance(error, yaml.constructor.ConstructorError):
            raise YamlProblem("syntax", problem, line) from None
        raise YamlProblem("syntax", problem, line) from None
    except yaml.YAMLError as error:
        raise YamlProblem("syntax", str(error), None) from None
