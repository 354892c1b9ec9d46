"""In-process benchmarks (pytest-benchmark), run by `python bench/run.py`; not part of tests/.

Scoring a complete assessment (the three example companies, `score(..., guidance=False)`),
the next-level guidance on top, loading + validating the shipped questionnaire, and, for
scale, one question page rendered through the Flask test client (issue 4 asks that scoring
stays a small part of a page request) and unpickling a finished result (how long C code
takes just to make that many new dicts, lists and strings).
"""

from __future__ import annotations

import pickle
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mvo_assessment.answers import load_answers_file  # noqa: E402
from mvo_assessment.loader import load_questionnaire  # noqa: E402
from mvo_assessment.scoring import assess, score  # noqa: E402

QUESTIONNAIRE = load_questionnaire(ROOT / "questionnaires")
EXAMPLES = {
    path.stem: load_answers_file(QUESTIONNAIRE, path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "examples").glob("*.json"))
}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_score_(benchmark, name):
    answers = EXAMPLES[name]
    result = benchmark(score, QUESTIONNAIRE, answers, guidance=False)
    assert result["steps"]


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_unpickle_result_(benchmark, name):
    """For scale, not a target: `pickle.loads` of the finished result, CPython making the same
    dicts, lists and strings anew in C. A fresh result document of this size costs about this
    much before a single rule is applied (bench/README.md, "What is not met")."""
    result = score(QUESTIONNAIRE, EXAMPLES[name], guidance=False)
    frozen = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    assert benchmark(pickle.loads, frozen) == result


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_levels_only_(benchmark, name):
    answers = EXAMPLES[name]
    context = benchmark(assess, QUESTIONNAIRE, answers)
    assert context.outcomes


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_guidance_(benchmark, name):
    answers = EXAMPLES[name]
    result = benchmark.pedantic(score, args=(QUESTIONNAIRE, answers), rounds=30, warmup_rounds=2)
    assert result["steps"]


def test_load_and_validate(benchmark):
    questionnaire = benchmark.pedantic(load_questionnaire, args=(ROOT / "questionnaires",), rounds=10, warmup_rounds=1)
    assert questionnaire.questions


def test_question_page_in_process(benchmark, tmp_path):
    """One GET of a question page through the Flask test client (no HTTP server): the page
    request that scoring is compared with."""
    from mvo_assessment import create_app

    app = create_app({"SECRET_KEY": "b" * 40, "DATABASE_URL": f"sqlite:///{tmp_path / 'b.sqlite3'}",
                      "SESSION_COOKIE_SECURE": False, "REQUEST_LOG": False})
    client = app.test_client()
    html = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]*)"', html).group(1)
    client.post("/zelfevaluatie/starten", data={"csrf_token": token})
    intake = {k: v for k, v in EXAMPLES["klein-importeur"].items()
              if QUESTIONNAIRE.questions_by_id[k].section_id == "intake"}
    with client.session_transaction() as session:
        assessment_id = session["assessment"]
    store = app.extensions["mvo_store"]
    store.save_answers(assessment_id, store.get(assessment_id).revision, intake)

    def get() -> int:
        return client.get("/zelfevaluatie/vraag/1A").status_code

    assert benchmark(get) == 200
    store.engine.dispose()
