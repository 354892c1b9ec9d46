"""Stop and come back: resume codes, downloading and uploading answers, deleting.

A resume code is shown right after it is made, and again in the same browser for half an
hour (a reload, or switching the language, must not lose it or silently replace it by a new
one); only its hash is stored. Looking a code
up is rate-limited on failures (app.py wraps `lookup`); a wrong, expired or deleted code all
get the very same 404 response, so the answer reveals nothing about which it was.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext, pgettext

from .. import answers as answers_file
from ..answers import (
    AnswerProblem,
    AnswersInvalid,
    EarlierRound,
    answers_document,
    decode_answers_file,
    read_answers_document,
    read_or_fit_answers_file,
    shown,
    shown_json,
)
from ..extensions import current_language
from ..forms import CodeForm, ConfirmForm, UploadForm, rule_sentence
from ..model import Questionnaire
from ..navigation import first_incomplete_page, resolve
from ..numbers import whole_as_int
from ..persistence import CODE_ALPHABET, CODE_GROUP, CODE_LENGTH, code_fingerprint, hash_code, new_resume_code, normalise_code
from ..report.view import long_date
from .csrf import session_token_fingerprint
from .helpers import (
    DELETED_KEY,
    LEFT_KEY,
    LEFT_WITHOUT_CODE,
    OPENED_WITH_CODE_KEY,
    ONLY_THE_TOKEN,
    SHOWN_CODE_KEY,
    unknown_fields_page,
    clear_session,
    create_assessment,
    current_assessment,
    current_questionnaire,
    language_argument,
    refused_download,
    round_date_text,
    finished_day,
    round_day,
    content_disposition,
    download_filename,
    error_page,
    start_session,
    store,
    visitor_today,
)
from .results import round_is_finished

bp = Blueprint("resume", __name__)


def _no_assessment() -> Any:
    from .wizard import _no_assessment as no_assessment

    return no_assessment()


def _continue_url() -> str:
    finished = current_assessment(adapt=False)
    if finished is not None and finished.completed_at is not None:
        # A finished round opens on its results, as stored (docs/decisions/0006-rounds.md).
        return url_for("results.show")
    record = current_assessment()
    if record is None:
        return url_for("pages.start")
    q = current_questionnaire()
    page_id = first_incomplete_page(q, resolve(q, record.answers))
    return url_for("wizard.page", page_id=page_id) if page_id else url_for("wizard.summary")


# The code just made, kept in the (signed, HttpOnly) session cookie (SHOWN_CODE_KEY) so the
# same browser sees it again for a while, in the next round it starts too (start_session); no
# longer than that (`_forget_codes_no_longer_needed`): the cookie is not encrypted, and one the
# server no longer accepts would still show it (docs/security.md).
SHOW_CODE_AGAIN_SECONDS = 30 * 60
SAVE_FORM_FIELDS = frozenset({"csrf_token", "nieuw"})


@bp.before_app_request
def _forget_codes_no_longer_needed() -> None:
    """A code in the (signed, not encrypted) cookie leaves it as soon as it is no longer needed,
    on any request: the code made here after its half hour, a resume link's code on any page
    but the code page (QA, privacy: both stayed until the code page was opened again, and a
    cookie the server no longer accepts still showed the code).

    Not for a static file: its response may be cached (docs/security.md), so it must neither
    set the cookie nor read it (Vary: Cookie, one cached copy per visitor); a style sheet
    fetched after the half hour carried the visitor's new cookie (QA, HTTP)."""
    if request.endpoint == "static":
        return
    shown = session.get(SHOWN_CODE_KEY)
    if shown is not None and not (isinstance(shown, dict)
                                  and 0 <= time.time() - float(shown.get("made", 0)) <= SHOW_CODE_AGAIN_SECONDS):
        session.pop(SHOWN_CODE_KEY, None)
    if CODE_FROM_LINK in session and request.endpoint != "resume.lookup":
        session.pop(CODE_FROM_LINK, None)


