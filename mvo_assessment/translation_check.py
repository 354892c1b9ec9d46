"""Completeness check of the gettext catalogs: nothing untranslated, nothing fuzzy, placeholders intact.

Run by `mvo-assessment validate`. Besides the catalog itself it checks that every text of the
questionnaire is in the catalog, so new content cannot reach users untranslated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from babel.messages.catalog import Catalog

from .catalog_files import MESSAGES_DOMAIN, CatalogUnreadable, catalog_bytes, compiled_catalog_problem, language_code_problem, read_catalog
from .content_i18n import is_markdown, messages
from .model import Questionnaire
from .translation_formats import format_problems
from .richtext import link_targets, why_a_link_leads_nowhere
from .validation.links import markdown_link_in, unfinished_links

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


@dataclass(frozen=True)
class TranslationIssue:
    language: str
    file: str
    line: int | None
    item: str | None
    message: str

    def __str__(self) -> str:
        parts = [f"language: {self.language}", f"file: {self.file}"]
        if self.line:
            parts.append(f"line: {self.line}")
        if self.item:
            parts.append(self.item)
        return f"[{' | '.join(parts)}] {self.message}"


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


# Interface texts live in the "messages" domain, questionnaire content in "questionnaire".
CONTENT_DOMAIN = "questionnaire"


def catalog_paths(translations: Path) -> list[tuple[str, Path]]:
    return sorted((po.parent.parent.name, po) for po in translations.glob("*/LC_MESSAGES/*.po"))


def _item(context: str | None) -> str | None:
    """'1a_beleid|option|nee' -> 'question: 1a_beleid'; other contexts name their kind."""
    if not context:
        return None
    head, _, rest = context.partition("|")
    if head in ("page", "tool", "recommendation", "gate", "cap", "level", "targets"):
        return f"{head}: {rest.split('|')[0]}"
    if head.startswith("stap-") or head in ("intake", "questionnaire"):
        return f"section: {head}"
    return f"question: {head}"


def _short(text: str, limit: int = 60) -> str:
    """A source text as quoted in a message, with "…" when it was cut."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _where(message_locations: Iterable[tuple[str, int | None]]) -> tuple[str, int | None]:
    for filename, line in message_locations:
        return filename, line
    return "", None


# One line of a .po file that holds text: a keyword and a string, or a string that continues
# the one above, with only the escapes gettext knows. Babel reads a line that is not so (an
# unterminated string, "\q") without a word, and the broken text goes on the page (QA).
_PO_STRING_LINE = re.compile(r'^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\[\\"abfnrtv])*"\s*$')


def syntax_issues(language: str, path: Path) -> list[TranslationIssue]:
    """Every line of the catalog that is neither a comment, empty, nor a well-formed string line."""
    issues: list[TranslationIssue] = []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            text = line.strip()
            if text and not text.startswith("#") and not _PO_STRING_LINE.match(text):
                issues.append(TranslationIssue(
                    language, f"{path}:{number}", None, None,
                    f"not a line of a .po file: {_short(text)} (a string must end with a quote, and a "
                    "backslash may only come before \\, \", n, t or r)",
                ))
    return issues


def _unreadable(language: str, error: CatalogUnreadable) -> TranslationIssue:
    return TranslationIssue(language, error.where, None, None, error.problem)


