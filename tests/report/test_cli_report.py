"""`mvo-assessment report` as a user runs it: real subprocesses, exit codes, no tracebacks."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import ANSWERS, EXAMPLE, EXAMPLES, TOOL_URL


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mvo_assessment.cli", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def answers_path(tmp_path: Path) -> Path:
    path = tmp_path / "antwoorden.json"
    path.write_text(json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": ANSWERS}))
    return path


def test_report_writes_a_pdf_and_a_csv(tmp_path: Path, answers_path: Path) -> None:
    output, actions = tmp_path / "rapport.pdf", tmp_path / "acties.csv"
    done = run("report", str(answers_path), "--output", str(output), "--questionnaire", str(EXAMPLE),
               "--csv", str(actions), "--separator", ";")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    reader = PdfReader(io.BytesIO(output.read_bytes()))
    assert len(reader.pages) >= 2
    rows = list(csv.reader(io.StringIO(actions.read_text(encoding="utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][0] == "Prioriteit" and TOOL_URL in rows[2][4]


def test_the_company_name_goes_on_the_cover_and_in_the_title(tmp_path: Path, answers_path: Path) -> None:
    """QA (adviser): every report was "MVO-rapport – <date>", so reports of different companies
    could not be told apart; docs/report.md promised the name."""
    output = tmp_path / "rapport.pdf"
    done = run("report", str(answers_path), "-o", str(output), "--questionnaire", str(EXAMPLE),
               "--company", "  Bakkerij\tDe Zon  ")
    assert done.returncode == 0, done.stderr
    reader = PdfReader(io.BytesIO(output.read_bytes()))
    assert reader.metadata.title.startswith("MVO-rapport – Bakkerij De Zon – ")
    assert "Bakkerij De Zon" in reader.pages[0].extract_text()
    refused = run("report", str(answers_path), "-o", str(tmp_path / "lang.pdf"), "--questionnaire", str(EXAMPLE),
                  "--company", "x" * 101)
    # A value the option cannot take is a wrong command line: exit 2, as for any (README).
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.strip().endswith("error: argument --company: it is 101 characters long; at most 100 fit on the report")
    assert not (tmp_path / "lang.pdf").exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"questionnaire": "voorbeeld", ', "[line 1, column 32] invalid JSON"),
        (json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"beleid": "misschien"}}),
         "[answers.beleid] 'misschien' is not an option; allowed: 'nee', 'ideeen', 'papier', 'openbaar', 'weet_niet'"),
        (json.dumps({"questionnaire": "voorbeeld", "version": "0.9", "answers": {}}),
         "[version] \"0.9\" cannot be scored with this questionnaire, which is version '1.0'"),
    ],
)
def test_bad_answers_file_exits_1_with_located_message(tmp_path: Path, content: str, expected: str) -> None:
    path, output = tmp_path / "a.json", tmp_path / "rapport.pdf"
    path.write_text(content)
    done = run("report", str(path), "--output", str(output), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 1
    assert f"{path}: {expected}" in done.stderr
    # The same words as `score`: both commands share one loading helper.
    assert done.stderr == run("score", str(path), "--questionnaire", str(EXAMPLE)).stderr
    assert "Traceback" not in done.stderr and not output.exists()


def test_missing_answers_file(tmp_path: Path) -> None:
    done = run("report", str(tmp_path / "nope.json"), "--output", str(tmp_path / "r.pdf"), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 1 and "cannot read the answers file" in done.stderr and "Traceback" not in done.stderr


def test_unwritable_output_is_a_clear_message(tmp_path: Path, answers_path: Path) -> None:
    output = tmp_path / "bestaat-niet" / "rapport.pdf"
    done = run("report", str(answers_path), "--output", str(output), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 1
    assert f"{output}: cannot write the report (No such file or directory)" in done.stderr
    assert "Traceback" not in done.stderr


def test_unwritable_csv(tmp_path: Path, answers_path: Path) -> None:
    done = run("report", str(answers_path), "--output", str(tmp_path / "r.pdf"), "--questionnaire", str(EXAMPLE),
               "--csv", str(tmp_path))  # a folder, not a file
    assert done.returncode == 1 and "cannot write the action list" in done.stderr and "Traceback" not in done.stderr


def test_nothing_is_written_when_one_output_cannot_be(tmp_path: Path, answers_path: Path) -> None:
    """The report and the action list are written together or not at all: an earlier report
    is not replaced, and no new one is left behind, when the CSV cannot be written."""
    output = tmp_path / "rapport.pdf"
    output.write_bytes(b"the earlier report")
    done = run("report", str(answers_path), "--output", str(output), "--questionnaire", str(EXAMPLE),
               "--csv", str(tmp_path / "bestaat-niet" / "acties.csv"))
    assert done.returncode == 1 and "cannot write the action list (No such file or directory)" in done.stderr
    assert output.read_bytes() == b"the earlier report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["antwoorden.json", "rapport.pdf"]  # no temporary file left


def test_separator_is_checked(tmp_path: Path, answers_path: Path) -> None:
    done = run("report", str(answers_path), "--output", str(tmp_path / "r.pdf"), "--separator", "|")
    assert done.returncode == 2 and "invalid choice" in done.stderr


ROOT = Path(__file__).resolve().parents[2]


def test_report_in_english(tmp_path: Path) -> None:
    """The PDF, its metadata and the CSV follow --lang; the content comes from the shipped catalogs."""
    output, actions = tmp_path / "report.pdf", tmp_path / "actions.csv"
    done = run("report", str(ROOT / "examples" / "klein-importeur.json"), "--output", str(output),
               "--questionnaire", str(ROOT / "questionnaires"), "--csv", str(actions), "--lang", "en")
    assert done.returncode == 0, done.stderr
    reader = PdfReader(io.BytesIO(output.read_bytes()))
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert str(reader.metadata.title).startswith("RBC report – ")
    text = "\n".join(page.extract_text() for page in reader.pages)
    for phrase in ("About this report", "What to do first?", "Why this level?", "Your score is", "Appendix: your answers"):
        assert phrase in text, phrase
    for phrase in ("Over dit rapport", "Wat eerst?", "Uw score is"):
        assert phrase not in text, phrase
    rows = list(csv.reader(io.StringIO(actions.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0] == ["Priority", "Urgent", "Step", "Action", "Tools"] and rows[1][2].startswith("Step ")


def test_score_in_english_has_the_same_numbers(tmp_path: Path) -> None:
    answers = str(ROOT / "examples" / "klein-importeur.json")
    dutch = json.loads(run("score", answers, "--questionnaire", str(ROOT / "questionnaires")).stdout)
    done = run("score", answers, "--questionnaire", str(ROOT / "questionnaires"), "--lang", "en")
    assert done.returncode == 0, done.stderr
    english = json.loads(done.stdout)
    numbers = lambda r: [(s["id"], s["status"], s["level"], s["score"], s["target_level"]) for s in r["steps"]]  # noqa: E731
    assert numbers(english) == numbers(dutch)
    assert [a["id"] for a in english["actions"]] == [a["id"] for a in dutch["actions"]]
    step = english["steps"][0]
    assert step["status_text"] == "assessed" and step["explanation"][0]["text"].startswith("Your score is ")
    assert step["title"] != dutch["steps"][0]["title"]
    assert run("score", answers, "--lang", "de").returncode == 2  # only languages with catalogs


@pytest.mark.parametrize("finished", ["2025-03-03", None])
def test_a_file_with_earlier_rounds_is_reported_as_its_round(tmp_path: Path, finished: str | None) -> None:
    """The report of a file with earlier rounds is the round after them, compared with the last
    of them, as the website's report of the same file once uploaded (code review: the command
    line always made a round-1 report). A round without its day is compared without one."""
    earlier = {**ANSWERS, "beleid": "papier", "tevredenheid": 4}
    path = tmp_path / "antwoorden.json"
    path.write_text(json.dumps({
        "questionnaire": "voorbeeld", "version": "1.0", "answers": ANSWERS,
        "earlier_rounds": [
            {"version": "0.9", "finished": "2024-03-01", "answers": {"beleid": "nee"}},
            {"version": "1.0", "finished": finished, "answers": earlier},
        ],
    }))
    output = tmp_path / "rapport.pdf"
    done = run("report", str(path), "-o", str(output), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    reader = PdfReader(io.BytesIO(output.read_bytes()))
    assert reader.metadata is not None and " – Ronde 3 – " in reader.metadata.title
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    compared = "Vergeleken met ronde 2 van 3 maart 2025." if finished else "Vergeleken met ronde 2."
    assert compared in text
    assert "Stap 1: Beleid: lager, van 3 – In opbouw naar 1 – Niet gestart" in text


def test_a_files_earlier_round_of_another_version_is_said_in_its_report(tmp_path: Path) -> None:
    """QA (mutation testing, eighth round): the report of a file whose last earlier round has
    another version, and an answer that version's questionnaire no longer has, says both, as
    the website's report of it once uploaded does (the command line's own path was untested)."""
    path = tmp_path / "antwoorden.json"
    path.write_text(json.dumps({
        "questionnaire": "voorbeeld", "version": "1.0", "answers": ANSWERS,
        "earlier_rounds": [{"version": "0.9", "finished": "2025-03-01", "answers": {**ANSWERS, "beleid": "wat-ooit-kon"}}],
    }))
    output = tmp_path / "rapport.pdf"
    done = run("report", str(path), "-o", str(output), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(output.read_bytes())).pages).split())
    assert ("Ronde 1 is ingevuld met versie 0.9 van de vragenlijst, deze ronde met versie 1.0. Beide rondes zijn hier "
            "gescoord met versie 1.0.") in text
    assert "een antwoord dat niet meer in de vragenlijst past" in text


def test_the_report_and_the_action_list_need_two_files(tmp_path: Path, answers_path: Path) -> None:
    """QA (security): `-o x --csv x` wrote the PDF, then the CSV over it, and exited 0."""
    output = tmp_path / "uit"
    done = run("report", str(answers_path), "--output", str(output), "--questionnaire", str(EXAMPLE), "--csv", str(output))
    assert done.returncode == 1
    assert f"{output}: cannot write the action list (the report goes to the same file; give each its own name)" in done.stderr
    assert not output.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["antwoorden.json"]


def test_a_device_is_never_replaced_by_a_file(tmp_path: Path, answers_path: Path) -> None:
    """QA (review): every output goes to a temporary file that then replaces its target, so
    `-o /dev/null` (or /dev/full) put a regular file in the device's place."""
    done = run("report", str(answers_path), "--output", "/dev/null", "--questionnaire", str(EXAMPLE))
    assert done.returncode == 1
    assert "/dev/null: cannot write the report (it is not a regular file; give a file name)" in done.stderr
    assert Path("/dev/null").is_char_device()


