"""Widgets that render one Jinja macro each (the govuk-frontend-wtf habit).

The macros live in templates/macros/fields.html and receive the bound field; the field knows
its question, so the macro can show the hint, the options and the scale labels. Ids follow one
scheme: the first input of a question has the question id itself (the error summary links
there), hints are `<id>-hint`, errors `<id>-error`, and both go into `aria-describedby`.

`render_question` (a template global) is what the page template calls: macro `question`, the
block around a field, which calls `render_field` for the field's own macro. The markup of a
choice question without errors is kept per (question, chosen value, language, hidden or not),
so a page that is shown again costs a dictionary look-up per question instead of a macro call
per option (bench/README.md). Text and number fields, and any field with an error, are
rendered every time.
"""

from __future__ import annotations

from typing import Any, Callable

from flask import Flask, get_template_attribute
from markupsafe import Markup

from . import conditions
from .extensions import current_language

FIELDS_TEMPLATE = "macros/fields.html"
CACHED_MACROS = frozenset({"radios", "checkboxes", "scale"})
_CACHE_LIMIT = 20_000


class MacroWidget:
    def __init__(self, macro: str, template: str = FIELDS_TEMPLATE) -> None:
        self.macro = macro
        self.template = template

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        render = get_template_attribute(self.template, self.macro)
        return Markup(render(field, **kwargs))


# (macro, field name, language, chosen value(s)) -> (question object, markup). The question is
# kept and compared by identity, so a translated or reloaded questionnaire never gets another's
# markup.
_rendered: dict[tuple[Any, ...], tuple[Any, Markup]] = {}


def _kept(key: tuple[Any, ...], question: Any, render: Callable[[], Markup]) -> Markup:
    entry = _rendered.get(key)
    if entry is not None and entry[0] is question:
        return entry[1]
    markup = render()
    if len(_rendered) >= _CACHE_LIMIT:
        _rendered.clear()
    _rendered[key] = (question, markup)
    return markup


def _answer_key(field: Any) -> tuple[Any, ...] | None:
    """What a choice field without errors shows that can differ between requests; None when
    the field is rendered every time (text, numbers, errors)."""
    if field.widget.macro not in CACHED_MACROS or field.errors:
        return None
    data = field.data
    chosen = tuple(data) if isinstance(data, list) else data
    # Only answers the question offers make a key: the cache never holds what a post made up
    # (QA: a value posted for a question its own post hid had no error, and so grew the cache).
    offered = field.option_values
    if any(value is not None and value not in offered for value in (chosen if isinstance(chosen, tuple) else (chosen,))):
        return None
    return (field.name, current_language(), chosen)


def render_field(field: Any) -> Markup:
    key = _answer_key(field)
    if key is None:
        return field.widget(field)  # type: ignore[no-any-return]
    return _kept((field.widget.macro, *key), field.question, lambda: field.widget(field))


def render_question(field: Any, hidden: bool) -> Markup:
    """The block around a question on its page (macro `question`: its id, type, condition and
    whether it starts hidden) with its field, kept like `render_field`'s markup."""

    def render() -> Markup:
        return Markup(get_template_attribute(FIELDS_TEMPLATE, "question")(field, hidden))

    key = _answer_key(field)
    if key is None:
        return render()
    return _kept(("question", hidden, *key), field.question, render)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["render_field"] = render_field
    app.jinja_env.globals["render_question"] = render_question
    app.jinja_env.filters["condition_json"] = conditions.to_json
