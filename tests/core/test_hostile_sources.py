"""Questionnaire files and translation catalogs built to break the readers (QA, command line).

Each one must give a located message and exit 1, never a traceback or a crash. The command line
runs in a subprocess, as a user runs it: a crash in C (libyaml) then fails the test instead of
killing pytest.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mvo_assessment.validation.versions import RECORD_FILE

from .conftest import ROOT, SHIPPED

ANSWERS = ROOT / "examples" / "klein-importeur.json"
STEP = "stap-1-beleid.yaml"


def run(*args: str, **environment: str) -> subprocess.CompletedProcess[str]:
    # Only what the test names: a QUESTIONNAIRE_* set where the suite runs must not pick the folders.
    env = {key: value for key, value in os.environ.items() if not key.startswith("QUESTIONNAIRE_")}
    done = subprocess.run([sys.executable, "-m", "mvo_assessment.cli", *args], capture_output=True, text=True,
                          timeout=60, env={**env, **environment})
    # A negative code is a signal: -11 was libyaml's segmentation fault.
    assert done.returncode >= 0, f"killed by signal {-done.returncode}: {done.stderr[-500:]}"
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    return done


@pytest.fixture
def questionnaire(tmp_path: Path) -> Path:
    target = tmp_path / "q"
    shutil.copytree(SHIPPED, target, ignore=shutil.ignore_patterns(RECORD_FILE))
    return target


def append_to_step(folder: Path, text: str) -> int:
    """Add `text` as the last line of stap-1-beleid.yaml; its line number."""
    path = folder / STEP
    before = path.read_text(encoding="utf-8")
    assert before.endswith("\n")
    path.write_text(before + text + "\n", encoding="utf-8")
    return before.count("\n") + 1


# -- the questionnaire's YAML -------------------------------------------------------------------


NESTED_TOO_DEEP = "Lists and mappings nested more than 50 deep (column {column}); a questionnaire needs about 10 at most"


def test_brackets_nested_40_000_deep_are_refused_not_a_segmentation_fault(questionnaire: Path) -> None:
    """QA: libyaml's loader died with SIGSEGV (exit 139) at 40 000 levels; the event pass
    before it stops at the 51st level (`extra: ` is 7 columns, the document mapping level 1)."""
    line = append_to_step(questionnaire, "extra: " + "[" * 40_000 + "]" * 40_000)
    done = run("validate", str(questionnaire))
    assert done.returncode == 1
    assert f"[file: {questionnaire / STEP} | line: {line}] {NESTED_TOO_DEEP.format(column=57)}\n" in done.stderr


def test_mappings_nested_600_deep_are_refused_not_a_recursion_error(questionnaire: Path) -> None:
    """QA: a RecursionError in construct_mapping at ~600 levels."""
    line = append_to_step(questionnaire, "extra: " + "{a: " * 600 + "1" + "}" * 600)
    done = run("validate", str(questionnaire))
    assert done.returncode == 1
    # The 50th `{a: ` opens level 51: 7 + 49 * 4 columns before it.
    assert f"[file: {questionnaire / STEP} | line: {line}] {NESTED_TOO_DEEP.format(column=204)}\n" in done.stderr


def test_a_deep_but_real_condition_is_below_the_limit(questionnaire: Path) -> None:
    """The limit leaves room: a condition inside 20 `all`s (48 levels in the file) still loads."""
    path = questionnaire / STEP
    text = path.read_text(encoding="utf-8")
    condition = "{question: s1_beleid, in: [geschreven, gebruikt, bijgewerkt]}"
    assert f"condition: {condition}\n" in text
    path.write_text(text.replace(condition, "{all: [" * 20 + condition + "]}" * 20, 1), encoding="utf-8")
    done = run("validate", str(questionnaire))
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(("written", "message"), [
    pytest.param("1" + "0" * 5000, "YAML syntax error: a number of 5001 digits is too long to read (column 17). "
                 "A questionnaire's numbers have at most 15 digits", id="5001-digits"),
    # Base 60 (YAML 1.1): no digit limit while it is read, but a number Python cannot print.
    pytest.param("1" + ":00" * 3000, "YAML syntax error: a number of about 5335 digits is too long to read (column 17). "
                 "A questionnaire's numbers have at most 15 digits", id="sexagesimal"),
    pytest.param("0x_", "YAML syntax error: '0x_' cannot be read as a number (column 17). "
                 "Put it in quotes if it is meant as a text", id="no-digit"),
    pytest.param("2024-02-30", "YAML syntax error: '2024-02-30' reads as a date, but is not one: day is out of range "
                 "for month (column 17). Put it in quotes if it is meant as a text", id="no-such-date"),
    pytest.param("!!bool misschien", "YAML tags (here !!bool) are not allowed in a questionnaire; "
                 "write the value without it", id="tag"),
])
def test_a_value_python_cannot_build_is_located(questionnaire: Path, written: str, message: str) -> None:
    """QA: `weight: 1` and 5000 zeros was "ValueError: Exceeds the limit (4300 digits) for
    integer string conversion"; a date that does not exist, `0x_` and a tag such as `!!bool`
    were ValueError, KeyError tracebacks too."""
    path = questionnaire / STEP
    text = path.read_text(encoding="utf-8")
    weight = "\n        weight: 2\n"
    assert weight in text
    line = text[: text.index(weight)].count("\n") + 2
    path.write_text(text.replace(weight, f"\n        weight: {written}\n", 1), encoding="utf-8")
    done = run("validate", str(questionnaire))
    assert done.returncode == 1
    assert f"[file: {path} | line: {line}] {message}\n" in done.stderr


# -- the translation catalogs -------------------------------------------------------------------


@pytest.fixture
def translations(tmp_path: Path) -> Path:
    """The shipped catalogs, .po files only, as a translator hands them over."""
    target = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", target, ignore=shutil.ignore_patterns("*.mo", "*.partial"))
    return target


def catalog(translations: Path) -> Path:
    return translations / "en" / "LC_MESSAGES" / "questionnaire.po"


def score_in_english(questionnaire: Path, translations: Path | None, **environment: str) -> subprocess.CompletedProcess[str]:
    named = ["--translations", str(translations)] if translations is not None else []
    return run("score", str(ANSWERS), "--questionnaire", str(questionnaire), "--lang", "en", *named, **environment)


def test_a_catalog_that_is_not_utf8_is_located(questionnaire: Path, translations: Path, tmp_path: Path) -> None:
    """QA: one Latin-1 byte (ö) in questionnaire.po was a UnicodeDecodeError traceback in
    `validate` and in `score`/`report --lang en`."""
    po = catalog(translations)
    data = po.read_bytes()
    good = b'msgstr "How many people work at your business?"'
    assert good in data
    line = data[: data.index(good)].count(b"\n") + 1
    po.write_bytes(data.replace(good, b'msgstr "H\xf6w many people work at your business?"', 1))
    problem = ("the translation catalog is not saved as UTF-8 text (byte 10 of this line cannot be read: invalid start "
               "byte); save it again as UTF-8 (in most editors: Save as, then Encoding: UTF-8)")

    validated = run("validate", str(questionnaire), "--translations", str(translations))
    assert validated.returncode == 1
    assert f"[language: en | file: {po}:{line}] {problem}\n" in validated.stderr

    for done in (score_in_english(questionnaire, translations),
                 score_in_english(questionnaire, None, QUESTIONNAIRE_TRANSLATIONS=str(translations)),
                 run("report", str(ANSWERS), "--questionnaire", str(questionnaire), "--lang", "en",
                     "--translations", str(translations), "-o", str(tmp_path / "report.pdf"))):
        command = done.args[3]
        assert done.returncode == 1 and done.stdout == ""
        assert done.stderr == f"mvo-assessment {command}: {po}:{line}: {problem}\n"
    assert not (tmp_path / "report.pdf").exists()


def test_a_catalog_whose_header_still_says_charset_placeholder_is_read_as_utf8(
    questionnaire: Path, translations: Path
) -> None:
    """QA (mutation testing): taking gettext's template placeholder `charset=CHARSET` for a real
    charset passed every test; it refuses the catalog ("the charset 'CHARSET' … is not known").
    A translator who started from a .pot and never filled the header in has such a catalog, and
    Babel (which compiles it for the website) reads it as UTF-8: so must `validate` and `score`.
    The English texts have curly apostrophes, so a wrong reading would show in the result."""
    expected = score_in_english(questionnaire, translations)
    assert expected.returncode == 0 and "Don’t know" in expected.stdout
    po = catalog(translations)
    data = po.read_bytes()
    header = b'"Content-Type: text/plain; charset=utf-8\\n"'
    assert header in data
    po.write_bytes(data.replace(header, b'"Content-Type: text/plain; charset=CHARSET\\n"', 1))

    validated = run("validate", str(questionnaire), "--translations", str(translations))
    assert validated.returncode == 0 and validated.stderr == "", validated.stderr
    done = score_in_english(questionnaire, translations)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert json.loads(done.stdout) == json.loads(expected.stdout)


def test_a_compiled_catalog_that_cannot_be_read_is_not_trusted(questionnaire: Path, translations: Path) -> None:
    """QA: a garbage questionnaire.mo newer than its .po was "OSError: Bad magic number" in
    `score --lang en`, while `validate` said valid. The .po is read instead, and `validate`
    says what to do with the .mo."""
    expected = score_in_english(questionnaire, translations)
    assert expected.returncode == 0 and "Do you adjust your own way of working" in expected.stdout
    po = catalog(translations)
    mo = po.with_suffix(".mo")
    mo.write_bytes(b"garbage\n")
    os.utime(po, (946_684_800, 946_684_800))  # 2000: the .mo is the newer, and would be read

    done = score_in_english(questionnaire, translations)
    assert done.returncode == 0 and done.stderr == ""
    assert json.loads(done.stdout) == json.loads(expected.stdout)

    validated = run("validate", str(questionnaire), "--translations", str(translations))
    assert validated.returncode == 1
    assert (f"[language: en | file: {mo}] the compiled translation catalog cannot be read (Bad magic number); "
            "delete it: the questionnaire.po beside it is read instead, and compiled again when the website starts\n"
            ) in validated.stderr
    mo.unlink()
    assert run("validate", str(questionnaire), "--translations", str(translations)).returncode == 0


def test_a_catalog_that_is_a_folder_is_located(questionnaire: Path, translations: Path) -> None:
    """QA: questionnaire.po as a folder was an IsADirectoryError traceback."""
    po = catalog(translations)
    po.unlink()
    po.mkdir()
    problem = "the translation catalog is a folder, not a file; put the questionnaire.po file itself there"

    validated = run("validate", str(questionnaire), "--translations", str(translations))
    assert validated.returncode == 1 and f"[language: en | file: {po}] {problem}\n" in validated.stderr
    done = score_in_english(questionnaire, translations)
    assert done.returncode == 1 and done.stderr == f"mvo-assessment score: {po}: {problem}\n"


def test_a_line_babel_cannot_read_is_located_and_nothing_is_printed_beside_the_result(
    questionnaire: Path, translations: Path
) -> None:
    """QA: Babel printed "WARNING: Problem on line …" on standard output for a line it could not
    read (`mvgid`), in the middle of the JSON of `score --lang en`, and went on without it."""
    po = catalog(translations)
    text = po.read_text(encoding="utf-8")
    good = 'msgstr "How many people work at your business?"'
    line = text[: text.index(good)].count("\n") + 1
    po.write_text(text.replace(good, 'mvgid "How many people work at your business?"', 1), encoding="utf-8")
    done = score_in_english(questionnaire, translations)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (f"mvo-assessment score: {po}:{line}: this line is not valid in a translation catalog "
                           "(Unknown or misformatted keyword); `mvo-assessment validate` says more\n")


def test_a_plural_formula_gettext_cannot_use_is_located(questionnaire: Path, translations: Path) -> None:
    """Found beside QA's catalogs: `plural=n.x` was a ValueError traceback in `score --lang en`."""
    po = translations / "en" / "LC_MESSAGES" / "messages.po"
    data = po.read_bytes()
    good = b'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"'
    assert good in data
    line = data[: data.index(good)].count(b"\n") + 1
    po.write_bytes(data.replace(good, b'"Plural-Forms: nplurals=2; plural=n.x;\\n"'))
    problem = ("the Plural-Forms line of the translation catalog cannot be read (invalid token in plural form: .); "
               "for 'en' it is: Plural-Forms: nplurals=2; plural=(n != 1);")
    validated = run("validate", str(questionnaire), "--translations", str(translations))
    assert validated.returncode == 1 and f"[language: en | file: {po}:{line}] {problem}\n" in validated.stderr


