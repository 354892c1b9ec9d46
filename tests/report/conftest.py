"""Fixtures for the report tests: the small documented example questionnaire, answers that
trigger every part of the report, and a PDF rendered once per module (WeasyPrint is slow)."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from mvo_assessment.loader import load_questionnaire
from mvo_assessment.model import Questionnaire
from mvo_assessment.scoring import score

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "example-questionnaire"
SHIPPED = ROOT / "questionnaires"
EXAMPLES = ROOT / "examples"
GENERATED_ON = date(2025, 3, 3)
TOOL_URL = "https://www.example.org/hulpmiddel"

# A middle-sized importer that does little yet: level 1 against target 3, so the gate,
# urgent-gap and level recommendations all fire; "weet ik niet" gives a follow-up item;
# "leveranciers" is shown because import is "ja".
ANSWERS: dict[str, Any] = {
    "grootte": "middel",
    "import": "ja",
    "beleid": "weet_niet",
    "leveranciers": "nee",
    "tevredenheid": 2,
}


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    return load_questionnaire(EXAMPLE)


@pytest.fixture(scope="session")
def result(questionnaire: Questionnaire) -> dict[str, Any]:
    return score(questionnaire, ANSWERS)


@pytest.fixture
def example_dir(tmp_path: Path) -> Path:
    target = tmp_path / "q"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture(scope="session")
def pdf_bytes(questionnaire: Questionnaire, result: dict[str, Any]) -> bytes:
    from mvo_assessment.report import render_report_pdf

    return render_report_pdf(questionnaire, ANSWERS, result, generated_on=GENERATED_ON, company_name="Koffie B.V.")


@pytest.fixture(scope="session")
def pdf(pdf_bytes: bytes) -> Any:
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf_bytes))
