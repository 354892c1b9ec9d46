"""Golden tests: the three example companies in examples/ give the levels an adviser would defend.

If the content or the rules change on purpose, update the expectations here in the same
commit, with the reason in the commit message.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from typing import Any

import pytest

from mvo_assessment.answers import load_answers_file
from mvo_assessment.loader import load_questionnaire
from mvo_assessment.scoring import score

from .conftest import ROOT, SHIPPED

EXPECTED: dict[str, dict[str, Any]] = {
    # A small importer with no policy: level 1 everywhere; its international chain sets target 3.
    "klein-importeur": {
        "levels": [1, 1, 1, 1, 1, 1],
        "targets": [3, 3, 3, 3, 3, 3],
        "first_actions": ["rec-s1-beleid", "rec-s2-overzicht", "rec-s2-algemene-risicos"],
        "failed_gates": {"stap-1": ["gate-s1-beleid"], "stap-6": ["gate-s6-klachten", "gate-s6-klachten-extern"]},
        "first_tool_url": "https://www.ser.nl/nl/thema/imvo/due-diligence/1",
    },
    # A medium-sized producer with a policy but no chain mapping: step 1 on target, step 2 held by its gate.
    # It suspects a severe harm in its chain and is still looking into it: that action comes first
    # ("de meest ernstige risico’s gaan altijd voor"), before the failed gates.
    "middelgrote-producent": {
        "levels": [3, 2, 2, 2, 3, 2],
        "targets": [3, 3, 3, 3, 3, 3],
        "first_actions": ["rec-s3-ernstig", "rec-s2-overzicht", "rec-s2-prioriteren"],
        "failed_gates": {"stap-1": [], "stap-2": ["gate-s2-overzicht", "gate-s2-prioriteren"]},
        "first_tool_url": None,
    },
    # A large company well on its way: at or above its target of 4 everywhere, no failed gates.
    # It knows of a severe harm in its chain (its action plan is running) and only sometimes
    # consults stakeholders before it communicates about abuses: beside a known or suspected
    # severe harm that advice is urgent, given by rec-s5-veiligheid-ernstig (content 1.2; before,
    # rec-s5-veiligheid was urgent for every company, whatever it knew of severe harm).
    "groot-bedrijf": {
        "levels": [5, 5, 4, 5, 4, 4],
        "targets": [4, 4, 4, 4, 4, 4],
        "first_actions": ["rec-s5-veiligheid-ernstig", "rec-s6-slachtoffers"],
        "failed_gates": {f"stap-{n}": [] for n in range(1, 7)},
        "first_tool_url": None,
    },
}


@functools.cache
def questionnaire():  # type: ignore[no-untyped-def]
    return load_questionnaire(SHIPPED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_company(name: str) -> None:
    expected = EXPECTED[name]
    q = questionnaire()
    answers = load_answers_file(q, (ROOT / "examples" / f"{name}.json").read_text(encoding="utf-8"))
    result = score(q, answers)
    assert [s["level"] for s in result["steps"]] == expected["levels"]
    assert [s["target_level"] for s in result["steps"]] == expected["targets"]
    assert all(s["target_reason"] for s in result["steps"])
    assert [a["id"] for a in result["actions"]][: len(expected["first_actions"])] == expected["first_actions"]
    steps = {s["id"]: s for s in result["steps"]}
    for step_id, gates in expected["failed_gates"].items():
        assert [f["id"] for f in steps[step_id]["flags"] if f["kind"] == "gate"] == gates
    if expected["first_tool_url"]:
        assert expected["first_tool_url"] in [t["url"] for t in result["actions"][0]["tools"]]
    # Every step below level 5 says what lifts it one level.
    for step in result["steps"]:
        if step["level"] is not None and step["level"] < 5:
            assert step["next_level"], step["id"]


def test_cli_score_matches_the_library() -> None:
    path = ROOT / "examples" / "middelgrote-producent.json"
    done = subprocess.run([sys.executable, "-m", "mvo_assessment.cli", "score", str(path), "--questionnaire", str(SHIPPED)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    q = questionnaire()
    assert json.loads(done.stdout) == score(q, load_answers_file(q, path.read_text(encoding="utf-8")))
