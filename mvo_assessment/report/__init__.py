"""The assessment report: HTML from Jinja2 templates, PDF from that HTML with WeasyPrint.

No Flask: the CLI makes the same report without the website, and the website calls these
same two functions. Texts in the templates are marked with `_()` / `{% trans %}` so Babel can
extract them; until translations are wired, the i18n extension runs with null translations.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any, Mapping

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..model import Questionnaire
from .pdf import ReportUnavailable, html_to_pdf
from .view import build_view

__all__ = ["ReportUnavailable", "render_report_html", "render_report_pdf"]


def css_string(value: object) -> str:
    """A CSS string literal, safe inside a <style> element (no quote or '</style>' escape)."""
    escaped = "".join(c if c.isalnum() or c in " .,:;-_()/'" else f"\\{ord(c):x} " for c in str(value))
    return f'"{escaped}"'


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("mvo_assessment.report", "templates"),
        # HTML and SVG are escaped; the stylesheet is CSS and escapes its strings with css_string.
        autoescape=select_autoescape(["html", "svg"], disabled_extensions=["css"], default=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    env.filters["css_string"] = css_string
    return env


def render_report_html(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    result: Mapping[str, Any],
    *,
    generated_on: date,
    company_name: str | None = None,
) -> str:
    """The whole report as one HTML document (styles inline, no external resources).

    `result` is what `scoring.score(questionnaire, answers)` returned; `company_name` is
    shown only when the user entered one.
    """
    view = build_view(questionnaire, answers, result, generated_on=generated_on, company_name=company_name)
    return environment().get_template("report.html").render(report=view)


def render_report_pdf(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    result: Mapping[str, Any],
    *,
    generated_on: date,
    company_name: str | None = None,
) -> bytes:
    """The report as a tagged A4 PDF; raises ReportUnavailable without WeasyPrint."""
    html = render_report_html(questionnaire, answers, result, generated_on=generated_on, company_name=company_name)
    return html_to_pdf(html)
