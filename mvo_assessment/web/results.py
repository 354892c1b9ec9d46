"""The results page, its downloads, and rounds over time.

Everything shown comes from `scoring.score` and the report's view model (`report.view`), the
same data the PDF and `mvo-assessment score` use, so the page, the PDF and the exports can
never disagree. The chart is the report's own `chart.svg` (this blueprint adds the report's
templates folder to the template search path), drawn from `report.chart` in its narrower
screen layout, so that its text stays readable on a phone.

Rounds (docs/decisions/0006-rounds.md): a finished assessment (`_finished`) can start a new
round, which copies its answers for review; the results page and the PDF of round 2 and later
compare with the round before (`comparison.compare_rounds`). A finished round is shown as it
is stored: looking at its results never rewrites it to a newer questionnaire version
(`current_assessment(adapt=False)`).
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any, Mapping

from flask import Blueprint, Response, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import get_translations, pgettext
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from ..answers import MAX_EARLIER_ROUNDS, adapt_answers, answers_document, unfitting_answers
from ..comparison import AnswerChange, StepComparison, compare_rounds, section_label
from ..csv_export import actions_csv
from ..forms import ConfirmForm
from ..model import Page, Questionnaire
from ..navigation import Visibility, first_incomplete_page, reachable_pages, resolve
from ..persistence import AssessmentRecord, RoundExists
from ..report import PreviousRound, ReportUnavailable, render_report_pdf
from ..report.company import COMPANY_NAME_MAX, CompanyNameProblem, clean_company_name
from ..report.chart import SCREEN_LAYOUT, build_chart
from ..report.view import ReportView, build_view
from ..scoring import score
from .helpers import (
    unknown_fields_page,
    SESSION_KEY,
    count_a_new_round,
    current_assessment,
    current_language,
    content_disposition,
    download_filename,
    error_page,
    questionnaire,
    refused_download,
    round_date_text,
    finished_day,
    round_day,
    start_session,
    store,
    visitor_today,
)

bp = Blueprint("results", __name__, url_prefix="/zelfevaluatie", template_folder="../report/templates")

# How many actions the page shows under "Begin hiermee"; the rest are grouped per step.
FIRST_ACTIONS = 5
CSV_SEPARATORS = {"puntkomma": ";", "komma": ","}
PDF_CACHE_SIZE = 16
# A cached PDF is dropped after this long: an assessment deleted in another worker (or purged)
# leaves nothing behind for longer (QA, privacy).
PDF_CACHE_SECONDS = 15 * 60


# --- one round, scored ----------------------------------------------------------------------


@dataclass(frozen=True)
class Round:
    record: AssessmentRecord
    answers: Mapping[str, Any]  # effective answers: only shown questions, fitted to the questionnaire
    result: Mapping[str, Any]
    open_page: str | None  # the first page with a question still to answer
    # Of a previous round (_previous_round): its answers that no longer fit the questionnaire.
    unfitting: frozenset[str] = frozenset()

    @property
    def complete(self) -> bool:
        return self.open_page is None

    @property
    def of_an_older_version(self) -> bool:
        """Stored under an earlier version of the questionnaire than the one that scored it."""
        return self.record.questionnaire_version != self.result["questionnaire"]["version"]

    @property
    def continue_url(self) -> str:
        return url_for("wizard.page", page_id=self.open_page) if self.open_page else url_for("wizard.summary")


def _visibility(q: Questionnaire, record: AssessmentRecord) -> Visibility:
    # Answers from an older questionnaire version are fitted on the fly, never rewritten here.
    return resolve(q, adapt_answers(q, record.answers))


def _score_round(q: Questionnaire, record: AssessmentRecord, visibility: Visibility | None = None) -> Round:
    visibility = visibility or _visibility(q, record)
    answers = dict(visibility.effective)
    result = score(q, answers, translations=get_translations())
    return Round(record, answers, result, first_incomplete_page(q, visibility))


def _source_result(record: AssessmentRecord) -> dict[str, Any]:
    """Exactly what `mvo-assessment score --lang <the page's language>` prints for the exported
    answers file: the same numbers in every language, the texts in the visitor's."""
    source: Questionnaire = current_app.extensions["mvo_questionnaire"]
    document = answers_document(source, adapt_answers(source, record.answers))
    return score(questionnaire(), document["answers"], translations=get_translations())