def _code_still_shown(record_id: str) -> str | None:
    """The code made in this browser in the last half hour (an older one has left the session
    before the request, `_forget_codes_no_longer_needed`), while it still opens this
    assessment. Asked by the code, not by the round it was made in: a new round (the adviser's,
    perhaps) takes the code along, and the code page then offered to replace it, which shut the
    adviser out mid-conversation (QA, adviser)."""
    shown = session.get(SHOWN_CODE_KEY)
    if not isinstance(shown, dict):
        return None
    code = str(shown.get("code", ""))
    found = store().find_by_code(normalise_code(code))
    if found is None or found.id != record_id:  # replaced since, e.g. in another browser
        session.pop(SHOWN_CODE_KEY, None)
        return None
    return code


@bp.route("/zelfevaluatie/opslaan", methods=["GET", "POST"])
def save() -> Any:
    record = current_assessment(adapt=False)  # a code changes no answer: a finished round stays as stored
    if record is None:
        return _no_assessment()
    days = current_app.config["RESUME_CODE_DAYS"]
    if request.method == "POST":
        refused = unknown_fields_page(SAVE_FORM_FIELDS)
        if refused:
            return refused
    # "Maak een nieuwe code" on the code page: the company takes back the code it just shared
    # (QA, security: for half an hour every post showed the same code again, so the adviser
    # who had opened it could not be shut out but by deleting everything).
    replace_shown = request.method == "POST" and request.form.get("nieuw") == "1"
    # A reload (GET, or the POST sent again) and a language switch show the same code:
    # a new one would silently stop the code the visitor just wrote down.
    code = None if replace_shown else _code_still_shown(record.id)
    if code is None and request.method == "POST":
        code = new_resume_code()
        store().set_resume_code(record.id, code, timedelta(days=days))
        session[SHOWN_CODE_KEY] = {"code": code, "made": int(time.time())}
        if OPENED_WITH_CODE_KEY in session:
            # Opened here with the old code: this browser made the new one, and keeps access.
            session[OPENED_WITH_CODE_KEY] = code_fingerprint(hash_code(code))
        if replace_shown:
            # Shown by the GET, so a reload does not make yet another code.
            if record.has_resume_code:
                flash(_("Dit is uw nieuwe code. De vorige code werkt niet meer."), "success")
            return redirect(url_for("resume.save"), 303)
    if code is None:
        return render_template("save.html", form=ConfirmForm(), record=record, days=days)
    # The link opens in the language the visitor uses (no ?lang= where the browser gets it anyway).
    link = url_for("resume.lookup", code=code, lang=language_argument(), _external=True)
    return render_template("code.html", code=code, link=link, days=days, continue_url=_continue_url(),
                           form=ConfirmForm())


def _code_refused(form: CodeForm, message: str, status: int) -> tuple[str, int]:
    """The code page again, with `message` at the field and in the error summary."""
    form.code.errors = [message]
    return render_template("resume.html", form=form, errors=[("code", message, None)]), status


# A code from a resume link, kept in the (signed, HttpOnly) session cookie between the link's
# address and the clean page it redirects to.
CODE_FROM_LINK = "code_from_link"


