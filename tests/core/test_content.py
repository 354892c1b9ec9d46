"""The shipped questionnaire: valid, complete against the MVO-stappenplan, the right size."""

from __future__ import annotations

import re

import pytest

from mvo_assessment.answers import load_answers_file
from mvo_assessment.loader import load_questionnaire
from mvo_assessment.navigation import resolve

from .conftest import ROOT, SHIPPED

SEED = ROOT.parent / "shared" / "seed" / "000_10bbc82b50d44462.txt"
SUBSTEPS = ["1A", "1B", "2A", "2B", "2C", "3A", "3B", "4", "5", "6"]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def questionnaire():  # type: ignore[no-untyped-def]
    return load_questionnaire(SHIPPED)


def test_shipped_questionnaire_validates(questionnaire) -> None:  # type: ignore[no-untyped-def]
    assert [s.id for s in questionnaire.sections] == ["intake"] + [f"stap-{n}" for n in range(1, 7)]


def test_every_substep_of_the_stappenplan_is_covered(questionnaire) -> None:  # type: ignore[no-untyped-def]
    substeps = {p.substep for s in questionnaire.steps for p in s.pages}
    assert substeps == set(SUBSTEPS)
    for step in questionnaire.steps:
        for page in step.pages:
            assert page.substep.startswith(str(step.number)), page.id


def _normalise(url: str) -> str:
    # The text names the risk checker once with http:// and once with https://: one tool.
    return re.sub(r"^http://", "https://", url)


def test_every_url_of_the_stappenplan_is_in_the_catalogue(questionnaire) -> None:  # type: ignore[no-untyped-def]
    assert SEED.exists(), f"the MVO-stappenplan text is expected at {SEED} (../shared beside the checkout)"
    urls = {_normalise(u) for u in re.findall(r"https?://\S+", SEED.read_text(encoding="utf-8"))}
    catalogue = {_normalise(t.url) for t in questionnaire.tools}
    assert urls - catalogue == set()
    assert len({t.url for t in questionnaire.tools}) == len(questionnaire.tools), "duplicate URLs"


def test_intake_asks_for_the_company_profile(questionnaire) -> None:  # type: ignore[no-untyped-def]
    intake = questionnaire.section("intake")
    text = " ".join(q.text.lower() for q in intake.questions)
    for word in ("werken", "sector", "buitenland", "regio", "keten", "vragen"):
        assert word in text, word