# -- the website's start ------------------------------------------------------------------------


def broken_catalogs(tmp_path: Path, how: str) -> Path:
    from conftest import WEB_QUESTIONNAIRE_TRANSLATIONS

    folder = tmp_path / f"translations-{how}"
    shutil.copytree(WEB_QUESTIONNAIRE_TRANSLATIONS, folder, ignore=shutil.ignore_patterns("*.mo", "*.partial"))
    po = catalog(folder)
    if how == "folder":
        po.unlink()
        po.mkdir()
    elif how == "latin-1":
        po.write_bytes(po.read_bytes().replace(b'msgstr "', b'msgstr "\xf6', 1))
    else:
        po.with_suffix(".mo").write_bytes(b"garbage\n")
        os.utime(po, (946_684_800, 946_684_800))
    return folder


def test_the_website_reads_the_po_beside_a_compiled_catalog_it_cannot_read(database_url: str, tmp_path: Path) -> None:
    from conftest import make_test_config

    from mvo_assessment import create_app

    app: Any = create_app(make_test_config(database_url, QUESTIONNAIRE_TRANSLATIONS=str(broken_catalogs(tmp_path, "mo"))))
    try:
        assert "en" in app.config["LANGUAGES"]
        english = app.extensions["mvo_questionnaires"]["en"]
        assert english.sections[0].title != app.extensions["mvo_questionnaire"].sections[0].title
        assert app.test_client().get("/?lang=en").status_code == 200
    finally:
        app.extensions["mvo_store"].engine.dispose()