@bp.route("/hervatten", methods=["GET", "POST"])
def lookup() -> Any:
    form = CodeForm()
    if request.method != "POST":  # GET, and HEAD answered as GET (it got the form's 400; QA, HTTP)
        if "code" in request.args:
            # The link's code leaves the address at once: every request from a page whose
            # address holds it sent it along as Referer (QA, privacy: six requests per resume,
            # each one in a proxy's log), and the language link repeated it.
            session[CODE_FROM_LINK] = request.args.get("code", "")[:100]
            # Only the language goes along, as the link was made (`save`): the other parameters
            # went into url_for as its options, so `?endpoint=` gave a 500 and `_external`,
            # `_anchor` and `_scheme` were obeyed (QA, security round 2).
            return redirect(url_for("resume.lookup", lang=language_argument()), 303)
        form.code.data = session.get(CODE_FROM_LINK, "")
        return render_template("resume.html", form=form, errors=[])
    typed = normalise_code(form.code.data or "")
    if not typed:
        return _code_refused(form, _("Vul uw code in."), 400)
    if len(typed) != CODE_LENGTH:
        # Part of a code (it wraps over lines on a phone, and is easily copied in half) or a
        # few characters too many: said as such, and not counted as a failed try (a code of
        # the wrong length can never match, so it gives nobody anything to guess with).
        message = _(
            "Een code heeft %(length)s letters en cijfers, in groepen van %(group)s. U heeft er %(given)s "
            "ingevuld. Kijk of u de hele code heeft overgenomen.",
            length=CODE_LENGTH,
            group=CODE_GROUP,
            given=len(typed),
        )
        return _code_refused(form, message, 400)
    impossible = sorted({character for character in typed if character not in CODE_ALPHABET})
    if impossible:
        # A character no code holds (the look-alikes O, 0, I, 1, L, … are left out of every
        # code): it can never match, so it is said, and not counted as a failed try (QA,
        # cognitive access: copied from paper, it got "Deze code kennen we niet" and counted).
        return _code_refused(form, _(
            "In een code staan nooit deze tekens: %(characters)s. Kijk de code nog eens goed na. Een code heeft "
            "alleen deze tekens: %(alphabet)s.",
            characters=", ".join(f"‘{character}’" for character in impossible), alphabet=" ".join(CODE_ALPHABET),
        ), 400)
    record = store().find_by_code(typed)
    # Only once the database has answered: a link's code taken out before a 503 was gone from
    # the field when the visitor came back, and the e-mail had to be found again (QA, site
    # reliability). A code of the wrong length or none leaves it: the page shows what was typed.
    session.pop(CODE_FROM_LINK, None)
    if record is None or record.questionnaire_id != current_questionnaire().id:
        # 404: only this status counts against RESUME_FAILURES_LIMIT (web/app.py).
        return _code_refused(form, _("Deze code kennen we niet, of hij is verlopen. Controleer de code en probeer het opnieuw."), 404)
    start_session(record)
    session[OPENED_WITH_CODE_KEY] = record.code_fingerprint
    if record.round > 1:
        flash(_("Welkom terug in ronde %(round)s. U gaat verder waar u was gebleven.", round=record.round), "success")
    else:
        flash(_("Welkom terug. U gaat verder waar u was gebleven."), "success")
    return redirect(_continue_url(), 303)


@bp.get("/zelfevaluatie/antwoorden.json")
def download() -> Any:
    # A download only reads: a round of an older questionnaire version is exported as stored,
    # with its version, and keeps every answer (QA, author: fitting it here rewrote a finished
    # round and left out the answers to removed questions).
    record = current_assessment(adapt=False)
    if record is None:
        return _no_assessment()
    stale = refused_download(record)
    if stale is not None:
        return stale
    # The rounds before this one go into the file too: a code lasts RESUME_CODE_DAYS and an
    # untouched history is purged after RETENTION_DAYS, so the file a company keeps is what
    # brings its history back next year (QA, adviser).
    earlier = [
        EarlierRound(
            before.questionnaire_version,
            round_day(before),
            before.answers,
        )
        for before in store().earlier_rounds(record)
    ]
    # The file says when this round was finished (when it was, on a known day): loaded a year
    # later, the round comes back finished on that day (QA, adviser), round 1 too (QA, contracts).
    finished = finished_day(record)
    document = answers_document(current_questionnaire(), record.answers, earlier, record.questionnaire_version, finished)
    body = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    response = Response(body, mimetype="application/json")
    # Named like the other downloads, with the round and the day: a company that keeps its own
    # file every year can tell the files apart (QA).
    filename = download_filename(_answers_file_names()[0], record, "json")
    response.headers["Content-Disposition"] = content_disposition(filename)
    return response


def _answers_file_names() -> list[str]:
    """How the answers download's name begins in the page's language, then in Dutch when that
    differs (a file downloaded before switching language keeps its name)."""
    local = pgettext("bestandsnaam", "mvo-zelfevaluatie-antwoorden")
    dutch = "mvo-zelfevaluatie-antwoorden"
    return [local] if local == dutch else [local, dutch]


def _upload_page(form: UploadForm, errors: list[Any], problems: list[str], unlisted: int = 0) -> str:
    return render_template(
        "upload.html", form=form, errors=errors, problems=problems, unlisted=unlisted, usual_names=_answers_file_names()
    )


