"""Where the shipped questionnaire lives, for the CLI and the website alike."""

from __future__ import annotations

import os
from pathlib import Path

# The repository's questionnaires/ folder, next to the package (an editable install or a checkout).
SHIPPED_QUESTIONNAIRE = Path(__file__).resolve().parent.parent / "questionnaires"


def default_questionnaire_path() -> Path:
    """QUESTIONNAIRE_PATH if set, else ./questionnaires if present, else the shipped folder."""
    configured = os.environ.get("QUESTIONNAIRE_PATH")
    if configured:
        return Path(configured)
    local = Path.cwd() / "questionnaires"
    return local if (local / "questionnaire.yaml").exists() else SHIPPED_QUESTIONNAIRE


def content_translations_path(questionnaire_folder: Path, given: str | None = None) -> Path:
    """The questionnaire's translation catalogs: `given` (a --translations option), else
    QUESTIONNAIRE_TRANSLATIONS as the website reads it, else translations/ beside the folder.
    One rule, so `score --lang en` prints what the website's outcome holds (QA, parity)."""
    if given:
        return Path(given)
    configured = os.environ.get("QUESTIONNAIRE_TRANSLATIONS")
    if configured:
        return Path(configured)
    return questionnaire_folder.resolve().parent / "translations"