def test_the_website_does_not_start_with_a_catalog_that_is_a_folder(database_url: str, tmp_path: Path) -> None:
    """One line that says which file, as for any other setting it cannot use (gunicorn prints a
    ConfigError as "Error: …" and stops), not an IsADirectoryError traceback."""
    from conftest import make_test_config

    from mvo_assessment import create_app
    from mvo_assessment.config import ConfigError

    folder = broken_catalogs(tmp_path, "folder")
    with pytest.raises(ConfigError) as raised:
        create_app(make_test_config(database_url, QUESTIONNAIRE_TRANSLATIONS=str(folder)))
    assert str(raised.value) == (f"{catalog(folder)}: the translation catalog is a folder, not a file; "
                                 "put the questionnaire.po file itself there")


def test_the_website_does_not_start_with_a_catalog_that_is_not_utf8(database_url: str, tmp_path: Path) -> None:
    """QA: the start compiles the catalogs first, and a Latin-1 byte there was a
    UnicodeDecodeError traceback; now the located line `validate` gives, as a ConfigError."""
    from conftest import make_test_config

    from mvo_assessment import create_app
    from mvo_assessment.config import ConfigError

    folder = broken_catalogs(tmp_path, "latin-1")
    with pytest.raises(ConfigError) as raised:
        create_app(make_test_config(database_url, QUESTIONNAIRE_TRANSLATIONS=str(folder)))
    assert str(raised.value).startswith(f"{catalog(folder)}:")
    assert "the translation catalog is not saved as UTF-8 text" in str(raised.value)


