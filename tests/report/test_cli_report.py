"""`mvo-assessment report` as a user runs it: real subprocesses, exit codes, no tracebacks."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import ANSWERS, EXAMPLE, TOOL_URL


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mvo_assessment.cli", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def answers_path(tmp_path: Path) -> Path:
    path = tmp_path / "antwoorden.json"
    path.write_text(json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": ANSWERS}))
    return path


def test_report_writes_a_pdf_and_a_csv(tmp_path: Path, answers_path: Path) -> None:
    output, actions = tmp_path / "rapport.pdf", tmp_path / "acties.csv"
    done = run("report", str(answers_path), "--output", str(output), "--questionnaire", str(EXAMPLE),
               "--csv", str(actions), "--separator", ";")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    reader = PdfReader(io.BytesIO(output.read_bytes()))
    assert len(reader.pages) >= 2
    rows = list(csv.reader(io.StringIO(actions.read_text(encoding="utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][0] == "Prioriteit" and TOOL_URL in rows[1][3]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"questionnaire": "voorbeeld", ', "[line 1, column 32] invalid JSON"),
        (json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"beleid": "misschien"}}),
         "[answers.beleid] 'misschien' is not an option; allowed: 'nee', 'ideeen', 'papier', 'openbaar', 'weet_niet'"),
        (json.dumps({"questionnaire": "voorbeeld", "version": "0.9", "answers": {}}),
         "[version] \"0.9\" cannot be scored with this questionnaire, which is version '1.0'"),
    ],
)
def test_bad_answers_file_exits_1_with_located_message(tmp_path: Path, content: str, expected: str) -> None:
    path, output = tmp_path / "a.json", tmp_path / "rapport.pdf"
    path.write_text(content)
    done = run("report", str(path), "--output", str(output), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 1
    assert f"{path}: {expected}" in done.stderr
    # The same words as `score`: both commands share one loading helper.
    assert done.stderr == run("score", str(path), "--questionnaire", str(EXAMPLE)).stderr
    assert "Traceback" not in done.stderr and not output.exists()


def test_missing_answers_file(tmp_path: Path) -> None:
    done = run("report", str(tmp_path / "nope.json"), "--output", str(tmp_path / "r.pdf"), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 1 and "cannot read the answers file" in done.stderr and "Traceback" not in done.stderr


def test_unwritable_output_is_a_clear_message(tmp_path: Path, answers_path: Path) -> None:
    output = tmp_path / "bestaat-niet" / "rapport.pdf"
    done = run("report", str(answers_path), "--output", str(output), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 1
    assert f"{output}: cannot write the report (No such file or directory)" in done.stderr
    assert "Traceback" not in done.stderr


def test_unwritable_csv(tmp_path: Path, answers_path: Path) -> None:
    done = run("report", str(answers_path), "--output", str(tmp_path / "r.pdf"), "--questionnaire", str(EXAMPLE),
               "--csv", str(tmp_path))  # a folder, not a file
    assert done.returncode == 1 and "cannot write the action list" in done.stderr and "Traceback" not in done.stderr


def test_separator_is_checked(tmp_path: Path, answers_path: Path) -> None:
    done = run("report", str(answers_path), "--output", str(tmp_path / "r.pdf"), "--separator", "|")
    assert done.returncode == 2 and "invalid choice" in done.stderr
