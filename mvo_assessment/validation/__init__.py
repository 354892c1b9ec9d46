"""Semantic checks on a loaded questionnaire; each module checks one topic and returns issues.

The loader has already checked the structure of every file; these checks need the whole
model (references between files, order, satisfiability, reachability).
"""

from __future__ import annotations

from ..errors import Issue
from ..model import Questionnaire
from . import identity, reachability, references, satisfiability


def validate_model(questionnaire: Questionnaire, broken_ids: set[str] | frozenset[str] = frozenset()) -> list[Issue]:
    issues: list[Issue] = []
    issues += identity.check(questionnaire)
    reference_issues = references.check(questionnaire, frozenset(broken_ids))
    issues += reference_issues
    # Satisfiability and reachability reason over references; on broken ones they would only
    # repeat the same problem in other words.
    if not reference_issues:
        issues += satisfiability.check(questionnaire)
        issues += reachability.check(questionnaire)
    return issues