def test_the_website_compiles_again_an_interface_catalog_it_cannot_read(database_url: str, tmp_path: Path) -> None:
    """QA: a garbage messages.mo newer than its .po was never compiled again (it was not
    stale), and Flask-Babel, which reads it as it is, failed on every English page."""
    from conftest import make_test_config

    from mvo_assessment import create_app

    interface = tmp_path / "interface"
    shutil.copytree(ROOT / "translations", interface, ignore=shutil.ignore_patterns("*.mo", "*.partial"))
    po = interface / "en" / "LC_MESSAGES" / "messages.po"
    po.with_suffix(".mo").write_bytes(b"garbage\n")
    os.utime(po, (946_684_800, 946_684_800))
    app: Any = create_app(make_test_config(database_url, BABEL_TRANSLATION_DIRECTORIES=str(interface)))
    try:
        response = app.test_client().get("/?lang=en")
        assert response.status_code == 200 and "Start the self-assessment" in response.get_data(as_text=True)
    finally:
        app.extensions["mvo_store"].engine.dispose()


def test_a_questionnaire_file_that_is_a_folder_is_no_syntax_error(questionnaire: Path) -> None:
    """QA: a folder named stap-1-beleid.yaml was "YAML syntax error: cannot read the file"."""
    step = questionnaire / STEP
    step.unlink()
    step.mkdir()
    done = run("validate", str(questionnaire))
    assert done.returncode == 1
    assert f"[file: {step}] The file cannot be read (it is a folder, not a file)\n" in done.stderr


