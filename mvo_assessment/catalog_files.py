"""Reading gettext catalog files (.po, .mo) safely: a file that cannot be read is one located
`CatalogUnreadable` (file, line, what to do), never a traceback, and nothing of it is printed.

A catalog is a file someone edited or copied, so its problems are the author's to mend: `validate`
lists them, `score`, `report` and the website's start stop with them (config.ConfigError).
Babel is imported only when a catalog is read: scoring imports i18n, which imports this.
"""

from __future__ import annotations

import codecs
import io
import re
import struct
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog
    from babel.support import Translations

    from .translation_formats import FormatProblem


class CatalogUnreadable(Exception):
    """A translation catalog (.po or .mo) that cannot be read: a file someone edited or copied,
    not a bug, so said in one located line (`validate` lists it; `score`, `report` and the
    website's start stop with it, as config.ConfigError)."""

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        super().__init__(f"{self.where}: {problem}")

    @property
    def where(self) -> str:
        """`file:line`, as `validate` names a place in a catalog."""
        return f"{self.path}:{self.line}" if self.line else str(self.path)


def as_config_error(error: CatalogUnreadable) -> Exception:
    """The error for the command line and the website's start: config.ConfigError is what both
    say in one line instead of a traceback (cli.main, gunicorn). Imported here, as config
    imports i18n, which imports this module."""
    from .config import ConfigError

    return ConfigError(str(error))


def catalog_bytes(po: Path) -> bytes:
    """The .po file's bytes, once they are known to decode as its header says (UTF-8 unless it
    declares another charset, as Babel reads it); else CatalogUnreadable with the line.

    Checked before anything parses it: Babel stops at the first such byte with an error that
    names neither file nor line, and reading it as UTF-8 with replacement characters (as the
    syntax check does) called every line of a UTF-16 file broken."""
    try:
        data = po.read_bytes()
    except IsADirectoryError:
        raise CatalogUnreadable(po, None, "the translation catalog is a folder, not a file; "
                                          f"put the {po.name} file itself there") from None
    except OSError as error:
        raise CatalogUnreadable(po, None, f"the translation catalog cannot be read ({error.strerror or error})") from None
    lines = data.split(b"\n")
    charset, charset_line = "utf-8", None
    for number, raw in enumerate(lines, 1):
        declared = _CHARSET.match(raw.strip())
        if declared:
            # Babel, too, reads the placeholder of gettext's templates (`charset=CHARSET`) as UTF-8.
            if declared.group(1).lower() != b"charset":
                charset, charset_line = declared.group(1).decode("ascii"), number
            break
    try:
        utf8 = codecs.lookup(charset).name == "utf-8"
    except LookupError:
        raise CatalogUnreadable(po, charset_line, f"the translation catalog declares the charset '{charset}', "
                                                  "which is not known; write charset=UTF-8 there") from None
    for number, raw in enumerate(lines, 1):
        try:
            raw.decode(charset)
        except UnicodeDecodeError as error:
            raise CatalogUnreadable(po, number, _not_decodable(error, charset, utf8)) from None
    return data


# The header line that names the encoding, as Babel reads it: "Content-Type: text/plain; charset=utf-8\n"
_CHARSET = re.compile(rb'^"Content-Type:[^"]*?charset=([A-Za-z0-9_.:-]+)', re.IGNORECASE)


def _not_decodable(error: UnicodeDecodeError, charset: str, utf8: bool) -> str:
    # In the words the loader uses for a questionnaire file (errors.FILE_NOT_UTF8).
    byte = f"byte {error.start + 1} of this line cannot be read: {error.reason}"
    if utf8:
        return (f"the translation catalog is not saved as UTF-8 text ({byte}); "
                "save it again as UTF-8 (in most editors: Save as, then Encoding: UTF-8)")
    return (f"the translation catalog is not saved as {charset}, the charset its header declares ({byte}); "
            "save it again as UTF-8 and write charset=UTF-8 there")


def read_catalog(po: Path, language: str, domain: str | None = None) -> Catalog:
    """The .po file as Babel reads it, once it is known to compile into a catalog gettext can
    use; else CatalogUnreadable with the line."""
    return read_and_compile(po, language, domain)[0]


def read_and_compile(po: Path, language: str, domain: str | None) -> tuple[Catalog, Translations]:
    """The .po file read, and compiled in memory as gettext would read its .mo."""
    from babel.messages.pofile import PoFileError, read_po
    from babel.support import Translations

    data = catalog_bytes(po)
    lines = data.split(b"\n")
    try:
        # abort_invalid: else Babel prints "WARNING: Problem on line …" on standard output, in
        # the middle of what `score --lang en` prints there (QA, command line), and skips the line.
        catalog = read_po(io.BytesIO(data), locale=language, domain=domain, abort_invalid=True)
    except PoFileError as error:
        what = str(error.args[0]).rsplit(" on ", 1)[0] if error.args else "not valid"
        raise CatalogUnreadable(po, error.lineno + 1, f"this line is not valid in a translation catalog ({what}); "
                                                      "`mvo-assessment validate` says more") from None
    except UnicodeDecodeError as error:
        # catalog_bytes decoded every line with the declared charset; Babel reads the lines
        # before the header as UTF-8. Babel gives the line's bytes, and so its number.
        number = next((n for n, raw in enumerate(lines, 1) if raw.strip() == error.object), None)
        raise CatalogUnreadable(po, number, _not_decodable(error, error.encoding, error.encoding == "utf-8")) from None
    except LookupError as error:
        raise CatalogUnreadable(po, None, f"the translation catalog declares a charset that is not known ({error}); "
                                          "write charset=UTF-8 in its Content-Type line") from None
    except ValueError as error:
        # Babel lets two ValueErrors out of read_po: a folder name that is no language code
        # ("en-old"; QA, review: it was blamed on the Plural-Forms line), and `nplurals=x`.
        problem = language_code_problem(language)
        if problem is not None:
            raise CatalogUnreadable(po, None, problem) from None
        raise _plural_forms_unreadable(po, lines, language, error) from None
    buffer = io.BytesIO()
    write_usable_mo(buffer, catalog, domain)
    buffer.seek(0)
    try:
        translations = Translations(buffer, domain=domain)
    except ValueError as error:
        # gettext compiles the plural formula only here (`plural=n.x`): Babel took it as text.
        raise _plural_forms_unreadable(po, lines, language, error) from None
    return catalog, translations


