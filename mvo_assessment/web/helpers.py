"""What every blueprint needs: the loaded questionnaire, the store, the current assessment,
Markdown rendering, answer formatting and the step statuses. This module translates between
the pure core and HTTP; it holds no rules of its own beyond presentation."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Mapping, Sequence
from urllib.parse import quote, urlencode

from flask import Flask, current_app, flash, g, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext, pgettext, to_user_timezone
from markupsafe import Markup

from ..answers import EarlierRound, adapt_answers
from ..comparison import answer_text, option_labels
from ..csv_export import PUBLICATION_LANGUAGE
from ..extensions import LANGUAGE_PARAMETER, browser_language, current_language
from ..model import Question, Questionnaire, Section
from ..navigation import Visibility, page_complete, reachable_pages
from ..persistence import AssessmentRecord, AssessmentStore, utcnow
from ..report.company import holds_right_to_left
from ..report.view import long_date
from ..richtext import markdown_to_html

SESSION_KEY = "assessment"


def current_questionnaire() -> Questionnaire:
    """The questionnaire in the language of this request. Every language's model has the same
    ids, options and rules (only texts differ), so answers carry over between languages."""
    models = current_app.extensions.get("mvo_questionnaires", {})
    model = models.get(current_language())
    return model if model is not None else source_questionnaire()


def source_questionnaire() -> Questionnaire:
    """The questionnaire as written (Dutch), loaded once at start-up."""
    return current_app.extensions["mvo_questionnaire"]  # type: ignore[no-any-return]


# Older name, kept for the blueprints: always the current language's model.
questionnaire = current_questionnaire


def store() -> AssessmentStore:
    return current_app.extensions["mvo_store"]  # type: ignore[no-any-return]


def render_markdown(text: str | None) -> Markup:
    """Markdown from the questionnaire, sanitised with nh3: authors cannot inject script."""
    return Markup(markdown_to_html(text)) if text else Markup("")


def current_assessment(adapt: bool = True) -> AssessmentRecord | None:
    """The assessment this browser works on, or None (then the session forgets it).

    With `adapt=False` an assessment from an older questionnaire version is returned as it is
    stored (the results page shows a finished round without rewriting it)."""
    assessment_id = session.get(SESSION_KEY)
    if not isinstance(assessment_id, str):
        return None
    record = store().get(assessment_id)
    q = current_questionnaire()
    if record is None or record.questionnaire_id != q.id:
        session.pop(SESSION_KEY, None)
        return None
    if record.completed_at is not None:
        # Only a finished round can have a next one, and another browser (a colleague, the
        # adviser with the code) may have started it: work goes on there, never silently in
        # the round before it, whose answers the next round is compared with.
        newest = newest_round(record)
        if newest.id != record.id:
            session[SESSION_KEY] = newest.id
            flash(_("Er is intussen een nieuwe ronde begonnen: ronde %(round)s. U werkt nu in die ronde.",
                    round=newest.round), "info")
            record = newest
    entered_with = session.get(OPENED_WITH_CODE_KEY)
    if entered_with is not None and entered_with != record.code_fingerprint:
        # Opened here with a code that has been replaced since (or the assessment has none any
        # more): whoever replaced it shut out every browser that came in with the old one (QA,
        # security: an adviser's browser kept full access, deleting included, after the company
        # made a new code). The browser that started it, or loaded its file, is not affected.
        clear_session()
        # Whoever holds a code can make a new one, the company's own second device included, so
        # "ask whoever fills it in" could send the company to itself (QA, sittings).
        g.mvo_code_replaced = True
        flash(_("De code waarmee u deze zelfevaluatie opende, werkt niet meer: er is een nieuwe code gemaakt. "
                "Vraag de nieuwe code aan wie die maakte. Of maak zelf een nieuwe code op een apparaat waarop "
                "de zelfevaluatie nog open staat."), "info")
        return None
    if adapt and record.questionnaire_version != q.version:
        adapted = store().save_answers(
            record.id, record.revision, adapt_answers(q, record.answers), questionnaire_version=q.version
        )
        if adapted is not None:
            flash(
                _(
                    "De vragenlijst is bijgewerkt sinds u begon. Uw antwoorden die nog passen zijn bewaard; "
                    "controleer ze onder ‘Uw antwoorden’."
                ),
                "info",
            )
            return adapted
        return store().get(record.id)
    return record


def assessment_to_read() -> AssessmentRecord | None:
    """The assessment for a page that only shows it (the overview, the summary): a finished
    round of an older questionnaire version is fitted for the page, not in the database (QA:
    opening the summary rewrote it and lost the answers to removed questions for good); any
    other round is fitted in place as the question pages fit it."""
    record = current_assessment(adapt=False)
    if record is None:
        return None
    q = current_questionnaire()
    if record.completed_at is not None and record.questionnaire_version != q.version:
        return replace(record, answers=adapt_answers(q, record.answers))
    return current_assessment() if record.questionnaire_version != q.version else record


def duration_in_words(minutes: int) -> str:
    """"4 uur" or "90 minuten": whole hours only when exact, so the time said is exactly the
    real one."""
    if minutes % 60 == 0:
        return ngettext("%(num)s uur", "%(num)s uur", minutes // 60)
    return ngettext("%(num)s minuut", "%(num)s minuten", minutes)


def newest_round(record: AssessmentRecord) -> AssessmentRecord:
    """The last round after `record` (itself when it has no next round)."""
    newest = record
    for _step in range(1000):  # rounds form a chain; the bound only guards against a broken one
        following = store().next_round(newest.id) if newest.completed_at is not None else None
        if following is None:
            break
        newest = following
    return newest


def clear_session() -> None:
    """Forget everything about this visit except the chosen language."""
    language = session.get(LANGUAGE_PARAMETER)
    session.clear()
    if language:
        session[LANGUAGE_PARAMETER] = language


REPLACED_KEY = "replaced"  # in the session: this browser left another assessment for this one
LEFT_KEY = "left_here"  # in the session: the visitor closed the assessment here (resume.leave)
LEFT_WITHOUT_CODE = "without_code"  # LEFT_KEY's value when there was no code to go on with
DELETED_KEY = "deleted_here"  # in the session: the fingerprint of the visit in which the visitor deleted the assessment (resume.delete)
# In the session: this browser opened the assessment with the code of this fingerprint
# (persistence.code_fingerprint), and keeps it only while that code opens it.
OPENED_WITH_CODE_KEY = "opened_with_code"
# In the session: the code this browser made, with when, shown again for half an hour (resume.py).
SHOWN_CODE_KEY = "shown_code"


def start_session(record: AssessmentRecord) -> None:
    """Work on `record` from now on, with a clean session.

    A next round of the assessment this browser already works on continues the same visit:
    its form token is kept, so a page still open in another tab (a round's answers carry over)
    is saved in the new round instead of being refused as an expired form. Any other
    assessment (started anew, opened with a code or a file) starts with a new token, so a page
    of the assessment left behind can never be saved into it."""
    form_token_key = current_app.config.get("WTF_CSRF_FIELD_NAME") or "csrf_token"
    before = session.get(SESSION_KEY)
    next_round = record.previous_id is not None and before == record.previous_id
    form_token = session.get(form_token_key) if next_round else None
    # The next round keeps the code (persistence: it moves along), and so what it was opened with,
    # and the code this browser made, which its code page shows for the rest of its half hour
    # (QA, adviser: "Start een nieuwe ronde" dropped it, and the page offered to replace the
    # code the company had just shared). Only a next round of what this browser already works
    # on: the code then opens that round, and this browser knew it already.
    opened_with_code = session.get(OPENED_WITH_CODE_KEY) if next_round else None
    shown_code = session.get(SHOWN_CODE_KEY) if next_round else None
    clear_session()
    if opened_with_code:
        session[OPENED_WITH_CODE_KEY] = opened_with_code
    if shown_code:
        session[SHOWN_CODE_KEY] = shown_code
    if form_token:
        session[form_token_key] = form_token
    elif not next_round and isinstance(before, str) and before != record.id:
        # A page of the assessment left behind, still open in another tab, is now refused;
        # the refusal can then say why (errors.handle_csrf_error).
        session[REPLACED_KEY] = True
    session[SESSION_KEY] = record.id


_CREATED = "mvo_created_assessment"  # on flask.g: the rows this request stored (assessment and earlier rounds)


def create_assessment(
    q: Questionnaire,
    answers: Mapping[str, Any] | None = None,
    earlier_rounds: Sequence[EarlierRound] = (),
    finished: date | None = None,
    version: str | None = None,
) -> AssessmentRecord:
    """Store a new assessment (starting, or loading a file, with the file's earlier rounds
    before it, and as finished on the day the file gives, in the `version` the file's finished
    round was answered with) and open it in this browser.

    Only requests that get here count against START_LIMIT (app.py: `created_an_assessment`):
    the limit guards the database, and a refused upload stored nothing. Each earlier round is a
    row too, so it counts as one (`rows_created`)."""
    record = store().create(q.id, version or q.version, answers, earlier_rounds, finished)
    g.setdefault(_CREATED, 1 + len(earlier_rounds))
    start_session(record)
    return record


def count_a_new_round() -> None:
    """A new round stored by this request (results.new_round): it shares the starts' limit, a
    row like theirs (QA, security round 2: 150 rounds in 24 s from one address)."""
    g.setdefault(_CREATED, 1)


def created_an_assessment() -> bool:
    """Whether this request stored a new assessment (`create_assessment`)."""
    return bool(g.get(_CREATED, 0))


def rows_created() -> int:
    """How many assessments (rounds) this request stored: a file with 100 earlier rounds stores
    101 (QA, security: it counted as one start, 2 000 rows a minute from one address)."""
    return int(g.get(_CREATED, 0)) if g else 0


# --- presentation -------------------------------------------------------------------------


def format_answer(question: Question, value: Any) -> str:
    """An answer as the user chose it: option labels, numbers in the page's language, the text itself."""
    return answer_text(question, value, current_language())


@dataclass(frozen=True)
class SectionStatus:
    section: Section
    shown: bool
    status: str  # "not_applicable", "not_started", "in_progress", "complete"
    label: str
    first_page: str | None
    reachable: bool
    answered: int
    pages: tuple[str, ...]


def status_label(status: str) -> str:
    return {
        "not_applicable": _("Niet van toepassing"),
        "not_started": _("Nog niet begonnen"),
        "in_progress": _("Bezig"),
        "complete": _("Ingevuld"),
    }[status]


def section_statuses(q: Questionnaire, visibility: Visibility) -> list[SectionStatus]:
    reachable = set(reachable_pages(q, visibility))
    statuses: list[SectionStatus] = []
    for section in q.sections:
        section_pages = tuple(p.id for p in section.pages if p.id in visibility.pages)
        if section.id not in visibility.sections or not section_pages:
            statuses.append(SectionStatus(section, False, "not_applicable", status_label("not_applicable"), None, False, 0, ()))
            continue
        answered = sum(1 for question in section.questions if question.id in visibility.effective)
        complete = all(page_complete(q, page_id, visibility) for page_id in section_pages)
        status = "complete" if complete and answered else "in_progress" if answered else "not_started"
        first = section_pages[0]
        statuses.append(
            SectionStatus(section, True, status, status_label(status), first, first in reachable, answered, section_pages)
        )
    return statuses


def step_caption(q: Questionnaire, section: Section) -> str:
    if section.kind == "step":
        return _("Stap %(number)s van %(total)s", number=section.number, total=len(q.steps))
    return _("Vooraf")  # as the overview names it (QA, content: "intake" is jargon)


def estimated_minutes(q: Questionnaire) -> tuple[int, int]:
    """A range for the start page: about 15 to 30 seconds a question, rounded to 5 minutes."""
    count = len(q.questions)
    low = max(5, 5 * round(count * 0.25 / 5))
    high = max(low + 5, 5 * round(count * 0.5 / 5))
    return low, high


# Each language named in itself, so a visitor who cannot read the current one still finds theirs.
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


# Posts whose answer is a page while the GET of the same address is a download.
PAGE_OF_A_POST = {"results.pdf": "results.show"}


def language_url(language: str) -> str:
    """This page in another language: the same address with `?lang=`, other parameters kept.

    A page shown after a POST links to the GET of the same address when there is one (a
    question page shows the saved answers again), else to the start page."""
    rule = request.url_rule
    if request.method == "POST" and request.endpoint in PAGE_OF_A_POST:
        # The GET of this address is something else (the PDF): back to the page the form is on
        # (QA: the language link of the results page with a name the report refused downloaded a PDF).
        page_values: dict[str, Any] = {LANGUAGE_PARAMETER: language}
        return url_for(PAGE_OF_A_POST[request.endpoint], **page_values)
    if request.method == "POST" and (rule is None or "GET" not in (rule.methods or ())):
        values: dict[str, Any] = {LANGUAGE_PARAMETER: language}
        return url_for("pages.start", **values)
    args = [(key, value) for key, value in request.args.items(multi=True) if key != LANGUAGE_PARAMETER]
    args.append((LANGUAGE_PARAMETER, language))
    if rule is None:
        # An address no route knows (the 404 page) is whatever was asked for, such as
        # "/\evil.example/x", which a browser reads as another site's address: link to this
        # address by its query only, which cannot leave the page's own path (QA, security).
        return f"?{urlencode(args)}"
    return f"{own_path()}?{urlencode(args)}"


def language_argument() -> str | None:
    """The page's language for a `lang=` argument; None (no argument) when the browser would
    get it anyway (`browser_language`). Where the browser keeps no cookie the session cannot
    remember a chosen language, so the addresses that lead out of a page without an assessment
    carry it (QA, portal: the page about cookies came in Dutch after the visitor had chosen
    English; and in English after an English browser had chosen Dutch)."""
    language = current_language()
    return None if language == browser_language() else language


def language_links() -> list[dict[str, str]]:
    current = current_language()
    return [
        {"code": code, "name": LANGUAGE_NAMES.get(code, code), "url": language_url(code)}
        for code in current_app.config["LANGUAGES"]
        if code != current
    ]


# The posted fields of a form that is only a button.
ONLY_THE_TOKEN = frozenset({"csrf_token"})


def unknown_fields_page(form_fields: frozenset[str], file_fields: frozenset[str] = frozenset()) -> tuple[str, int] | None:
    """The 400 page for a form post with fields its form does not have (a tampered or mistaken
    post: nothing of it is used), or None when every field is known."""
    if set(request.form) - form_fields or set(request.files) - file_fields:
        return error_page(400, _("Dat ging niet goed"), _("Het formulier bevatte onbekende gegevens. Er is niets opgeslagen."))
    return None


def error_page(status: int, title: str, message: str, **context: Any) -> tuple[str, int]:
    return render_template("error.html", status=status, title=title, message=message, **context), status


# --- downloads of the round a page shows ---------------------------------------------------------

# A download link's mark of the round its page was made for (`round_marker`): a page left open
# while this browser went on to another assessment (a code opened in a second tab) or a next
# round downloaded that one's files under a name that did not say whose they were (QA, adviser).
ROUND_MARKER_PARAMETER = "kenmerk"
_ROUND_MARKER_DIGITS = 16  # 64 bits, as the form token's fingerprint (csrf.py)


def _marker_keys() -> list[bytes]:
    """SECRET_KEY, then SECRET_KEY_FALLBACKS: a page made before a new key still downloads."""
    keys = [current_app.secret_key, *(current_app.config.get("SECRET_KEY_FALLBACKS") or ())]
    return [key.encode() if isinstance(key, str) else key for key in keys if key]


def round_marker(round_id: str, key: bytes | None = None) -> str:
    """A short keyed digest (HMAC-SHA256 with SECRET_KEY) of a round's id: it tells that round
    again, and nothing can be found or opened with it, unlike the id (docs/security.md)."""
    secret = key if key is not None else _marker_keys()[0]
    digest = hmac.new(secret, b"download-round:" + round_id.encode(), hashlib.sha256)
    return digest.hexdigest()[:_ROUND_MARKER_DIGITS]


def _marks(given: str, round_id: str) -> bool:
    return any(hmac.compare_digest(given.encode(), round_marker(round_id, key).encode()) for key in _marker_keys())


def download_url(endpoint: str, **values: Any) -> str:
    """The address of a download of the round this page shows (the one the session holds now),
    with that round's mark; `refused_download` refuses it once the browser holds another."""
    assessment_id = session.get(SESSION_KEY)
    if isinstance(assessment_id, str):
        values = {ROUND_MARKER_PARAMETER: round_marker(assessment_id), **values}  # `lang=` stays last
    return url_for(endpoint, **values)


def refused_download(record: AssessmentRecord) -> tuple[str, int] | None:
    """The 400 page for a download whose link was made for another round than `record`, the
    one this browser holds now: a page of an assessment left behind, or of an earlier round of
    this one, gets nothing of `record`. None for the round's own link and for an address
    without a mark (a bookmark, the documented addresses), which download `record` as before."""
    given = request.args.get(ROUND_MARKER_PARAMETER, "")
    if not given or _marks(given, record.id):
        return None
    results = url_for("results.show", lang=language_argument())
    earlier = next((before for before in store().earlier_rounds(record) if _marks(given, before.id)), None)
    if earlier is not None:
        # The product shows only the newest round; its files hold the earlier ones' answers.
        return error_page(
            400,
            _("Deze pagina hoort bij een eerdere ronde"),
            _(
                "Deze pagina hoort bij ronde %(earlier)s. Intussen is ronde %(round)s begonnen. Daarom is er niets "
                "gedownload. U zou anders het bestand van ronde %(round)s krijgen. Op de resultaatpagina van ronde "
                "%(round)s vindt u de bestanden van die ronde. Uw antwoorden van eerdere rondes staan ook in het "
                "antwoordbestand.",
                earlier=earlier.round, round=record.round,
            ),
            retry_url=results,
            retry_text=_("Naar de resultaten van ronde %(round)s", round=record.round),
        )
    # Of another assessment: the page says nothing of the one this browser holds now.
    return error_page(
        400,
        _("Deze pagina hoort bij een eerdere zelfevaluatie"),
        _(
            "U bent in deze browser opnieuw begonnen, of u heeft een code of een bestand ingeladen, misschien in een "
            "ander tabblad. Deze pagina hoort nog bij de zelfevaluatie van daarvoor. Daarom is er niets gedownload. U "
            "zou anders het bestand van de andere zelfevaluatie krijgen. Wilt u de bestanden van de zelfevaluatie op "
            "deze pagina? Open die dan met de code en download ze daar."
        ),
        resume_url=url_for("resume.lookup", lang=language_argument()),
        retry_url=results,
        retry_text=_("Naar de resultaten van de zelfevaluatie die nu open is"),
    )


def init_app(app: Flask) -> None:
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals["format_answer"] = format_answer
    # Several chosen options are listed one per line: their labels may hold commas themselves
    # ("…grondstoffen of diensten…"), so a comma between them hides where one ends (QA, English).
    app.jinja_env.globals["option_labels"] = option_labels
    app.jinja_env.globals["publication_language_words"] = PUBLICATION_LANGUAGE
    app.jinja_env.globals["download_url"] = download_url
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def _globals() -> dict[str, Any]:
        return {
            "questionnaire": current_questionnaire(),
            "html_lang": current_language(),
            # `lang=` for the links and forms that may be followed without a session cookie
            # (a portal's frame whose browser refuses it): the page's language goes along.
            "page_lang": language_argument(),
            "language_links": language_links(),
            "has_assessment": isinstance(session.get(SESSION_KEY), str),
            "history_url": history_url(),
            "privacy_statement": privacy_statement(),
        }


@dataclass(frozen=True)
class PrivacyStatement:
    url: str
    language: str  # the statement's own language, which the page names where it is not the page's


def privacy_statement() -> PrivacyStatement | None:
    """The operator's privacy statement for the page's language: its English version on an
    English page where there is one, else the Dutch one (QA, English visitor: an English page
    sent a visitor to a Dutch page without a word)."""
    english = current_app.config.get("PRIVACY_STATEMENT_URL_EN")
    if english and current_language() == "en":
        return PrivacyStatement(english, "en")
    dutch = current_app.config.get("PRIVACY_STATEMENT_URL")
    return PrivacyStatement(dutch, "nl") if dutch else None


def history_url() -> str | None:
    """For a page sent in answer to a form (its errors, a conflict): the address that shows it
    without the form, which enhance.js puts in the browser's history in place of the post.
    Back to such a page from the next one asked to send the form again, a browser page
    ("Confirm Form Resubmission") a visitor reads as the site broken (QA, browser). None for
    any other page, and for a post whose address shows nothing on its own (POST only)."""
    if request.method != "POST" or request.url_rule is None or "GET" not in (request.url_rule.methods or ()):
        return None
    elsewhere = PAGE_OF_A_POST.get(request.endpoint or "")
    if elsewhere is not None:
        language = request.args.get(LANGUAGE_PARAMETER)
        values: dict[str, Any] = {LANGUAGE_PARAMETER: language} if language else {}
        return url_for(elsewhere, **values)
    query = request.query_string.decode("latin-1")
    return own_path() + (f"?{query}" if query else "")


def own_path() -> str:
    """This request's path as the browser sent it: under the site's prefix (SCRIPT_NAME; without
    it a reload left the site, QA review) and quoted again (a decoded "%3F" would start a query)."""
    return request.script_root + quote(request.path, safe="/!$&'()*+,;=:@-._~")


def download_filename(stem: str, record: AssessmentRecord, extension: str, company: str | None = None) -> str:
    """A download's name in the page's language (`stem` translated by the caller), e.g.
    mvo-rapport-ronde-2-2026-11-26.pdf or rbc-report-round-2-2026-11-26.pdf; with a company
    name, mvo-rapport-bakkerij-de-zon-2026-11-26.pdf (letters and digits only, of any script:
    `content_disposition` adds a plain ASCII name for clients that need one; a right-to-left
    name comes after the date). Dated on the day a finished round was finished, as its results
    page and PDF date it, every download of it alike (QA, adviser: the PDF, the answers file
    and the action list of one round carried different days); else today."""
    day = finished_day(record)
    round_word = pgettext("bestandsnaam", "ronde")  # not inside the f-string: the extractor would miss it
    round_part = f"-{round_word}-{record.round}" if record.round > 1 else ""
    company_part = ""
    if company:
        # Letters of every script: folded to ASCII, "Strauß" lost its ß and a Greek or Japanese
        # name was left out altogether, though the page says the name goes in (QA, HTTP).
        # Accents written apart (marks, category M) belong to their letter: "İnci" and Hindi
        # broke at each of them (QA, review).
        kept = "".join(ch if unicodedata.category(ch)[0] in "LNM" else "-" for ch in unicodedata.normalize("NFKC", company).lower())
        slug = _cut_between_letters(re.sub(r"-+", "-", kept).strip("-"), 40).strip("-")
        company_part = f"-{slug}" if slug else ""
    dated = (day or visitor_today()).isoformat()
    if company_part and holds_right_to_left(slug):
        # After the date: before it, the date's digits were drawn into the right-to-left name
        # and shown reversed, "mvo-rapport-27-11-2026-النور-شركة.pdf" (QA, right-to-left).
        return f"{stem}{round_part}-{dated}{company_part}.{extension}"
    return f"{stem}{company_part}{round_part}-{dated}.{extension}"


def _cut_between_letters(text: str, length: int) -> str:
    """`text` cut to at most `length` characters, never between a letter and an accent written
    after it: "İ" cut after its I named the file with a plain I (QA, HTTP)."""
    cut = len(text) if len(text) <= length else length
    while 0 < cut < len(text) and unicodedata.category(text[cut]).startswith("M"):
        cut -= 1
    return text[:cut]


def content_disposition(filename: str) -> str:
    """The header of a download: a name with letters beyond ASCII as `filename*` (RFC 6266 and
    5987, which every current browser reads), beside an ASCII `filename` for the others."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r"-{2,}", "-", ascii_name)  # a name of other letters only leaves "--"
    ascii_name = re.sub(r"-+(?=\.[^.]*$)", "", ascii_name)  # or "-" before the extension (a name after the date)
    if ascii_name == filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def visitor_today() -> date:
    """Today in the visitor's time zone (BABEL_DEFAULT_TIMEZONE), as the pages write a round's
    day: the server's `date.today()` is still yesterday between midnight in Amsterdam and
    midnight UTC, and a report made then was dated the day before the round it showed (QA, review)."""
    return to_user_timezone(utcnow()).date()


def round_date_text(record: AssessmentRecord) -> str | None:
    """The round's day written as the report writes it; None when an answers file did not say it."""
    day = round_day(record)
    return long_date(day, current_language()) if day is not None else None


def finished_day(record: AssessmentRecord) -> date | None:
    """The day a finished round was finished (`round_day`); None while it is under way, or when
    its file did not say. What its answers file, its PDF and every download's name are dated on."""
    return round_day(record) if record.completed_at is not None else None


def round_day(record: AssessmentRecord) -> date | None:
    """The day a round was finished (or last changed, while it is not finished), in the
    visitor's time zone; None for a round from an answers file that did not say when."""
    if record.completed_day_unknown:
        return None
    return to_user_timezone(record.completed_at or record.updated_at).date()
