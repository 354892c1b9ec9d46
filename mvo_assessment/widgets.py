"""Widgets that render one Jinja macro each (the govuk-frontend-wtf habit).

The macros live in templates/macros/fields.html and receive the bound field; the field knows
its question, so the macro can show the hint, the options and the scale labels. Ids follow one
scheme: the first input of a question has the question id itself (the error summary links
there), hints are `<id>-hint`, errors `<id>-error`, and both go into `aria-describedby`.
"""

from __future__ import annotations

from typing import Any

from flask import get_template_attribute
from markupsafe import Markup

FIELDS_TEMPLATE = "macros/fields.html"


class MacroWidget:
    def __init__(self, macro: str, template: str = FIELDS_TEMPLATE) -> None:
        self.macro = macro
        self.template = template

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        render = get_template_attribute(self.template, self.macro)
        return Markup(render(field, **kwargs))
