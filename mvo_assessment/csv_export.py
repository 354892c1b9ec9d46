"""The prioritised action list ("Wat eerst?") as CSV that opens cleanly in Excel.

Pure: it reads a result from `scoring.score` (docs/score-format.md) and returns bytes.
- UTF-8 with a byte order mark, or Excel shows "Ã©" instead of "é";
- `,` by default, `;` for Excel with Dutch regional settings (where `,` is the decimal mark);
- formula injection neutralised: a cell that starts with = + - @, a tab or a carriage return
  gets a leading apostrophe, so Excel shows it as text instead of running it. Recommendation
  texts come from content authors and tool titles from a catalogue: neither is trusted code.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Callable, Mapping, Sequence

from .i18n import N_
from .richtext import markdown_to_text

SEPARATORS = (",", ";")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# Column headers; the caller may translate them (e.g. with Flask-Babel's gettext).
HEADERS: tuple[str, ...] = (
    N_("Prioriteit"),
    # The page and the report mark the most severe risks; a list in Excel must not lose that (QA).
    N_("Urgent"),
    N_("Stap"),
    N_("Actie"),
    N_("Hulpmiddelen"),
)
STEP_LABEL = N_("Stap %(number)s: %(title)s")
URGENT = N_("ja")
# After a tool's title where the publication is in another language than the page or list: the
# words of the CSV, the results page and the PDF (report/templates/publication_language.html;
# QA, portal: an English action list gave Dutch titles without a word).
PUBLICATION_LANGUAGE = {"en": N_("(in het Engels)"), "nl": N_("(in het Nederlands)")}


def neutralise(cell: str) -> str:
    """A cell Excel will show as text, never evaluate as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _tools_cell(tools: Sequence[Mapping[str, Any]], language: str, translate: Callable[[str], str]) -> str:
    # One tool per line, its address written out: a CSV cell cannot hold a link.
    lines = []
    for tool in tools:
        other = tool.get("language")
        marker = f" {translate(PUBLICATION_LANGUAGE[other])}" if other != language and other in PUBLICATION_LANGUAGE else ""
        lines.append(f"{tool['title']}{marker} ({tool['url']})")
    return "\n".join(lines)


def action_rows(
    result: Mapping[str, Any], translate: Callable[[str], str] = N_, language: str = "nl"
) -> list[list[str]]:
    """The header and one row per action, in priority order, not yet neutralised; `language`
    is the list's (what `translate` translates into)."""
    steps = {step["id"]: step for step in result.get("steps", ())}
    rows = [[translate(header) for header in HEADERS]]
    for action in sorted(result.get("actions", ()), key=lambda a: a["priority"]):
        step = steps.get(action["step"])
        step_label = (
            translate(STEP_LABEL) % {"number": step["number"], "title": step["title"]} if step else action["step"]
        )
        rows.append([
            str(action["priority"]),
            translate(URGENT) if action.get("urgent") else "",
            step_label,
            markdown_to_text(action["text"]),
            _tools_cell(action.get("tools", ()), language, translate),
        ])
    return rows


def actions_csv(
    result: Mapping[str, Any], *, separator: str = ",", translate: Callable[[str], str] = N_, language: str = "nl"
) -> bytes:
    """The action list as CSV bytes: UTF-8 with BOM, every cell neutralised; `language` is the
    language `translate` gives (a tool whose publication is in another one says so)."""
    if separator not in SEPARATORS:
        raise ValueError(f"separator must be one of {', '.join(repr(s) for s in SEPARATORS)}, not {separator!r}")
    buffer = io.StringIO()
    # Quote every cell: cells hold separators and line breaks, and Excel reads quoted cells
    # the same under every regional setting. \r\n is what Excel itself writes.
    writer = csv.writer(buffer, delimiter=separator, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for row in action_rows(result, translate, language):
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")
