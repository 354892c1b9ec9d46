"""Friendly error pages in the site's style for every status the site answers with.

No stack trace is ever shown: the 500 page says only that something went wrong; the error is
logged. Each message says what happened and what the visitor can do.
"""

from __future__ import annotations

import math
import time
from typing import Any

from flask import Flask, Response, current_app, flash, redirect, request, session, url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError, ServiceUnavailable

from .. import persistence
from .csrf import posted_token_fingerprint
from .helpers import DELETED_KEY, LEFT_KEY, LEFT_WITHOUT_CODE, REPLACED_KEY, SESSION_KEY, error_page, history_url, language_argument


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (
            _("Dat ging niet goed"),
            _("Wat u verstuurde konden we niet verwerken. Er is niets opgeslagen. Ga terug en probeer het opnieuw."),
        ),
        403: (_("Geen toegang"), _("U heeft geen toegang tot deze pagina.")),
        404: (
            _("Pagina niet gevonden"),
            _("Deze pagina bestaat niet (meer). Controleer het adres, of ga naar de startpagina."),
        ),
        405: (_("Dat kan hier niet"), _("Deze pagina kan dat verzoek niet verwerken. Ga naar de startpagina.")),
        409: (_("Dat kan nu niet"), _("Deze actie past niet bij de stand van uw zelfevaluatie. Er is niets opgeslagen.")),
        413: (
            _("Te veel gegevens"),
            _("Wat u verstuurde is te groot. Er is niets opgeslagen. Kies een kleiner bestand of een kortere tekst."),
        ),
        416: (
            _("Dat deel bestaat niet"),
            _("Dit deel van het bestand bestaat niet. Haal het hele bestand opnieuw op."),
        ),
        503: (
            _("Even niet beschikbaar"),
            _(
                "We kunnen uw antwoorden nu even niet ophalen of opslaan. Wat u eerder opsloeg is bewaard; "
                "wat u net verstuurde is niet opgeslagen. Probeer het over een minuut opnieuw."
            ),
        ),
        500: (
            _("Er ging iets mis"),
            _("Er ging bij ons iets mis. Uw eerder opgeslagen antwoorden zijn bewaard. Probeer het later opnieuw."),
        ),
    }


def handle_http_error(error: HTTPException) -> Any:
    return _http_error_page(error)


def _http_error_page(error: HTTPException, **context: Any) -> Any:
    status = error.code or 500
    if isinstance(error, SecurityError):
        # A host not in TRUSTED_HOSTS: no address of this site can be built for it, so not the
        # site's page (its links, styles and language switch are all built addresses). The
        # host is logged: a TRUSTED_HOSTS that leaves out the name the proxy or a health check
        # sends turns every request away, and the request log alone did not say why (QA, operator).
        current_app.logger.warning(
            "refused a request for the host %r: it is not in TRUSTED_HOSTS", str(request.environ.get("HTTP_HOST", ""))[:200]
        )
        return Response("400 Bad Request: this site does not answer to that host name.\n", 400, mimetype="text/plain")
    if status == 413 and request.endpoint == "resume.upload":
        return _file_too_large()
    if status == 429:
        return _too_many_requests()
    messages = _messages()
    title, message = messages.get(status) or (
        # Werkzeug's own description is English ("The server cannot provide the requested
        # range.") under a Dutch title (QA, HTTP).
        (_("Dat ging niet goed"), _("Dit verzoek konden we niet verwerken. Er is niets opgeslagen. Ga naar de startpagina."))
        if status < 500 else messages[500]
    )
    body, status = error_page(status, title, message, **context)
    response = current_app.make_response((body, status))
    # The headers the status needs: a 405's Allow (RFC 9110 says it must be sent), a 416's
    # Content-Range; the page replaced Werkzeug's response and dropped them (QA, HTTP).
    for name, value in error.get_headers(request.environ):
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


# The routes with a rate limit (web/app.py), each with what its 429 page says happened and what
# to do besides waiting. The text follows the route, not the attempt: a resume code that is
# right gets the same 429 as a wrong one (docs/security.md).
_LIMITED_ROUTES = {
    "resume.lookup": "code",
    "wizard.begin": "start",
    "resume.upload": "start",
    "results.new_round": "round",
    "results.pdf": "report",
}