def _shown_value(value: Any) -> str:
    """A value from the file as the visitor can find it there, cut short and with characters
    that are not printable escaped, as the CLI repeats it (answers.shown; QA, parity: a NUL, an
    escape or a right-to-left mark went into the page as it was): a text between quotes like
    the site's other quotations, anything else (a number, a list) as JSON has it."""
    if isinstance(value, float) and not math.isfinite(value):
        # `1e999` in the file, read as infinity (QA, contracts: the CLI's English "a number too
        # large to use" stood in the Dutch page).
        return _("een getal dat te groot is")
    if isinstance(value, float):
        value = whole_as_int(value)  # as the file has it, `1e15` or `1000000000000000`, not Python's "1000000000000000.0"
    return f"‘{shown(value)}’" if isinstance(value, str) else shown_json(value)


def problem_text(q: Questionnaire, problem: AnswerProblem) -> str:
    """An answers-file problem in the visitor's words and language. The CLI says the same in
    technical terms (`str(problem)`); a visitor gets what it means for them."""
    data = problem.data
    if problem.kind == answers_file.EARLIER_ROUND:
        # The rule a day or the list of rounds breaks, with what the file says (QA, contracts:
        # every such problem was "niet te lezen", which left the visitor nothing to look for).
        language = current_language()
        if data.get("reason") == "future":
            return _("Volgens het bestand is ronde %(round)s afgerond op %(day)s. Die dag is nog niet geweest. "
                     "Misschien is het bestand veranderd.", round=data["round"], day=long_date(data["day"], language))
        if data.get("reason") == "before":
            return _("Volgens het bestand is ronde %(round)s afgerond op %(day)s. Dat is eerder dan de ronde "
                     "ervoor (%(before)s). In het bestand moeten de rondes op volgorde staan, de oudste eerst.",
                     round=data["round"], day=long_date(data["day"], language), before=long_date(data["last_day"], language))
        if data.get("reason") == "not_a_day":
            return _("Bij ronde %(round)s staat als datum %(given)s. Een datum schrijft u zo: 2025-11-26 (jaar, maand, dag).",
                     round=data["round"], given=_shown_value(data.get("given")))
        if data.get("reason") == "too_many":
            return _("Het bestand heeft %(count)s eerdere rondes. Er kunnen er niet meer dan %(most)s in staan.",
                     count=data["count"], most=answers_file.MAX_EARLIER_ROUNDS)
        if data.get("round"):
            return _("Ronde %(round)s in het bestand is niet te lezen. Misschien is het bestand veranderd.", round=data["round"])
        return _("De eerdere rondes in het bestand zijn niet te lezen. Misschien is het bestand veranderd.")
    if data.get("round"):
        # An answer of an earlier round: said as for this round's answers, with the round.
        inner = problem_text(q, replace(problem, data={key: value for key, value in data.items() if key != "round"}))
        return _("Ronde %(round)s: %(problem)s", round=data["round"], problem=inner)
    if problem.kind == answers_file.RESULT:
        # The outcome (uitkomst.json) is JSON too, but a result, not answers (answers.py knows it
        # by its shape, for the CLI as well).
        return _("Dit is het resultaat (JSON), niet het antwoordbestand. Kies het bestand waarvan de naam meestal begint met %(name)s.",
                 name=_answers_file_names()[0])
    if problem.kind == answers_file.EMPTY:
        return _("Het bestand is leeg.")
    if problem.kind == answers_file.NOT_TEXT:
        return _(
            "Dit is geen tekstbestand dat we kunnen lezen. Heeft u het antwoordbestand zelf bewerkt? "
            "Sla het dan op als UTF-8."
        )
    if problem.kind == answers_file.JSON and data.get("line") is None:
        return _("De inhoud van het bestand is niet te lezen. Misschien is het bestand veranderd of niet helemaal gedownload.")
    if problem.kind == answers_file.DUPLICATE_KEY:
        key = shown(str(data.get("key")))
        if problem.where.startswith("answers.") or ".answers." in problem.where:
            return _("In het bestand staat ‘%(key)s’ twee keer. Er mag maar één antwoord per vraag in staan.", key=key)
        # `version`, say, is no question (QA, contracts).
        return _("In het bestand staat ‘%(key)s’ twee keer. Dat mag er maar één keer in staan.", key=key)
    if problem.kind == answers_file.JSON:
        return _(
            "De inhoud van het bestand is niet te lezen (regel %(line)s, teken %(column)s). "
            "Misschien is het bestand veranderd of niet helemaal gedownload.",
            line=data.get("line"),
            column=data.get("column"),
        )
    if problem.kind in (answers_file.NOT_AN_OBJECT, answers_file.NO_ANSWERS):
        return _("Dit is geen antwoordbestand van deze zelfevaluatie.")
    if problem.kind == answers_file.UNKNOWN_KEY:
        return _("In het bestand staan gegevens die niet in een antwoordbestand horen: ‘%(key)s’.", key=shown(str(data.get("key"))))
    if problem.kind == answers_file.OTHER_QUESTIONNAIRE:
        return _("Het bestand hoort bij een andere vragenlijst.")
    if problem.kind == answers_file.NOT_A_VERSION:
        # Far too long, or with characters no version has (QA, security round 2: stored as the
        # round's version, it gave a 500 on PostgreSQL and a right-to-left override on SQLite).
        return _(
            "Als versie van de vragenlijst staat in het bestand %(given)s. Dat kan geen versie zijn: misschien is "
            "het bestand veranderd. Deze website gebruikt versie %(version)s.",
            given=_shown_value(data.get("given")),
            version=q.version,
        )
    if problem.kind == answers_file.OTHER_VERSION:
        if data.get("given"):
            return _(
                "Het bestand hoort bij versie %(given)s van de vragenlijst. Deze website gebruikt versie %(version)s.",
                given=shown(data["given"]),
                version=q.version,
            )
        return _("Het bestand zegt niet bij welke versie van de vragenlijst het hoort.")
    question = q.questions_by_id.get(str(data.get("question")))
    if problem.kind == answers_file.BAD_VALUE and question is not None:
        said = _(
            "Het antwoord op de vraag ‘%(question)s’ kunnen we niet gebruiken. In het bestand staat: %(given)s.",
            question=question.text,
            given=_shown_value(data.get("given")),
        )
        rule = rule_sentence(question, str(data.get("reason", "")), data)
        return f"{said} {rule}" if rule else said
    return _("In het bestand staat een antwoord op een vraag die niet in deze vragenlijst staat: ‘%(id)s’.", id=shown(str(data.get("question"))))


