"""Widgets that render one Jinja macro each (the govuk-frontend-wtf habit).

The macros live in templates/macros/fields.html and receive the bound field; the field knows
its question, so the macro can show the hint, the options and the scale labels. Ids follow one
scheme: the first input of a question has the question id itself (the error summary links
there), hints are `<id>-hint`, errors `<id>-error`, and both go into `aria-describedby`.

`render_field` (a template global) is what the page template calls: the same macro, but the
markup of a choice question without errors is kept per (question, chosen value, language), so a
page that is shown again costs a dictionary look-up per question instead of a macro call per
option (bench/README.md). Text and number fields, and any field with an error, are rendered
every time.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, get_template_attribute
from flask_babel import get_locale
from markupsafe import Markup

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


def render_field(field: Any) -> Markup:
    widget = field.widget
    if widget.macro not in CACHED_MACROS or field.errors:
        return widget(field)
    data = field.data
    key = (widget.macro, field.name, get_locale(), tuple(data) if isinstance(data, list) else data)
    entry = _rendered.get(key)
    if entry is not None and entry[0] is field.question:
        return entry[1]
    markup = widget(field)
    if len(_rendered) >= _CACHE_LIMIT:
        _rendered.clear()
    _rendered[key] = (field.question, markup)
    return markup


def init_app(app: Flask) -> None:
    app.jinja_env.globals["render_field"] = render_field
