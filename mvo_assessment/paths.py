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
