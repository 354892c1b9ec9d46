"""Semantic checks on a loaded questionnaire; each module checks one topic and returns issues.

The loader has already checked the structure of every file; these checks need the whole
model (references between files, order, satisfiability, reachability).
"""

from __future__ import annotations

from ..errors import Issue
from ..model import Questionnaire
from . import identity, links, reachability, references, satisfiability


def validate_model(questionnaire: Questionnaire, broken_ids: set[str] | frozenset[str] = frozenset()) -> list[Issue]:
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
    if not reference_issues and not identity_issues:
        issues += satisfiability.check(questionnaire)
        issues += reachability.check(questionnaire, frozenset(broken_ids))
    return issues
