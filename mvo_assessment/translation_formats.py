"""Whether a translated interface text can be filled in the way its Dutch source is.

Interface texts are `%`-formatted: in the code where they have placeholders (`%(score)s`), and
in templates always, as Jinja's i18n extension does (`%` with no variables still reads every
`%`). A translation that uses a placeholder its source does not have, or a `%` that is no
placeholder ("zu 100 % kostenlos"; a percent sign is written `%%`), raises when it is filled
in: every page with that text was a 500 (QA, translator). `validate` names such a translation;
the catalogs are compiled without it, so its Dutch source is shown until it is mended.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

# A conversion as Python's `%` operator reads it with a mapping: `%%`, or a named one with its
# optional flags, width and precision (`%(count)d`, `%(score).1f`).
_CONVERSION = re.compile(r"%(?:%|\((\w+)\)[#0\- +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa])")
_NAMED = re.compile(r"%\((\w+)\)")


@dataclass(frozen=True)
class FormatProblem:
    message: Message
    problem: str


def _uses_templates(message: Message) -> bool:
    """Whether the text is used in a template (where it is always filled in), by its locations."""
    return any(not filename.endswith(".py") for filename, _line in message.locations)


def _problem_of(sources: Iterable[str], targets: Iterable[str], in_template: bool, plural: bool) -> str | None:
    """What goes wrong when a target (translation) is filled in as its sources are; None when
    nothing does. Texts only in code and without placeholders are never filled in."""
    sources = list(sources)
    names = {name for source in sources for name in _NAMED.findall(source)}
    if in_template and plural:
        names.add("num")  # Jinja's ngettext passes the count as `num` too
    if not names and not in_template:
        return None
    wanted = ", ".join(f"%({name})s" for name in sorted(names))
    for target in targets:
        if not target:
            continue  # untranslated: the source is shown
        unknown = sorted({name for name in _CONVERSION.findall(target) if name} - names)
        if unknown:
            return (f"the translation uses %({unknown[0]})s, which the Dutch text does not have "
                    f"(its placeholders: {wanted or 'none'})")
        stray = _stray_percent(target)
        if stray is not None:
            how = f"; placeholders are written as in the Dutch text: {wanted}" if wanted else ""
            return (f"the translation has a % sign that is no placeholder (at {target[stray:stray + 12]!r}): "
                    f"write %% for a percent sign{how}")
    return None


def _stray_percent(text: str) -> int | None:
    """Where the first `%` is that starts no conversion; None when every one does."""
    at = text.find("%")
    while at >= 0:
        conversion = _CONVERSION.match(text, at)
        if conversion is None:
            return at
        at = text.find("%", conversion.end())
    return None


def format_problems(catalog: Catalog) -> list[FormatProblem]:
    """The translations of an interface catalog (domain `messages`) that cannot be filled in;
    fuzzy ones are left out, as they are never compiled."""
    problems = []
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        sources = [message.id] if isinstance(message.id, str) else [str(text) for text in message.id]
        string = message.string
        targets = [string] if isinstance(string, str) else [str(text) for text in string or ()]
        problem = _problem_of(sources, targets, _uses_templates(message), not isinstance(message.id, str))
        if problem is not None:
            problems.append(FormatProblem(message, problem))
    return problems
