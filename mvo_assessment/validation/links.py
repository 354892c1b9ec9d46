"""Links in the Markdown texts: each must lead to another site or an e-mail address.

The pages keep only http(s) and mailto links (richtext.URL_SCHEMES) and drop the address of any
other, so `javascript:` or `ftp://` became a dead link without a word; and an address without
`https://` (`www.ser.nl/gids`) is a path on this site, which does not have it (QA, author).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from ..errors import ErrorCode, Issue, make_issue
from ..model import Location, Questionnaire
from ..richtext import link_targets, markdown_to_html, why_a_link_leads_nowhere

# Link brackets still there after Markdown made its links: `[tekst] (https://…)` or an address
# without its `)` (QA, author: both passed, and visitors would have read the brackets).
_LEFT_OVER_LINK = re.compile(r"\[[^\]\n]*\]\s*\((?:https?://|mailto:|www\.)\S*")


# What Markdown made of the text that is not a link or code: brackets there were meant as a link.
_LINK_OR_CODE = re.compile(r"<(a|code|pre)\b[^>]*>.*?</\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def unfinished_links(text: str) -> list[str]:
    """Links written in a text that Markdown does not make into links (their brackets show)."""
    if "](" not in text and "] (" not in text:
        return []  # most texts: no rendering needed
    # Links that worked and code are left out: `[de gids [PDF]](https://…)` is a link whose
    # text ends in brackets, not a broken one (QA, review).
    rest = html.unescape(_TAG.sub(" ", _LINK_OR_CODE.sub(" ", markdown_to_html(text))))
    return [match.group(0) for match in _LEFT_OVER_LINK.finditer(rest)]


# A Markdown link written where texts are shown as they are (QA, author: visitors would read
# `[OESO](https://…)` in an answer's label).
_MARKDOWN_LINK = re.compile(r"\[[^\]\n]+\]\((?:https?://|mailto:|www\.)[^)\s]*\)?")


def markdown_link_in(text: str) -> str | None:
    """The first Markdown link written in a text that is shown as it is written; None without one."""
    match = _MARKDOWN_LINK.search(text) if "](" in text else None
    return match.group(0) if match else None


def _texts(q: Questionnaire) -> Iterator[tuple[str, Location, str | None, str, bool]]:
    """Every text with where it is written and whether it is Markdown (docs/questionnaire-format.md):
    the rest is shown as it is written."""
    main = Location("questionnaire.yaml")
    for level in q.levels:
        yield level.name, main, None, f"The name of level {level.level}", False
        yield level.description, main, None, f"the description of level {level.level}", True
    for section in q.sections:
        item = f"section: {section.id}"
        yield section.title, section.location, item, "The title", False
        if section.intro:
            yield section.intro, section.location, item, "the intro", True
        for number, description in section.level_descriptions.items():
            yield description, section.location, item, f"the description of level {number}", True
        for page in section.pages:
            yield page.title, page.location, f"page: {page.id}", "The title", False
            if page.intro:
                yield page.intro, page.location, f"page: {page.id}", "the intro", True
            for question in page.questions:
                place = f"question: {question.id}"
                yield question.text, question.location, place, "The question's text", False
                if question.help:
                    yield question.help, question.location, place, "the help text", True
                for option in question.options:
                    yield option.label, question.location, place, f"The label of option '{option.value}'", False
        if section.scoring is not None:
            for gate in section.scoring.gates:
                yield gate.text, gate.location, f"gate: {gate.id}", "The text", False
            for cap in section.scoring.caps:
                yield cap.text, cap.location, f"cap: {cap.id}", "The text", False
        for rec in section.recommendations:
            yield rec.text, rec.location, f"recommendation: {rec.id}", "the text", True
    for tool in q.tools:
        yield tool.title, tool.location, f"tool: {tool.id}", "The title", False
        yield tool.description, tool.location, f"tool: {tool.id}", "The description", False


def check(questionnaire: Questionnaire) -> list[Issue]:
    issues: list[Issue] = []
    for text, location, item, field, markdown in _texts(questionnaire):
        if not markdown:
            written = markdown_link_in(text)
            if written is not None:
                issues.append(make_issue(ErrorCode.LINK_IN_PLAIN_TEXT, location.file, location.line, item,
                                         field=field, excerpt=written[:60]))
            continue
        for excerpt in unfinished_links(text):
            issues.append(make_issue(ErrorCode.UNFINISHED_LINK, location.file, location.line, item,
                                     field=field, excerpt=excerpt if len(excerpt) < 60 else excerpt[:57] + "…"))
        for href in link_targets(text):
            why = why_a_link_leads_nowhere(href)
            if why:
                issues.append(make_issue(ErrorCode.BAD_LINK, location.file, location.line, item,
                                         href=href, field=field, why=why))
    return issues
