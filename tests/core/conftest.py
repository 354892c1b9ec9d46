"""Fixtures for the pure core: a writable copy of the documented example questionnaire."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "example-questionnaire"
SHIPPED = ROOT / "questionnaires"


@pytest.fixture
def example_dir(tmp_path: Path) -> Path:
    target = tmp_path / "q"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture
def edit(example_dir: Path) -> Callable[[str, str, str], Path]:
    """Replace `old` by `new` in one file of the example copy; fail loudly if `old` is absent."""

    def _edit(name: str, old: str, new: str) -> Path:
        path = example_dir / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return example_dir

    return _edit
