"""What changed between two rounds: the level per step and the answers (pure, no Flask).

The results page ("Wat is veranderd") and the PDF report of round 2 and later both build
their comparison with `compare_rounds`, so the page and the paper can never disagree about
what changed (docs/decisions/0006-rounds.md). Both rounds must be scored with the same
questionnaire, and the answers must be the effective ones (`resolve(...).effective`), fitted
to that questionnaire: an answer to a question that branching hides does not count, so it
cannot have changed either.

Texts are Dutch unless `translations` says otherwise, like `scoring.score` (mvo_assessment.i18n).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import AbstractSet, Any, Mapping

from .i18n import NULL_TRANSLATIONS, SOURCE_LANGUAGE, Gettext, local_number
from .model import Question, Questionnaire
from .navigation import resolve
from .scoring_plan import format_pct


@dataclass(frozen=True)
class StepComparison:
    step_id: str
    number: int
    title: str
    before: str  # the level in words: "3 – In opbouw", "onvoldoende gegevens", "niet van toepassing"
    after: str
    change: str  # "up", "down", "same" or "other" (a step without a level in either round)
    difference: int
    # The scores as the explanation writes them ("21%"), when both rounds have one and they
    # differ: progress within a level is progress too (QA, adviser). Else None.
    score_before: str | None = None
    score_after: str | None = None
    # The target level in words ("3 – In opbouw"), when both rounds have one and it changed (an
    # intake answer changed): the distance to the target moved with it (QA, adviser). Else None.
    target_before: str | None = None
    target_after: str | None = None


@dataclass(frozen=True)
class AnswerChange:
    question: str
    section: str  # "Stap 1: Beleid", or the intake's title
    before: str  # the answer as chosen, or "geen antwoord"
    after: str
    # Several chosen options, each label on its own, in the order chosen (else empty, and
    # `before`/`after` say it): labels may hold commas themselves, so in the text joined with
    # commas one cannot see where an option ends or how many were chosen (QA, adviser). The
    # page and the PDF list them one per line, as the summary and the PDF's appendix do.
    before_options: tuple[str, ...] = ()
    after_options: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoundChanges:
    steps: tuple[StepComparison, ...]  # every step, in step order
    answers: tuple[AnswerChange, ...]  # only the answers that differ, in questionnaire order


def answer_text(question: Question, value: Any, language: str = SOURCE_LANGUAGE) -> str:
    """An answer as the visitor chose it: option labels, numbers written in `language` (every
    decimal kept, no thousands separator, so it reads back as the same number), the text itself."""
    if value is None:
        return ""
    if question.type in ("single", "yesno", "multiple"):
        return ", ".join(option_labels(question, value))
    if question.type in ("scale", "number"):
        return local_number(value, language)
    return str(value)


def option_labels(question: Question, value: Any) -> tuple[str, ...]:
    """The labels of the chosen option(s), in the answer's order; a value the question no
    longer has is shown as it is."""
    chosen = value if isinstance(value, list) else [value]
    return tuple((option.label if (option := question.option(v)) else str(v)) for v in chosen)


def level_text(step: Mapping[str, Any] | None, translations: Gettext = NULL_TRANSLATIONS) -> str:
    if not step or step.get("status") == "not_applicable":
        return translations.gettext("niet van toepassing")
    if step.get("level") is None:
        return translations.gettext("onvoldoende gegevens")
    return f"{step['level']} – {step['level_name']}"


def section_label(questionnaire: Questionnaire, section_id: str, translations: Gettext = NULL_TRANSLATIONS) -> str:
    section = questionnaire.section(section_id)
    if section is None:
        return section_id
    if section.kind == "step":
        return translations.gettext("Stap %(number)s: %(title)s") % {"number": section.number, "title": section.title}
    return section.title


def compare_steps(
    before: Mapping[str, Any], after: Mapping[str, Any], translations: Gettext = NULL_TRANSLATIONS
) -> tuple[StepComparison, ...]:
    """Each step of `after` (a `scoring.score` result) beside the same step in `before`."""
    earlier = {step["id"]: step for step in before["steps"]}
    rows = []
    for step in after["steps"]:
        prior = earlier.get(step["id"])
        old, new = (prior or {}).get("level"), step.get("level")
        before_text, after_text = level_text(prior, translations), level_text(step, translations)
        if old is not None and new is not None:
            change = "up" if new > old else "down" if new < old else "same"
            difference = new - old
        else:
            # No level on one side: "onvoldoende gegevens" to a level is no rise or fall.
            change = "same" if before_text == after_text else "other"
            difference = 0
        old_score, new_score = (prior or {}).get("score"), step.get("score")
        scores: tuple[str | None, str | None] = (None, None)
        if old_score is not None and new_score is not None and format_pct(old_score) != format_pct(new_score):
            scores = format_pct(old_score), format_pct(new_score)
        targets: tuple[str | None, str | None] = (None, None)
        old_target, new_target = (prior or {}).get("target_level"), step.get("target_level")
        if old_target is not None and new_target is not None and old_target != new_target:
            targets = f"{old_target} – {prior['target_level_name']}", f"{new_target} – {step['target_level_name']}"  # type: ignore[index]
        rows.append(StepComparison(
            step["id"], step["number"], step["title"], before_text, after_text, change, difference, *scores, *targets
        ))
    return tuple(rows)


def changed_answers(
    questionnaire: Questionnaire,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    *,
    language: str = SOURCE_LANGUAGE,
    translations: Gettext = NULL_TRANSLATIONS,
    unfitting_before: AbstractSet[str] = frozenset(),
) -> tuple[AnswerChange, ...]:
    """The questions whose effective answer differs, with both answers in words. A question
    that the branching did not ask in a round is said to be not asked, not unanswered (QA,
    sittings: a question an intake change had taken away read as "geen antwoord"). An answer of
    `unfitting_before`, given in an older version and no longer fitting this one (a removed
    option), is said to be so: it read as "geen antwoord" too (QA, release)."""
    asked_before = resolve(questionnaire, before).questions
    asked_after = resolve(questionnaire, after).questions
    # An answer the branching had hidden in that round was not given there (QA, review: a kept
    # answer of a hidden question made a changed row of a question neither round asked).
    unfitting_before = frozenset(unfitting_before) & asked_before

    def text(question: Question, value: Any, asked: AbstractSet[str], unfitting: AbstractSet[str] = frozenset()) -> str:
        if value is not None:
            return answer_text(question, value, language)
        if question.id in unfitting:
            return translations.gettext("een antwoord dat niet meer in de vragenlijst past")
        return translations.gettext("geen antwoord") if question.id in asked else translations.gettext("niet gevraagd")

    def options(question: Question, value: Any) -> tuple[str, ...]:
        several = question.type == "multiple" and isinstance(value, list) and len(value) > 1
        return option_labels(question, value) if several else ()

    return tuple(
        AnswerChange(
            question.text,
            section_label(questionnaire, question.section_id, translations),
            text(question, before.get(question.id), asked_before, unfitting_before),
            text(question, after.get(question.id), asked_after),
            options(question, before.get(question.id)),
            options(question, after.get(question.id)),
        )
        for question in questionnaire.questions
        if before.get(question.id) != after.get(question.id) or question.id in unfitting_before
    )


def compare_rounds(
    questionnaire: Questionnaire,
    before_answers: Mapping[str, Any],
    before_result: Mapping[str, Any],
    after_answers: Mapping[str, Any],
    after_result: Mapping[str, Any],
    *,
    language: str = SOURCE_LANGUAGE,
    translations: Gettext = NULL_TRANSLATIONS,
    unfitting_before: AbstractSet[str] = frozenset(),
) -> RoundChanges:
    """Round "after" beside the round before it: what "Wat is veranderd" shows."""
    return RoundChanges(
        compare_steps(before_result, after_result, translations),
        changed_answers(questionnaire, before_answers, after_answers, language=language, translations=translations,
                        unfitting_before=unfitting_before),
    )