def _another_download(filename: str, data: bytes) -> str | None:
    """What to say when the visitor picked the report or the action list, which the results
    page offers beside the answers file: easily mistaken for it, and no use here (the outcome,
    JSON too, is told by its shape when read: answers.RESULT)."""
    name = filename.lower()
    usual = _answers_file_names()[0]
    if data.startswith(b"%PDF") or name.endswith(".pdf"):
        return _("Dit is het rapport (PDF). Kies het antwoordbestand: de naam begint meestal met %(name)s.", name=usual)
    if name.endswith(".csv"):
        return _("Dit is de actielijst (CSV). Kies het antwoordbestand: de naam begint meestal met %(name)s.", name=usual)
    return None


@dataclass(frozen=True)
class Upload:
    answers: dict[str, Any]
    left_out: int | None  # fitted from another version: how many answers no longer fit; else None
    earlier_rounds: tuple[EarlierRound, ...] = ()  # fitted to this version, like a stored round
    finished: date | None = None  # the day the file's own round was finished, when it says
    # A finished round of another questionnaire version keeps that version, as a stored round
    # does (QA, review: stored as this version, its new questions made it "voorlopig" for good).
    finished_version: str | None = None


def _read_upload(q: Questionnaire, data: bytes) -> Upload:
    """The answers and earlier rounds of an uploaded file; raise AnswersInvalid. The file is
    read by the same rules as the CLI's (answers.py), and parsed once."""
    document = read_answers_document(decode_answers_file(data))
    fitted = read_or_fit_answers_file(q, document, today=visitor_today())  # the day the site writes
    left_out = None if fitted.left_out is None else len(fitted.left_out)
    # Fitted, so its version is another version's label (answers.is_version_label), short and
    # printable enough to store and show.
    finished_version = str(document["version"]) if fitted.finished and fitted.left_out is not None else None
    return Upload(fitted.answers, left_out, fitted.earlier_rounds, fitted.finished, finished_version)