# --- comparison with the previous round --------------------------------------------------------


@dataclass(frozen=True)
class NewQuestion:
    question: str
    section: str
    url: str | None  # the question on its page, when the page can be reached


@dataclass(frozen=True)
class Comparison:
    previous: Round
    steps: tuple[StepComparison, ...]
    answer_changes: tuple[AnswerChange, ...]
    new_questions: tuple[NewQuestion, ...]
    version_changed: bool


def _new_questions(q: Questionnaire, current: Round, previous: AssessmentRecord) -> tuple[NewQuestion, ...]:
    """Questions of this version that the previous round never answered: shown to the user
    when the questionnaire version changed between the rounds. The older version is not here to
    tell which are new, so: a question the previous answers would have shown (and that has no
    answer there), or one still to answer now. A question those answers hid that is answered
    now is left out: the table of changed answers shows it, "niet gevraagd" in the previous
    round (QA, adviser: six questions of the older version were listed as new beside that)."""
    visibility = resolve(q, current.record.answers)
    fitted_before = adapt_answers(q, previous.answers)
    shown_before = resolve(q, fitted_before).questions
    answered_now = visibility.effective
    reachable = set(reachable_pages(q, visibility))
    items = []
    for question in q.questions:
        if (
            question.id in visibility.questions
            # fitted: an answer the new version has no place for (a removed option) is none, and
            # the question was left out of this list though "Ga verder" would ask it (QA, release)
            and question.id not in fitted_before
            and (question.id in shown_before or question.id not in answered_now)
        ):
            url = (
                url_for("wizard.page", page_id=question.page_id, terug="samenvatting", _anchor=f"vraag-{question.id}")
                if question.page_id in reachable
                else None
            )
            items.append(NewQuestion(question.text, section_label(q, question.section_id, get_translations()), url))
    return tuple(items)


def _previous_round(q: Questionnaire, current: Round) -> Round | None:
    """The round before `current`, scored with the questionnaire loaded now (the same yardstick)."""
    if not current.record.previous_id:
        return None
    record = store().get(current.record.previous_id)
    if record is None:
        return None
    fitted = adapt_answers(q, record.answers)
    return replace(_score_round(q, record, resolve(q, fitted)), unfitting=unfitting_answers(q, record.answers, fitted))


def _comparison(q: Questionnaire, current: Round) -> Comparison | None:
    previous = _previous_round(q, current)
    if previous is None:
        return None
    # The same function makes the PDF's "Wat is veranderd" (report.view.build_view).
    changes = compare_rounds(
        q, previous.answers, previous.result, current.answers, current.result,
        language=current_language(), translations=get_translations(),
        unfitting_before=previous.unfitting,
    )
    version_changed = previous.record.questionnaire_version != current.record.questionnaire_version
    return Comparison(
        previous,
        changes.steps,
        changes.answers,
        _new_questions(q, current, previous.record) if version_changed else (),
        version_changed,
    )


def _finished(current: Round, comparison: Comparison | None) -> bool:
    """Whether this round is finished, so that it may have a next round.

    A round that was finished once stays finished (`completed_at`; a newer questionnaire
    version may have added questions since, and a finished round is not rewritten), unless a
    question of its own version is open again. Otherwise
    every question is answered, and from round 2 on at least one answer differs from the round
    before. A new round starts with all answers copied, so it is complete from its first
    second; until the visitor changes something, or says that nothing changed
    (`confirm_unchanged`), it is the round before once more, and a next round after it would be
    a third copy (QA: Back after "Start een nieuwe ronde" showed this round's results with the
    button again).
    """
    if current.record.completed_at is not None:
        # Still, a round of this very version with a question open again (an intake answer
        # changed since asks it) is not the basis of a next round: that round would be compared
        # with one frozen incomplete, while this page says "voorlopig" (QA, sittings).
        return current.complete or current.of_an_older_version
    return current.complete and (comparison is None or bool(comparison.answer_changes))


