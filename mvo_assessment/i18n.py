"""Gettext helpers for the pure core (no Flask): the extraction marker and catalog loading.

The core never chooses a language. Functions that produce user-visible text take an optional
`translations` object (anything with `gettext` and `ngettext`, such as `gettext.NullTranslations`
or the `babel.support.Translations` that Flask-Babel's `get_translations()` returns); without
one the Dutch source text is used. docs/translations.md describes the workflow.
"""

from __future__ import annotations

import gettext as gettext_module
from datetime import date, datetime
from decimal import InvalidOperation, localcontext
from functools import lru_cache
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

from .catalog_files import (  # MESSAGES_DOMAIN: the interface, code and templates
    MESSAGES_DOMAIN,
    CatalogUnreadable,
    as_config_error,
    interface_format_problems,
    read_and_compile,
    read_compiled,
)
from .numbers import whole_as_int

SOURCE_LANGUAGE = "nl"
LANGUAGES = ("nl", "en")
# Where the product's days are: a round's day, a report's date (the website's default
# BABEL_DEFAULT_TIMEZONE, and the command line's clock).
PRODUCT_TIME_ZONE = "Europe/Amsterdam"
CONTENT_DOMAIN = "questionnaire"  # the questionnaire content


class Gettext(Protocol):
    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...


NULL_TRANSLATIONS: Gettext = gettext_module.NullTranslations()


def local_number(value: int | float, language: str = SOURCE_LANGUAGE) -> str:
    """12,5 in Dutch, 12.5 in English: every decimal kept and no thousands separator, so the
    text reads back as the same number (`forms.parse_number`). The one rule for a number shown
    on a page, in the report or in a comparison of rounds."""
    value = whole_as_int(value)
    try:
        return str(format_decimal(value, locale=language, group_separator=False, decimal_quantization=False))
    except InvalidOperation:
        # Babel works in the decimal context, whose 28 digits fail from 10^25 on (QA, code
        # review: a page showing such a stored number gave a 500). Answers are far smaller now
        # (answers.NUMBER_DIGITS), but a questionnaire's limits and older data need not be.
        with localcontext() as context:
            context.prec = _DIGITS_OF_ANY_FLOAT
            return str(format_decimal(value, locale=language, group_separator=False, decimal_quantization=False))


_DIGITS_OF_ANY_FLOAT = 5000  # a float is written with at most 309 digits before the point or 324 after it


def N_(message: str) -> str:
    """Marks a text for translation without translating it here (Babel extracts `N_`)."""
    return message


def load_translations(directory: Path, language: str, domain: str = MESSAGES_DOMAIN) -> gettext_module.NullTranslations:
    """The catalog `<directory>/<language>/LC_MESSAGES/<domain>`, or null translations.

    Reads the compiled .mo when it is at least as new as the .po, otherwise the .po itself (in
    memory, so a read-only install or a forgotten compile never serves stale texts). The source
    language and a missing catalog give null translations: the Dutch source text. A catalog
    that cannot be read is a config.ConfigError that says where and why (CatalogUnreadable).
    """
    folder = Path(directory).resolve()
    try:
        return _load(folder, language, domain, _stamp(folder, language, domain))
    except CatalogUnreadable as error:
        raise as_config_error(error) from None


def _stamp(directory: Path, language: str, domain: str) -> tuple[float, float]:
    base = directory / language / "LC_MESSAGES" / domain
    po, mo = base.with_suffix(".po"), base.with_suffix(".mo")
    return (po.stat().st_mtime if po.exists() else 0.0, mo.stat().st_mtime if mo.exists() else 0.0)


@lru_cache(maxsize=32)
def _load(directory: Path, language: str, domain: str, stamp: tuple[float, float]) -> gettext_module.NullTranslations:
    if language == SOURCE_LANGUAGE:
        return gettext_module.NullTranslations()
    base = directory / language / "LC_MESSAGES" / domain
    po, mo = base.with_suffix(".po"), base.with_suffix(".mo")
    po_time, mo_time = stamp
    # A .mo compiled by plain `pybabel compile` holds a translation that cannot be filled in,
    # where the .po read here leaves it out (catalog_files.write_usable_mo).
    if mo.exists() and mo_time >= po_time and not (domain == MESSAGES_DOMAIN and interface_format_problems(po, language)):
        try:
            return read_compiled(mo, domain)
        except CatalogUnreadable as error:
            # A .mo is only a build product of the .po beside it (only .po files are
            # committed): one that cannot be read (a copy cut short, another file under its
            # name) is not trusted, and the .po, which `validate` checks and translators edit,
            # is read instead (QA: "Bad magic number" was a traceback while validate said valid).
            if not po.exists():
                raise CatalogUnreadable(mo, None, f"{error.problem}, and there is no {po.name} beside it "
                                                  "to read instead") from None
    if po.exists():
        return read_and_compile(po, language, domain)[1]
    return gettext_module.NullTranslations()


def product_today() -> date:
    """Today in PRODUCT_TIME_ZONE: on a UTC machine date.today() is still yesterday in the hour
    after midnight there, and would date a report before the round it compares with (QA, adviser)."""
    return datetime.now(ZoneInfo(PRODUCT_TIME_ZONE)).date()
