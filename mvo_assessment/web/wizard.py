"""The wizard: the intake and a page per sub-step, the step overview and the summary.

Branching happens here on every request through `navigation.resolve`, so the whole journey
works without JavaScript. The browser script only shows and hides questions on the current page
earlier; the server decides again when the page is posted.

Hidden answers (docs/web.md): when a changed answer hides a question, its stored answer is kept
(changing back restores it) but `resolve(...).effective` leaves it out, so it is never shown as
given, exported or scored. A posted page only changes the answers of questions that are shown
after the post; whatever the browser sends for hidden questions is ignored.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Collection, Mapping, Sequence

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from .. import conditions
from ..answers import AnswerError, coerce_answer
from ..forms import ACTIONS, CONTROL_FIELDS, ConfirmForm, PageForm, field_answer, page_form_class, parse_revision, required_message, shown_fields
from ..model import Page, Question, Questionnaire
from ..navigation import Visibility, first_incomplete_page, next_page, open_questions, previous_page, reachable_pages, resolve
from ..persistence import AssessmentRecord
from .helpers import (
    assessment_to_read,
    create_assessment,
    duration_in_words,
    current_assessment,
    current_questionnaire,
    error_page,
    section_statuses,
    step_caption,
    store,
    ONLY_THE_TOKEN,
    unknown_fields_page,
)
from .results import nothing_changed_yet

bp = Blueprint("wizard", __name__, url_prefix="/zelfevaluatie")

RETURN_TARGETS = {"samenvatting": "wizard.summary", "overzicht": "wizard.overview"}


def _no_assessment() -> Any:
    # Shut out because the code was replaced: that message (flashed by current_assessment) is
    # the one reason; "verwijderd, of uw sessie verlopen" beside it misled (QA, sittings).
    code_replaced = g.get("mvo_code_replaced", False)
    if request.method != "POST":  # GET, and HEAD answered as GET (it got the form's 400; QA, HTTP)
        # A link does not say which assessment it was of: after "Verwijderen" here it may be of
        # another one, left behind in this browser, whose code still works (QA, review).
        if not code_replaced:
            flash(_("Begin een nieuwe zelfevaluatie, of ga verder met uw code."), "info")
        return redirect(url_for("pages.start"), 303)
    if code_replaced:
        return error_page(400, _("Deze code werkt niet meer"), _("Er is niets opgeslagen."))
    return error_page(
        400,
        _("Geen zelfevaluatie gevonden"),
        _("Deze browser werkt niet (meer) aan een zelfevaluatie. Misschien is die verwijderd, of is uw sessie verlopen. Er is niets opgeslagen. Begin opnieuw of ga verder met uw code."),
    )


def _where_to_continue(q: Questionnaire, visibility: Visibility) -> str:
    page_id = first_incomplete_page(q, visibility)
    if page_id is None:
        return url_for("wizard.summary")
    return url_for("wizard.page", page_id=page_id)


@bp.post("/starten")
def begin() -> Any:
    ConfirmForm()  # CSRF is checked globally; the form only documents it
    refused = unknown_fields_page(ONLY_THE_TOKEN)
    if refused:
        return refused
    q = current_questionnaire()
    create_assessment(q)
    return redirect(url_for("wizard.page", page_id=resolve(q, {}).pages[0]), 303)


@bp.get("/opnieuw")
def start_over() -> Any:
    """Before a new assessment replaces the current one in this browser: how to keep the
    current one (a code), or go on with it. The new one starts with the usual POST."""
    record = assessment_to_read()
    if record is None:
        return redirect(url_for("pages.start"), 303)
    return render_template("start_over.html", form=ConfirmForm(), record=record)


@bp.get("/")
def continue_() -> Any:
    record = assessment_to_read()
    if record is None:
        return _no_assessment()
    q = current_questionnaire()
    return redirect(_where_to_continue(q, resolve(q, record.answers)), 303)


# --- a page of questions ------------------------------------------------------------------


def _page_context(
    q: Questionnaire,
    page: Page,
    fields: Sequence[Any],
    visibility: Visibility,
    shown: set[str],
    record: AssessmentRecord,
    *,
    revision: str,
    terug: str,
    pagina: str,
) -> dict[str, Any]:
    """What page.html needs. `fields` are the bound fields of a posted form, or on a GET the
    `ShownField`s of the stored answers: the field macros read the same attributes of both."""
    section = q.section(page.section_id)
    assert section is not None
    referenced = asked_elsewhere(page, page.questions)
    outside = {qid: visibility.effective[qid] for qid in sorted(referenced) if qid in visibility.effective}
    errors = [(field.question.id, field.errors[0], field.question.text) for field in fields if field.errors]
    section_pages = [p for p in section.pages if p.id in visibility.pages]
    # "Volgende" from the summary led back to it, the visitor told nothing of where (QA, screen
    # reader): the button says so when it will, i.e. when no other page has open questions.
    returns_to = terug if terug in RETURN_TARGETS and first_incomplete_page(q, visibility) in (None, page.id) else ""
    return {
        "page": page,
        "section": section,
        "caption": step_caption(q, section),
        "fields": fields,
        "revision": revision,
        "terug": terug,
        "returns_to": returns_to,
        "pagina": pagina,
        "errors": errors,
        "shown": shown,
        "outside_answers": outside,
        "previous": previous_page(visibility, page.id),
        "page_number": [p.id for p in section_pages].index(page.id) + 1 if page.id in visibility.pages else 1,
        "page_total": len(section_pages),
        "record": record,
        "idle_limit": duration_in_words(int(current_app.config["SESSION_LIFETIME_MINUTES"])),
    }


# The query parameter that names the questions an answer just brought in (page.html marks them).
NEW_QUESTIONS = "nieuw"


def _render_page(status: int = 200, **context: Any) -> tuple[str, int]:
    return render_template("page.html", **context), status


@bp.route("/vraag/<page_id>", methods=["GET", "POST"])
def page(page_id: str) -> Any:
    q = current_questionnaire()
    page = q.page(page_id)
    if page is None:
        abort(404)
    record = current_assessment()
    if record is None:
        return _no_assessment()
    answers = dict(record.answers)
    visibility = resolve(q, answers)
    if page_id not in visibility.pages:
        return error_page(
            404,
            _("Deze pagina hoort niet bij uw antwoorden"),
            _("Door uw eerdere antwoorden slaan we deze pagina over. U hoeft hier niets in te vullen."),
            continue_url=_where_to_continue(q, visibility),
        )
    out_of_turn = page_id not in reachable_pages(q, visibility)
    if out_of_turn:
        if request.method != "POST":
            # A page opened from a bookmark, or one whose earlier questions grew since (someone
            # else with the code changed the intake): "U gaat verder waar u was gebleven" was
            # not so in the second case (QA, browser). This is true in both.
            flash(_("Die pagina komt later aan de beurt. Beantwoord eerst wat hier nog open staat."), "info")
            return redirect(_where_to_continue(q, visibility), 303)
        if not _shown_before_a_later_save(record):
            return error_page(
                409,
                _("Deze pagina is nog niet aan de beurt"),
                _("Beantwoord eerst de vragen hiervoor. Er is niets opgeslagen."),
                continue_url=_where_to_continue(q, visibility),
            )
        # The page was open when it was shown; a save elsewhere since (another tab, or someone
        # else with the code changing the intake) brought in questions before it. What was
        # typed here is still valid, so it is saved like any other post, not thrown away.

    shown_before = {question.id for question in page.questions if question.id in visibility.questions}
    if request.method != "POST":
        terug = request.args.get("terug", "")
        context = _page_context(
            q,
            page,
            shown_fields(page, answers),
            visibility,
            shown_before,
            record,
            revision=str(record.revision),
            terug=terug if terug in RETURN_TARGETS else "",
            pagina=page_fingerprint(page, answers, shown_before),
        )
        # Questions an answer just brought in (NEW_QUESTIONS, set by the redirect to them): each
        # is marked where it is, since the message at the top of a long page is out of sight
        # when the page opens at the question (QA, accessibility). Only while still unanswered.
        if NEW_QUESTIONS in request.args:
            named = set(request.args.getlist(NEW_QUESTIONS))
            context["new_questions"] = {
                question.id for question in page.questions
                if question.id in named and question.id in shown_before and question.id not in visibility.effective
            }
        return _render_page(**context)
    return _submit(q, page, page_form_class(page), record, answers, visibility, shown_before, out_of_turn)


def _shown_before_a_later_save(record: AssessmentRecord) -> bool:
    """Whether the posted page was shown at an older revision than the stored one."""
    posted = parse_revision(request.form.get("revision"))
    return posted is not None and posted < record.revision


def _submit(
    q: Questionnaire,
    page: Page,
    form_class: type[PageForm],
    record: AssessmentRecord,
    answers: dict[str, Any],
    visibility: Visibility,
    shown_before: set[str],
    out_of_turn: bool = False,
) -> Any:
    allowed = CONTROL_FIELDS | {question.id for question in page.questions}
    unknown = sorted(set(request.form) - allowed)
    action = request.form.get("action", "next")
    if unknown or action not in ACTIONS or request.files:
        return error_page(
            400,
            _("Dat ging niet goed"),
            _("Het formulier bevatte gegevens die niet bij deze pagina horen. Er is niets opgeslagen."),
        )
    form = form_class()
    expected_revision = form.revision_number()
    if expected_revision is None:
        abort(400)
    # The script marks the form: then the visitor saw conditional questions appear as they answered.
    enhanced = request.form.get("js") == "1"
    form.validate()  # the form of each answer; "required" follows below, once visibility is known

    # The answers as they would be after this post; questions hidden afterwards keep their old answer.
    candidate = dict(answers)
    fields = {field.question.id: field for field in form.question_fields()}
    for question in page.questions:
        field = fields[question.id]
        value = None if field.errors else field_answer(field)
        if value is None:
            candidate.pop(question.id, None)
        else:
            candidate[question.id] = value
    posted = dict(candidate)
    after = resolve(q, candidate)
    for question in page.questions:
        if question.id not in after.questions:
            # Hidden by this post: not checked, and shown (should the page come back with an
            # error elsewhere) with the answer it keeps, not with whatever was posted for it.
            fields[question.id].errors = []
            fields[question.id].process_data(answers.get(question.id))
            if question.id in answers:
                candidate[question.id] = answers[question.id]
            else:
                candidate.pop(question.id, None)

    for question in page.questions:  # each answer given, in its canonical form
        field = fields[question.id]
        value = candidate.get(question.id)
        if question.id in after.questions and not field.errors and value is not None:
            try:
                candidate[question.id] = coerce_answer(question, value)
            except AnswerError:
                field.errors = [_("Dit antwoord kunnen we niet verwerken. Kies of vul het opnieuw in.")]
    shown_after = {question.id for question in page.questions if question.id in after.questions}

    # Someone else's answer brought a question onto this page, or took one away that this post
    # answered, since the page was opened: say so, rather than ask the new one as if the visitor
    # had skipped it, or drop the answer without a word (QA, adviser).
    opened_with = shown_when_opened(page, str(request.form.get("pagina", "")))
    if opened_with is not None and opened_with != shown_before and _shown_before_a_later_save(record):
        # Brought in, still shown after this post and unanswered: "Volgende" would ask it as an error.
        appeared = {
            question_id for question_id in (shown_before - opened_with) & shown_after
            if candidate.get(question_id) is None and action == "next"
            # One whose condition asks only about this page is shown by this post's own answers
            # as well: the visitor's to answer (it is asked below), unless someone else answered
            # it, which the conflict takes over and says (QA, review: a 409 that named nothing).
            and (asked_elsewhere(page, [q.questions_by_id[question_id]]) or answers.get(question_id) is not None)
        }
        gone = opened_with - shown_before
        as_stored = {question_id: _canonical(q, question_id, posted.get(question_id)) for question_id in gone}
        changed = changed_since_shown(page, {**posted, **as_stored}, str(request.form.get("pagina"))) or set()
        taken_away = {question_id: as_stored[question_id] for question_id in gone & changed}
        if appeared or taken_away:
            return _conflict(q, page, form, candidate, shown_after, record, appeared=appeared, taken_away=taken_away)

    # Sent as it was shown (Back, or Next without a change), after someone else changed this
    # page: the post changes nothing of its own, and storing it would only undo the other's
    # answers. Go on with what is stored, as after a double click (QA, sittings: it got the
    # conflict page). Its own open questions are no error, and one its stale answers would
    # show is no new question: what is stored decides (QA, flows and review).
    sent_back_unchanged = (
        candidate != answers
        and not any(field.errors for field in form.question_fields())
        and _changed_here(page, candidate, shown_after) == set()
    )
    revealed: list[Question] = []
    for question in page.questions:
        if sent_back_unchanged or action != "next":
            break
        field = fields[question.id]
        if question.id not in after.questions or field.errors or candidate.get(question.id) is not None:
            continue
        if question.id not in shown_before and not enhanced:
            revealed.append(question)  # shown by this very answer: ask it, it is no error yet
        elif question.required:
            field.errors = [required_message(question)]

    if any(field.errors for field in form.question_fields()):
        return _render_page(400, **_page_context(q, page, form.question_fields(), after, shown_after, record, **_posted(form)))
    if sent_back_unchanged:
        candidate, after = dict(answers), visibility
    if candidate != answers:
        expected = expected_revision
        elsewhere = changed_since_shown(page, answers, str(request.form.get("pagina", "")))
        if expected != record.revision and elsewhere is not None and all(
            candidate.get(question_id) == answers.get(question_id) for question_id in elsewhere
        ):
            # Saved elsewhere since this page was shown (another tab, or the adviser on another
            # page), but none of this page's answers changed, or each changed to what this post
            # sends too: nothing here would be overwritten, and `candidate` holds the other
            # changes already, so save on top of them. (A question brought in or taken away
            # meanwhile is said above, where it matters; QA, review. Two tabs that chose the
            # same answer got a conflict that named nothing; QA, review.)
            expected = record.revision
        if store().save_answers(record.id, expected, candidate) is None:
            return _conflict(q, page, form, candidate, shown_after, record)
    # Else the post changes nothing: what it says is already stored, even when its revision is
    # old. That is the same submit retried (a double click, a resend after a network error),
    # or another tab that saved the very same answers: idempotent, so go on as if it were saved.

    # What is stored now is `candidate`, and its branching is `after` (coercing only put the
    # answers in canonical form, which no condition can tell apart).
    final = after
    if out_of_turn and action == "next" and page.id not in reachable_pages(q, final):
        flash(_("Uw antwoorden zijn opgeslagen. Intussen zijn er eerdere antwoorden veranderd, in een ander "
                "tabblad of door iemand anders met uw code. Daardoor zijn er nu eerst nog vragen op een "
                "eerdere pagina."), "info")
        return redirect(_where_to_continue(q, final), 303)
    if revealed:
        # Straight to the first new question: on a long page (a phone) it can be far below
        # the top, unmarked (QA).
        flash(_new_questions_message(len(revealed)), "info")
        marked: dict[str, Any] = {NEW_QUESTIONS: [question.id for question in revealed]}
        return redirect(url_for("wizard.page", page_id=page.id, terug=form.terug.data or None, **marked,
                                _anchor=f"nieuw-{revealed[0].id}"), 303)
    if action == "save":
        return redirect(url_for("resume.save"), 303)
    if action == "previous":
        target = previous_page(final, page.id)
        return redirect(url_for("wizard.page", page_id=target) if target else url_for("wizard.overview"), 303)
    terug = form.terug.data
    if terug in RETURN_TARGETS:
        open_page = first_incomplete_page(q, final)
        if open_page is None:
            # Back where the change was asked for: the summary took 45 Tabs from its top to the
            # answer just changed (QA, screen reader).
            anchor = f"pagina-{page.id}" if terug == "samenvatting" else None
            return redirect(url_for(RETURN_TARGETS[terug], _anchor=anchor), 303)
        # Back from the summary: straight to the first page with open questions, never through
        # the finished pages in between (QA, flows: a change whose questions were on two later
        # pages walked the visitor through fifteen pages to the second). Questions this post
        # brought in are marked as new; others were open before it.
        was_open = set(open_questions(q, visibility))
        new_ids = [qid for qid in open_questions(q, final, open_page) if qid not in was_open]
        if new_ids:
            flash(_new_questions_message(len(new_ids)), "info")
            to_mark: dict[str, Any] = {NEW_QUESTIONS: new_ids}
            return redirect(url_for("wizard.page", page_id=open_page, terug=terug, **to_mark,
                                    _anchor=f"nieuw-{new_ids[0]}"), 303)
        flash(_("Op deze pagina staan nog vragen zonder antwoord."), "info")
        return redirect(url_for("wizard.page", page_id=open_page, terug=terug), 303)
    target = next_page(final, page.id)
    if target is None:
        return redirect(_where_to_continue(q, final), 303)
    return redirect(url_for("wizard.page", page_id=target, terug=terug if terug in RETURN_TARGETS else None), 303)


def asked_elsewhere(page: Page, questions: Sequence[Question]) -> list[str]:
    """The questions outside `page` that the conditions of `questions` (of this page) ask
    about, each once, in the order the conditions name them."""
    on_page = {question.id for question in page.questions}
    found: dict[str, None] = {}
    for question in questions:
        for compare in conditions.referenced_questions(question.condition):
            if compare.question not in on_page:
                found.setdefault(compare.question)
    return list(found)


def _canonical(q: Questionnaire, question_id: str, value: Any) -> Any:
    """A posted answer in the form it would be stored in (the fingerprint digests stored ones),
    or as posted when it is no valid answer."""
    if value is None:
        return None
    try:
        return coerce_answer(q.questions_by_id[question_id], value)
    except AnswerError:
        return value


# Hex characters per question in a page's fingerprint: 48 bits, so that two different answers
# pass for the same (and a stale page is saved over another's change) practically never.
_DIGEST = 12


def page_fingerprint(page: Page, answers: Mapping[str, Any], shown: Collection[str]) -> str:
    """The page's stored answers in short, sent along with the page: on a post whose revision
    is stale it tells whether anything on this very page changed in the meantime, and which
    answer (one part per question, in the page's order); then one character per question, 1
    where it was shown, so a post can tell a question that someone else's answer brought in or
    took away since (QA, adviser: one came back as the visitor's own error, "Kies een
    antwoord", and a changed answer to one taken away was dropped without a word)."""
    digests = "".join(_answer_digest(answers.get(question.id)) for question in page.questions)
    return digests + "".join("1" if question.id in shown else "0" for question in page.questions)


def _answer_digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:_DIGEST]


def _fingerprint_parts(page: Page, fingerprint: str) -> tuple[str, str] | None:
    """The answers' digests and the shown marks of a fingerprint of `page`; None if it is none."""
    digests = _DIGEST * len(page.questions)
    if len(fingerprint) != digests + len(page.questions) or not set(fingerprint[digests:]) <= {"0", "1"}:
        return None
    return fingerprint[:digests], fingerprint[digests:]


def changed_since_shown(page: Page, answers: Mapping[str, Any], fingerprint: str) -> set[str] | None:
    """The questions of `page` whose stored answer differs from the one the page showed (its
    `fingerprint`); None when the fingerprint is not one of this page."""
    parts = _fingerprint_parts(page, fingerprint)
    if parts is None:
        return None
    digests = parts[0]
    return {
        question.id
        for index, question in enumerate(page.questions)
        if _answer_digest(answers.get(question.id)) != digests[index * _DIGEST : (index + 1) * _DIGEST]
    }


def shown_when_opened(page: Page, fingerprint: str) -> set[str] | None:
    """The questions of `page` that were shown when it was opened; None when the fingerprint is
    not one of this page."""
    parts = _fingerprint_parts(page, fingerprint)
    if parts is None:
        return None
    return {question.id for question, mark in zip(page.questions, parts[1]) if mark == "1"}


def _changed_here(page: Page, sent: Mapping[str, Any], shown_after: set[str]) -> set[str] | None:
    """The questions whose answer this post changed from the one its page showed: of those
    shown after the post, since a question the post hides carries the stored answer in `sent`,
    someone else's perhaps (QA, review). None when the page's fingerprint cannot be read."""
    changed = changed_since_shown(page, sent, str(request.form.get("pagina", "")))
    return None if changed is None else changed & shown_after


def _posted(form: PageForm) -> dict[str, str]:
    """The hidden control fields of a posted form, to show them again."""
    terug = form.terug.data or ""
    return {"revision": form.revision.data or "", "terug": terug if terug in RETURN_TARGETS else "",
            "pagina": str(request.form.get("pagina", ""))[:(_DIGEST + 1) * 100]}  # 100 questions: far more than a page has


def _conflict(
    q: Questionnaire, page: Page, form: PageForm, sent: Mapping[str, Any], shown: set[str], record: AssessmentRecord,
    appeared: Collection[str] = (), taken_away: Mapping[str, Any] | None = None,
) -> tuple[str, int]:
    """Another tab saved first: keep what this tab typed on screen, save nothing, say so, and
    name the answers on this page that are stored differently (`sent`: the answers this post
    would have stored), so that sending the page again does not silently undo them (QA); and
    the questions that an answer given elsewhere brought onto the page (`appeared`) or took
    away while this post answered them (`taken_away`, with the answers that are not saved)."""
    current = store().get(record.id)
    if current is None:
        return _no_assessment()  # type: ignore[no-any-return]
    # A question whose condition asks only about this page is shown by this post's own answers
    # too (with the script, the visitor saw it appear when they chose): it is no question "an
    # answer given elsewhere" brought in (QA, browser). What changed elsewhere is said anyway.
    appeared = [question_id for question_id in appeared if asked_elsewhere(page, [q.questions_by_id[question_id]])]
    stored_visibility = resolve(q, current.answers)
    # Changed by someone else: what differs from what the page showed (QA: comparing with what
    # was sent also named this tab's own edits as changed "elsewhere").
    elsewhere = changed_since_shown(page, current.answers, str(request.form.get("pagina", "")))
    here = _changed_here(page, sent, shown)
    fields = form.question_fields()
    visibility = stored_visibility
    taken_over: list[Question] = []
    if elsewhere is not None and here is not None:
        # An answer changed elsewhere that this tab left as it was is shown as it is stored now:
        # sent again, the page stored what this tab had shown, and so erased an answer its
        # visitor never touched (QA, sittings). Only answers changed on both sides are a choice.
        merged = {question: value for question, value in current.answers.items() if question not in here}
        merged.update((question, sent[question]) for question in here if question in sent)
        merged_visibility = resolve(q, merged)
        # Unless an answer taken over would hide one this tab changed: then its edit would
        # vanish from the screen unnamed, so nothing is taken over and every answer changed
        # elsewhere is named as a choice, as before (QA, review).
        if all(question in merged_visibility.questions for question in here):
            for field in fields:
                if field.question.id in elsewhere and field.question.id not in here:
                    field.process_data(current.answers.get(field.question.id))
                    taken_over.append(field.question)
            visibility = merged_visibility
            shown = {question.id for question in page.questions if question.id in visibility.questions}
        else:
            here = None
    form.revision.data = str(current.revision)
    stored_shown = {question.id for question in page.questions if question.id in stored_visibility.questions}
    posted = {**_posted(form), "pagina": page_fingerprint(page, current.answers, stored_shown)}
    context = _page_context(q, page, fields, visibility, shown, current, **posted)
    context["conflict"] = True
    context["conflict_appeared"] = [question for question in page.questions if question.id in appeared and question.id in shown]
    # Marked where they are, too, for whoever goes through the form (QA, accessibility).
    context["conflict_appeared_ids"] = {question.id for question in context["conflict_appeared"]}
    # And which answer elsewhere did it: the questions outside this page that their conditions
    # ask about (QA, adviser: "een antwoord dat ergens anders is gegeven" did not say which).
    moved = [question for question in page.questions if question.id in appeared or question.id in (taken_away or {})]
    context["conflict_causes"] = [f"‘{q.questions_by_id[question_id].text}’"  # the site's quotation marks
                                  for question_id in asked_elsewhere(page, moved)]
    context["conflict_taken_away"] = [
        (question, taken_away[question.id]) for question in page.questions if taken_away and question.id in taken_away
    ]
    context["conflict_action"] = request.form.get("action", "next")
    context["conflict_changes"] = [
        (question, current.answers.get(question.id))
        for question in page.questions
        if question.id in shown
        and current.answers.get(question.id) != sent.get(question.id)
        and (elsewhere is None or question.id in elsewhere)
        and (here is None or question.id in here)
    ]
    context["conflict_taken_over"] = [question for question in taken_over if question.id in shown]
    return _render_page(409, **context)


# --- overview and summary -------------------------------------------------------------------


@bp.get("/sessie")
def keep_alive() -> Any:
    """The session warning's "Ik ben er nog": 204 while this browser has an assessment (the
    response re-signs the cookie, security.refresh_session), 401 when it has none any more.
    The script asked for the page itself before, and took every redirect for an ended session:
    a page that someone else's change had put out of turn said "Uw sessie is gestopt" while the
    session was fine, and its redirect used up a message meant for the next page (QA, flows)."""
    if current_assessment(adapt=False) is None:
        return Response(status=401)
    return Response(status=204)


@bp.get("/overzicht")
def overview() -> Any:
    record = assessment_to_read()
    if record is None:
        return _no_assessment()
    q = current_questionnaire()
    visibility = resolve(q, record.answers)
    return render_template(
        "overview.html",
        statuses=section_statuses(q, visibility),
        continue_url=_where_to_continue(q, visibility),
        done=first_incomplete_page(q, visibility) is None,
        record=record,
        results_url=_results_url(),
        idle_limit=duration_in_words(int(current_app.config["SESSION_LIFETIME_MINUTES"])),
    )


@bp.get("/samenvatting")
def summary() -> Any:
    record = assessment_to_read()
    if record is None:
        return _no_assessment()
    q = current_questionnaire()
    visibility = resolve(q, record.answers)
    reachable = set(reachable_pages(q, visibility))
    sections = []
    for section in q.sections:
        if section.id not in visibility.sections:
            continue
        pages = []
        for page in section.pages:
            if page.id not in visibility.pages:
                continue
            rows = [
                (question, visibility.effective.get(question.id))
                for question in page.questions
                if question.id in visibility.questions
            ]
            pages.append((page, rows, page.id in reachable))
        if pages:
            sections.append((section, pages))
    incomplete = first_incomplete_page(q, visibility)
    results_url = _results_url()
    return render_template(
        "summary.html",
        sections=sections,
        incomplete=incomplete,
        continue_url=_where_to_continue(q, visibility),
        record=record,
        results_url=results_url,
        # The way to "Er is niets veranderd" on the results page, only where it is offered there.
        nothing_changed=bool(results_url) and not incomplete and nothing_changed_yet(q, record),
    )


def _results_url() -> str | None:
    """The results page, when the results blueprint is registered (the wizard works without it)."""
    from flask import current_app

    if "results.show" in current_app.view_functions:
        return url_for("results.show")
    return None


def _new_questions_message(count: int) -> str:
    """One new question is said as one (QA, English walk: "questions" for a single one)."""
    return ngettext(
        "Door uw antwoord is er een vraag bijgekomen. Beantwoord die ook.",
        "Door uw antwoord zijn er vragen bijgekomen. Beantwoord die ook.",
        max(count, 1),
    )
