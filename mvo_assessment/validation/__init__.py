"""Semantic checks on a loaded questionnaire; each module checks one topic and returns issues.

The loader has already checked the structure of every file; these checks need the whole
model (references between files, order, satisfiability, reachability).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import WAITING_FOR_PROBLEMS, WAITING_FOR_REFERENCES, Issue
from ..model import Questionnaire
from . import identity, links, reachability, references, satisfiability, versions


def validate_model(
    questionnaire: Questionnaire,
    broken_ids: set[str] | frozenset[str] = frozenset(),
    version_line: int | None = None,
    earlier: Sequence[Issue] = (),
) -> tuple[list[Issue], str | None]:
    """The problems of the whole model, and which checks waited for them to be mended (None when
    every check ran). `earlier` are the loader's own: the released rules are compared only
    for a model without any problem, whose fingerprint means something."""
    issues: list[Issue] = []
    identity_issues = identity.check(questionnaire)
    issues += identity_issues
    issues += links.check(questionnaire)
    # A question id declared twice means two questions to every reference to it: checking those
    # would report "comes later" and "not one of its options" about the wrong one (QA: one
    # reused id gave twelve messages, ten of them false). The duplicate itself is reported.
    doubled = identity.duplicate_question_ids(questionnaire)
    reference_issues = references.check(questionnaire, frozenset(broken_ids) | doubled)
    issues += reference_issues
    # Satisfiability and reachability reason over references and ids; on broken ones they would
    # only repeat the same problem in other words.
    if reference_issues or identity_issues:
        return issues, WAITING_FOR_REFERENCES
    issues += satisfiability.check(questionnaire)
    issues += reachability.check(questionnaire, frozenset(broken_ids))
    if not issues and not earlier:
        return versions.check(questionnaire, version_line), None
    # The released rules are compared on a model without problems only, so that check waits:
    # said, or a forgotten version bump came up only on the next run (QA, review).
    return issues, (WAITING_FOR_PROBLEMS if versions.has_record(questionnaire) else None)
