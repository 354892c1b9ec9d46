"""What the report shows, as plain typed data: the templates only lay it out.

Everything is read from the questionnaire, the answers and the result of `scoring.score`, so
the PDF can never disagree with `mvo-assessment score` on the same answers file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping
from urllib.parse import urlsplit

from babel.dates import format_date
from markupsafe import Markup

from ..comparison import RoundChanges, compare_rounds, option_labels
from ..i18n import N_, NULL_TRANSLATIONS, Gettext, local_number
from ..model import Question, Questionnaire
from ..navigation import open_questions, resolve
from ..richtext import markdown_to_html
from ..scoring_plan import format_pct
from .chart import Chart, build_chart

# English is written the British way (organisation, labour), and so are its dates.
DATE_LOCALES = {"en": "en_GB"}


def long_date(day: date, language: str = "nl") -> str:
    """'3 maart 2025', '3 March 2025': written out, so no reader mistakes day and month."""
    return format_date(day, format="long", locale=DATE_LOCALES.get(language, language))


def dutch_date(day: date) -> str:
    return long_date(day, "nl")


def markdown(text: str | None) -> Markup:
    # Safe to mark: markdown_to_html sanitises with nh3.
    return Markup(markdown_to_html(text)) if text else Markup("")


def number_ranges(numbers: list[int]) -> tuple[tuple[int, int], ...]:
    """[1, 10, 11, 12] -> ((1, 1), (10, 12)): 'actie 1, 10–12' reads better than a long list."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return tuple(runs)


@dataclass(frozen=True)
class AnswerItem:
    question: str
    values: tuple[str, ...]  # option labels, or the number or text itself
    kind: str  # "options", "scale", "number" or "text"
    scale: tuple[str, str, str | None, str | None] | None = None  # min, max and their labels


@dataclass(frozen=True)
class AnswerGroup:
    title: str
    number: int  # 0 for the intake
    items: tuple[AnswerItem, ...]


# A link that downloads a file instead of opening a page says which kind, beside its title:
# "Heat Map (SER)" downloaded an Excel file without a word (QA, novice entrepreneur). The
# results page and the PDF say it in these words (N_: translated where they are shown).
FILE_KINDS = {".pdf": N_("(pdf-bestand)"), ".xlsx": N_("(Excel-bestand)"), ".xls": N_("(Excel-bestand)"),
              ".docx": N_("(Word-bestand)"), ".doc": N_("(Word-bestand)")}


def file_kind(url: str) -> str | None:
    """The words for the kind of file `url` downloads (see FILE_KINDS), or None for a web page."""
    path = urlsplit(url).path.lower()
    return next((words for suffix, words in FILE_KINDS.items() if path.endswith(suffix)), None)


@dataclass(frozen=True)
class ToolView:
    title: str
    url: str
    description: str
    lang: str | None = None  # the title's language when it is not the page's (WCAG 3.1.2)
    # The linked publication's language when it is not the page's, said beside the title.
    page_language: str | None = None

    @property
    def file_kind(self) -> str | None:
        return file_kind(self.url)


@dataclass(frozen=True)
class ActionView:
    priority: int
    urgent: bool
    step_number: int | None
    step_title: str
    text: Markup
    tools: tuple[ToolView, ...]


@dataclass(frozen=True)
class NextLevelItem:
    question: str
    current: str | None
    suggested: str
    new: bool = False  # not asked now: another improvement of the step brings it in


@dataclass(frozen=True)
class StepView:
    id: str
    number: int
    title: str
    status: str  # scored, insufficient_data, not_applicable
    level: int | None
    level_name: str | None
    level_description: Markup
    score: str | None  # "42%"
    target_level: int | None
    target_level_name: str | None
    target_reason: str | None
    explanation: tuple[str, ...]
    next_level: tuple[NextLevelItem, ...]
    action_ranges: tuple[tuple[int, int], ...]  # (first, last) runs of action numbers
    # The questions the next level's improvements bring in: whether some are in this step (they
    # count with their lowest answer for the lift), and the numbers of the other steps that get
    # some, where they are asked and count (QA, adviser).
    next_level_new_here: bool = False
    next_level_new_elsewhere: tuple[int, ...] = ()


@dataclass(frozen=True)
class FollowUpItem:
    question: str
    step_number: int  # 0 for the intake
    step_title: str


