"""What changed between two rounds (mvo_assessment.comparison): the rule the results page and
the PDF of round 2 and later share."""

from __future__ import annotations

from typing import Any

import pytest

from mvo_assessment.comparison import answer_text, changed_answers, compare_steps
from mvo_assessment.loader import load_questionnaire

from .conftest import EXAMPLE, SHIPPED

SCORED_1 = {"status": "scored", "level": 1, "level_name": "Niet gestart"}
SCORED_3 = {"status": "scored", "level": 3, "level_name": "In opbouw"}
INSUFFICIENT = {"status": "insufficient_data", "level": None}
NOT_APPLICABLE = {"status": "not_applicable", "level": None}


def results(*steps: dict[str, Any] | None) -> dict[str, Any]:
    return {"steps": [{"id": f"stap-{n}", "number": n, "title": f"Stap {n}", **step}
                      for n, step in enumerate(steps, start=1) if step is not None]}


@pytest.mark.parametrize(
    ("before", "after", "change", "difference", "texts"),
    [
        (SCORED_1, SCORED_3, "up", 2, ("1 – Niet gestart", "3 – In opbouw")),
        (SCORED_3, SCORED_1, "down", -2, ("3 – In opbouw", "1 – Niet gestart")),
        (SCORED_3, SCORED_3, "same", 0, ("3 – In opbouw", "3 – In opbouw")),
        # without a level on one side it is no rise or fall, only a difference in words
        (INSUFFICIENT, SCORED_3, "other", 0, ("onvoldoende gegevens", "3 – In opbouw")),
        (SCORED_1, NOT_APPLICABLE, "other", 0, ("1 – Niet gestart", "niet van toepassing")),
        (INSUFFICIENT, INSUFFICIENT, "same", 0, ("onvoldoende gegevens", "onvoldoende gegevens")),
        # a step the previous round did not have (a newer questionnaire version)
        (None, NOT_APPLICABLE, "same", 0, ("niet van toepassing", "niet van toepassing")),
        (None, SCORED_1, "other", 0, ("niet van toepassing", "1 – Niet gestart")),
    ],
)
def test_compare_steps(before: Any, after: Any, change: str, difference: int, texts: tuple[str, str]) -> None:
    (row,) = compare_steps(results(before), results(after))
    assert (row.step_id, row.change, row.difference, (row.before, row.after)) == ("stap-1", change, difference, texts)


def test_progress_within_a_level_is_shown_as_a_change_of_score() -> None:
    """QA (adviser): step 2 went from 21% to 26% and read "gelijk gebleven", nothing more. The
    scores are given when they differ as the explanation writes them (rounded down)."""
    (row,) = compare_steps(results({**SCORED_3, "score": 41.0}), results({**SCORED_3, "score": 58.9}))
    assert (row.change, row.score_before, row.score_after) == ("same", "41%", "58%")
    (row,) = compare_steps(results({**SCORED_3, "score": 41.2}), results({**SCORED_3, "score": 41.9}))
    assert (row.score_before, row.score_after) == (None, None)  # the same as written
    (row,) = compare_steps(results(INSUFFICIENT), results({**SCORED_3, "score": 50.0}))
    assert (row.score_before, row.score_after) == (None, None)


def test_a_changed_target_is_said_beside_the_level() -> None:
    """QA (adviser): a company that grew from "10 tot en met 49" to "250 of meer" got target 4
    instead of 3 on every step, and "Wat is veranderd" said only "gelijk gebleven": the step
    was further from its target with no word why."""
    target = lambda level, name: {"target_level": level, "target_level_name": name}  # noqa: E731
    (row,) = compare_steps(results({**SCORED_3, **target(3, "In opbouw")}), results({**SCORED_3, **target(4, "Systematisch")}))
    assert (row.change, row.target_before, row.target_after) == ("same", "3 – In opbouw", "4 – Systematisch")
    (row,) = compare_steps(results({**SCORED_3, **target(3, "In opbouw")}), results({**SCORED_1, **target(3, "In opbouw")}))
    assert (row.target_before, row.target_after) == (None, None)  # the same target
    (row,) = compare_steps(results({**NOT_APPLICABLE, "target_level": None}), results({**SCORED_1, **target(3, "In opbouw")}))
    assert (row.target_before, row.target_after) == (None, None)  # no target before: the level says it


def test_changed_answers_are_the_answers_that_differ_in_words() -> None:
    questionnaire = load_questionnaire(EXAMPLE)
    before = {"grootte": "middel", "beleid": "papier", "tevredenheid": 4}
    after = {"grootte": "middel", "beleid": "weet_niet", "tevredenheid": 2.5, "import": "ja"}
    changes = changed_answers(questionnaire, before, after)
    assert [(c.question, c.section, c.before, c.after) for c in changes] == [
        ("Koopt u producten in uit het buitenland?", "Uw bedrijf", "geen antwoord", "Ja"),
        ("Heeft uw bedrijf een MVO-beleid?", "Stap 1: Beleid", "Ja, op papier", "Weet ik niet"),
        ("Hoe tevreden bent u over uw aanpak?", "Stap 1: Beleid", "4", "2,5"),
    ]
    assert changed_answers(questionnaire, before, dict(before)) == ()
    # a question the branching asked in one round only is "niet gevraagd" in the other
    with_import = {"grootte": "middel", "import": "ja", "leveranciers": "ja"}
    changes = changed_answers(questionnaire, with_import, {"grootte": "middel", "import": "nee"})
    assert [(c.question, c.before, c.after) for c in changes][-1] == (
        "Praat u met leveranciers uit het buitenland over mens en milieu?", "Ja", "niet gevraagd")


def test_several_chosen_options_are_given_one_by_one() -> None:
    """QA (adviser following rounds): the labels of several chosen options were only joined
    with ", ", and labels hold commas themselves. Each change gives them one by one too, in the
    order chosen, for the page and the PDF to list; a single choice, and any other answer,
    gives none (its text says it)."""
    questionnaire = load_questionnaire(SHIPPED)
    question = questionnaire.questions_by_id["keten_buitenland"]
    labels = {option.value: option.label for option in question.options}
    before = {"grootte": "klein", "keten_buitenland": ["import"]}
    after = {"grootte": "middel", "keten_buitenland": ["export", "import"]}
    changes = {c.question: c for c in changed_answers(questionnaire, before, after)}
    change = changes[question.text]
    assert (change.before, change.before_options) == (labels["import"], ())
    assert change.after_options == (labels["export"], labels["import"])
    assert change.after == f"{labels['export']}, {labels['import']}"  # the text, for whoever wants one
    size = changes[questionnaire.questions_by_id["grootte"].text]
    assert (size.before_options, size.after_options) == ((), ())


def test_answer_text_writes_numbers_in_the_language() -> None:
    questionnaire = load_questionnaire(EXAMPLE)
    scale = questionnaire.questions_by_id["tevredenheid"]
    assert (answer_text(scale, 2.5), answer_text(scale, 2.5, "en"), answer_text(scale, 4.0)) == ("2,5", "2.5", "4")
    assert answer_text(scale, None) == ""