def _too_many_requests() -> Any:
    """The 429 page: why (the limit that was hit), and how long to wait when the limiter knows."""
    seconds = _seconds_to_wait()
    kind = _LIMITED_ROUTES.get(str(request.endpoint))
    if kind == "code":
        title = _("Te veel pogingen")
        cause = _("U heeft te vaak een code ingevuld die we niet kennen.")
        advice = _("Controleer de code goed: hij staat ook in de link die u kreeg.")
    elif kind == "start":
        title = _("Te veel nieuwe zelfevaluaties")
        cause = _("Vanaf uw internetverbinding zijn in korte tijd te veel zelfevaluaties begonnen of ingeladen.")
        advice = _("Deelt u de internetverbinding met collega’s? Dan tellen hun nieuwe zelfevaluaties ook mee.")
    elif kind == "round":
        title = _("Te veel nieuwe rondes")
        cause = _("Vanaf uw internetverbinding zijn in korte tijd te veel nieuwe rondes of zelfevaluaties begonnen.")
        advice = _("Uw antwoorden zijn bewaard.")
    elif kind == "report":
        title = _("Te veel rapporten")
        cause = _("Vanaf uw internetverbinding zijn in korte tijd te veel PDF-rapporten gemaakt.")
        advice = _("Uw antwoorden zijn bewaard. Een rapport dat u al heeft gedownload, blijft gewoon bruikbaar.")
    else:
        title, cause, advice = _("Te veel pogingen"), _("U heeft dit te vaak geprobeerd."), ""
    wait = (
        _("Wacht %(time)s en probeer het dan opnieuw.", time=wait_in_words(seconds))
        if seconds is not None
        else _("Wacht even en probeer het dan opnieuw.")
    )
    continue_url = url_for("wizard.continue_") if isinstance(session.get(SESSION_KEY), str) else None
    body, status = error_page(429, title, " ".join(filter(None, (cause, wait, advice))), continue_url=continue_url)
    headers = {"Retry-After": str(math.ceil(seconds))} if seconds is not None else {}
    return body, status, headers


def _seconds_to_wait() -> float | None:
    """Until the limit that was hit lets a request through again: the latest reset among the
    breached limits of this request (the limiter tests them all: extensions.init_limiter), or
    None when the limiter cannot say (no limiter, or its storage does not answer)."""
    limiter = current_app.extensions.get("mvo_limiter")
    if limiter is None:
        return None
    try:
        resets = [limit.window.reset_time for limit in limiter.current_limits if limit.breached]
    except Exception:  # the storage (Redis) went away: the page still answers, without a time
        current_app.logger.warning("Could not read the rate limit window", exc_info=True)
        return None
    return max(1.0, max(resets) - time.time()) if resets else None