@dataclass(frozen=True)
class PreviousRound:
    """The round before the one reported (the website's round 2 and later): its number, the
    day it was finished, and its result and answers, scored and fitted as the results page
    does it (with the questionnaire of the report)."""

    number: int
    day: date | None  # None: an answers file that does not say when the round was finished
    result: Mapping[str, Any]
    answers: Mapping[str, Any]
    # Questions whose answer in that round, of an older version, no longer fits (answers.unfitting_answers).
    unfitting: frozenset[str] = frozenset()
    version: str | None = None  # the questionnaire version that round was answered with, where known


@dataclass(frozen=True)
class PreviousRoundView:
    number: int
    date: str | None  # the long date in the report's language; None when unknown
    steps: Mapping[str, Mapping[str, Any]]  # step id -> that round's step result
    changes: RoundChanges  # what the results page shows under "Wat is veranderd"
    version: str | None = None  # the version that round was answered with, where known


@dataclass(frozen=True)
class ReportView:
    language: str  # <html lang>
    title: str
    # The questionnaire's title without its subtitle ("MVO-zelfevaluatie" of "MVO-zelfevaluatie –
    # due diligence in zes stappen"): the cover and every footer name the questionnaire by it.
    # They named its id, `mvo-assessment`, which no visitor knows (QA, B1 editor); the whole
    # title ran the cover on to a second page.
    short_title: str
    version: str
    # The report's date (cover, page header, title): the day its round was finished, as the
    # results page dates the round, else the day it was made (QA, adviser: a PDF of last year's
    # round carried the day of its download).
    date: str
    generated_on: str  # the day it was made
    generated_on_iso: str  # the same, for the PDF's creation date
    company_name: str | None
    profile: tuple[AnswerItem, ...]
    levels: tuple[tuple[int, str, str], ...]
    chart: Chart
    steps: tuple[StepView, ...]
    actions: tuple[ActionView, ...]
    follow_up: tuple[FollowUpItem, ...]
    appendix: tuple[AnswerGroup, ...]
    general_tools: tuple[ToolView, ...] = ()  # help for every step, whatever the answers
    round_number: int = 1  # from 2 on, the cover, the page header and the title say which round
    open_questions: int = 0  # open questions (navigation.is_open: shown, required, no answer): the cover says so
    previous: PreviousRoundView | None = None  # shown beside this round in the overview
    # A round finished before the questionnaire changed: its open questions are new ones, which
    # come in a new round, and its outcome is not "voorlopig" (as the results page says it).
    finished_before_the_questionnaire_changed: bool = False
    answered_with_version: str | None = None  # the round's own version where another one scored it
    # Who offers the site the report was made on (its OPERATOR_NAME), said on the cover: the
    # report goes to a bank or a customer, who may take it for the MVO-steunpunt's own tool.
    operator_name: str | None = None


def _other_language(title_language: str | None, language: str) -> str | None:
    """The language to mark a title with: its own, only where it is not the page's."""
    return title_language if title_language and title_language != language else None


def answer_item(question: Question, value: Any, language: str = "nl") -> AnswerItem:
    """An answer as the user chose it: option labels rather than stored values."""
    number = lambda v: local_number(v, language)  # noqa: E731
    if question.type in ("single", "yesno", "multiple"):
        return AnswerItem(question.text, option_labels(question, value), "options")
    if question.type == "scale":
        scale = (number(question.min or 0), number(question.max or 0), question.min_label, question.max_label)
        return AnswerItem(question.text, (number(value),), "scale", scale)
    if question.type == "number":
        return AnswerItem(question.text, (number(value),), "number")
    return AnswerItem(question.text, (str(value),), "text")


def _answer_groups(questionnaire: Questionnaire, effective: Mapping[str, Any], language: str) -> tuple[AnswerGroup, ...]:
    groups = []
    for section in questionnaire.sections:
        items = tuple(answer_item(q, effective[q.id], language) for q in section.questions if q.id in effective)
        if items:
            groups.append(AnswerGroup(section.title, section.number, items))
    return tuple(groups)


def _step_view(step: Mapping[str, Any], actions: list[Mapping[str, Any]], step_numbers: Mapping[str, int]) -> StepView:
    score = step.get("score")
    brought_in = {item["step"] for item in step.get("next_level_new_questions", ())}
    return StepView(
        id=step["id"],
        number=step["number"],
        title=step["title"],
        status=step["status"],
        level=step.get("level"),
        level_name=step.get("level_name"),
        level_description=markdown(step.get("level_description")),
        score=format_pct(score) if score is not None else None,  # as the explanation says it
        target_level=step.get("target_level"),
        target_level_name=step.get("target_level_name"),
        target_reason=step.get("target_reason"),
        explanation=tuple(item["text"] for item in step.get("explanation", ())),
        next_level=tuple(
            NextLevelItem(item["text"], item.get("current_label"), item.get("suggested_label") or str(item["suggested"]),
                          bool(item.get("new")))
            for item in step.get("next_level", ())
        ),
        action_ranges=number_ranges(sorted(a["priority"] for a in actions if a["step"] == step["id"])),
        next_level_new_here=step["id"] in brought_in,
        next_level_new_elsewhere=tuple(sorted(step_numbers[s] for s in brought_in if s != step["id"] and s in step_numbers)),
    )


