"""The assessment report: HTML from Jinja2 templates, PDF from that HTML with WeasyPrint.

No Flask: the CLI makes the same report without the website, and the website calls these
same two functions. Texts in the templates are marked with `_()` so Babel extracts them into
the `messages` catalog; each language gets its own Jinja environment with that catalog
installed (`language="en"`), so concurrent reports in different languages never mix.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Sequence

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..answers import EarlierRound, adapt_answers, unfitting_answers
from ..csv_export import PUBLICATION_LANGUAGE
from ..i18n import SOURCE_LANGUAGE, load_translations
from ..model import Questionnaire
from ..navigation import resolve
from ..scoring import score
from .company import holds_right_to_left, text_direction
from .pdf import ReportUnavailable, html_to_pdf
from .view import PreviousRound, build_view

__all__ = ["PreviousRound", "ReportUnavailable", "previous_round_of_file", "render_report_html", "render_report_pdf"]


def previous_round_of_file(questionnaire: Questionnaire, earlier_rounds: Sequence[EarlierRound], translations: Any) -> PreviousRound | None:
    """The round before an answers file's own answers (its last earlier round), fitted to and
    scored with `questionnaire` as the results page does a stored round, so the command line's
    report of a file compares the rounds as the website's report of the same file, uploaded,
    does. None for a file of a first round."""
    if not earlier_rounds:
        return None
    last = earlier_rounds[-1]
    fitted = adapt_answers(questionnaire, last.answers)
    answers = dict(resolve(questionnaire, fitted).effective)
    return PreviousRound(len(earlier_rounds), last.finished, score(questionnaire, answers, translations=translations), answers,
                         unfitting_answers(questionnaire, last.answers, fitted), last.version)


def css_string(value: object) -> str:
    """A CSS string literal, safe inside a <style> element (no quote or '</style>' escape)."""
    escaped = "".join(c if c.isalnum() or c in " .,:;-_()/'" else f"\\{ord(c):x} " for c in str(value))
    return f'"{escaped}"'


def _default_translations() -> Path:
    from ..catalogs import TRANSLATIONS

    return TRANSLATIONS


@lru_cache(maxsize=8)
def environment(language: str = SOURCE_LANGUAGE, translations: Path | None = None) -> Environment:
    """The report's Jinja environment for one language (`translations`: the catalogs folder)."""
    env = Environment(
        loader=PackageLoader("mvo_assessment.report", "templates"),
        # HTML and SVG are escaped; the stylesheet is CSS and escapes its strings with css_string.
        autoescape=select_autoescape(["html", "svg"], disabled_extensions=["css"], default=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    catalog = load_translations(translations or _default_translations(), language)
    env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
    env.filters["css_string"] = css_string
    env.globals["publication_language_words"] = PUBLICATION_LANGUAGE
    env.globals["direction"] = text_direction
    env.globals["holds_right_to_left"] = holds_right_to_left
    return env


def render_report_html(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    result: Mapping[str, Any],
    *,
    generated_on: date,
    company_name: str | None = None,
    language: str = SOURCE_LANGUAGE,
    translations: Path | None = None,
    round_number: int = 1,
    previous: PreviousRound | None = None,
    finished_before_the_questionnaire_changed: bool = False,
    finished_on: date | None = None,
    operator_name: str | None = None,
    answered_with_version: str | None = None,
) -> str:
    """The whole report as one HTML document (styles inline, no external resources).

    `result` is what `scoring.score(questionnaire, answers)` returned; `company_name` is
    shown only when the user entered one. For another `language`, pass the translated model
    and a result scored with it; `translations` is the catalogs folder (default: the
    repository's translations/). `round_number` is the round this report is of (the website's
    rounds; from 2 on, the cover and the title say it). `previous`, the round before this one, is
    shown beside it in the overview's chart and table, and "Wat is veranderd" lists what changed.
    `finished_before_the_questionnaire_changed`: the round was finished under an older version
    of the questionnaire, so its open questions are new ones for a new round. `finished_on`: the
    day the round was finished (None while it is under way, or when nobody knows): the report
    is dated on it, as the results page dates the round, and the cover says in small print on
    which day it was made (`generated_on`) when that is another day. `operator_name`: who
    offers the website the report was made on (its OPERATOR_NAME), said on the cover.
    `answered_with_version`: the version the round was answered with; the cover names it where
    it is not the one that scored the round.
    """
    view = build_view(
        questionnaire, answers, result, generated_on=generated_on, company_name=company_name, language=language,
        round_number=round_number, previous=previous,
        finished_before_the_questionnaire_changed=finished_before_the_questionnaire_changed, finished_on=finished_on,
        operator_name=operator_name, answered_with_version=answered_with_version, translations=load_translations(translations or _default_translations(), language),
    )
    return environment(language, translations).get_template("report.html").render(report=view)


def render_report_pdf(questionnaire: Questionnaire, answers: Mapping[str, Any], result: Mapping[str, Any], **options: Any) -> bytes:
    """The report as a tagged A4 PDF, from the HTML `render_report_html` makes with the same
    arguments; raises ReportUnavailable without WeasyPrint."""
    return html_to_pdf(render_report_html(questionnaire, answers, result, **options))
