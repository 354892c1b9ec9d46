"""'Did you mean …?' hints for misspelled names."""

from __future__ import annotations

import unicodedata
from typing import Iterable


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance; names are short, so the plain dynamic programme is enough."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def closest(name: str, candidates: Iterable[str], max_distance: int = 2) -> str | None:
    # Names whose lengths differ by more than max_distance are further apart than that: skipping
    # them keeps a made-up name of thousands of characters from costing seconds (QA: an answers
    # file's unknown key of 10 000 characters took 11 s here, and the website reads uploads so).
    scored = sorted((edit_distance(name, c), c) for c in candidates if abs(len(c) - len(name)) <= max_distance)
    if scored and scored[0][0] <= max_distance:
        return scored[0][1]
    return None


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """A sentence tail such as " Did you mean 'type'?" or an empty string. Where the two look
    alike on screen, it names the characters that differ: "'grооtte'? Did you mean 'grootte'?"
    read as nonsense when the о's were Cyrillic (QA, command line)."""
    match = closest(name, candidates)
    if not match:
        return ""
    # Letters with accents are what they look like ("ideeën" for 'ideeen'): only a character
    # that is no Latin letter with or without its marks is a lookalike (QA, review).
    odd = [c for c in dict.fromkeys(name) if c not in match and not _without_marks(c).isascii()]
    if odd and len(name) == len(match):
        written = ", ".join(f"U+{ord(c):04X}" for c in odd)
        return f". Did you mean '{match}'? The name holds characters that only look like its letters ({written})"
    return f". Did you mean '{match}'?"


def _without_marks(character: str) -> str:
    # NFD, not NFKD: that would also fold a fullwidth ｅ or a mathematical 𝐨 into ASCII, which
    # are lookalikes (QA, review).
    return "".join(c for c in unicodedata.normalize("NFD", character) if not unicodedata.combining(c))