def build_view(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    result: Mapping[str, Any],
    *,
    generated_on: date,
    company_name: str | None = None,
    language: str = "nl",
    round_number: int = 1,
    previous: PreviousRound | None = None,
    translations: Gettext = NULL_TRANSLATIONS,
    finished_before_the_questionnaire_changed: bool = False,
    finished_on: date | None = None,
    operator_name: str | None = None,
    answered_with_version: str | None = None,
) -> ReportView:
    """`translations`: the `messages` catalog of `language`, for the texts made here (the
    comparison with the previous round); the templates have their own. `finished_on`: the day
    the round was finished (None: under way, or not known), the report's date. `operator_name`:
    who offers the website it was made on, for the cover (None from the command line).
    `answered_with_version`: the version the round was answered with, where it is not the one
    that scored it (a stored round of an older version; QA, release: the cover named only the
    version the company never answered)."""
    # Only answers to shown questions count: hidden ones are never shown as given.
    visibility = resolve(questionnaire, answers)
    effective = visibility.effective
    steps_by_id = {s["id"]: s for s in result["steps"]}
    sections = {s.id: s for s in questionnaire.sections}
    actions = sorted(result["actions"], key=lambda a: a["priority"])
    intake = next((s for s in questionnaire.sections if s.kind == "intake"), None)
    profile = tuple(
        answer_item(q, effective[q.id], language) for q in (intake.questions if intake else ()) if q.id in effective
    )
    return ReportView(
        language=language,
        title=questionnaire.title,
        short_title=questionnaire.title.split(" – ")[0].strip() or questionnaire.title,
        version=result["questionnaire"]["version"],
        date=long_date(finished_on or generated_on, language),
        generated_on=long_date(generated_on, language),
        generated_on_iso=generated_on.isoformat(),
        company_name=(company_name or "").strip() or None,
        operator_name=operator_name,
        profile=profile,
        levels=tuple((lv.level, lv.name, lv.description) for lv in questionnaire.levels),
        chart=build_chart(
            result["steps"],
            {lv.level: lv.name for lv in questionnaire.levels},
            previous=previous.result["steps"] if previous is not None else None,
        ),
        steps=tuple(_step_view(s, actions, {step["id"]: step["number"] for step in result["steps"]}) for s in result["steps"]),
        actions=tuple(
            ActionView(
                priority=a["priority"],
                urgent=bool(a.get("urgent")),
                step_number=steps_by_id[a["step"]]["number"] if a["step"] in steps_by_id else None,
                step_title=steps_by_id[a["step"]]["title"] if a["step"] in steps_by_id else a["step"],
                text=markdown(a["text"]),
                tools=tuple(
                    ToolView(t["title"], t["url"], t.get("description", ""), _other_language(t.get("title_language"), language),
                             _other_language(t.get("language"), language))
                    for t in a.get("tools", ())
                ),
            )
            for a in actions
        ),
        follow_up=tuple(
            FollowUpItem(
                f["text"],
                sections[f["step"]].number if f["step"] in sections else 0,
                sections[f["step"]].title if f["step"] in sections else f["step"],
            )
            for f in result.get("follow_up", ())
        ),
        appendix=_answer_groups(questionnaire, effective, language),
        general_tools=tuple(
            ToolView(t.title, t.url, t.description, _other_language(t.title_language, language),
                     _other_language(t.language, language))
            for t in questionnaire.general_tools()
        ),
        round_number=round_number,
        open_questions=len(open_questions(questionnaire, visibility)),
        finished_before_the_questionnaire_changed=finished_before_the_questionnaire_changed,
        answered_with_version=(
            answered_with_version if answered_with_version not in (None, result["questionnaire"]["version"]) else None
        ),
        previous=PreviousRoundView(
            previous.number,
            long_date(previous.day, language) if previous.day is not None else None,
            {step["id"]: step for step in previous.result["steps"]},
            # The same function as the results page's "Wat is veranderd": one rule for both.
            compare_rounds(
                questionnaire, resolve(questionnaire, previous.answers).effective, previous.result, effective, result,
                language=language, translations=translations, unfitting_before=previous.unfitting,
            ),
            previous.version,
        )
        if previous is not None
        else None,
    )