def test_the_report_is_dated_as_the_website_dates_it(tmp_path: Path, answers_path: Path) -> None:
    """QA (adviser): the command line dated its report by the machine's clock: on a UTC server,
    in the hour after midnight in Amsterdam, the report was dated the day before the round it
    compared with (the website writes Amsterdam's day). A machine in a zone whose day differs
    from Amsterdam's now shows it."""
    import os
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from mvo_assessment.report.view import long_date

    amsterdam = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    # UTC-12 is a day behind Amsterdam before 13:00 there, UTC+14 a day ahead from 12:00 there
    machine_zone = "Etc/GMT+12" if datetime.now(ZoneInfo("Europe/Amsterdam")).hour < 12 else "Etc/GMT-14"
    assert datetime.now(ZoneInfo(machine_zone)).date() != amsterdam
    output = tmp_path / "rapport.pdf"
    done = subprocess.run([sys.executable, "-m", "mvo_assessment.cli", "report", str(answers_path), "-o", str(output),
                           "--questionnaire", str(EXAMPLE)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "TZ": machine_zone})
    assert done.returncode == 0, done.stderr
    # Amsterdam's day when the report was made: the one before, or (if its midnight passed
    # while the report was made) the one after
    amsterdam_after = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    first_page = PdfReader(io.BytesIO(output.read_bytes())).pages[0].extract_text()
    assert any(long_date(day, "nl") in first_page for day in {amsterdam, amsterdam_after}), first_page