def nothing_changed_yet(q: Questionnaire, record: AssessmentRecord) -> bool:
    """Whether `record` is a complete new round with every answer as in the round before: the
    round the results page offers to finish with "Er is niets veranderd" (`_finished`,
    `confirm_unchanged`), by the same list of changed answers. The summary offers the way there
    only then (QA, adviser following rounds: it did so after answers had been changed too)."""
    if record.previous_id is None or record.completed_at is not None:
        return False
    current = _score_round(q, record)
    if not current.complete:
        return False
    comparison = _comparison(q, current)
    return comparison is not None and not comparison.answer_changes


def round_is_finished(q: Questionnaire, record: AssessmentRecord) -> bool:
    """`_finished` for a round nobody has looked at yet: the round of a loaded file."""
    current = _score_round(q, record)
    return _finished(current, _comparison(q, current))


# --- the page ---------------------------------------------------------------------------------


def _no_assessment() -> Any:
    from .wizard import _no_assessment as no_assessment

    return no_assessment()


def _view(q: Questionnaire, current: Round) -> ReportView:
    return build_view(q, current.answers, current.result, generated_on=visitor_today(), language=current_language())


def _actions_per_step(view: ReportView) -> list[tuple[Any, list[Any]]]:
    """The actions after the first few, grouped per step in step order (priority order within)."""
    groups: dict[str, list[Any]] = {}
    numbers = {step.number: step for step in view.steps}
    for action in view.actions[FIRST_ACTIONS:]:
        step = numbers.get(action.step_number)  # type: ignore[arg-type]
        groups.setdefault(step.id if step else action.step_title, []).append(action)
    return [(step, groups[step.id]) for step in view.steps if step.id in groups]


def _open_intake_page(q: Questionnaire, visibility: Visibility) -> Page | None:
    """The first page about the company that still has open questions, if any. Without the
    company profile every target is the default and no action can follow: a page of levels and
    "no actions" would read as "nothing to do"."""
    open_page = q.page(first_incomplete_page(q, visibility) or "")
    return open_page if open_page is not None and open_page.section_id == "intake" else None


def _results_asking_for_the_intake(q: Questionnaire, visibility: Visibility) -> WerkzeugResponse | None:
    """A download asked for while the intake is open goes to the results page, which asks for
    it first: the downloads gave the levels, targets and actions that page holds back (QA, one
    rule in one place: a results tab left open, or an address typed)."""
    if _open_intake_page(q, visibility) is None:
        return None
    return redirect(url_for("results.show"), 303)


@bp.get("/resultaat")
def show() -> Any:
    record = current_assessment(adapt=False)
    if record is None:
        return _no_assessment()
    return _results_page(record)


def _results_page(record: AssessmentRecord, company: str = "", company_problem: str | None = None) -> Any:
    """The results page; with `company_problem`, the company name the PDF form sent comes back
    in its field with the problem beside it (a 400), so nothing typed is lost."""
    q = questionnaire()
    visibility = _visibility(q, record)
    open_page = _open_intake_page(q, visibility)
    if open_page is not None:
        page = render_template("results_intake.html", continue_url=url_for("wizard.page", page_id=open_page.id))
        return (page, 400) if company_problem else page
    current = _score_round(q, record, visibility)
    comparison = _comparison(q, current)
    finished = _finished(current, comparison)
    if finished and record.completed_at is None:
        store().mark_completed(record.id)
    view = _view(q, current)
    level_names = {level.level: level.name for level in q.levels}
    chart = build_chart(
        current.result["steps"],
        level_names,
        previous=comparison.previous.result["steps"] if comparison else None,
        layout=SCREEN_LAYOUT,
    )
    successor = store().next_round(record.id)
    return render_template(
        "results.html",
        record=record,
        report=replace(view, chart=chart),
        steps_by_id={step["id"]: step for step in current.result["steps"]},
        step_ids={step.number: step.id for step in view.steps},
        first_actions=view.actions[:FIRST_ACTIONS],
        more_actions=_actions_per_step(view),
        complete=current.complete,
        continue_url=current.continue_url,
        comparison=comparison,
        previous_steps={step["id"]: step for step in comparison.previous.result["steps"]} if comparison else {},
        round_date=round_date_text(record),
        previous_date=round_date_text(comparison.previous.record) if comparison else None,
        can_start_round=finished and successor is None and record.round <= MAX_EARLIER_ROUNDS,
        rounds_full=_rounds_full_message(record) if finished and successor is None and record.round > MAX_EARLIER_ROUNDS else None,
        code_days=current_app.config["RESUME_CODE_DAYS"],
        unchanged=current.complete and not finished,  # a new round nobody changed yet
        form=ConfirmForm(),
        version_differs=current.of_an_older_version,
        finished_under_older_version=finished and current.of_an_older_version,
        company=company,
        company_problem=company_problem,
        errors=[("bedrijf", company_problem, None)] if company_problem else [],
    ), 400 if company_problem else 200


