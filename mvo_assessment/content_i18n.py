"""Questionnaire content through the same gettext catalogs as the rest of the product.

One walker names every user-visible text of the model with a message context built from ids
("1a_beleid|text", "1a_beleid|option|nee", "stap-1|level|3"), so identical Dutch strings in
different places can be translated differently. The Babel extractor and `translate()` both use
it, so what is extracted is exactly what is looked up. Pure: no Flask.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any, Callable, Iterator

from .model import Location, Question, Questionnaire, Section

# pgettext-style lookup: (context, message) -> translation
Lookup = Callable[[str, str], str]


def messages(q: Questionnaire) -> Iterator[tuple[Location, str, str]]:
    """(location, context, text) for every translatable text, in questionnaire order."""
    meta = Location("questionnaire.yaml", None)
    yield meta, "questionnaire|title", q.title
    for level in q.levels:
        yield meta, f"level|{level.level}|name", level.name
        yield meta, f"level|{level.level}|description", level.description
    yield meta, "targets|default|reason", q.targets.default_reason
    for i, rule in enumerate(q.targets.rules):
        yield rule.location, f"targets|rule|{i}|reason", rule.reason
    for section in q.sections:
        yield from _section_messages(section)
    for tool in q.tools:
        yield tool.location, f"tool|{tool.id}|title", tool.title
        yield tool.location, f"tool|{tool.id}|description", tool.description


# The last parts of the contexts of Markdown texts (help, intros, level descriptions,
# recommendations); every other text is shown as it is written (validation/links.py).
def is_markdown(context: str) -> bool:
    """Whether the text of this context is Markdown, as docs/questionnaire-format.md says."""
    parts = context.split("|")
    last = parts[-1]
    if last in ("help", "intro") or parts[0] == "recommendation":
        return True
    # "level|3|description" (the questionnaire's levels) and "stap-1|level|3" (a step's own)
    return last == "description" and parts[0] == "level" or (len(parts) == 3 and parts[1] == "level")


def _section_messages(section: Section) -> Iterator[tuple[Location, str, str]]:
    loc = section.location
    yield loc, f"{section.id}|title", section.title
    if section.intro:
        yield loc, f"{section.id}|intro", section.intro
    for level, text in sorted(section.level_descriptions.items()):
        yield loc, f"{section.id}|level|{level}", text
    for page in section.pages:
        yield page.location, f"page|{page.id}|title", page.title
        if page.intro:
            yield page.location, f"page|{page.id}|intro", page.intro
        for question in page.questions:
            yield from _question_messages(question)
    if section.scoring:
        for gate in section.scoring.gates:
            yield gate.location, f"gate|{gate.id}|text", gate.text
        for cap in section.scoring.caps:
            yield cap.location, f"cap|{cap.id}|text", cap.text
    for rec in section.recommendations:
        yield rec.location, f"recommendation|{rec.id}|text", rec.text


def _question_messages(question: Question) -> Iterator[tuple[Location, str, str]]:
    loc = question.location
    for field in ("text", "help", "min_label", "max_label"):
        value = getattr(question, field)
        if value:
            yield loc, f"{question.id}|{field}", value
    for option in question.options:
        yield loc, f"{question.id}|option|{option.value}", option.label


def translate(q: Questionnaire, lookup: Lookup) -> Questionnaire:
    """A translated copy of the model; texts without a translation stay as they are."""

    def t(context: str, text: str | None) -> Any:
        return lookup(context, text) if text else text

    def question(x: Question) -> Question:
        return replace(
            x,
            text=t(f"{x.id}|text", x.text),
            help=t(f"{x.id}|help", x.help),
            min_label=t(f"{x.id}|min_label", x.min_label),
            max_label=t(f"{x.id}|max_label", x.max_label),
            options=tuple(replace(o, label=t(f"{x.id}|option|{o.value}", o.label)) for o in x.options),
        )

    def section(s: Section) -> Section:
        scoring = s.scoring
        if scoring is not None:
            scoring = replace(
                scoring,
                gates=tuple(replace(g, text=t(f"gate|{g.id}|text", g.text)) for g in scoring.gates),
                caps=tuple(replace(c, text=t(f"cap|{c.id}|text", c.text)) for c in scoring.caps),
            )
        return replace(
            s,
            title=t(f"{s.id}|title", s.title),
            intro=t(f"{s.id}|intro", s.intro),
            level_descriptions=MappingProxyType(
                {k: t(f"{s.id}|level|{k}", v) for k, v in s.level_descriptions.items()}
            ),
            pages=tuple(
                replace(
                    p,
                    title=t(f"page|{p.id}|title", p.title),
                    intro=t(f"page|{p.id}|intro", p.intro),
                    questions=tuple(question(x) for x in p.questions),
                )
                for p in s.pages
            ),
            scoring=scoring,
            recommendations=tuple(
                replace(r, text=t(f"recommendation|{r.id}|text", r.text)) for r in s.recommendations
            ),
        )

    return replace(
        q,
        title=t("questionnaire|title", q.title),
        levels=tuple(
            replace(
                lv,
                name=t(f"level|{lv.level}|name", lv.name),
                description=t(f"level|{lv.level}|description", lv.description),
            )
            for lv in q.levels
        ),
        targets=replace(
            q.targets,
            default_reason=t("targets|default|reason", q.targets.default_reason),
            rules=tuple(
                replace(r, reason=t(f"targets|rule|{i}|reason", r.reason)) for i, r in enumerate(q.targets.rules)
            ),
        ),
        sections=tuple(section(s) for s in q.sections),
        tools=tuple(
            replace(
                tool,
                title=(title := t(f"tool|{tool.id}|title", tool.title)),
                description=t(f"tool|{tool.id}|description", tool.description),
                # A title the translation kept (a Dutch publication's name) is still in its own
                # language; a translated one is in the page's.
                title_language=(tool.title_language or q.language) if title == tool.title else None,
            )
            for tool in q.tools
        ),
    )


def extract_questionnaire(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel extraction method (`[mvo_questionnaire: questionnaires/*.yaml]` in babel.cfg).

    Babel hands over one file at a time; the whole folder is loaded (once per folder) so that
    every text gets the same context as `translate()` uses, and the texts of this file are
    yielded with their line numbers.
    """
    from .loader import load_questionnaire

    path = Path(getattr(fileobj, "name", ""))
    questionnaire = _load_cached(path.parent, load_questionnaire)
    for location, context, text in messages(questionnaire):
        if location.file == path.name:
            yield location.line or 1, "pgettext", (context, text), []


_folder_cache: dict[Path, Questionnaire] = {}


def _load_cached(folder: Path, load: Callable[[Path], Questionnaire]) -> Questionnaire:
    folder = folder.resolve()
    if folder not in _folder_cache:
        _folder_cache[folder] = load(folder)
    return _folder_cache[folder]