def test_the_report_of_a_finished_round_is_dated_on_its_day(tmp_path: Path) -> None:
    """QA (adviser): the report of an answers file whose round was finished on 3 March 2025 was
    dated the day it was made (cover, page header, title), while the website dates that round,
    once the file is loaded, on its `finished` day. It is dated on the round's day now, and the
    cover says in small print on which day the report was made."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from mvo_assessment.report.view import long_date

    path = tmp_path / "antwoorden.json"
    path.write_text(json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": ANSWERS, "finished": "2025-03-03"}))
    output = tmp_path / "rapport.pdf"
    before = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    done = run("report", str(path), "-o", str(output), "--questionnaire", str(EXAMPLE))
    after = datetime.now(ZoneInfo("Europe/Amsterdam")).date()  # a midnight may pass meanwhile
    assert done.returncode == 0, done.stderr
    reader = PdfReader(io.BytesIO(output.read_bytes()))
    assert reader.metadata is not None and reader.metadata.title == "MVO-rapport – 3 maart 2025"
    cover = " ".join(reader.pages[0].extract_text().split())
    assert "Datum 3 maart 2025" in cover
    made = "Op deze datum is de ronde afgerond. Dit rapport is gemaakt op {}."
    assert any(made.format(long_date(day)) in cover for day in {before, after}), cover
    assert "MVO-rapport · 3 maart 2025" in " ".join(reader.pages[1].extract_text().split())


@pytest.mark.parametrize("where", ["--output", "--csv"])
def test_no_output_replaces_the_answers_file_it_is_made_from(tmp_path: Path, answers_path: Path, where: str) -> None:
    """QA (command line): `report a.json -o a.json` (or `--csv a.json`) replaced the answers
    with the PDF (or the CSV) and exited 0."""
    before = answers_path.read_bytes()
    outputs = {"--output": str(tmp_path / "rapport.pdf"), "--csv": str(tmp_path / "acties.csv")}
    outputs[where] = str(tmp_path / "." / answers_path.name)  # the same file, written another way
    done = run("report", str(answers_path), "--questionnaire", str(EXAMPLE), *(x for kv in outputs.items() for x in kv))
    assert done.returncode == 1
    what = "report" if where == "--output" else "action list"
    assert f"cannot write the {what} (it is the answers file it is made from; give the {what} another name)" in done.stderr
    assert answers_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["antwoorden.json"]


def test_no_output_replaces_the_answers_file_under_another_name(tmp_path: Path, answers_path: Path) -> None:
    """QA (answers files): through a bind mount (or a name in another case on a file system
    that ignores it) the answers file passed the comparison of paths and became a PDF. A hard
    link is such a name."""
    other = tmp_path / "other-name.json"
    os.link(answers_path, other)
    before = answers_path.read_bytes()
    done = run("report", str(answers_path), "--questionnaire", str(EXAMPLE), "--output", str(other))
    assert done.returncode == 1, done.stderr
    assert f"{other}: cannot write the report (it is the answers file it is made from" in done.stderr
    assert answers_path.read_bytes() == before


@pytest.mark.parametrize("where", ["--output", "--csv", "--questionnaire"])
def test_a_name_too_long_is_said_in_one_line(tmp_path: Path, answers_path: Path, where: str) -> None:
    """QA (answers files): a 300-character name gave a traceback from `exists()` (OSError:
    File name too long), for an output and for the questionnaire folder alike."""
    long = str(tmp_path / ("x" * 300))
    options = {"--output": str(tmp_path / "r.pdf"), "--questionnaire": str(EXAMPLE), where: long}
    done = run("report", str(answers_path), *(x for kv in options.items() for x in kv))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "File name too long" in done.stderr and long in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["antwoorden.json"]


def test_the_output_is_utf8_whatever_the_locale(tmp_path: Path) -> None:
    """QA (answers files): redirected on Windows Python writes the ANSI code page; `score >
    r.json` stopped at the '₂' of 'CO₂' with a traceback and half a file. (PYTHONIOENCODING
    gives this machine the same setting.)"""
    import os as os_module

    environment = {**os_module.environ, "PYTHONIOENCODING": "cp1252"}
    for args in (["show", "--json"], ["score", str(EXAMPLES / "klein-importeur.json")]):
        done = subprocess.run([sys.executable, "-m", "mvo_assessment.cli", *args], capture_output=True, env=environment, timeout=120)
        assert done.returncode == 0, done.stderr
        text = done.stdout.decode("utf-8")
        json.loads(text)
        assert "CO₂" in text


def test_an_empty_or_dash_output_name_is_refused(tmp_path: Path, answers_path: Path) -> None:
    """QA (command line): `--csv ''` wrote no CSV and exited 0; `-o ''` said "it is a folder";
    `-o -` wrote a file called "-"."""
    for extra, what in ((["--output", ""], "report"), (["--output", "r.pdf", "--csv", ""], "action list"),
                        (["--output", "-"], "report")):
        done = subprocess.run(
            [sys.executable, "-m", "mvo_assessment.cli", "report", str(answers_path), "--questionnaire", str(EXAMPLE), *extra],
            capture_output=True, text=True, timeout=120, cwd=tmp_path,
        )
        assert done.returncode == 1, extra
        assert f"cannot write the {what} (give a file name)" in done.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == ["antwoorden.json"]


def test_a_read_only_file_is_not_replaced(tmp_path: Path, answers_path: Path) -> None:
    """QA (command line): the temporary file's rename needs only a writable folder, so a PDF
    someone had made read-only was replaced, exit 0."""
    kept = tmp_path / "rapport.pdf"
    kept.write_bytes(b"%PDF kept")
    kept.chmod(0o444)
    done = run("report", str(answers_path), "--output", str(kept), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 1
    assert f"{kept}: cannot write the report (the file is read-only; make it writable or give another name)" in done.stderr
    assert kept.read_bytes() == b"%PDF kept"


def test_names_written_with_joiners_are_company_names(tmp_path: Path, answers_path: Path) -> None:
    """QA (command line): a Persian name needs the zero-width non-joiner, an emoji flag the
    zero-width joiner; both were refused as "invisible characters". A zero-width space and a
    direction override still are: the printed name would differ from the one seen."""
    # QA (right-to-left): the direction marks of a Hebrew or Arabic name copied from a page
    for name in ("شرکت می\u200cآید", "Regenboog \U0001f3f3\ufe0f\u200d\U0001f308 BV", "אור ים יבוא בע״מ\u200f",
                 "شركة\u061c النور", "Acme النور", "Acme\u200f"):
        output = tmp_path / "rapport.pdf"
        done = run("report", str(answers_path), "--output", str(output), "--questionnaire", str(EXAMPLE), "--company", name)
        assert done.returncode == 0, done.stderr
        # a right-to-left name isolated in the title, so the date after it keeps its order
        shown = name if name.startswith("Regenboog") else f"\u2068{name}\u2069"
        assert PdfReader(output).metadata.title.startswith(f"MVO-rapport – {shown} – ")
    # QA (review): a joiner that joins nothing (the whole name, or at an end) only hides
    # nor a name of marks, variation selectors or blank fillers alone, which looks empty
    for name in ("Zon\u200bkant", "Zon\u202ekant", "\u200d", "Acme\u200d", "\u200cAcme", "Acme \u200d BV",
                 "\ufe0f", "\ufe0f\u200d\ufe0f", "\u0301\u200d\u0301", "\u034f", "\u3164", "\u2800"):
        done = run("report", str(answers_path), "--output", str(tmp_path / "x.pdf"), "--questionnaire", str(EXAMPLE), "--company", name)
        assert done.returncode == 2 and "Traceback" not in done.stderr


def test_a_translations_folder_that_is_not_there_is_an_error(tmp_path: Path, answers_path: Path) -> None:
    """QA (command line): `--lang en --translations /typo` made a report half in English (the
    interface) and half in Dutch (the content), with a warning and exit 0; `validate` refuses
    such a folder. A folder someone names must exist."""
    missing = tmp_path / "vertalingen"
    output = tmp_path / "report.pdf"
    for command in (["report", str(answers_path), "--output", str(output)], ["score", str(answers_path)]):
        done = run(*command, "--questionnaire", str(EXAMPLE), "--lang", "en", "--translations", str(missing))
        assert done.returncode == 1 and done.stdout == ""
        assert f"No translations folder at '{missing}' (--translations)" in done.stderr
    assert not output.exists()


def test_the_answers_file_on_standard_input_is_not_replaced_either(tmp_path: Path, answers_path: Path) -> None:
    """QA (review): `report - -o a.json < a.json` replaced the answers with the PDF, exit 0."""
    before = answers_path.read_bytes()
    with answers_path.open("rb") as given:
        done = subprocess.run(
            [sys.executable, "-m", "mvo_assessment.cli", "report", "-", "--output", str(answers_path), "--questionnaire", str(EXAMPLE)],
            stdin=given, capture_output=True, text=True, timeout=120,
        )
    assert done.returncode == 1
    assert f"{answers_path}: cannot write the report (it is the answers file it is made from; give the report another name)" in done.stderr
    assert answers_path.read_bytes() == before

