"""'Did you mean …?' hints for misspelled names."""

from __future__ import annotations

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
    """A sentence tail such as " Did you mean 'type'?" or an empty string."""
    match = closest(name, candidates)
    return f". Did you mean '{match}'?" if match else ""