@pytest.mark.parametrize("name", ["klein-importeur", "middelgrote-producent", "groot-bedrijf"])
def test_examples_are_valid_and_a_full_run_is_the_right_size(questionnaire, name: str) -> None:  # type: ignore[no-untyped-def]
    answers = load_answers_file(questionnaire, (EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    shown = resolve(questionnaire, answers).questions
    assert 50 <= len(shown) <= 90, len(shown)
    # Every shown question has an answer: the examples are complete assessments.
    missing = [q for q in questionnaire.questions if q.id in shown and q.required and q.id not in answers]
    assert missing == []


def test_none_of_these_stands_alone(questionnaire) -> None:  # type: ignore[no-untyped-def]
    """Every "Geen …" option of a multiple-choice question is exclusive: an answers file that
    ticks it beside another option is refused, as the website refuses it."""
    import json

    from mvo_assessment.answers import AnswersInvalid

    nones = [(q, o) for q in questionnaire.questions if q.type == "multiple" for o in q.options if o.value == "geen"]
    assert nones and all(o.exclusive and o.stands_alone for _q, o in nones)
    question, _none = nones[0]
    other = next(o.value for o in question.options if not o.stands_alone)
    document = {"questionnaire": questionnaire.id, "version": questionnaire.version}
    with pytest.raises(AnswersInvalid, match=f"\\[answers.{question.id}\\] 'geen' cannot be combined with other options"):
        load_answers_file(questionnaire, json.dumps({**document, "answers": {question.id: [other, "geen"]}}))
    assert load_answers_file(questionnaire, json.dumps({**document, "answers": {question.id: ["geen"]}})) == {question.id: ["geen"]}


def test_every_company_aims_for_a_written_policy_in_step_1(questionnaire) -> None:  # type: ignore[no-untyped-def]
    """QA: a micro company in services with a purely Dutch chain had target 2 for step 1, so
    "no written MVO policy" read as "on target". The stappenplan: "U moet een MVO-beleid hebben"
    (level 3 is the first with a written policy). The other steps keep proportionality."""
    from mvo_assessment.scoring import score

    profile = {"grootte": "micro", "sector": "diensten", "keten_buitenland": ["geen"], "inkoop_herkomst": "alleen_nl"}
    steps = {step["id"]: step for step in score(questionnaire, {**profile, "s1_beleid": "ideeen"})["steps"]}
    assert steps["stap-1"]["target_level"] == 3
    assert steps["stap-1"]["target_reason"].startswith("Het MVO-stappenplan zegt dat u een MVO-beleid moet hebben")
    assert {steps[f"stap-{n}"]["target_level"] for n in range(2, 7)} == {2}
    # a more specific reason of the same level still comes first
    from mvo_assessment.model import Compare

    medium_rule = next(r for r in questionnaire.targets.rules if r.when == Compare("grootte", "equals", "middel"))
    medium = {step["id"]: step for step in score(questionnaire, {**profile, "grootte": "middel"})["steps"]}
    assert medium["stap-1"]["target_level"] == 3 and medium["stap-1"]["target_reason"] == medium_rule.reason


# --- the visitor's texts: Dutch at B1 level ------------------------------------------------------

# QA (content editor): sentences of 27 to 33 words, such as "Spreek af hoe u bepaalt welk herstel
# nodig is als er schade is: in gesprek met de slachtoffers, en met behulp van ...", are hard to
# read at B1. The questionnaire's sentences are split to at most about 20 words; a sentence over
# this many words is refused (a list item counts as a sentence of its own).
MAX_SENTENCE_WORDS = 25


def _sentences(text: str) -> list[str]:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("**", "")
    found = []
    for part in re.split(r"\n\s*\n|\n\s*(?:[-*]|\d+\.)\s+", text):
        part = re.sub(r"^(?:[-*]|\d+\.)\s+", "", " ".join(part.split()))
        found += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z(‘'\"0-9À-Ý])", part) if s.strip()]
    return found


def long_sentences(questionnaire, limit: int = MAX_SENTENCE_WORDS) -> list[str]:  # type: ignore[no-untyped-def]
    from mvo_assessment.content_i18n import messages

    return [
        f"{location.file}:{location.line} {context}: {sentence}"
        for location, context, text in messages(questionnaire)
        for sentence in _sentences(text)
        if len([word for word in sentence.split() if re.search(r"\w", word)]) > limit
    ]


def test_no_visitor_sentence_is_too_long(questionnaire) -> None:  # type: ignore[no-untyped-def]
    assert long_sentences(questionnaire) == []


def test_the_sentence_count_sees_a_long_sentence() -> None:
    text = "Kort. " + " ".join(["Lang"] + ["woord"] * 25) + ".\n\n- een punt;\n- " + " ".join(["punt"] * 25)
    assert [len(s.split()) for s in _sentences(text)] == [1, 26, 2, 25]


# QA (content editor): the medium-sized company's reason said "Daarom is het doel voor een
# middelgroot bedrijf hoger dan voor een klein bedrijf". Untrue: a small company with an
# international chain or in a risk sector has the same target, and step 1's is 3 for all. A
# target follows from several rules, so a reason says why this company's target is what it is,
# never that it is higher or lower than another company's.
COMPARATIVE = re.compile(r"\b(hoger|lager|strenger|zwaarder)\b", re.IGNORECASE)


def comparative_reasons(questionnaire) -> list[str]:  # type: ignore[no-untyped-def]
    reasons = [questionnaire.targets.default_reason] + [rule.reason for rule in questionnaire.targets.rules]
    return [reason for reason in reasons if COMPARATIVE.search(reason)]


def test_no_target_reason_compares_targets(questionnaire) -> None:  # type: ignore[no-untyped-def]
    assert comparative_reasons(questionnaire) == []


# --- the version changes with the rules ---------------------------------------------------------

# Wording (docs/questionnaire-format.md, "Versions": a change of wording only keeps the version),
# where the folder is, and the tools catalogue (names, addresses, general help) do not change a
# result's levels or actions; neither do the derived fields (compare=False: indexes, locations).
NOT_RULES = frozenset({
    "title", "intro", "text", "help", "label", "min_label", "max_label", "name", "description", "reason",
    "default_reason", "level_descriptions", "language", "version", "source_path",
})
FINGERPRINTS = ROOT / "tests" / "core" / "rules-fingerprints.json"
# Fields the model gained after a version was recorded: at their default (None) they are left
# out, so that an earlier version's content still has the fingerprint recorded for it.
ADDED_LATER = frozenset({("Trigger", "when")})


def _rules(value: object) -> object:
    """What of the model can change a result, as plain JSON: every field but wording."""
    import dataclasses
    from collections.abc import Mapping

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kept = {
            f.name: _rules(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.compare and f.name not in NOT_RULES and not (type(value).__name__ == "Questionnaire" and f.name == "tools")
            and not ((type(value).__name__, f.name) in ADDED_LATER and getattr(value, f.name) is None)
        }
        return {"_type": type(value).__name__, **kept}
    if isinstance(value, Mapping):
        return {str(key): _rules(item) for key, item in sorted(value.items(), key=lambda pair: str(pair[0]))}
    if isinstance(value, (tuple, list)):
        return [_rules(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_rules(item) for item in value)  # type: ignore[type-var]
    return value


def rules_fingerprint(questionnaire) -> str:  # type: ignore[no-untyped-def]
    import hashlib
    import json

    canonical = json.dumps(_rules(questionnaire), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def test_the_version_changes_when_the_rules_do(questionnaire) -> None:  # type: ignore[no-untyped-def]
    """QA (author): a changed score with the version left at 1.1 validated, and the same answers
    file with the same version then scored otherwise, without a word. The rules of each
    released version are recorded: different rules need a new version (and a new entry)."""
    import json

    recorded = json.loads(FINGERPRINTS.read_text(encoding="utf-8"))
    fingerprint = rules_fingerprint(questionnaire)
    version = questionnaire.version
    assert version in recorded, (
        f"version {version} is new: record its rules, add \"{version}\": \"{fingerprint}\" to {FINGERPRINTS.name}"
    )
    assert recorded[version] == fingerprint, (
        f"the scoring rules changed, but the version is still {version}: give questionnaire.yaml a new "
        f"version (docs/questionnaire-format.md, 'Versions'), then record \"<new version>\": \"{fingerprint}\" "
        f"in {FINGERPRINTS.name}"
    )


def test_the_fingerprint_sees_a_score_and_ignores_wording(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    folder = tmp_path / "q"
    shutil.copytree(SHIPPED, folder)
    original = rules_fingerprint(load_questionnaire(folder))
    step = folder / "stap-1-beleid.yaml"
    text = step.read_text(encoding="utf-8")
    label = '{value: los, label: "Er zijn losse afspraken, maar ze staan niet op papier", score: 1}'
    assert label in text
    step.write_text(text.replace(label, label.replace("niet op papier", "nog niet op papier")), encoding="utf-8")
    assert rules_fingerprint(load_questionnaire(folder)) == original
    step.write_text(text.replace(label, label.replace("score: 1", "score: 2")), encoding="utf-8")
    assert rules_fingerprint(load_questionnaire(folder)) != original