def wait_in_words(seconds: float) -> str:
    """A wait as a visitor reads it, rounded up so that waiting that long is always enough:
    "1 minuut", "15 minuten", and whole hours from an hour and a half on."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes < 90:
        return ngettext("%(num)s minuut", "%(num)s minuten", minutes)
    hours = math.ceil(minutes / 60)
    return ngettext("%(num)s uur", "%(num)s uur", hours)


def _file_too_large() -> Any:
    """The upload was over MAX_CONTENT_LENGTH: say the limit, and lead back to the upload (the
    way out of this page is another file, not the start page)."""
    return error_page(
        413,
        _("Bestand te groot"),
        _(
            "Het bestand is te groot. Een antwoordbestand mag maximaal %(size)s zijn. Er is niets opgeslagen. "
            "Het bestand dat u bij ons downloadt is veel kleiner: kies dat bestand.",
            size=size_in_words(int(current_app.config["MAX_CONTENT_LENGTH"])),
        ),
        retry_url=url_for("resume.upload", lang=language_argument()),
        retry_text=_("Kies een ander bestand"),
    )


def size_in_words(size: int) -> str:
    """A number of bytes as a visitor reads it, e.g. 1048576 → "1 MB". Counted as Windows
    Explorer counts (1 kB = 1024 bytes) and rounded down, so a file that Explorer shows as
    within the limit is not turned away for a rounding."""
    for unit, factor in (("MB", 1024 * 1024), ("kB", 1024)):
        if size >= factor:
            tenths = size * 10 // factor
            return f"{format_decimal(tenths / 10, format='#,##0.#')} {unit}"
    return ngettext("%(num)s byte", "%(num)s bytes", size)


# The forms that work without an assessment under way, and the page that shows each of them.
_FORMS_WITHOUT_AN_ASSESSMENT = {"wizard.begin": "pages.start", "resume.lookup": "resume.lookup", "resume.upload": "resume.upload"}


# Flask-WTF's reasons when the token is signed by us but not for this session's token: the
# session has another one, or none yet (started anew, and no form shown since). A missing, cut or
# forged token has other reasons. test_rounds.py fails if a new version words them otherwise.
_TOKEN_OF_ANOTHER_SESSION = frozenset({"The CSRF tokens do not match.", "The CSRF session token is missing."})


# Flask-WTF's reasons when, over HTTPS, the form's Referer is missing or of another host: the
# token may be fine, so "the form was open too long" would send the visitor round in circles
# (QA, security: a privacy extension that strips the Referer got "Formulier verlopen" forever).
_REFERRER_MISSING = "The referrer header is missing."
_REFERRER_ELSEWHERE = "The referrer does not match the host."


def handle_csrf_error(error: CSRFError) -> Any:
    """A form without a valid token. Nothing of it was saved; what the visitor can do next
    depends on whether this browser still holds the assessment."""
    if error.description == _REFERRER_ELSEWHERE:
        # Sent from a page of another site (or the proxy passes another host: docs/web.md).
        return error_page(
            400,
            _("Dit formulier kwam niet van deze website"),
            _("Daarom is er niets opgeslagen. Open de pagina op deze website opnieuw en vul hem daar in."),
            retry_url=url_for("pages.start", lang=language_argument()),
            retry_text=_("Naar de startpagina"),
        )
    if error.description == _REFERRER_MISSING:
        return error_page(
            400,
            _("Uw browser zei niet van welke pagina het formulier kwam"),
            _(
                "Daarom is er niets opgeslagen. Deze website controleert dat, zodat andere websites geen "
                "formulieren namens u kunnen versturen. Misschien houdt een instelling of uitbreiding van uw "
                "browser dat tegen. Zet die dan uit voor deze website en probeer het opnieuw."
            ),
        )
    if request.endpoint == "resume.leave" and not isinstance(session.get(SESSION_KEY), str):
        # "Sluit af" sent again from a second tab after the first closed the assessment here:
        # nothing is open any more, which is what was asked for; no "sessie verlopen" page.
        flash(_("Op deze computer is geen zelfevaluatie meer open."), "success")
        return redirect(url_for("pages.start"), 303)
    if (
        isinstance(session.get(SESSION_KEY), str)
        and session.get(REPLACED_KEY)
        and error.description in _TOKEN_OF_ANOTHER_SESSION
        and request.endpoint not in _FORMS_WITHOUT_AN_ASSESSMENT
    ):
        # A token we signed, for this browser's session before it started anew (or opened a
        # code or a file): a page of the assessment it left. "Your earlier answers are kept"
        # would point at the new one, which has none of them.
        return error_page(
            400,
            _("Deze pagina hoort bij een eerdere zelfevaluatie"),
            _(
                "U bent in deze browser opnieuw begonnen, of u heeft een code of een bestand ingeladen. Deze "
                "pagina hoort nog bij de zelfevaluatie van daarvoor. Daarom is er niets opgeslagen. Die "
                "zelfevaluatie is niet verwijderd. Heeft u er een code voor? Dan opent u hem daarmee."
            ),
            resume_url=url_for("resume.lookup", lang=language_argument()),
            # The assessment this browser holds now is one click away too, named as the new one
            # so that it is not mistaken for the one the page came from.
            current_url=url_for("wizard.continue_"),
        )
    if isinstance(session.get(SESSION_KEY), str):
        # The page was open too long or sent incompletely: the same page, opened again, works.
        # Its address by the rule that names it for the browser's history: under the site's
        # prefix, and the results page for its PDF form (QA, prefix: it left the site, and
        # after a company name it downloaded a PDF).
        again = history_url()
        return error_page(
            400,
            _("Formulier verlopen"),
            _(
                "Het formulier was verlopen of niet compleet, daarom is er niets opgeslagen. "
                "Uw antwoorden van eerdere pagina’s zijn bewaard. Open de pagina opnieuw en vul hem nog een keer in."
            ),
            continue_url=again,
        )
    if current_app.config.get("SESSION_COOKIE_NAME", "session") not in request.cookies:
        # No cookie came back at all: the browser does not keep ours (cookies off, or blocked
        # because a portal on another site shows these pages in a frame), not a visit timed out.
        return error_page(
            400,
            _("Uw browser bewaart geen cookie"),
            _(
                "Daarom is er niets opgeslagen. Deze website heeft één functionele cookie nodig om uw "
                "antwoorden bij te houden. Misschien staan cookies uit. Of uw browser blokkeert de cookie "
                "omdat de zelfevaluatie in de website van een andere organisatie staat. Open de zelfevaluatie "
                "dan op een eigen pagina."
            ),
            # The form that was sent, on a page of its own (QA: always the start page, so a code
            # or a file had to be looked for again); any other form: the start.
            own_page_url=url_for(
                _FORMS_WITHOUT_AN_ASSESSMENT.get(str(request.endpoint), "pages.start"), _external=True,
                lang=language_argument(),
            ),
        )
    if request.endpoint in _FORMS_WITHOUT_AN_ASSESSMENT:
        # Starting, a code or a file: nothing was under way in this browser, so there are no
        # earlier answers to speak of; the form opened again works.
        return error_page(
            400,
            _("Formulier verlopen"),
            _("Het formulier stond te lang open, daarom is er niets gebeurd. Open de pagina opnieuw en probeer het nog een keer."),
            retry_url=url_for(_FORMS_WITHOUT_AN_ASSESSMENT[str(request.endpoint)], lang=language_argument()),
            retry_text=_("Open de pagina opnieuw"),
        )
    deleted = session.get(DELETED_KEY)
    if deleted and deleted == posted_token_fingerprint():
        # A page of the visit in which the assessment was deleted, sent from another tab: it
        # was told "Uw antwoorden van eerdere pagina’s zijn wel bewaard … ga verder met uw
        # code", both gone (QA, no script).
        return error_page(
            400,
            _("Uw antwoorden zijn verwijderd"),
            _("Daarom is deze pagina niet opgeslagen. Ook uw antwoorden van eerdere pagina’s zijn weg. Een code werkt niet meer. U kunt opnieuw beginnen."),
        )
    left = session.get(LEFT_KEY)
    if left:
        # A page still open in another tab after "Afsluiten op deze computer": the visitor was
        # not "a while inactive", and cookies are on (QA, review). Closed without a code, the
        # answers cannot be reached any more, and no code is offered (QA, English phone).
        with_code = left != LEFT_WITHOUT_CODE
        return error_page(
            400,
            _("U heeft afgesloten op deze computer"),
            _("Daarom is deze pagina niet opgeslagen. Uw antwoorden van eerdere pagina’s zijn wel bewaard. Wilt u verder? Dat kan met uw code.")
            if with_code else
            _("Daarom is deze pagina niet opgeslagen. U had geen code. Daarom kan niemand meer bij uw antwoorden. U kunt opnieuw beginnen."),
            resume_url=url_for("resume.lookup", lang=language_argument()) if with_code else None,
        )
    # No assessment in this browser: the visit timed out. The answers of earlier pages are
    # stored, and a resume code is the way back to them.
    return error_page(
        400,
        _("Uw sessie is verlopen"),
        _(
            "U was een tijd niet actief, daarom is deze pagina niet opgeslagen. Uw antwoorden van eerdere "
            "pagina’s zijn wel bewaard. Heeft u een code gemaakt? Dan gaat u daarmee verder. Zonder code kunt "
            "u er niet meer bij; dan begint u opnieuw. Staan cookies uit? "
            "Deze website heeft één functionele cookie nodig om uw antwoorden bij te houden."
        ),
        resume_url=url_for("resume.lookup", lang=language_argument()),
    )


def handle_unexpected(error: Exception) -> Any:
    return handle_http_error(InternalServerError())


def handle_database_error(error: Exception) -> Any:
    """The database cannot be reached (stopped, restarting, network, pool exhausted): a friendly
    503 with Retry-After. Every save is one transaction, so nothing was half-saved. Any other
    database error is a bug: the 500 page. Only the error's class is logged, never its SQL
    parameters (answers); the engines hide them as well (persistence.make_engine)."""
    if not _unavailable(error):
        current_app.logger.error("Database error %s on %s", type(error).__name__, request.endpoint)
        return handle_unexpected(error)
    current_app.logger.warning(
        "Database unavailable (%s: %s) on %s",
        type(error).__name__, type(getattr(error, "orig", None)).__name__, request.endpoint,
    )
    # The post stays in the browser's history: reloading this page is trying again, with what
    # was sent. Put in its place (history_url), a reload showed the page without the answers
    # just typed, though the page says to try again (QA, site reliability).
    response = _http_error_page(ServiceUnavailable(), history_url=None)
    response.headers["Retry-After"] = "30"
    return response


# psycopg's errors for a table or column the code uses and the database does not have
SCHEMA_MISSING = frozenset({"UndefinedTable", "UndefinedColumn"})


def _unavailable(error: Exception) -> bool:
    if isinstance(error, (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError, sa_exc.DisconnectionError)):
        return True  # SQLite's "no such table" (a database not migrated yet) is one of these too
    if isinstance(error, sa_exc.ProgrammingError) and type(getattr(error, "orig", None)).__name__ in SCHEMA_MISSING:
        # PostgreSQL before its first `db upgrade`, or a database of an earlier release started
        # without one (AUTO_MIGRATE=0; QA, operator upgrading): not ready, as /readyz says, rather
        # than a bug. A table or column missing from a database whose migrations are current is
        # a bug, and stays the 500.
        return _migrations_not_current()
    return bool(getattr(error, "connection_invalidated", False))


def _migrations_not_current() -> bool:
    try:
        current = persistence.current_revisions(current_app.extensions["mvo_store"].engine)
    except sa_exc.SQLAlchemyError:
        return True  # the database went away meanwhile: unavailable all the same
    return persistence.migration_state(current) != "current"


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(sa_exc.SQLAlchemyError, handle_database_error)