MAX_LISTED_PROBLEMS = 20  # a file can have thousands; the first ones say enough


@dataclass(frozen=True)
class Refusal:
    """Why an upload cannot be loaded: the first MAX_LISTED_PROBLEMS problems in the visitor's
    words, and how many there are in all (only the listed ones are put in words: a file of
    made-up keys can have tens of thousands)."""

    listed: list[str]
    count: int

    @staticmethod
    def of(*texts: str) -> Refusal:
        return Refusal(list(texts), len(texts))


def _checked_upload(q: Questionnaire, filename: str, data: bytes) -> tuple[Upload, Refusal | None]:
    """What an uploaded file holds (see `_read_upload`), and why it cannot be loaded (None when
    it can be)."""
    nothing = Upload({}, None)
    other = _another_download(filename, data)
    if other is not None:
        return nothing, Refusal.of(other)
    try:
        upload = _read_upload(q, data)
    except AnswersInvalid as error:
        listed = [problem_text(q, problem) for problem in error.problems[:MAX_LISTED_PROBLEMS]]
        return nothing, Refusal(listed, len(error.problems))
    if not upload.answers:
        # The answers-file contract allows a file without answers (the CLI scores it), but
        # here it would replace the assessment under way with an empty one: nothing to load.
        if upload.left_out:
            return upload, Refusal.of(_("Geen van de antwoorden in het bestand past bij deze versie van de vragenlijst."))
        return upload, Refusal.of(_("In het bestand staan geen antwoorden."))
    if not resolve(q, upload.answers).effective:
        # Every answer belongs to a question that only appears after another answer, and
        # those answers are not in the file: loaded, the visitor would see an empty start.
        return upload, Refusal.of(
            _(
                "De antwoorden in het bestand horen bij vragen die pas verschijnen na andere antwoorden. "
                "Die andere antwoorden staan niet in het bestand."
            )
        )
    return upload, None


def _refusal_message(refusal: Refusal) -> str:
    """What the error summary says: the first problem itself (in the summary, not only behind a
    closed "what is wrong" that few open), and how many there are when there are more."""
    if refusal.count == 1:
        return _("%(problem)s Er is niets opgeslagen.", problem=refusal.listed[0])
    return ngettext(
        "Er is %(num)s probleem met dit bestand. Het eerste: %(problem)s Er is niets opgeslagen.",
        "Er zijn %(num)s problemen met dit bestand. Het eerste: %(problem)s Er is niets opgeslagen.",
        refusal.count,
        problem=refusal.listed[0],
    )


