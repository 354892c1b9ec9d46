"""The optional company name on a report: one rule for the website and the CLI.

The name is never stored; it only tells the reports of different companies apart (an adviser
keeps several). Runs of spaces, tabs and line breaks become one space; other invisible
characters are refused rather than silently dropped, so what is printed is what was typed.
"""

from __future__ import annotations

import unicodedata

COMPANY_NAME_MAX = 100


class CompanyNameProblem(ValueError):
    # Not a frozen dataclass: Python sets an exception's __traceback__ and __context__ by
    # assignment in places (contextlib), which a frozen class would refuse.
    def __init__(self, kind: str, length: int, before: str = "") -> None:
        super().__init__(kind, length)
        self.kind = kind  # "invisible" (a control or format character) or "too_long"
        self.length = length
        # The visible text just before an invisible character: where to look for it, since the
        # field shows nothing there (QA, accessibility: "Acme BV" looked right).
        self.before = before


# Joiners are format characters that real names need: Persian writes with the zero-width
# non-joiner ("می‌آید"), and emoji sequences (a flag, a family) hold the zero-width joiner (QA,
# command line: such names were refused as invisible). Other format characters are refused:
# a zero-width space or a direction override would make the printed name differ from the seen one.
NAME_JOINERS = frozenset("\u200c\u200d")
# The direction marks of Hebrew and Arabic text (LRM, RLM, ALM): common in a name copied from a
# web page or a document, and unlike an override they cannot make the printed name differ from
# the typed one (QA, right-to-left: a pasted Hebrew name was refused as invisible).
DIRECTION_MARKS = frozenset("\u200e\u200f\u061c")


def is_right_to_left(text: str) -> bool:
    """Whether `text` reads from right to left: its first letter with a strong direction is
    Hebrew, Arabic or of another such script (the Unicode bidirectional algorithm, P2 and P3)."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def holds_right_to_left(text: str) -> bool:
    """Whether any letter of `text` is right to left, or it holds a direction mark: such a text
    beside a date draws the date's digits into its run, wherever in it that letter is (QA,
    review: "Acme النور" before a date, "Acme" with a trailing RLM)."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") or c in DIRECTION_MARKS for c in text)


def text_direction(text: str) -> str:
    """`dir` for a text typed by the visitor, for WeasyPrint, which does not read `dir="auto"`."""
    return "rtl" if is_right_to_left(text) else "ltr"


def clean_company_name(given: str) -> str | None:
    """The name as it goes on the report, None when none was given; raises CompanyNameProblem."""
    name = " ".join(given.split())
    for index, character in enumerate(name):
        if unicodedata.category(character).startswith("C") and not _joining(name, index) and character not in DIRECTION_MARKS:
            raise CompanyNameProblem("invisible", len(name), name[max(0, index - 20):index].lstrip())
    if name and not any(_visible(character) for character in name):
        # Marks, variation selectors and blank fillers alone look like no name at all (QA, review).
        raise CompanyNameProblem("invisible", len(name))
    if len(name) > COMPANY_NAME_MAX:
        raise CompanyNameProblem("too_long", len(name))
    return name or None


def _joining(name: str, index: int) -> bool:
    """A joiner between two characters it can join: at either end, or beside another invisible
    character, it joins nothing and only hides (a name of one joiner looked empty; QA, review)."""
    if name[index] not in NAME_JOINERS or index == 0 or index == len(name) - 1:
        return False
    return not any(unicodedata.category(c).startswith("C") or c.isspace() for c in (name[index - 1], name[index + 1]))


# Letters and symbols that print as nothing: the Hangul fillers and the blank Braille pattern.
BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _visible(character: str) -> bool:
    return unicodedata.category(character)[0] in "LNPS" and character not in BLANK_LOOKING