def check_catalog(
    language: str, path: Path, questionnaire: Questionnaire | None, domain: str = MESSAGES_DOMAIN
) -> list[TranslationIssue]:
    # The file and its encoding first: a folder in its place, or a byte that is not UTF-8, is
    # one located problem, not a traceback (QA), nor every line of it "not a line of a .po file".
    try:
        catalog_bytes(path)
    except CatalogUnreadable as error:
        return [_unreadable(language, error)]
    broken = syntax_issues(language, path)
    if broken:
        return broken  # what Babel would read from it is not what its author wrote
    try:
        catalog: Catalog = read_catalog(path, language)
    except CatalogUnreadable as error:  # e.g. a Plural-Forms line gettext cannot use
        return [_unreadable(language, error)]
    issues: list[TranslationIssue] = []
    shown = str(path)
    unfillable = {(problem.message.id, problem.message.context): problem.problem
                  for problem in format_problems(catalog)} if domain == MESSAGES_DOMAIN else {}
    for message in catalog:
        if not message.id:
            continue  # the header
        source = message.id if isinstance(message.id, str) else message.id[0]
        # A plural message (ngettext) needs every form of the language, each with the placeholders.
        targets = [message.string] if isinstance(message.string, str) else list(message.string or ())
        if not isinstance(message.id, str):
            targets += [""] * (catalog.num_plurals - len(targets))
        file, line = _where(message.locations)
        # The entry's own line in the .po file: one text (e.g. "Weet ik niet") can be there many
        # times, once per question, and only the line finds the right one.
        at = f"{shown}:{message.lineno}" if message.lineno else shown
        where = f"{at} (from {file}:{line})" if file else at
        item = _item(message.context)
        if message.fuzzy:
            issues.append(TranslationIssue(language, where, None, item, f"fuzzy translation of {_short(source)}; check it and remove the fuzzy flag"))
        elif not targets or not all(targets):
            issues.append(TranslationIssue(language, where, None, item, f"untranslated: {_short(source)}"))
        else:
            # Said first and alone: filled in, such a translation raised (a 500 on every page
            # with it); the website shows the Dutch text instead (translation_formats).
            unusable = unfillable.get((message.id, message.context))
            if unusable is not None:
                issues.append(TranslationIssue(language, where, None, item, f"{unusable}; until it is mended the "
                                               f"website shows {_short(source)}"))
                continue
            # A plural form may leave a placeholder out ("once" for n=1), never bring in another;
            # together the forms use every placeholder of the source.
            sources = [message.id] if isinstance(message.id, str) else list(message.id)
            wanted = set().union(*(placeholders(text) for text in sources))
            found = [placeholders(target) for target in targets]
            bad = len(targets) == 1 and found[0] != wanted
            bad = bad or any(not f <= wanted for f in found) or set().union(*found) != wanted
            if bad:
                issues.append(TranslationIssue(
                    language, where, None, item,
                    f"placeholders differ: source has {sorted(wanted)}, translation has {sorted(set().union(*found))}",
                ))
            # A translated Markdown text's links are shown like the source's (validation/links.py);
            # in a text shown as it is written, a Markdown link shows its brackets (QA, translator).
            plain = domain == CONTENT_DOMAIN and message.context is not None and not is_markdown(message.context)
            for target in targets:
                written = markdown_link_in(target) if plain else None
                if written is not None:
                    issues.append(TranslationIssue(language, where, None, item,
                                                   f"a Markdown link, {_short(written)}, in a text shown as plain text, "
                                                   "brackets and all; links work in help, intro, level descriptions and "
                                                   "recommendation texts"))
                    continue
                for excerpt in unfinished_links(target):
                    issues.append(TranslationIssue(language, where, None, item,
                                                   f"a link shows its brackets instead of a link: {_short(excerpt)}; "
                                                   "write [text](address), with no space between ] and ( "
                                                   "and a ) right after the address"))
                if "](" in target or "<" in target or "]:" in target:
                    for href in link_targets(target):
                        why = why_a_link_leads_nowhere(href)
                        if why:
                            issues.append(TranslationIssue(language, where, None, item,
                                                           f"the link to {_short(href)} leads nowhere: {why}"))
    if questionnaire is not None:
        for location, context, text in messages(questionnaire):
            if catalog.get(text, context=context) is None:
                issues.append(TranslationIssue(
                    language, location.file, location.line, _item(context),
                    f"not in {shown}: {_short(text)}; run scripts/translations update (docs/translations.md)",
                ))
    return issues


def check_translations(translations: Path, questionnaire: Questionnaire | None) -> list[TranslationIssue]:
    issues: list[TranslationIssue] = []
    # A language folder without any catalog is a language begun and left (QA: it was skipped
    # without a word); each of its two catalogs is then reported missing.
    folders = {path.name for path in translations.iterdir() if path.is_dir()} if translations.is_dir() else set()
    languages = sorted(folders | {language for language, _ in catalog_paths(translations)})
    for language in languages:
        misnamed = language_code_problem(language)
        if misnamed is not None:
            # One line for the folder, not "missing; create it with init en-old" as well, advice
            # that cannot work (QA, review).
            issues.append(TranslationIssue(language, str(translations / language), None, None, misnamed))
            continue
        for domain in ("messages", CONTENT_DOMAIN):
            path = translations / language / "LC_MESSAGES" / f"{domain}.po"
            if not path.exists():
                issues.append(TranslationIssue(language, str(path), None, None,
                                               f"the {domain} catalog is missing; create it with `scripts/translations init {language}`"))
                continue
            issues += check_catalog(language, path, questionnaire if domain == CONTENT_DOMAIN else None, domain)
            compiled = compiled_catalog_problem(path, domain)
            if compiled is not None:
                issues.append(_unreadable(language, compiled))
    return issues
