"""WTForms forms generated from the questionnaire model: one form class per page, built once.

`FIELD_BUILDERS` maps each question type to one function that makes its field; the widget
(widgets.py) renders one template macro per field type. The fields only check the *form* of
an answer (a known option, a number within range, a text that is not too long). Whether a
question is required depends on which questions are shown, which depends on the submitted
answers, so the view adds "required" errors after resolving visibility (`required_message`).
Every message goes through Flask-Babel, with Dutch as the source language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence, TypeVar

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import Field, HiddenField, StringField, TextAreaField
from wtforms.validators import ValidationError

from . import answers
from .answers import MAX_TEXT_LENGTH, TEXT_TRIM, control_character, typed_text
from .i18n import SOURCE_LANGUAGE, local_number
from .model import Page, Question
from .numbers import NUMBER_DIGITS, too_large
from .widgets import MacroWidget

T = TypeVar("T")

# The names a page form may post besides its questions.
# "pagina": a fingerprint of the page's stored answers when it was shown (wizard.page_fingerprint).
CONTROL_FIELDS = frozenset({"csrf_token", "revision", "action", "terug", "js", "pagina"})
ACTIONS = ("next", "previous", "save")


class QuestionField:
    """Mixin: a field that knows its question (the widget macros read it)."""

    question: Question

    def _set_question(self, question: Question) -> None:
        self.question = question


class ChoiceField(QuestionField, Field):
    """One option (single, yesno, scale). `options` are the (value, label) pairs to show."""

    def __init__(self, *args: Any, question: Question, options: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_question(question)
        self.options = list(options)
        self.option_values = frozenset(value for value, _label in self.options)

    def process_data(self, value: Any) -> None:
        self.data = None if value is None else str(value)

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = valuelist[0] if valuelist else None
        self.several = len(valuelist) > 1  # a radio group never sends two values

    def pre_validate(self, form: Any) -> None:
        if getattr(self, "several", False):
            raise ValidationError(_("Kies een van de antwoorden die bij deze vraag staan."))
        if self.data in (None, ""):
            self.data = None
            return
        if self.data not in self.option_values:
            raise ValidationError(_("Kies een van de antwoorden die bij deze vraag staan."))


class MultipleChoiceField(QuestionField, Field):
    """Any number of options (multiple), shown as checkboxes."""

    def __init__(self, *args: Any, question: Question, options: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_question(question)
        self.options = list(options)
        self.option_values = frozenset(value for value, _label in self.options)

    def process_data(self, value: Any) -> None:
        self.data = list(value) if isinstance(value, (list, tuple)) else []

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = [value for value in valuelist if value != ""]

    def pre_validate(self, form: Any) -> None:
        values = self.data or []
        if any(value not in self.option_values for value in values) or len(set(values)) != len(values):
            raise ValidationError(_("Kies een van de antwoorden die bij deze vraag staan."))
        for value in values:
            option = self.question.option(value)
            if option is not None and option.stands_alone and len(values) > 1:
                raise ValidationError(
                    _("‘%(label)s’ kunt u niet combineren met een ander antwoord.", label=option.label)
                )


# ASCII digits only, as the browser script reads them (static/js/conditions.js, readNumber):
# Python's \d would also take "１２" or "٣" and branch otherwise than the page did.
NUMBER = re.compile(r"^-?[0-9]+([.,][0-9]+)?$")
MAX_NUMBER_TEXT = 40


# A number written with the language's thousands separator, such as "1.500" in Dutch or
# "1,500" in English: parse_number takes either mark as the decimal one and would read 1.5,
# a thousand times too small (QA, security), so such a number is refused and the page says how
# to write it. The browser script refuses it too (static/js/conditions.js, readNumber).
GROUPED_NUMBER = {
    "nl": re.compile(r"^-?[0-9]{1,3}(\.[0-9]{3})+$"),
    "en": re.compile(r"^-?[0-9]{1,3}(,[0-9]{3})+$"),
}


def looks_grouped(text: str, language: str) -> bool:
    """Whether `text` is a number with thousands separators in `language` (see GROUPED_NUMBER)."""
    pattern = GROUPED_NUMBER.get(language)
    return bool(pattern and pattern.match(text.strip(TEXT_TRIM).replace(" ", "")))


def parse_number(text: str) -> int | float | None:
    """`12`, `12,5` or `12.5`; None when it is not such a number. Trimmed as the script's
    trim() trims (answers.TEXT_TRIM)."""
    text = text.strip(TEXT_TRIM)
    if len(text) > MAX_NUMBER_TEXT:
        return None
    text = text.replace(" ", "")
    if not NUMBER.match(text):
        return None
    value = float(text.replace(",", "."))
    return int(value) if value == int(value) and "," not in text and "." not in text else value


def format_number(value: Any) -> str:
    """In the page's language (12,5 in Dutch, 12.5 in English), every decimal kept and no
    thousands separator, so the text reads back as the same number (`parse_number`)."""
    return local_number(value, str(get_locale() or SOURCE_LANGUAGE))


class NumberField(QuestionField, StringField):
    """A number typed as text, so Dutch decimal commas work and messages stay in our words."""

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_question(question)
        self.number: int | float | None = None

    def process_data(self, value: Any) -> None:
        self.data = "" if value is None else format_number(value)

    def process_formdata(self, valuelist: list[str]) -> None:
        # Trimmed as the browser script trims (answers.TEXT_TRIM; QA, code review: strip() also
        # took U+001C-U+001F and U+0085, so "\x1c12" was 12 here and no answer in the script).
        self.data = valuelist[0].strip(TEXT_TRIM) if valuelist else ""

    def pre_validate(self, form: Any) -> None:
        self.number = None
        if not self.data:
            return
        if looks_grouped(self.data, str(get_locale() or SOURCE_LANGUAGE)):
            raise ValidationError(_("Schrijf het getal zonder punt, bijvoorbeeld 1500. Een getal met decimalen schrijft u met een komma, bijvoorbeeld 1,5."))
        number = parse_number(self.data)
        if number is None and any(c.isdecimal() and not "0" <= c <= "9" for c in self.data):
            # Arabic-Indic or other digits: the visitor did type a number, and "Vul een getal in"
            # did not say what was wrong with it (QA, right-to-left).
            raise ValidationError(_("Gebruik de cijfers 0 tot en met 9, bijvoorbeeld 12 of 12,5."))
        if number is None:
            raise ValidationError(_("Vul een getal in, bijvoorbeeld 12 of 12,5."))
        if too_large(number):
            raise ValidationError(too_large_sentence())
        if not within_limits(number, self.question):
            raise ValidationError(range_sentence(self.question))
        self.number = number

    def range_sentence(self) -> str:
        return range_sentence(self.question)


def within_limits(number: int | float, question: Question) -> bool:
    """A number the question accepts; one outside is no answer, for branching too (the browser
    script says the same: readNumber)."""
    return (question.min is None or number >= question.min) and (question.max is None or number <= question.max)


def too_large_sentence() -> str:
    return _("Dit getal is te groot. Gebruik hoogstens %(digits)s cijfers voor de komma.", digits=NUMBER_DIGITS)


def range_sentence(question: Question) -> str:
    """The numbers a number question accepts, in one sentence ("" without limits): shown under
    the question before anything is typed (QA: the limits were told only after an error), and
    the error when a number is outside them."""
    low, high = question.min, question.max
    if low is not None and high is not None:
        return _("Vul een getal in van %(min)s tot en met %(max)s.", min=format_number(low), max=format_number(high))
    if low is not None:
        return _("Vul een getal in van %(min)s of meer.", min=format_number(low))
    if high is not None:
        return _("Vul een getal in van %(max)s of minder.", max=format_number(high))
    return ""


def rule_sentence(question: Question, reason: str, details: Mapping[str, Any]) -> str:
    """Why an answer from a file is refused (answers.AnswerError's reason), in the words the
    form uses for the same rule, or in words of the file where the form cannot break it (a list
    where one belongs); the rule the command line names, so that an outside tool's file is
    refused for the same reason on both faces (QA, answers files: a scale's 6, a text's 12 and a
    list's option twice were all "niet bij deze vraag", or no rule at all)."""
    if question.type == "scale" and reason in (
        answers.NOT_AN_OPTION, answers.NOT_A_NUMBER, answers.OUT_OF_RANGE, answers.TOO_LARGE, answers.WRONG_SHAPE,
    ):
        return _("Bij deze vraag hoort een heel getal van %(min)s tot en met %(max)s.",
                 min=format_number(question.min or 0), max=format_number(question.max or 0))
    if reason == answers.CHOSEN_TWICE:
        option = question.option(str(details.get("option")))
        return _("‘%(label)s’ staat twee keer in het bestand. Kies elk antwoord één keer.", label=option.label if option else "")
    if question.type == "multiple" and reason == answers.WRONG_SHAPE:
        return _("Zet de antwoorden op deze vraag in het bestand in een lijst, tussen [ en ].")
    if question.type == "text" and reason == answers.WRONG_SHAPE:
        return _("Bij deze vraag hoort een tekst, tussen aanhalingstekens.")
    choice = question.type in ("single", "yesno", "multiple")
    if reason == answers.NOT_AN_OPTION or (choice and reason in (answers.NOT_A_NUMBER, answers.OUT_OF_RANGE, answers.TOO_LARGE, answers.WRONG_SHAPE)):
        # A number where an option belongs, too (QA, English walk: "The file says: 7." alone).
        return _("Dat antwoord staat niet bij deze vraag.")
    if reason == answers.NOT_A_NUMBER or (reason == answers.WRONG_SHAPE and question.type == "number"):
        return _("Vul een getal in, bijvoorbeeld 12 of 12,5.")
    if reason == answers.NOT_COMBINABLE:
        option = question.option(str(details.get("option")))
        return _("‘%(label)s’ kunt u niet combineren met een ander antwoord.", label=option.label if option else "")
    if reason == answers.OUT_OF_RANGE:
        return range_sentence(question)
    if reason == answers.TOO_LARGE:
        return too_large_sentence()
    if reason == answers.TOO_LONG:
        return _("Gebruik maximaal %(max)s tekens; u gebruikte er %(count)s.", max=MAX_TEXT_LENGTH, count=details.get("length"))
    if reason == answers.CONTROL_CHARACTER:
        return _("In de tekst staat een onzichtbaar teken dat we niet kunnen bewaren.")
    return ""


class TextField(QuestionField, TextAreaField):
    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_question(question)

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = typed_text(valuelist[0]) if valuelist else ""

    def pre_validate(self, form: Any) -> None:
        if self.data and control_character(self.data) is not None:
            # Pasted from another program, never typed (QA, parity: the general "Dit antwoord
            # kunnen we niet verwerken" did not say what was wrong).
            raise ValidationError(
                _("In deze tekst staat een onzichtbaar teken dat we niet kunnen bewaren. Typ de tekst opnieuw.")
            )
        if self.data and len(self.data) > MAX_TEXT_LENGTH:
            raise ValidationError(
                _(
                    "Gebruik maximaal %(max)s tekens; u gebruikte er %(count)s.",
                    max=MAX_TEXT_LENGTH,
                    count=len(self.data),
                )
            )


# --- one builder per question type ------------------------------------------------------

# The macro in templates/macros/fields.html that shows each question type.
WIDGET_MACROS: Mapping[str, str] = {
    "single": "radios",
    "yesno": "radios",
    "multiple": "checkboxes",
    "scale": "scale",
    "number": "number",
    "text": "textarea",
}


def field_options(question: Question) -> list[tuple[str, str]]:
    """The (value, label) pairs a question offers: its options, or the numbers of a scale."""
    if question.type == "scale":
        low, high = int(question.min or 0), int(question.max or 0)
        return [(str(n), str(n)) for n in range(low, high + 1)]
    return [(option.value, option.label) for option in question.options]


def _choice(question: Question) -> Field:
    return ChoiceField(
        question.text,
        options=field_options(question),
        question=question,
        id=question.id,
        widget=MacroWidget(WIDGET_MACROS[question.type]),
    )


def _multiple(question: Question) -> Field:
    return MultipleChoiceField(
        question.text, options=field_options(question), question=question, id=question.id, widget=MacroWidget("checkboxes")
    )


def _number(question: Question) -> Field:
    return NumberField(question.text, question=question, id=question.id, widget=MacroWidget("number"))


def _text(question: Question) -> Field:
    return TextField(question.text, question=question, id=question.id, widget=MacroWidget("textarea"))


FIELD_BUILDERS: Mapping[str, Callable[[Question], Field]] = {
    "single": _choice,
    "yesno": _choice,
    "multiple": _multiple,
    "scale": _choice,
    "number": _number,
    "text": _text,
}


class PageForm(FlaskForm):
    """The base of every generated page form; `revision` carries the optimistic-lock version."""

    revision = HiddenField()
    terug = HiddenField()

    class Meta:
        # CSRFProtect (extensions.py) has checked the token of every POST before any view runs;
        # checking it again in the form cost a second signature check per submit.
        csrf = False

    def question_fields(self) -> list[Any]:
        """The fields of the page's questions: each a `QuestionField` and a WTForms `Field`."""
        return [field for field in self if isinstance(field, QuestionField)]

    def revision_number(self) -> int | None:
        return parse_revision(self.revision.data)


# A revision is the database's INTEGER (32 bits on PostgreSQL): a posted number beyond it would
# fail in the driver with a 500 (QA, security: `revision=99999999999999999999`).
MAX_REVISION = 2**31 - 1
_REVISION = re.compile(r"[0-9]{1,10}")


def parse_revision(text: Any) -> int | None:
    """The page's posted revision, or None when it is not one: ASCII digits only (`int()` also
    takes spaces, signs, underscores and other scripts' digits) within the column's range."""
    if not isinstance(text, str) or not _REVISION.fullmatch(text):
        return None
    number = int(text)
    return number if number <= MAX_REVISION else None


def build_page_form(questions: Sequence[Question]) -> type[PageForm]:
    """A fresh form class with one field per question, in page order."""
    attributes: dict[str, Any] = {q.id: FIELD_BUILDERS[q.type](q) for q in questions}
    return type("GeneratedPageForm", (PageForm,), attributes)


def _per_page(cache: dict[int, tuple[Page, Any]], page: Page, build: Callable[[Page], T]) -> T:
    """`build(page)`, made once per page and then reused: a page never changes while the process
    runs. Keyed by the page object itself (kept alive in the value), so a translated
    questionnaire's pages get their own."""
    entry = cache.get(id(page))
    if entry is None or entry[0] is not page:
        if len(cache) > 10_000:  # many short-lived apps (tests): never grow without bound
            cache.clear()
        entry = cache[id(page)] = (page, build(page))
    return entry[1]  # type: ignore[no-any-return]


_PAGE_FORMS: dict[int, tuple[Page, Any]] = {}


def page_form_class(page: Page) -> type[PageForm]:
    """The form class of `page` (`build_page_form`): building it costs more than rendering it."""
    return _per_page(_PAGE_FORMS, page, lambda p: build_page_form(p.questions))


@dataclass(frozen=True, slots=True)
class ShownField:
    """A question with its stored answer, as a GET of its page shows it.

    It has what the field macros read from a bound WTForms field (question, name, data,
    options, errors, widget), so the same macros render it; building and binding a WTForms
    form only to show stored answers was a sixth of a page request (bench/README.md). A
    posted page is still checked by its WTForms form. `data` is what that form's field would
    hold for the same answer: tests/web/test_shown_fields.py renders both and compares."""

    question: Question
    data: Any
    options: Sequence[tuple[str, str]]
    option_values: frozenset[str]  # the values of `options`, made once per page (widgets.py)
    widget: MacroWidget
    errors: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.question.id

    def range_sentence(self) -> str:
        return range_sentence(self.question)


def _shown_data(question: Question, value: Any) -> Any:
    """A stored answer as the field's data (what each field's `process_data` makes of it)."""
    if question.type == "multiple":
        return list(value) if isinstance(value, (list, tuple)) else []
    if question.type == "number":
        return "" if value is None else format_number(value)
    if question.type == "text":
        return value
    return None if value is None else str(value)


_PAGE_PROTOTYPES: dict[int, tuple[Page, Any]] = {}


def _prototypes(page: Page) -> list[tuple[Question, list[tuple[str, str]], frozenset[str], MacroWidget]]:
    prototypes = []
    for question in page.questions:
        options = field_options(question)
        values = frozenset(value for value, _label in options)
        prototypes.append((question, options, values, MacroWidget(WIDGET_MACROS[question.type])))
    return prototypes


def shown_fields(page: Page, answers: Mapping[str, Any]) -> list[ShownField]:
    """The page's questions with their stored answers (hidden answers too: they stay while editing)."""
    return [
        ShownField(question, _shown_data(question, answers.get(question.id)), options, values, widget)
        for question, options, values, widget in _per_page(_PAGE_PROTOTYPES, page, _prototypes)
    ]


def field_answer(field: Field) -> Any:
    """The answer in the model's canonical type, or None when the field is empty."""
    question: Question = field.question  # type: ignore[attr-defined]
    if question.type == "multiple":
        return list(field.data) if field.data else None
    if question.type == "scale":
        return int(field.data) if field.data not in (None, "") else None
    if question.type == "number":
        return field.number  # type: ignore[attr-defined]
    if question.type == "text":
        return field.data or None
    return field.data or None


def required_message(question: Question) -> str:
    if question.type == "multiple":
        return _("Kies ten minste één antwoord.")
    if question.type == "number":
        return _("Vul een getal in.")
    if question.type == "text":
        return _("Vul een antwoord in.")
    return _("Kies een antwoord.")


class CodeForm(FlaskForm):
    code = StringField(lazy_gettext("Uw code"), id="code")


class UploadForm(FlaskForm):
    bestand = FileField(lazy_gettext("Antwoordbestand"), id="bestand")


class ConfirmForm(FlaskForm):
    """A form with only the CSRF token, for buttons that change something."""