def test_a_missing_folder_named_by_questionnaire_path_is_said_to_come_from_it(tmp_path: Path) -> None:
    """QA: it said "set QUESTIONNAIRE_PATH", the variable that had named the missing folder."""
    done = run("validate", QUESTIONNAIRE_PATH=str(tmp_path / "vragen"))
    assert done.returncode == 1
    assert f"No questionnaire folder at '{tmp_path / 'vragen'}'" in done.stderr
    assert "That folder is the one QUESTIONNAIRE_PATH names: correct it, or unset it for the shipped questionnaire." in done.stderr
    assert "set QUESTIONNAIRE_PATH" not in done.stderr



def test_a_long_number_is_shown_by_its_start_and_size(questionnaire: Path) -> None:
    """QA: a weight of 16 to 4300 digits is read, refused by validation, and was repeated whole."""
    path = questionnaire / STEP
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n        weight: 2\n", "\n        weight: 1" + "0" * 3000 + "\n", 1), encoding="utf-8")
    done = run("validate", str(questionnaire))
    assert done.returncode == 1
    assert "10000000000000000000… (a number of 3001 characters)" in done.stderr and "0" * 100 not in done.stderr


def test_a_language_folder_that_is_no_language_code_is_said_to_be_so(questionnaire: Path, translations: Path) -> None:
    """QA (review): a copy of en/ as en-old/ was blamed on the Plural-Forms line of its catalogs."""
    shutil.copytree(translations / "en", translations / "en-old")
    (translations / "en-GB").mkdir()  # a language begun, written as a browser writes it
    done = run("validate", str(questionnaire), "--translations", str(translations))
    assert done.returncode == 1
    assert (f"[language: en-old | file: {translations / 'en-old'}] 'en-old' is not a language code; name the folder "
            "after one, such as 'en'\n") in done.stderr
    assert (f"[language: en-GB | file: {translations / 'en-GB'}] 'en-GB' is not a language code as gettext writes it; "
            "name the folder 'en_GB'\n") in done.stderr
    # one line per folder: no "missing; create it with init en-GB", advice that cannot work (QA, review)
    assert "Plural-Forms" not in done.stderr and "init en-" not in done.stderr