MESSAGES_DOMAIN = "messages"  # the interface texts (code and templates); i18n says it from here


def write_usable_mo(handle: BinaryIO, catalog: Catalog, domain: str | None) -> None:
    """The compiled catalog, without the interface translations that cannot be filled in
    (translation_formats): for those the Dutch source is shown, where filling them in raised
    a 500 on every page with the text (QA, translator). `validate` names them."""
    from babel.messages.mofile import write_mo

    from .translation_formats import format_problems

    unusable = [problem.message for problem in format_problems(catalog)] if domain == MESSAGES_DOMAIN else []
    kept = [(message, message.string) for message in unusable]
    for message in unusable:
        # Untranslated, as gettext knows it: a plural's empty forms fall back to the source's.
        message.string = ("",) * len(message.string) if isinstance(message.string, (tuple, list)) else ""
    try:
        write_mo(handle, catalog, use_fuzzy=False)
    finally:
        for message, string in kept:
            message.string = string


def interface_format_problems(po: Path, language: str) -> tuple[FormatProblem, ...]:
    """The interface translations of this .po that cannot be filled in; () when there are none
    or the file cannot be read (reading it elsewhere says why). Read once per version of the file."""
    try:
        stat = po.stat()
    except OSError:
        return ()
    return _interface_format_problems(po, language, (stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=16)
def _interface_format_problems(po: Path, language: str, _version: tuple[int, int]) -> tuple[FormatProblem, ...]:
    from .translation_formats import format_problems

    try:
        # No domain: compiled as it is, not checked a first time by write_usable_mo.
        catalog = read_and_compile(po, language, None)[0]
    except CatalogUnreadable:
        return ()
    return tuple(format_problems(catalog))


def unusable_translations_warning(po: Path, problems: tuple[FormatProblem, ...]) -> str:
    """One line for the website's start and the command line: which translations are left out."""
    shown = ", ".join(f"{po}:{problem.message.lineno}" for problem in problems[:5])
    more = f" and {len(problems) - 5} more" if len(problems) > 5 else ""
    return (f"{len(problems)} interface text(s) have a translation that cannot be filled in (a placeholder "
            f"or % sign the Dutch text does not have), so their Dutch text is shown: {shown}{more}; "
            "`mvo-assessment validate` says what is wrong with each")


def language_code_problem(name: str) -> str | None:
    """What is wrong with a language folder's name, as gettext and Babel read it; None when it
    names a language ("en", "en_GB")."""
    if _is_language_code(name):
        return None
    if _is_language_code(name.replace("-", "_")):
        # "en-GB" is how a browser writes it; a catalog folder is "en_GB" (QA, review).
        return f"'{name}' is not a language code as gettext writes it; name the folder '{name.replace('-', '_')}'"
    return f"'{name}' is not a language code; name the folder after one, such as 'en'"


def _is_language_code(name: str) -> bool:
    from babel.core import Locale, UnknownLocaleError

    try:
        Locale.parse(name)
    except (ValueError, UnknownLocaleError):
        return False
    return True


def _plural_forms_unreadable(po: Path, lines: list[bytes], language: str, error: ValueError) -> CatalogUnreadable:
    from babel.core import UnknownLocaleError
    from babel.messages.plurals import get_plural

    line = next((number for number, raw in enumerate(lines, 1) if raw.lstrip().startswith(b'"Plural-Forms:')), None)
    try:
        # What to write instead: Babel knows it for every language it knows.
        hint = f"; for '{language}' it is: Plural-Forms: {get_plural(language).plural_forms}"
    except (UnknownLocaleError, ValueError):  # a folder name that is no language Babel knows
        hint = ""
    return CatalogUnreadable(po, line, f"the Plural-Forms line of the translation catalog cannot be read ({error}){hint}")


def read_compiled(mo: Path, domain: str) -> Translations:
    from babel.support import Translations

    try:
        with mo.open("rb") as handle:
            return Translations(handle, domain=domain)
    except (OSError, ValueError, LookupError, struct.error) as error:
        # What gettext raises for a file that is no compiled catalog, or is cut short or damaged.
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise CatalogUnreadable(mo, None, f"the compiled translation catalog cannot be read ({reason})") from None


def compiled_catalog_problem(po: Path, domain: str) -> CatalogUnreadable | None:
    """What is wrong with the .mo beside `po` that load_translations would read (one at least as
    new as the .po); None when there is none, or it can be read.

    load_translations reads the .po instead of such a .mo, but the website's interface texts
    (Flask-Babel) read a messages.mo as it is, and the start compiles only a .mo older than its
    .po: so `validate` says it, with what to do, rather than "valid" (QA)."""
    mo = po.with_suffix(".mo")
    try:
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            return None
        read_compiled(mo, domain)
    except CatalogUnreadable as error:
        return CatalogUnreadable(mo, None, f"{error.problem}; delete it: the {po.name} beside it is read instead, "
                                           "and compiled again when the website starts")
    except OSError as error:
        return CatalogUnreadable(mo, None, f"the compiled translation catalog cannot be read ({error.strerror or error})")
    return None
