"""Scoring rules and their properties, on the documented example and on the shipped questionnaire."""

from __future__ import annotations

import functools
import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mvo_assessment.conditions import referenced_questions
from mvo_assessment.loader import load_questionnaire
from mvo_assessment.model import Questionnaire
from mvo_assessment.navigation import resolve
from mvo_assessment.scoring import assess, evaluate_step, score
from mvo_assessment.scoring_plan import result_score

from .conftest import EXAMPLE, SHIPPED
from .strategies import answer_sets, best_value, worst_value

EXAMPLE_Q = load_questionnaire(EXAMPLE)


@functools.cache
def shipped() -> Questionnaire:
    return load_questionnaire(SHIPPED)


QUESTIONNAIRES = [pytest.param(lambda: EXAMPLE_Q, id="example"), pytest.param(shipped, id="shipped")]


def levels(questionnaire: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    context = assess(questionnaire, answers)
    return {k: (o.status, o.level) for k, o in context.outcomes.items()}


def test_example_levels_and_gate() -> None:
    answers = {"grootte": "klein", "import": "ja", "beleid": "ideeen", "leveranciers": "ja", "tevredenheid": 5}
    result = score(EXAMPLE_Q, answers)
    step = result["steps"][0]
    # 1/3, 1/1 and 4/4 average to 77.8%: level 4 by the thresholds, held at 2 by the gate.
    assert (step["score"], step["level"], step["status"]) == (77.8, 2, "scored")
    assert [f["id"] for f in step["flags"] if f["kind"] == "gate"] == ["gate-beleid"]
    assert any(e["kind"] == "gate" for e in step["explanation"])
    assert step["target_level"] == 2 and step["target_reason"] == "Elk bedrijf kan klein beginnen."
    assert step["next_level"][0]["question"] == "beleid" and step["next_level"][0]["suggested"] == "papier"
    assert json.loads(json.dumps(result)) == result


def test_a_gate_held_back_by_an_open_question_says_the_answer_is_missing() -> None:
    """QA (adviser at the table): a gate failed because its question has no answer yet was
    explained with the gate's text alone ("Zolang het MVO-beleid niet … is goedgekeurd"), read
    as if the company had answered "no". The item says the question is open, and which."""
    answers = json.loads((SHIPPED.parent / "examples" / "groot-bedrijf.json").read_text(encoding="utf-8"))["answers"]
    answered = {step["id"]: step for step in score(shipped(), answers)["steps"]}["stap-1"]
    open_answers = {k: v for k, v in answers.items() if k != "s1_beleid_vastgesteld"}
    step = {step["id"]: step for step in score(shipped(), open_answers)["steps"]}["stap-1"]
    assert answered["level"] == 5 and not answered["flags"]
    question = shipped().questions_by_id["s1_beleid_vastgesteld"].text
    gate_text = next(g.text for g in shipped().steps[0].scoring.gates if g.id == "gate-s1-vastgesteld")
    expected = {
        "kind": "gate", "id": "gate-s1-vastgesteld", "question": "s1_beleid_vastgesteld", "unanswered": True,
        "text": f"{gate_text} Dit geldt nu, omdat de vraag ‘{question}’ nog geen antwoord heeft.",
    }
    assert step["level"] == 3 and step["flags"] == [expected]
    assert [item for item in step["explanation"] if item["kind"] == "gate"] == [expected]
    # Answered "no", the gate's text stands alone.
    no = score(shipped(), {**answers, "s1_beleid_vastgesteld": "geen"})["steps"][0]
    assert [(f["unanswered"], f["text"]) for f in no["flags"] if f["kind"] == "gate"] == [(False, gate_text)]


def test_the_answer_that_lost_most_is_named_as_pulling_the_score_down() -> None:
    """QA (content): with few good answers, the small importer's step 6 said its complaints
    mechanism (1 of 4 points, counted twice) "counted most" and named another question as what
    pulled the score down, though that answer lost the most points. An answer counts most only
    with more than half of its points; the answers that lost most are named whatever the others did."""
    answers = json.loads((SHIPPED.parent / "examples" / "klein-importeur.json").read_text(encoding="utf-8"))["answers"]
    steps = {step["id"]: step for step in score(shipped(), answers)["steps"]}
    explained = {item["kind"]: item.get("questions") for item in steps["stap-6"]["explanation"]}
    assert "strong" not in explained and explained["weak"][0] == "s6_klachtenmechanisme", explained
    # Step 3's one good answer (3 of 4 points) still counts most.
    strong = [item for item in steps["stap-3"]["explanation"] if item["kind"] == "strong"]
    assert strong and strong[0]["questions"] == ["s3_relatie_basis"] and "3 van 4 punten" in strong[0]["text"]


def test_the_explanation_quotes_answers_in_whole_sentences() -> None:
    """QA (B1 editor): "Trok de score het meest omlaag: ‘Heeft u een actieplan…?’: weet ik niet;
    ‘Wat doet u…?’: 0 van 4 punten." had no subject and a colon inside a colon, and "2 keer
    ‘weet ik niet’ telt als…" began with a number and did not write the option as it is
    labelled. One answer or two each get their own sentence."""
    answers = json.loads((SHIPPED.parent / "examples" / "klein-importeur.json").read_text(encoding="utf-8"))["answers"]
    steps = {step["id"]: step for step in score(shipped(), answers)["steps"]}
    texts = {item["kind"]: item["text"] for item in steps["stap-3"]["explanation"]}
    questions = shipped().questions_by_id
    assert texts["strong"] == (
        f"Dit antwoord telde het meest mee voor uw score: ‘{questions['s3_relatie_basis'].text}’ (3 van 4 punten)."
    )
    first, second = (item for item in steps["stap-3"]["explanation"] if item["kind"] == "weak").__next__()["questions"]
    assert texts["weak"] == (
        f"Deze antwoorden kostten de meeste punten: ‘{questions[first].text}’ (0 van 4 punten) "
        f"en ‘{questions[second].text}’ (0 van 4 punten)."
    )
    assert texts["dont_know"] == "U koos 1 keer ‘Weet ik niet’. Dat telt als het laagste antwoord. Zoek dit uit."
    from mvo_assessment.config import TRANSLATIONS_PATH
    from mvo_assessment.content_i18n import translate
    from mvo_assessment.i18n import CONTENT_DOMAIN, load_translations

    model = translate(shipped(), load_translations(TRANSLATIONS_PATH, "en", CONTENT_DOMAIN).pgettext)
    result = score(model, answers, guidance=False, translations=load_translations(TRANSLATIONS_PATH, "en"))
    english = {item["kind"]: item["text"] for item in result["steps"][2]["explanation"]}
    assert english["weak"].startswith("These answers cost the most points: ‘") and "’ (0 of 4 points) and ‘" in english["weak"]


def test_a_dont_know_answer_is_quoted_as_its_option_is_labelled_in_both_languages() -> None:
    """The explanation quotes a "weet ik niet" answer as the option reads, "Weet ik niet", and
    in English from the catalog (QA, mutation testing: the lower-case text has no English)."""
    from mvo_assessment.config import TRANSLATIONS_PATH
    from mvo_assessment.i18n import load_translations
    from mvo_assessment.i18n import NULL_TRANSLATIONS
    from mvo_assessment.scoring_plan import plan_for, texts_for

    plan = plan_for(shipped())
    dont_know = [index for index, entry in enumerate(plan.entries) if entry.dont_know]
    assert dont_know
    dutch = texts_for(plan, NULL_TRANSLATIONS).answers
    english = texts_for(plan, load_translations(TRANSLATIONS_PATH, "en")).answers
    assert all(dutch[index].endswith("’ (Weet ik niet)") for index in dont_know)
    assert all(english[index].endswith("’ (Don’t know)") for index in dont_know)


def test_dont_know_counts_as_lowest_and_is_flagged() -> None:
    base = {"grootte": "groot", "import": "nee", "tevredenheid": 3}
    dont_know = score(EXAMPLE_Q, {**base, "beleid": "weet_niet"})
    lowest = score(EXAMPLE_Q, {**base, "beleid": "nee"})
    assert dont_know["steps"][0]["score"] == lowest["steps"][0]["score"]
    assert [f["question"] for f in dont_know["steps"][0]["flags"] if f["kind"] == "dont_know"] == ["beleid"]
    assert dont_know["follow_up"] == [{"question": "beleid", "step": "stap-1", "text": EXAMPLE_Q.questions_by_id["beleid"].text}]
    assert dont_know["steps"][0]["target_level"] == 3


def test_not_applicable_and_hidden_are_left_out() -> None:
    base = {"grootte": "klein", "beleid": "openbaar", "tevredenheid": 1}
    hidden = score(EXAMPLE_Q, {**base, "import": "nee", "leveranciers": "nee"})["steps"][0]
    not_applicable = score(EXAMPLE_Q, {**base, "import": "ja", "leveranciers": "nvt"})["steps"][0]
    absent = score(EXAMPLE_Q, {**base, "import": "nee"})["steps"][0]
    assert hidden["score"] == not_applicable["score"] == absent["score"] == 50.0


def test_too_few_answers_is_insufficient_data() -> None:
    step = score(EXAMPLE_Q, {"grootte": "klein", "import": "ja"})["steps"][0]
    assert (step["status"], step["level"], step["score"]) == ("insufficient_data", None, None)
    assert step["next_level"] == []


def test_recommendations_are_ordered_and_carry_tools() -> None:
    result = score(EXAMPLE_Q, {"grootte": "groot", "import": "nee", "beleid": "nee", "tevredenheid": 1})
    ids = [a["id"] for a in result["actions"]]
    # The urgent one first (the most severe risks always go first), then the failed gate's
    # recommendation, then the level one.
    assert ids == ["rec-achterstand", "rec-beleid", "rec-niveau-1"]
    assert [a["priority"] for a in result["actions"]] == [1, 2, 3]
    assert result["actions"][1]["tools"][0]["url"] == "https://www.example.org/hulpmiddel"


@pytest.mark.parametrize("load", QUESTIONNAIRES)
def test_best_answers_reach_level_5_and_worst_level_1(load: Any) -> None:
    questionnaire = load()
    intake = [q for q in questionnaire.questions if q.section_id == "intake"]
    for profile in _intake_profiles(questionnaire):
        best = {**{q.id: best_value(q) for q in questionnaire.questions}, **profile}
        worst = {**{q.id: worst_value(q) for q in questionnaire.questions}, **profile}
        for status, level in levels(questionnaire, best).values():
            assert status == "not_applicable" or level == 5, (profile, levels(questionnaire, best))
        for status, level in levels(questionnaire, worst).values():
            assert status == "not_applicable" or level == 1, (profile, levels(questionnaire, worst))
    assert intake


def _intake_profiles(questionnaire: Questionnaire) -> list[dict[str, Any]]:
    """Every intake answer in turn: each option of each intake question, the rest at its first option."""
    intake = [q for q in questionnaire.questions if q.section_id == "intake"]
    base = {q.id: best_value(q) for q in intake}
    profiles = [base]
    for question in intake:
        for option in question.options:
            if option.not_applicable or option.dont_know:
                continue
            value = [option.value] if question.type == "multiple" else option.value
            profiles.append({**base, question.id: value})
    return profiles


PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("load", QUESTIONNAIRES)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_levels_stay_in_range_and_serialise(load: Any, data: st.DataObject) -> None:
    questionnaire = load()
    answers = data.draw(answer_sets(questionnaire))
    result = score(questionnaire, answers, guidance=False)
    for step in result["steps"]:
        assert step["level"] is None or 1 <= step["level"] <= 5
        assert (step["level"] is None) == (step["status"] != "scored")
    assert result["questionnaire"] == {"id": questionnaire.id, "version": questionnaire.version}
    assert json.loads(json.dumps(result)) == result


@pytest.mark.parametrize("load", QUESTIONNAIRES)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_improving_one_answer_never_lowers_a_level(load: Any, data: st.DataObject) -> None:
    questionnaire = load()
    answers = data.draw(answer_sets(questionnaire, complete=True))
    # Questions that steer branching are left alone: changing them shows other questions.
    steering = {c.question for q in questionnaire.questions for c in referenced_questions(q.condition)}
    steering |= {c.question for p in questionnaire.pages for c in referenced_questions(p.condition)}
    steering |= {c.question for s in questionnaire.sections for c in referenced_questions(s.condition)}
    candidates = [q for q in questionnaire.questions if q.scored and q.id not in steering and q.type != "multiple"]
    question = data.draw(st.sampled_from(candidates))
    current = question.option(answers[question.id]) if question.type != "scale" else None
    if current is not None and current.not_applicable:
        return  # "niet van toepassing" is left out, not a low answer: nothing to improve
    better = [o.value for o in question.options if o.score is not None and o.score > (_points(question, answers[question.id]))]
    if question.type == "scale":
        better = list(range(int(answers[question.id]) + 1, int(question.max or 0) + 1))
    if not better:
        return
    improved = {**answers, question.id: data.draw(st.sampled_from(better))}
    before, after = levels(questionnaire, answers), levels(questionnaire, improved)
    for step_id, (status, level) in before.items():
        if status == "scored":
            assert after[step_id][1] >= level, (question.id, step_id)


def _points(question: Any, value: Any) -> float:
    if question.type == "scale":
        return float(value)
    option = question.option(value)
    return -1 if option is None or option.score is None else option.score


@pytest.mark.parametrize("load", QUESTIONNAIRES)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_hidden_answers_change_nothing(load: Any, data: st.DataObject) -> None:
    questionnaire = load()
    answers = data.draw(answer_sets(questionnaire))
    visibility = resolve(questionnaire, answers)
    hidden = [q for q in questionnaire.questions if q.id not in visibility.questions]
    if not hidden:
        return
    noise = data.draw(st.fixed_dictionaries({q.id: _any_answer(q) for q in hidden}))
    assert score(questionnaire, {**answers, **noise}, guidance=False) == score(questionnaire, answers, guidance=False)


def _any_answer(question: Any) -> Any:
    from .strategies import answer_for

    return answer_for(question)


@pytest.mark.parametrize("load", QUESTIONNAIRES)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_gates_and_caps_hold(load: Any, data: st.DataObject) -> None:
    questionnaire = load()
    answers = data.draw(answer_sets(questionnaire, complete=True))
    visibility = resolve(questionnaire, answers)
    for step in questionnaire.steps:
        outcome = evaluate_step(questionnaire, step, visibility)
        if outcome.level is None:
            continue
        for gate in outcome.failed_gates:
            assert outcome.level < gate.level
        for cap in outcome.active_caps:
            assert outcome.level <= cap.max_level


@pytest.mark.parametrize("load", QUESTIONNAIRES)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_following_the_guidance_lifts_the_step_one_level(load: Any, data: st.DataObject) -> None:
    """However the questions that the improvements bring in are answered: QA (adviser), "Ja,
    er is een geschreven beleid" opens six questions about the policy, which guidance took as
    unanswered (not counted); answered "weet ik niet", the step stayed where it was. And with
    stored answers to hidden questions, which come back when a question is shown again (QA,
    contracts: guidance left them out, and following it did not lift the step)."""
    questionnaire = load()
    answers = data.draw(answer_sets(questionnaire))  # some answered, hidden ones too
    shown_before = resolve(questionnaire, answers).questions
    result = score(questionnaire, answers)
    for step in result["steps"]:
        if step["next_level"]:
            followed = {**answers, **{s["question"]: s["suggested"] for s in step["next_level"]}}
            for _ in questionnaire.questions:  # the scored questions they bring in, answered as poorly as possible
                brought_in = [q for q in questionnaire.questions if q.id in resolve(questionnaire, followed).questions
                              and q.id not in shown_before and q.id not in followed and q.scored]
                if not brought_in:
                    break
                followed.update({q.id: worst_value(q) for q in brought_in})
            after = {s["id"]: s for s in score(questionnaire, followed, guidance=False)["steps"]}
            assert after[step["id"]]["level"] >= step["level"] + 1, (step["id"], step["next_level"])
            for suggestion in step["next_level"]:  # a question that does not score brings nothing in
                question = questionnaire.questions_by_id[suggestion["question"]]
                one_change = {**answers, question.id: suggestion["suggested"]}
                assert question.scored or resolve(questionnaire, one_change).questions == shown_before, suggestion
            # QA: guidance improves answers and never answers a question away ("schade bekend?
            # Nee" hid the remedy questions and lifted step 6 by taking away its cap)
            for suggestion in step["next_level"]:
                one_change = {**answers, suggestion["question"]: suggestion["suggested"]}
                assert resolve(questionnaire, answers).questions <= resolve(questionnaire, one_change).questions, suggestion


def test_guidance_names_the_questions_its_changes_bring_in() -> None:
    """QA (adviser): the small importer's step 1 is lifted by a written policy, which brings in
    five more questions about it and one in step 6; a question the advice itself names but that
    is not asked yet said "Uw antwoord: geen antwoord" (as if skipped), and step 6's question,
    answered "weet ik niet", took step 6 a level down unannounced."""
    answers = json.loads((SHIPPED.parent / "examples" / "klein-importeur.json").read_text(encoding="utf-8"))["answers"]
    questionnaire = shipped()
    step_1 = score(questionnaire, answers)["steps"][0]
    new = {item["question"]: item["new"] for item in step_1["next_level"]}
    assert new["s1_beleid"] is False and new["s1_beleid_basis"] is True
    brought_in = {(item["question"], item["step"]) for item in step_1["next_level_new_questions"]}
    assert ("s6_beleid_herstel", "stap-6") in brought_in and ("s1_beleid_inhoud", "stap-1") in brought_in
    # exactly what the changes show that is not shown now, besides the questions they name
    changes = {item["question"]: item["suggested"] for item in step_1["next_level"]}
    shown_now = resolve(questionnaire, answers).questions
    after = resolve(questionnaire, {**answers, **changes}).questions
    assert {question for question, _step in brought_in} == after - shown_now - set(changes)
    assert score(questionnaire, answers, guidance=False)["steps"][0]["next_level_new_questions"] == []


def test_guidance_never_suggests_reporting_a_harm_to_bring_back_good_answers() -> None:
    """QA (review): with good answers stored for the remedy questions while they were hidden,
    "Is er schade aan het licht gekomen? Ja" brought them back and lifted step 6: advice to
    report a harm. An answer to a question that does not score never changes what is asked."""
    answers = json.loads((SHIPPED.parent / "examples" / "klein-importeur.json").read_text(encoding="utf-8"))["answers"]
    answers.update(s6_klachtenmechanisme="informeel", s6_herstel_geboden="ja", s6_slachtoffers="ja")
    step_6 = next(step for step in score(shipped(), answers)["steps"] if step["id"] == "stap-6")
    assert step_6["next_level"] and "s6_schade_bekend" not in [s["question"] for s in step_6["next_level"]]


def test_guidance_never_suggests_denying_a_known_harm() -> None:
    """QA: the large company's step 6 was told "Is er schade … aan het licht gekomen? Uw
    antwoord: Ja. Voor niveau 5: Nee."; it is told to finish the remedy it is working on."""
    answers = json.loads((SHIPPED.parent / "examples" / "groot-bedrijf.json").read_text(encoding="utf-8"))["answers"]
    step_6 = next(step for step in score(shipped(), answers)["steps"] if step["id"] == "stap-6")
    assert [(s["question"], s["current"], s["suggested"]) for s in step_6["next_level"]] == [("s6_herstel_geboden", "bezig", "ja")]


def test_guidance_offers_a_no_instead_of_weet_ik_niet_where_knowing_is_what_lifts_the_step(edit: Any) -> None:
    """Where a cap holds a step down while a question is answered "weet ik niet", finding out is
    what lifts it, whatever the answer: `next_level` suggests the smallest answer that does it,
    "Nee" (worth 0 points, as "weet ik niet" counts), not "Er zijn ideeën" (1 point) that the
    company may not have. QA (mutation testing, fifth round): with "weet ik niet" counted as 0
    points instead of below every option, the options worth 0 were no improvement on it and
    the advice asked for more than the lift needs; no test had a cap on a "weet ik niet"."""
    folder = edit("stap-1-beleid.yaml", "      text: Zonder beleid op papier komt deze stap niet boven niveau 2.\n", (
        "      text: Zonder beleid op papier komt deze stap niet boven niveau 2.\n"
        "  caps:\n    - id: cap-beleid-onbekend\n      when: {question: beleid, equals: weet_niet}\n"
        "      max_level: 1\n      text: Zolang u niet weet of er beleid is, blijft deze stap op niveau 1.\n"))
    questionnaire = load_questionnaire(folder)
    answers = {"grootte": "klein", "import": "ja", "beleid": "weet_niet", "leveranciers": "ja", "tevredenheid": 5}
    step = score(questionnaire, answers)["steps"][0]
    assert step["level"] == 1 and [f["id"] for f in step["flags"] if f["kind"] == "cap"] == ["cap-beleid-onbekend"]
    assert [(s["question"], s["current"], s["suggested"], s["suggested_label"]) for s in step["next_level"]] == [
        ("beleid", "weet_niet", "nee", "Nee")]
    assert score(questionnaire, {**answers, "beleid": "nee"})["steps"][0]["level"] == 2


@pytest.mark.parametrize("well_answered_cap_first", [False, True])
def test_guidance_finds_a_lift_that_needs_two_answers_together(edit: Any, well_answered_cap_first: bool) -> None:
    """Two caps of the same level, each lifted by its own answer: neither answer alone changes
    the level or the score, both together lift the step. `next_level` names both (the fewest
    improvements that lift the step, docs/score-format.md), where it was empty. QA (mutation
    testing, fifth round): making the greedy search's `best[0] <= best_rank` a `<` failed no test,
    and gave *better* advice: the search stopped as soon as no single improvement raised the
    level or score. QA (review): taking any improvement that changes neither, the search took
    "ja → nee" of a cap question answered well before them, switching its cap on for good, and
    gave nothing again; where none raises level or score it takes the one that leaves the
    fewest caps and failed gates holding the step."""
    questions = (
        "      - id: afspraak_inkoop\n        type: yesno\n        text: Zijn er afspraken met de inkoop?\n"
        "      - id: afspraak_verkoop\n        type: yesno\n        text: Zijn er afspraken met de verkoop?\n"
    )
    caps = (
        "    - id: cap-inkoop\n      when: {question: afspraak_inkoop, equals: nee}\n      max_level: 2\n"
        "      text: Zonder afspraken met de inkoop blijft deze stap op niveau 2.\n"
        "    - id: cap-verkoop\n      when: {question: afspraak_verkoop, equals: nee}\n      max_level: 2\n"
        "      text: Zonder afspraken met de verkoop blijft deze stap op niveau 2.\n")
    if well_answered_cap_first:
        questions = "      - id: extern_toezicht\n        type: yesno\n        text: Is er extern toezicht?\n" + questions
        caps = ("    - id: cap-toezicht\n      when: {question: extern_toezicht, equals: nee}\n      max_level: 2\n"
                "      text: Zonder extern toezicht blijft deze stap op niveau 2.\n") + caps
    edit("stap-1-beleid.yaml", "      - id: tevredenheid\n", questions + "      - id: tevredenheid\n")
    folder = edit("stap-1-beleid.yaml", "      text: Zonder beleid op papier komt deze stap niet boven niveau 2.\n", (
        "      text: Zonder beleid op papier komt deze stap niet boven niveau 2.\n  caps:\n" + caps))
    questionnaire = load_questionnaire(folder)
    answers = {"grootte": "klein", "import": "ja", "beleid": "openbaar", "leveranciers": "ja", "tevredenheid": 5,
               "afspraak_inkoop": "nee", "afspraak_verkoop": "nee"}
    if well_answered_cap_first:
        answers["extern_toezicht"] = "ja"
    step = score(questionnaire, answers)["steps"][0]
    assert (step["level"], step["score"]) == (2, 100.0)
    for one in ("afspraak_inkoop", "afspraak_verkoop"):  # one alone: still level 2
        assert score(questionnaire, {**answers, one: "ja"})["steps"][0]["level"] == 2
    assert [(s["question"], s["current"], s["suggested"]) for s in step["next_level"]] == [
        ("afspraak_inkoop", "nee", "ja"), ("afspraak_verkoop", "nee", "ja")]
    followed = {**answers, **{s["question"]: s["suggested"] for s in step["next_level"]}}
    assert score(questionnaire, followed)["steps"][0]["level"] == 5


def test_a_score_just_under_a_threshold_is_not_shown_as_reaching_it() -> None:
    """QA: a step scored 59.5 % stayed at level 3 (level 4 begins at 60 %), but its explanation
    said "Uw score is 60%. … Niveau 4 begint bij 60%.": rounded up, the score read as reaching
    the next level. Shown rounded down, it is on the same side of the threshold as the level."""
    questionnaire = shipped()
    with open(SHIPPED.parent / "examples" / "groot-bedrijf.json", encoding="utf-8") as file:
        answers = json.load(file)["answers"]
    answers.update(s1_beleid="geschreven", s1_beleid_basis="deels", s1_beleid_delen_extern="nee",
                   s1_capaciteit="nee", s1_hr="nee", s1_duurzaamheidsafdeling="nee")
    step = score(questionnaire, answers, guidance=False)["steps"][0]
    assert step["score"] == 59.5 and step["level"] == 3
    assert step["explanation"][0]["text"].startswith("Uw score is 59%.")
    assert "Niveau 4 begint bij 60%." in step["explanation"][0]["text"]


def test_a_score_a_hair_under_a_threshold_is_not_written_as_reaching_it(edit: Any) -> None:
    """QA (code review): the step's percentage was rounded to one decimal before anything else,
    so 59.95 % became a `score` of 60.0 beside threshold level 3 (level 4 begins at 60) and an
    explanation of "Uw score is 60%". Both now come from the percentage as computed."""
    folder = edit("stap-1-beleid.yaml", "        min: 1\n        max: 5", "        min: 0\n        max: 10")
    folder = edit("stap-1-beleid.yaml", "        max_label: Heel erg\n        weight: 1", "        max_label: Heel erg\n        weight: 533")
    questionnaire = load_questionnaire(folder)
    answers = {"grootte": "klein", "import": "nee", "beleid": "ideeen", "tevredenheid": 6}  # (1/3 + 533 x 6/10) / 534
    assert assess(questionnaire, answers).outcomes["stap-1"].percentage == pytest.approx(59.950, abs=1e-3)
    step = score(questionnaire, answers, guidance=False)["steps"][0]
    # level 3 by the thresholds (the sub-step says it), 2 by the gate on `beleid`
    assert (step["substeps"][0]["level"], step["score"], step["substeps"][0]["score"]) == (3, 59.9, 59.9)
    assert step["explanation"][0]["text"].startswith("Uw score is 59%. ")


def test_the_explanation_and_the_pages_give_the_same_whole_percentage() -> None:
    """QA (review): the explanation rounded the percentage as computed (30.95 -> "30%") and the
    pages the result's `score` (31.0 -> "31"), one above the other. Both come from `score`."""
    answers = {
        "grootte": "middel", "sector": "bouw", "rol": "dienstverlener", "inkoop_herkomst": "alleen_nl",
        "vragen_van": ["geen"], "functies": ["duurzaamheid", "hr", "inkoop", "verkoop"],
        "s1_analyse": "deel", "s1_procedures": "los", "s1_beleid": "gebruikt", "s1_beleid_basis": "nee",
        "s1_beleid_inhoud": "een_paar", "s1_beleid_consultatie": "in_extern", "s1_beleid_vastgesteld": "weet_niet",
        "s1_beleid_delen_intern": "weet_niet", "s1_beleid_delen_extern": "nee", "s1_directie": "weet_niet",
        "s1_capaciteit": "budget", "s1_rollen": "weet_niet", "s1_afdelingen": "weet_niet", "s1_inkopers": "deels",
        "s1_hr": "nee", "s1_duurzaamheidsafdeling": "nee", "s1_leveranciers_selectie": "weet_niet",
        "s1_gedragscode": "eenzijdig", "s1_doelen": "bijsturen", "s1_risicomanagement": "soms",
    }
    questionnaire = shipped()
    assert assess(questionnaire, answers).outcomes["stap-1"].percentage == pytest.approx(30.952, abs=1e-3)
    step = score(questionnaire, answers, guidance=False)["steps"][0]
    assert step["score"] == 31.0 and step["explanation"][0]["text"].startswith("Uw score is 31%.")


@given(
    percentage=st.floats(0, 100),
    thresholds=st.lists(st.integers(1, 1000), min_size=4, max_size=4, unique=True).map(sorted),
)
def test_a_result_score_is_on_the_side_of_each_threshold_the_percentage_is(percentage: float, thresholds: list[int]) -> None:
    """Any threshold with one decimal at most (the loader allows them), as the level decides
    (reached 1e-9 below it): the `score` is on the same side; otherwise it is rounded to one
    decimal as before (41.67 is 41.7)."""
    cutoffs = tuple((level, tenths / 10 - 1e-9) for level, tenths in zip((2, 3, 4, 5), thresholds))
    shown = result_score(percentage, cutoffs)
    for _level, cutoff in cutoffs:
        assert (shown + 1e-9 >= cutoff) == (percentage >= cutoff), (percentage, cutoff, shown)
    assert shown == round(percentage, 1) or shown == math.floor(percentage * 10) / 10 < round(percentage, 1)
    assert result_score(41.666, ((2, 20 - 1e-9),)) == 41.7


@pytest.mark.parametrize("load", QUESTIONNAIRES)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_the_score_in_the_explanation_is_on_the_side_of_each_threshold_the_level_says(load: Any, data: st.DataObject) -> None:
    questionnaire = load()
    answers = data.draw(answer_sets(questionnaire))
    context = assess(questionnaire, answers)
    result = score(questionnaire, answers, guidance=False)
    for step in result["steps"]:
        outcome = context.outcomes[step["id"]]
        if step["status"] != "scored":
            continue
        shown = int(step["explanation"][0]["text"].split("Uw score is ", 1)[1].split("%", 1)[0])
        # the pages and the PDF show `score` rounded down: the same whole percentage (QA, review:
        # 30.95 was "31" in the table and "Uw score is 30%" below it)
        assert shown == math.floor(step["score"] + 1e-9), (step["id"], step["score"], shown)
        thresholds = questionnaire.section(step["id"]).scoring.thresholds
        reached = max([1] + [level for level, start in thresholds.items() if shown >= start])
        assert reached == outcome.threshold_level, (step["id"], shown, outcome.percentage)


def test_a_result_shares_no_list_with_the_next_one() -> None:
    """`score` promises new lists (callers may change them): the empty next level of a step at
    level 5 was one list shared by every result, so changing it changed the next results."""
    answers = json.loads((SHIPPED.parent / "examples" / "groot-bedrijf.json").read_text(encoding="utf-8"))["answers"]
    questionnaire = shipped()
    first = score(questionnaire, answers)["steps"][0]
    assert first["level"] == 5 and first["next_level"] == [] and first["next_level_new_questions"] == []
    first["next_level"].append("changed by a caller")
    first["next_level_new_questions"].append("changed by a caller")
    again = score(questionnaire, answers)["steps"][0]
    assert again["next_level"] == [] and again["next_level_new_questions"] == []


def _followed(questionnaire: Questionnaire, answers: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """`answers` with `changes`, and every scored question the changes bring in that has no
    answer (stored ones count, as a question shown again brings its answer back) answered with
    its lowest answer, round after round: the rules `next_level` is counted by."""
    shown_before = resolve(questionnaire, answers).questions
    followed = {**answers, **changes}
    for _ in questionnaire.questions:
        brought_in = [q for q in questionnaire.questions if q.id in resolve(questionnaire, followed).questions
                      and q.id not in shown_before and q.id not in followed and q.scored]
        if not brought_in:
            break
        followed.update({q.id: worst_value(q) for q in brought_in})
    return followed


@PROPERTY_SETTINGS
@given(data=st.data())
def test_the_guidance_asks_for_no_improvement_the_lift_does_without(data: st.DataObject) -> None:
    """`next_level` is the *fewest* improvements (docs/score-format.md): without any one of
    them, the others no longer lift the step, counted by the same rules (a scored question they
    bring in counts with its lowest answer unless it has one). QA (mutation testing): the pass
    that drops unnecessary improvements could be switched off and no test failed, while step 2
    then asked for 6 changes where 2 did it."""
    questionnaire = shipped()
    answers = data.draw(answer_sets(questionnaire))
    result = score(questionnaire, answers)
    for step in result["steps"]:
        advice = {s["question"]: s["suggested"] for s in step["next_level"]}
        for left_out in advice:
            others = {k: v for k, v in advice.items() if k != left_out}
            after = score(questionnaire, _followed(questionnaire, answers, others), guidance=False)
            level = next(s["level"] for s in after["steps"] if s["id"] == step["id"])
            assert level is None or level <= step["level"], (step["id"], left_out, advice)


def test_two_triggers_of_one_advice_list_it_once_as_the_more_urgent(edit: Any) -> None:
    """Of recommendations with the same text (two triggers of one advice) only the most urgent
    is listed, in `actions` and in its step's `recommendations`, and the priorities run on
    without a gap (docs/score-format.md, `actions`). QA (mutation testing): no questionnaire
    had two recommendations with one text, so listing both went unnoticed."""
    folder = edit("stap-1-beleid.yaml", "recommendations:\n", (
        "recommendations:\n"
        "  - id: rec-beleid-dringend\n"
        "    when_level: [1]\n"
        "    urgent: true\n"
        "    text: Schrijf op wat u al doet. Dat is het begin van uw beleid.\n"
    ))
    questionnaire = load_questionnaire(folder)
    step = questionnaire.section("stap-1")
    assert step is not None
    texts = [rec.text for rec in step.recommendations]
    assert texts.count("Schrijf op wat u al doet. Dat is het begin van uw beleid.") == 2
    # level 1 with `beleid` "nee": both triggers of the advice fire, and "Begin klein" too
    result = score(questionnaire, {"grootte": "klein", "import": "nee", "beleid": "nee", "tevredenheid": 1})
    listed = [(a["id"], a["priority"], a["urgent"]) for a in result["actions"]]
    assert listed == [("rec-beleid-dringend", 1, True), ("rec-niveau-1", 2, False)]
    assert [(r["id"], r["priority"]) for r in result["steps"][0]["recommendations"]] == [("rec-beleid-dringend", 1), ("rec-niveau-1", 2)]
    # with a level above 1 the urgent trigger does not fire: the other one is the advice
    result = score(questionnaire, {"grootte": "klein", "import": "nee", "beleid": "ideeen", "tevredenheid": 5})
    assert [a["id"] for a in result["actions"]] == ["rec-beleid"]


@pytest.mark.parametrize("kind", ["when_gap: 2", "when_level: [1]", "when_answer: {question: beleid, values: [nee]}"])
def test_a_recommendations_when_narrows_its_trigger_on_the_answers_that_count(edit: Any, kind: str) -> None:
    """A recommendation with `when` (added for content 1.2) is given only while its trigger fires
    and `when` holds, read on the answers that count, as a cap's `when` is: the answer of a
    hidden question does not (docs/questionnaire-format.md, "Recommendations")."""
    folder = edit("stap-1-beleid.yaml", "recommendations:\n", (
        "recommendations:\n"
        "  - id: rec-leveranciers\n"
        f"    {kind}\n"
        "    when: {question: leveranciers, equals: nee}\n"
        "    text: Praat met uw leveranciers over mens en milieu.\n"
    ))
    questionnaire = load_questionnaire(folder)
    lowest = {"grootte": "middel", "beleid": "nee", "tevredenheid": 1}  # level 1, target 3: a gap of 2

    def given(answers: dict[str, Any]) -> bool:
        result = score(questionnaire, {**lowest, **answers}, guidance=False)
        assert [s["level"] for s in result["steps"]] == [1]
        return "rec-leveranciers" in [a["id"] for a in result["actions"]]

    assert given({"import": "ja", "leveranciers": "nee"})
    assert not given({"import": "ja", "leveranciers": "nvt"})
    # `leveranciers` is asked only of an importer: kept from an earlier visit, "nee" does not count
    assert not given({"import": "nee", "leveranciers": "nee"})


def test_a_cap_that_held_nothing_back_is_not_named_as_the_reason() -> None:
    """The explanation names a cap only when it held the level lower (docs/score-format.md,
    `explanation`): a cap that applies while the thresholds alone give its maximum is a flag,
    not the reason for the level. QA (mutation testing): a cap was named whenever the level
    equalled its maximum, and no test failed. Step 6 of the shipped questionnaire: a known harm
    without remedy caps it at 2."""
    answers = json.loads((SHIPPED.parent / "examples" / "groot-bedrijf.json").read_text(encoding="utf-8"))["answers"]
    answers["s6_herstel_geboden"] = "nee"  # the harm is known (s6_schade_bekend "ja"): cap-s6-herstel applies
    questionnaire = shipped()

    def step_6(changes: dict[str, Any]) -> tuple[int | None, dict[str, Any]]:
        given = {**answers, **changes}
        outcome = assess(questionnaire, given).outcomes["stap-6"]
        step = next(s for s in score(questionnaire, given, guidance=False)["steps"] if s["id"] == "stap-6")
        assert [f["id"] for f in step["flags"] if f["kind"] == "cap"] == ["cap-s6-herstel"]
        assert step["level"] == 2
        return outcome.threshold_level, step

    # The cap holds back a step the thresholds put higher: it is the reason.
    threshold_level, held = step_6({})
    assert threshold_level is not None and threshold_level > 2 and [e.get("id") for e in held["explanation"] if e["kind"] == "cap"] == ["cap-s6-herstel"]
    # Poorer answers, 32.5 % (level 2 by the thresholds): the cap changes nothing and is not named.
    threshold_level, reached = step_6({
        "s6_beleid_herstel": "nee", "s6_herstel_aanpak": "ongeveer", "s6_slachtoffers": "deels", "s6_criteria": "geen",
        "s6_onafhankelijk": "nee", "s6_voorlichting": "nee", "s6_ketenpartners": "soms",
    })
    assert (threshold_level, reached["score"]) == (2, 32.5)
    assert [e["kind"] for e in reached["explanation"] if e["kind"] == "cap"] == [], reached["explanation"]


def _mutable_parts(value: Any, found: dict[int, Any]) -> dict[int, Any]:
    """Every dict and list in `value`, by id (the objects are kept, so no id is reused)."""
    if isinstance(value, (dict, list)):
        found[id(value)] = value
        for item in value.values() if isinstance(value, dict) else value:
            _mutable_parts(item, found)
    return found


def test_two_results_share_no_dict_or_list() -> None:
    """`score` promises that every dict and list of a result is new (callers may change a
    result): two results of the same answers share none, in the steps, the actions and their
    tools, the next level and the follow-ups. QA (mutation testing): the follow-up items came
    from one dict made once per questionnaire, and the only check was on the next level."""
    answers = json.loads((SHIPPED.parent / "examples" / "klein-importeur.json").read_text(encoding="utf-8"))["answers"]
    questionnaire = shipped()
    first, second = score(questionnaire, answers), score(questionnaire, answers)
    assert first == second
    # every kind of part is there to be compared
    assert first["follow_up"] and first["actions"][0]["tools"] and any(s["next_level"] for s in first["steps"])
    ours, theirs = _mutable_parts(first, {}), _mutable_parts(second, {})
    shared = ours.keys() & theirs.keys()
    assert not shared, [ours[key] for key in shared][:3]
