"""Compile the gettext catalogs (.po -> .mo) whenever a .mo is missing, older than its .po, or
cannot be read.

Called at application start-up and by the CLI, so a compiled catalog is never stale and no
build step can be forgotten. Only .po files are committed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .catalog_files import (
    MESSAGES_DOMAIN,
    CatalogUnreadable,
    as_config_error,
    interface_format_problems,
    read_catalog,
    read_compiled,
    write_usable_mo,
)
from .paths import SHIPPED_QUESTIONNAIRE

TRANSLATIONS = SHIPPED_QUESTIONNAIRE.parent / "translations"


def compile_catalogs(translations: Path = TRANSLATIONS, into: Path | None = None) -> list[Path]:
    """Compile stale catalogs; return the .mo files written. `into`: a folder to write them to,
    in the same layout, instead of beside the .po files (an install that cannot be written)."""
    written = []
    for po in sorted(translations.glob("*/LC_MESSAGES/*.po")):
        mo = ((into / po.relative_to(translations)) if into is not None else po).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        language, domain = po.parent.parent.name, po.stem
        # A .mo that cannot be read is compiled again however new it is: Flask-Babel reads a
        # messages.mo as it is, and failed on every English page (QA, command line).
        # A catalog with a translation that cannot be filled in is compiled again however new
        # its .mo is: one compiled by plain `pybabel compile` holds that translation.
        if (mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime and _readable(mo, domain)
                and not (domain == MESSAGES_DOMAIN and interface_format_problems(po, language))):
            continue
        try:
            catalog = read_catalog(po, language, domain)
        except CatalogUnreadable as error:
            # One located line that stops the start (a UnicodeDecodeError's traceback did): a
            # catalog someone broke is mended by its author, `validate` says the same.
            raise as_config_error(error) from None
        # Write next to it atomically: a worker reading the old file never sees half a catalog.
        # The partial file's name is new for every writer: two processes starting at once (the
        # site and a CLI command, workers without --preload) must not write into one file.
        descriptor, partial_name = tempfile.mkstemp(dir=mo.parent, prefix=f".{mo.name}.", suffix=".partial")
        partial = Path(partial_name)
        try:
            # mkstemp makes the file private; the catalog is as readable as its source.
            os.fchmod(descriptor, po.stat().st_mode & 0o666)
            with os.fdopen(descriptor, "wb") as handle:
                write_usable_mo(handle, catalog, domain)
            partial.replace(mo)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        written.append(mo)
    return written


def _readable(mo: Path, domain: str) -> bool:
    try:
        read_compiled(mo, domain)
    except CatalogUnreadable:
        return False
    return True
