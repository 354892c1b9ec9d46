"""The rules of each released version, recorded, so that a change of the rules under a version
already released is caught where the author works (`validate`) and before a site serves it.

A result is reproducible by its questionnaire version only while a version's rules never
change: the same answers file with the same version then always scores alike. An author who
changed a score and forgot to raise `version` was told nothing (the check lived in the test
suite, for the shipped folder only), and the website then fitted nothing, showed a removed
option's value as the answer, and scored last year's rounds otherwise under the same version
(QA, release). The folder's `rules-fingerprints.json` maps each released version to a digest
of its rules; a folder without one is not checked.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from ..errors import ErrorCode, Issue, make_issue
from ..model import Questionnaire

RECORD_FILE = "rules-fingerprints.json"

# Wording (docs/questionnaire-format.md, "Versions": a change of wording only keeps the version),
# where the folder is, and the tools catalogue (names, addresses, general help) do not change a
# result's levels or actions; neither do the derived fields (compare=False: indexes, locations).
NOT_RULES = frozenset({
    "title", "intro", "text", "help", "label", "min_label", "max_label", "name", "description", "reason",
    "default_reason", "level_descriptions", "language", "version", "source_path",
})
# Fields the model gained after a version was recorded: at their default (None) they are left
# out, so that an earlier version's content still has the fingerprint recorded for it.
ADDED_LATER = frozenset({("Trigger", "when")})


def _rules(value: object) -> object:
    """What of the model can change a result, as plain JSON: every field but wording."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        kept = {
            field.name: _rules(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.compare and field.name not in NOT_RULES and not (name == "Questionnaire" and field.name == "tools")
            and not ((name, field.name) in ADDED_LATER and getattr(value, field.name) is None)
        }
        return {"_type": name, **kept}
    if isinstance(value, Mapping):
        return {str(key): _rules(item) for key, item in sorted(value.items(), key=lambda pair: str(pair[0]))}
    if isinstance(value, (tuple, list)):
        return [_rules(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_rules(item) for item in value)  # type: ignore[type-var]
    return value


def rules_fingerprint(questionnaire: Questionnaire) -> str:
    """16 hex digits of a digest of the rules: equal for two folders that score alike."""
    canonical = json.dumps(_rules(questionnaire), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def has_record(questionnaire: Questionnaire) -> bool:
    return (Path(questionnaire.source_path) / RECORD_FILE).is_file()


def recorded_fingerprints(folder: Path) -> dict[str, str] | None:
    """The folder's record, None without one; raises ValueError saying what is wrong with it."""
    path = folder / RECORD_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as problem:
        raise ValueError(f"it cannot be read as JSON ({problem})") from None
    if not isinstance(data, dict) or not all(isinstance(key, str) and isinstance(item, str) for key, item in data.items()):
        raise ValueError('it must be one object of versions and fingerprints, such as {"1.0": "0123456789abcdef"}')
    return data


def check(questionnaire: Questionnaire, version_line: int | None) -> list[Issue]:
    folder = Path(questionnaire.source_path)
    try:
        recorded = recorded_fingerprints(folder)
    except ValueError as problem:
        return [make_issue(ErrorCode.BAD_RULES_RECORD, RECORD_FILE, None, None, problem=str(problem))]
    if recorded is None or questionnaire.version not in recorded:
        return []
    fingerprint = rules_fingerprint(questionnaire)
    if recorded[questionnaire.version] == fingerprint:
        return []
    return [make_issue(ErrorCode.VERSION_NOT_RAISED, "questionnaire.yaml", version_line, None,
                       version=questionnaire.version, record=RECORD_FILE, fingerprint=fingerprint)]


def unrecorded_version_note(questionnaire: Questionnaire) -> str | None:
    """For `validate`: a version the record does not hold yet is one still being written; say
    how to record it on release (the check above then holds its rules)."""
    try:
        recorded = recorded_fingerprints(Path(questionnaire.source_path))
    except ValueError:
        return None
    if recorded is None or questionnaire.version in recorded:
        return None
    return (f"Version {questionnaire.version} is not in {RECORD_FILE} yet. When you release it, add "
            f"\"{questionnaire.version}\": \"{rules_fingerprint(questionnaire)}\" there, so that its rules cannot "
            "change without a new version.")