# --- downloads ----------------------------------------------------------------------------------


def _attachment(body: bytes | str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(filename)
    return response


class ReportCache:
    """The last few PDFs, per assessment version, date and language: making one takes seconds.
    The key starts with the assessment's id; a PDF with a company name is never kept (the name
    is not stored anywhere, as the results page promises)."""

    def __init__(self, size: int = PDF_CACHE_SIZE, seconds: float = PDF_CACHE_SECONDS) -> None:
        self.size = size
        self.seconds = seconds
        self.items: OrderedDict[tuple[Any, ...], tuple[float, bytes]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> bytes | None:
        with self.lock:
            found = self.items.get(key)
            if found is None:
                return None
            made, pdf = found
            if time.monotonic() - made > self.seconds:
                del self.items[key]
                return None
            self.items.move_to_end(key)
            return pdf

    def put(self, key: tuple[Any, ...], pdf: bytes) -> None:
        with self.lock:
            now = time.monotonic()
            # What has expired leaves memory now, not only when asked for again (QA, privacy:
            # "at most 15 minutes" held only for PDFs someone asked for again).
            for old in [old for old, (made, _pdf) in self.items.items() if now - made > self.seconds]:
                del self.items[old]
            self.items[key] = (now, pdf)
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def forget(self, assessment_id: str) -> None:
        """Drop every PDF of an assessment (it is being deleted)."""
        with self.lock:
            for key in [key for key in self.items if key[0] == assessment_id]:
                del self.items[key]


def made_a_report() -> bool:
    """Whether this request made a PDF (not taken from the cache): what REPORT_LIMIT counts."""
    return bool(g.get("mvo_made_a_report", False))


def report_cache() -> ReportCache:
    return current_app.extensions.setdefault("mvo_report_cache", ReportCache())  # type: ignore[no-any-return]


@bp.route("/resultaat/rapport.pdf", methods=["GET", "POST"])
def pdf() -> Any:
    record = current_assessment(adapt=False)
    if record is None:
        return _no_assessment()
    stale = refused_download(record)
    if stale is not None:
        return stale
    # The results page posts a company name, so it stays out of addresses, proxy logs and the
    # browser's history (QA, privacy: "De naam wordt niet bewaard" was not true of a GET).
    if request.method == "POST":
        refused = unknown_fields_page(frozenset({"csrf_token", COMPANY_PARAMETER}))
        if refused:
            return refused
    given = request.values.get(COMPANY_PARAMETER, "")
    company, problem = company_name(given)
    if problem is not None:
        # Back on the results page, the name in its field and the problem beside it (QA,
        # English walk: a page of its own lost the name, and focus landed nowhere).
        return _results_page(record, given[:COMPANY_NAME_MAX * 2], problem)
    q = questionnaire()
    language = current_language()
    today = visitor_today()
    # A finished round's report carries the round's day, as its results page does (QA, adviser:
    # a PDF of a round finished a week before was dated, and named, the day of the download).
    finished_on = finished_day(record)
    key = (record.id, record.revision, record.questionnaire_version, q.version, today, language)
    body = report_cache().get(key) if company is None else None
    if body is None:
        # A cached report was made at this revision and version, so with the intake answered.
        visibility = _visibility(q, record)
        asking = _results_asking_for_the_intake(q, visibility)
        if asking is not None:
            return asking
        current = _score_round(q, record, visibility)
        before = _previous_round(q, current)  # round 2 and later: the round before, beside this one
        previous = (
            PreviousRound(
                before.record.round,
                round_day(before.record),
                before.result,
                before.answers,
                before.unfitting,
                before.record.questionnaire_version,
            )
            if before is not None
            else None
        )
        g.mvo_made_a_report = True
        try:
            body = render_report_pdf(
                q, current.answers, current.result, generated_on=today, finished_on=finished_on, language=language,
                round_number=record.round, previous=previous, company_name=company,
                operator_name=current_app.config.get("OPERATOR_NAME"),
                finished_before_the_questionnaire_changed=record.completed_at is not None and current.of_an_older_version,
                answered_with_version=record.questionnaire_version,
            )
        except ReportUnavailable:
            current_app.logger.exception("The PDF report cannot be made")
            return error_page(
                503,
                _("Het rapport kan nu niet worden gemaakt"),
                _("We kunnen het rapport nu niet maken. Uw antwoorden zijn bewaard. Probeer het later opnieuw, of download uw antwoorden en de actielijst."),
                continue_url=url_for("results.show"),
            )
        if company is None:
            report_cache().put(key, body)
    return _attachment(
        body, "application/pdf", download_filename(pgettext("bestandsnaam", "mvo-rapport"), record, "pdf", company)
    )


COMPANY_PARAMETER = "bedrijf"


def company_name(given: str) -> tuple[str | None, str | None]:
    """(name, problem): the optional company name on the report (report/company.py), or why not."""
    try:
        return clean_company_name(given), None
    except CompanyNameProblem as problem:
        if problem.kind == "too_long":
            return None, _("De naam is %(length)s tekens lang. Op het rapport passen er hoogstens %(max)s.",
                           length=problem.length, max=COMPANY_NAME_MAX)
        # Typed again, not deleted by a key: a phone has no Delete key, and its ⌫ takes away the
        # letter before the cursor, not the invisible character after it (QA, English phone).
        if problem.before:
            return None, _("De naam bevat na ‘%(before)s’ een onzichtbaar teken dat niet op het rapport kan. "
                           "Typ de naam opnieuw. Plak hem niet: dan komt het teken weer mee.",
                           before=problem.before)
        return None, _("De naam begint met een onzichtbaar teken dat niet op het rapport kan. "
                       "Typ de naam opnieuw. Plak hem niet: dan komt het teken weer mee.")


@bp.get("/resultaat/uitkomst.json")
def result_json() -> Any:
    record = current_assessment(adapt=False)
    if record is None:
        return _no_assessment()
    stale = refused_download(record)
    if stale is not None:
        return stale
    q = questionnaire()
    asking = _results_asking_for_the_intake(q, _visibility(q, record))
    if asking is not None:
        return asking
    body = json.dumps(_source_result(record), ensure_ascii=False, indent=2) + "\n"
    return _attachment(body, "application/json", download_filename(pgettext("bestandsnaam", "mvo-uitkomst"), record, "json"))


@bp.get("/resultaat/acties.csv")
def actions() -> Any:
    record = current_assessment(adapt=False)
    if record is None:
        return _no_assessment()
    stale = refused_download(record)
    if stale is not None:
        return stale
    separator = CSV_SEPARATORS.get(request.args.get("scheidingsteken", "puntkomma"))
    if separator is None:
        abort(400)
    q = questionnaire()
    visibility = _visibility(q, record)
    asking = _results_asking_for_the_intake(q, visibility)
    if asking is not None:
        return asking
    current = _score_round(q, record, visibility)
    body = actions_csv(current.result, separator=separator, translate=_, language=current_language())
    stem = pgettext("bestandsnaam", "mvo-acties")
    if separator == ",":
        # Both lists downloaded: two names, not "(1)" added by the browser to the second one.
        stem += "-" + pgettext("bestandsnaam", "komma")
    response = _attachment(body, "text/csv", download_filename(stem, record, "csv"))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    return response


# --- rounds ---------------------------------------------------------------------------------------


# What the round buttons of the results page post (results.html): the token and the round.
ROUND_FORM_FIELDS = frozenset({"csrf_token", "ronde"})


def _rounds_full_message(record: AssessmentRecord) -> str:
    return _("Deze zelfevaluatie heeft al %(count)s rondes. Meer kunnen er niet bij.", count=record.round)


@bp.post("/nieuwe-ronde")
def new_round() -> Any:
    ConfirmForm()  # CSRF is checked globally; the form only documents it
    refused = unknown_fields_page(ROUND_FORM_FIELDS)
    if refused is not None:
        return refused
    before = session.get(SESSION_KEY)
    record = current_assessment(adapt=False)
    if record is None:
        return _no_assessment()
    if request.form.get("ronde") not in (None, record.id):
        # Sent from the results of a round that has a next round by now (current_assessment
        # moved this browser there): that round was already begun, go on in it. When the move
        # happened on this request, current_assessment has said so already.
        if record.id == before:
            flash(_("Deze nieuwe ronde was al begonnen. U gaat daarin verder."), "info")
        return redirect(url_for("results.round_started"), 303)
    q = questionnaire()
    current = _score_round(q, record)
    comparison = _comparison(q, current)
    if not _finished(current, comparison):
        # The page only offers the button on a finished round; this post came from a page shown
        # earlier, another tab, or Back after starting this very round.
        if comparison is None or not current.complete:
            message = _("Een nieuwe ronde kunt u beginnen als u alle vragen van deze ronde heeft beantwoord. Er is niets veranderd.")
        else:
            message = _(
                "U heeft in deze ronde nog geen antwoord veranderd. Loop uw antwoorden na en pas aan wat er "
                "sinds ronde %(round)s is veranderd. Is er niets veranderd? Rond deze ronde dan af op de "
                "resultaatpagina. Daarna kunt u een nieuwe ronde beginnen. Er is geen nieuwe ronde begonnen.",
                round=comparison.previous.record.round,
            )
        return error_page(409, _("Maak eerst deze ronde af"), message, continue_url=current.continue_url)
    if record.round > MAX_EARLIER_ROUNDS:
        # Its answers file could not be loaded again (answers.MAX_EARLIER_ROUNDS; QA, security).
        return error_page(409, _("Er kan geen nieuwe ronde meer bij"), _rounds_full_message(record), continue_url=url_for("results.show"))
    if record.completed_at is None:
        # Only a finished round can have a next one (current_assessment relies on it to move
        # browsers along); the results page normally noted this already.
        store().mark_completed(record.id)
    already = False
    try:
        new = store().start_round(record.id, q.id, q.version, current.answers)
    except RoundExists as exists:
        if exists.successor is None:
            abort(409)
        new, already = exists.successor, True
    if not already:
        count_a_new_round()
    start_session(new)  # clears the session, so the message comes after it
    if already:
        flash(_("Deze nieuwe ronde was al begonnen. U gaat daarin verder."), "info")
    return redirect(url_for("results.round_started"), 303)


@bp.post("/resultaat/niets-veranderd")
def confirm_unchanged() -> Any:
    """Finish a complete round in which no answer changed, at the visitor's word: a company
    whose situation stayed the same for a year checked its answers, and its next round starts
    from here (docs/decisions/0006-rounds.md)."""
    ConfirmForm()  # CSRF is checked globally; the form only documents it
    refused = unknown_fields_page(ROUND_FORM_FIELDS)
    if refused is not None:
        return refused
    record = current_assessment(adapt=False)
    if record is None:
        return _no_assessment()
    if request.form.get("ronde") not in (None, record.id):
        # Sent from a round that has a next round by now: that round is the one to work in.
        return redirect(url_for("results.show"), 303)
    q = questionnaire()
    current = _score_round(q, record)
    if not current.complete:
        return error_page(
            409,
            _("Maak eerst deze ronde af"),
            _("U kunt deze ronde afronden als u alle vragen heeft beantwoord. Er is niets veranderd."),
            continue_url=current.continue_url,
        )
    comparison = _comparison(q, current)
    if record.completed_at is None and comparison is not None and not comparison.answer_changes:
        store().mark_completed(record.id)
        flash(
            _("Ronde %(round)s is afgerond. Uw antwoorden zijn hetzelfde als in de vorige ronde.", round=record.round),
            "success",
        )
    # Else there is nothing to confirm: a first round, or a changed one (sent from a page shown
    # before the change), finishes by the usual rule on the results page.
    return redirect(url_for("results.show"), 303)


@bp.get("/ronde")
def round_started() -> Any:
    record = current_assessment(adapt=False)
    if record is None:
        return _no_assessment()
    if not record.previous_id:
        return redirect(url_for("results.show"), 303)
    q = questionnaire()
    comparison = _comparison(q, _score_round(q, record))
    return render_template(
        "round.html",
        record=record,
        comparison=comparison,
        previous_date=round_date_text(comparison.previous.record) if comparison else None,
    )
