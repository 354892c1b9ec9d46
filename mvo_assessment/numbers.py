"""How large a number may be, wherever one is written: an answer, a question's limits, a
value in a condition.

A number answer has at most NUMBER_DIGITS digits before the decimal point. A larger one is a
typing mistake, and up to it Python and the browser script (static/js/conditions.js,
readNumber, which refuses the same numbers) hold every whole number exactly (QA, code review:
10^25 was saved, and every page that showed it gave a 500 from then on). A questionnaire's
numbers keep to the same size, so that no limit or condition speaks of numbers no answer can
be, and none is infinite (`.inf` in YAML), which JSON cannot write (QA, contracts: `show --json`
printed `Infinity`, and a 400-digit condition value crashed `validate`).
"""

from __future__ import annotations

import math

NUMBER_DIGITS = 15


def too_large(number: int | float) -> bool:
    """Whether a number has more digits before the decimal point than NUMBER_DIGITS."""
    return abs(number) >= 10**NUMBER_DIGITS


def usable_number(value: object) -> bool:
    """A number (not a bool), finite, and not `too_large`."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value) and not too_large(value)
    except OverflowError:  # a whole number too large for a float
        return False


def whole_as_int(value: int | float) -> int | float:
    """A whole float as the int it is (12.0 -> 12), as far as a float holds whole numbers
    exactly (2**53): beyond, int() would show float noise. One rule for the stored answer,
    a number on a page and a number quoted from a file."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value