@bp.route("/inladen", methods=["GET", "POST"])
def upload() -> Any:
    form = UploadForm()
    if request.method != "POST":
        return _upload_page(form, [], [])
    uploaded = request.files.get("bestand")
    refused = unknown_fields_page(ONLY_THE_TOKEN, frozenset({"bestand"}))
    if refused is not None:
        return refused
    if uploaded is None or not uploaded.filename:
        message = _("Kies het antwoordbestand dat u eerder heeft gedownload.")
        form.bestand.errors = [message]
        return _upload_page(form, [("bestand", message, None)], []), 400
    q = current_questionnaire()
    upload, refusal = _checked_upload(q, uploaded.filename, uploaded.read())
    if refusal is not None:
        message = _refusal_message(refusal)
        form.bestand.errors = [message]
        # One problem is said in full above; the list below is for the others.
        listed = refusal.listed if refusal.count > 1 else []
        return _upload_page(form, [("bestand", message, None)], listed, refusal.count - len(listed) if listed else 0), 400
    record = create_assessment(q, upload.answers, upload.earlier_rounds, upload.finished, upload.finished_version)
    left_out = upload.left_out
    if record.completed_at is not None:
        # The file says its round was finished, and on which day (QA, adviser: loaded a year
        # later it came back open and was dated the day it was looked at). Its results, with
        # the way to the next round where the results page offers it.
        flash(
            _("Ronde %(round)s in het bestand is afgerond op %(date)s.", round=record.round, date=round_date_text(record))
            + (" " + _("Wilt u verder? Start dan een nieuwe ronde.") if round_is_finished(q, record) else ""),
            "info",
        )
    elif upload.earlier_rounds:
        flash(
            ngettext(
                "In het bestand staat ook %(num)s eerdere ronde. U werkt verder in ronde %(round)s.",
                "In het bestand staan ook %(num)s eerdere rondes. U werkt verder in ronde %(round)s.",
                len(upload.earlier_rounds),
                round=record.round,
            ),
            "info",
        )
    if left_out:
        flash(
            ngettext(
                "Het bestand hoort bij een andere versie van de vragenlijst. %(num)s antwoord past niet meer en is "
                "weggelaten. De andere antwoorden zijn ingeladen: controleer ze en vul aan wat ontbreekt.",
                "Het bestand hoort bij een andere versie van de vragenlijst. %(num)s antwoorden passen niet meer en "
                "zijn weggelaten. De andere antwoorden zijn ingeladen: controleer ze en vul aan wat ontbreekt.",
                left_out,
            ),
            "info",
        )
    elif left_out == 0:
        flash(
            _(
                "Het bestand hoort bij een andere versie van de vragenlijst. Alle antwoorden passen nog en zijn "
                "ingeladen. Controleer ze en ga verder."
            ),
            "info",
        )
    elif record.completed_at is None:
        flash(_("Uw antwoorden zijn ingeladen. Controleer ze en ga verder."), "success")
    return redirect(url_for("results.show" if record.completed_at is not None else "wizard.overview"), 303)


@bp.route("/zelfevaluatie/verwijderen", methods=["GET", "POST"])
def delete() -> Any:
    record = current_assessment(adapt=False)
    if record is None:
        return _no_assessment()
    form = ConfirmForm()
    if request.method == "POST":
        refused = unknown_fields_page(ONLY_THE_TOKEN)
        if refused:
            return refused
        rounds = [record.id] + [before.id for before in store().earlier_rounds(record)]
        store().delete(record.id)
        from .results import report_cache

        for round_id in rounds:  # this worker's PDFs; another worker's expire (results.PDF_CACHE_SECONDS)
            report_cache().forget(round_id)
        visit = session_token_fingerprint()
        clear_session()
        # A page of this visit still open in another tab is told that its answers are gone, not
        # that they are kept and a code leads back to them (QA, no script). Only a page of this
        # visit: one of an assessment left behind here is not deleted (QA, review).
        if visit:
            session[DELETED_KEY] = visit
        flash(_("Uw antwoorden zijn verwijderd. Ook een code werkt niet meer."), "success")
        return redirect(url_for("pages.start"), 303)
    return render_template("delete.html", form=form, record=record)


@bp.route("/zelfevaluatie/afsluiten", methods=["GET", "POST"])
def leave() -> Any:
    """Close the assessment in this browser without deleting it (QA, privacy: on a computer
    others use too, the next person found "Ga verder waar u was", and for half an hour the code
    itself; only deleting everything ended that). The answers stay; a code opens them again."""
    record = current_assessment(adapt=False)
    if request.method == "POST":
        refused = unknown_fields_page(ONLY_THE_TOKEN)
        if refused:
            return refused
        left_before = session.get(LEFT_KEY)
        clear_session()
        # A page still open in another tab is told why it was not saved, and whether a code
        # leads on (closed again from another tab: as the first time said).
        if record is not None:
            session[LEFT_KEY] = True if record.has_resume_code else LEFT_WITHOUT_CODE
        else:
            session[LEFT_KEY] = left_before or True
        # Also when nothing was open any more (closed in another tab): what was asked for holds.
        if record is not None and record.has_resume_code:
            flash(_("U heeft afgesloten. Op deze computer kan niemand meer verder met uw antwoorden. Met uw code gaat u later verder."), "success")
        else:
            flash(_("U heeft afgesloten. Op deze computer kan niemand meer verder met uw antwoorden."), "success")
        return redirect(url_for("pages.start"), 303)
    if record is None:
        return _no_assessment()
    return render_template("leave.html", form=ConfirmForm(), record=record, code=_code_still_shown(record.id))
