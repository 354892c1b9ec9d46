"""The command line as a user runs it: real subprocesses, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import EXAMPLE, ROOT, SHIPPED


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mvo_assessment.cli", *args], capture_output=True, text=True, input=stdin, timeout=60
    )


def test_a_file_name_that_is_no_utf8_is_written_without_a_traceback(tmp_path: Path) -> None:
    """QA (review): output made UTF-8 whatever the locale lost Python's own error handlers, and
    a folder or file whose name is no UTF-8 (bytes of Latin-1 on Linux) gave a traceback where
    it validated, or where one line said the file was missing."""
    import shutil

    folder = os.path.join(os.fsencode(tmp_path), b"ex\xe9")
    shutil.copytree(EXAMPLE, os.fsdecode(folder))
    done = subprocess.run([sys.executable, "-m", "mvo_assessment.cli", "validate", folder], capture_output=True, timeout=60)
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    assert folder in done.stdout  # the name as it is, as the shell shows it
    missing = os.path.join(os.fsencode(tmp_path), b"\xff.json")
    done = subprocess.run([sys.executable, "-m", "mvo_assessment.cli", "score", missing], capture_output=True, timeout=60)
    assert done.returncode == 1 and b"Traceback" not in done.stderr, done.stderr
    assert b"cannot read the answers file (No such file or directory)" in done.stderr


def test_validate_ok() -> None:
    done = run("validate", str(EXAMPLE))
    assert done.returncode == 0 and "valid" in done.stdout and done.stderr == ""
    assert "(voorbeeld 1.0, 2 sections, 2 pages, 5 questions, 1 tool; languages: nl)" in done.stdout  # QA: "1 tools"


def test_validate_names_the_languages_it_checked(example_dir: Path) -> None:
    """An author whose translations folder is empty sees that the questionnaire is valid in its
    own language only; the shipped one is valid in Dutch and English."""
    (example_dir.parent / "translations").mkdir()
    done = run("validate", str(example_dir))
    assert done.returncode == 0 and done.stdout.rstrip().endswith("; languages: nl).")
    shipped = run("validate")
    assert shipped.returncode == 0 and shipped.stdout.rstrip().endswith("; languages: nl, en).")
    # QA: with no translations folder at all, nothing said that English went unchecked
    (example_dir.parent / "translations").rmdir()
    done = run("validate", str(example_dir))
    assert done.returncode == 0 and "; languages: nl)." in done.stdout
    assert f"No translations were checked: there is no folder '{example_dir.parent / 'translations'}'" in done.stdout


def test_validate_broken_exits_1_with_located_messages(example_dir: Path) -> None:
    path = example_dir / "stap-1-beleid.yaml"
    path.write_text(path.read_text().replace("        type: single\n", "        tpye: single\n"))
    done = run("validate", str(example_dir))
    assert done.returncode == 1
    assert f"[file: {example_dir}/stap-1-beleid.yaml | line: 21 | question: beleid] Unknown key 'tpye'" in done.stderr
    assert "Traceback" not in done.stderr


def test_validate_missing_folder(tmp_path: Path) -> None:
    done = run("validate", str(tmp_path / "nergens"))
    assert done.returncode == 1 and "No questionnaire folder" in done.stderr and "Traceback" not in done.stderr


def _without_root_privileges() -> list[str]:
    """A prefix that runs a command as root without its right to read any file, so a folder
    without permissions refuses it as it refuses any other user (CI runs as root)."""
    if os.geteuid() != 0:
        return []
    caps = "-dac_override,-dac_read_search"
    prefix = ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]
    try:
        subprocess.run([*prefix, "true"], check=True, capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        pytest.skip("this machine cannot take root's right to read every file away (setpriv)")
    return prefix


def test_a_folder_that_cannot_be_read_is_named_without_a_traceback(example_dir: Path) -> None:
    """QA (command line): a questionnaire folder its user may not list was a PermissionError
    traceback; an unreadable file inside it already was one located line."""
    example_dir.chmod(0)
    try:
        done = subprocess.run([*_without_root_privileges(), sys.executable, "-m", "mvo_assessment.cli", "validate",
                               str(example_dir)], capture_output=True, text=True, timeout=60)
    finally:
        example_dir.chmod(0o755)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"The questionnaire folder '{example_dir}' cannot be read (Permission denied)" in done.stderr


def test_a_named_pipe_in_the_folder_is_refused_instead_of_waited_for(example_dir: Path) -> None:
    """QA (command line): a named pipe in place of tools.yaml held `validate` for good."""
    (example_dir / "tools.yaml").unlink()
    os.mkfifo(example_dir / "tools.yaml")
    done = run("validate", str(example_dir))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "tools.yaml] The file cannot be read (it is not a regular file (a pipe or a device))" in done.stderr


@pytest.mark.parametrize("command", [
    ["validate", ""], ["show", "--json", ""], ["score", "-", "--questionnaire", ""],
    ["validate", "--translations", ""], ["report", "-", "-o", "x.pdf", "--translations", ""],
])
def test_an_empty_folder_name_is_a_wrong_command_line(command: list[str]) -> None:
    """QA (command line): an empty name meant the default folder, so `--questionnaire "$Q"`
    with Q unset scored another questionnaire without a word."""
    done = run(*command, stdin="{}")
    assert done.returncode == 2 and done.stdout == ""
    assert "an empty name names no folder (is a variable in the command empty?)" in done.stderr


def test_an_empty_file_is_named_as_it_is_written(example_dir: Path) -> None:
    (example_dir / "stap-1-beleid.yaml").write_text("")
    done = run("validate", str(example_dir))
    assert done.returncode == 1
    assert "The file stap-1-beleid.yaml must be a mapping of keys and values, not empty" in done.stderr


def test_a_missing_folder_is_named_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    done = run("validate", "nergens")
    assert "[file: nergens] No questionnaire folder at 'nergens'" in done.stderr


def test_show_outline_and_json() -> None:
    outline = run("show", str(EXAMPLE))
    assert outline.returncode == 0 and "1A: Uw beleid" in outline.stdout
    assert 'if {"question": "import", "equals": "ja"}' in outline.stdout
    # QA: an author could only review the recommendations by scoring an answers file
    assert "    - rec-beleid (when beleid is nee or ideeen or weet_niet)  tools: voorbeeld-tool\n" in outline.stdout
    assert "    - rec-niveau-1 (at level 1)\n        Begin klein: kies één product en één leverancier.\n" in outline.stdout
    assert "    - rec-achterstand (when 2 or more levels below the target, urgent)" in outline.stdout
    assert "General help (tools of every step): voorbeeld-tool" in outline.stdout
    # QA (author): gates, caps, thresholds, required and ranges were only seen by scoring a file
    assert "    - tevredenheid (scale, weight 1, 1 to 5)\n" in outline.stdout
    assert "  scoring: levels from 2: 20%, 3: 40%, 4: 60%, 5: 80%; at least 1 answered and 50% of the scored questions shown\n" in outline.stdout
    assert "    - gate gate-beleid: level 3 or higher only when beleid scores at least 2\n" in outline.stdout
    model = json.loads(run("show", "--json", str(EXAMPLE)).stdout)
    assert [s["id"] for s in model["sections"]] == ["intake", "stap-1"]
    question = model["sections"][1]["pages"][0]["questions"][1]
    assert {k: question[k] for k in ("id", "type", "required", "condition")} == {
        "id": "leveranciers", "type": "yesno", "required": True, "condition": {"question": "import", "equals": "ja"}}
    assert question["options"][2] == {"value": "nvt", "label": "Niet van toepassing", "score": None,
                                      "not_applicable": True, "dont_know": False, "exclusive": False}
    intake_option = model["sections"][0]["pages"][0]["questions"][0]["options"][0]
    assert intake_option["score"] is None
    assert model["levels"][0] == {"level": 1, "name": "Niet gestart", "description": "U bent nog niet begonnen."}
    assert model["tools"][0]["steps"] == ["stap-1"]


def test_show_json_gives_a_number_question_its_limits(example_dir: Path) -> None:
    """docs/model-json.md: `min` and `max` are there for `number` questions as for `scale` ones
    (`null` where the author set none), and only a scale has `min_label` and `max_label`. A portal
    or tool that checks answers before sending them reads the limits from here. QA (mutation
    testing, fifth round): with the limits written for scale questions only, a number question
    had neither; the example questionnaire has no number question, so no test saw one."""
    intake = example_dir / "intake.yaml"
    intake.write_text(
        intake.read_text(encoding="utf-8")
        + "      - id: medewerkers\n        type: number\n        text: Hoeveel medewerkers heeft u?\n"
          "        min: 1\n        max: 100000\n"
          "      - id: omzet\n        type: number\n        text: Wat is uw omzet in euro?\n        min: 0\n",
        encoding="utf-8",
    )
    done = run("show", "--json", str(example_dir))
    assert done.returncode == 0, done.stderr
    questions = {q["id"]: q for q in json.loads(done.stdout)["sections"][0]["pages"][0]["questions"]}
    assert {k: questions["medewerkers"][k] for k in ("type", "min", "max", "options")} == {
        "type": "number", "min": 1, "max": 100000, "options": []}
    assert (questions["omzet"]["min"], questions["omzet"]["max"]) == (0, None)
    assert "min_label" not in questions["medewerkers"]
    assert {k: questions["import"].get(k, "absent") for k in ("min", "max")} == {"min": "absent", "max": "absent"}


def answers_file(tmp_path: Path, answers: dict[str, Any], **top: Any) -> Path:
    path = tmp_path / "antwoorden.json"
    path.write_text(json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": answers, **top}))
    return path


def test_score_prints_the_result(tmp_path: Path) -> None:
    path = answers_file(tmp_path, {"grootte": "klein", "beleid": "openbaar", "tevredenheid": 5})
    done = run("score", str(path), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["questionnaire"] == {"id": "voorbeeld", "version": "1.0"}
    assert (result["steps"][0]["level"], result["steps"][0]["status"]) == (5, "scored")


def test_score_gives_each_tool_the_language_of_its_title() -> None:
    """An adviser's tool or the portal that shows the result's tool links can mark a title in
    another language (WCAG 3.1.2), as the website and the PDF do: an English publication's name
    in Dutch, the Dutch names the translation keeps in English."""
    example = str(SHIPPED.parent / "examples" / "klein-importeur.json")
    for language, expected in (("nl", {"un-guiding-principles": "en", "ser-betekenisvolle-dialoog": None}),
                               ("en", {"un-guiding-principles": "en", "ser-betekenisvolle-dialoog": "nl"})):
        done = run("score", example, "--lang", language)
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        tools = {t["id"]: t for a in result["actions"] for t in a["tools"]}
        assert {tool_id: tools[tool_id]["title_language"] for tool_id in expected} == expected, language


def test_a_publication_in_another_language_than_its_title_says_so() -> None:
    """QA (adviser): two English web pages, listed under Dutch descriptions as titles, were given
    as Dutch (no "(in het Engels)" beside them): `language` in tools.yaml says the page's own."""
    done = run("show", "--json")
    assert done.returncode == 0, done.stderr
    tools = {t["id"]: t for t in json.loads(done.stdout)["tools"]}
    for tool_id in ("amfori-multi-tier", "open-supply-hub-merken"):
        assert (tools[tool_id]["language"], tools[tool_id]["title_language"]) == ("en", None), tool_id
    assert (tools["un-guiding-principles"]["language"], tools["ser-betekenisvolle-dialoog"]["language"]) == ("en", "nl")


def _version_2(tmp_path: Path) -> Path:
    """The example questionnaire as version 2.0, with the option `openbaar` renamed `publiek`."""
    import shutil

    folder = tmp_path / "v2"
    shutil.copytree(EXAMPLE, folder)
    main = folder / "questionnaire.yaml"
    main.write_text(main.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "2.0"'), encoding="utf-8")
    step = folder / "stap-1-beleid.yaml"
    text = step.read_text(encoding="utf-8")
    assert "{value: openbaar," in text
    step.write_text(text.replace("{value: openbaar,", "{value: publiek,"), encoding="utf-8")
    return folder


def test_fit_keeps_the_answers_that_fit_the_new_version_and_names_the_rest(tmp_path: Path) -> None:
    """QA (author): after a new version there was no way to bring an answers file along but the
    website's upload; `score` refused it without saying what to do. `fit` fits it by the
    upload's rule and names each answer it leaves out."""
    v2 = _version_2(tmp_path)
    old = answers_file(tmp_path, {"grootte": "klein", "beleid": "openbaar", "tevredenheid": 5})
    refused = run("score", str(old), "--questionnaire", str(v2))
    assert refused.returncode == 1
    assert f"`mvo-assessment fit {old} --questionnaire {v2} -o FITTED.json` keeps the answers" in refused.stderr
    # QA (contracts): 'openbaar' may be an option of 1.0; this version cannot say it is wrong there
    assert "openbaar" not in refused.stderr and "not an option" not in refused.stderr
    assert refused.stderr.rstrip().endswith("of its answers, 1 does not fit this version (`fit` names it)")
    fitted_path = tmp_path / "fitted.json"
    done = run("fit", str(old), "--questionnaire", str(v2), "-o", str(fitted_path))
    assert done.returncode == 0 and done.stdout == "", done.stderr
    assert done.stderr.splitlines()[0] == f'{old}: fitted from version "1.0" to version 2.0; 1 answer left out:'
    assert done.stderr.splitlines()[1].startswith('  beleid: "openbaar" (\'openbaar\' is not an option; allowed: ')
    fitted = json.loads(fitted_path.read_text(encoding="utf-8"))
    assert fitted == {"questionnaire": "voorbeeld", "version": "2.0", "answers": {"grootte": "klein", "tevredenheid": 5}}
    assert run("score", str(fitted_path), "--questionnaire", str(v2)).returncode == 0
    # a file of this version: written as it is (normalised), and said
    same = run("fit", str(fitted_path), "--questionnaire", str(v2))
    assert same.returncode == 0 and json.loads(same.stdout) == fitted
    assert same.stderr == f"{fitted_path}: already version 2.0; nothing left out\n"


def test_fit_does_not_write_over_the_file_it_fits(tmp_path: Path) -> None:
    """QA (command line): `fit old.json -o old.json` replaced the file, and the answers it left
    out were gone for good (named only on standard error)."""
    v2 = _version_2(tmp_path)
    old = answers_file(tmp_path, {"grootte": "klein", "beleid": "openbaar"})
    before = old.read_bytes()
    done = run("fit", str(old), "--questionnaire", str(v2), "-o", str(old))
    assert done.returncode == 1
    assert f"{old}: cannot write the answers file (it is the answers file it is made from; give the answers file another name)" in done.stderr
    assert old.read_bytes() == before


def test_fit_keeps_hidden_answers_and_the_earlier_rounds_as_they_are(tmp_path: Path) -> None:
    """QA (review): `fit` left out an answer to a question hidden by branching without naming it
    (the upload keeps such answers, since a changed answer can show the question again), and
    refitted the earlier rounds silently while they kept their old version."""
    v2 = _version_2(tmp_path)
    earlier = [{"version": "0.9", "finished": "2025-01-31", "answers": {"oude_vraag": "x", "beleid": "openbaar"}}]
    old = answers_file(tmp_path, {"grootte": "klein", "import": "nee", "leveranciers": "ja", "beleid": "nee"},
                       earlier_rounds=earlier)
    done = run("fit", str(old), "--questionnaire", str(v2))
    assert done.returncode == 0, done.stderr
    fitted = json.loads(done.stdout)
    assert fitted["answers"] == {"grootte": "klein", "import": "nee", "leveranciers": "ja", "beleid": "nee"}
    assert fitted["earlier_rounds"] == earlier
    assert done.stderr == f'{old}: fitted from version "1.0" to version 2.0; 0 answers left out\n'


def test_fit_leaves_no_empty_answer_and_does_not_call_it_left_out(tmp_path: Path) -> None:
    """QA (review): a file of another version with `"vragen_van": []` came out of `fit` with the
    empty list kept (the format leaves an empty list out as no answer), and the website's upload
    stored it; saying it was left out would be wrong too, since it was no answer."""
    old = tmp_path / "oud.json"
    old.write_text(json.dumps({"questionnaire": "mvo-assessment", "version": "1.0",
                               "answers": {"grootte": "klein", "vragen_van": [], "functies": [], "import": None}}))
    done = run("fit", str(old))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["answers"] == {"grootte": "klein"}
    assert done.stderr.endswith("0 answers left out\n"), done.stderr


def test_the_day_a_files_round_was_finished_is_read_checked_and_kept(tmp_path: Path) -> None:
    """The answers file from round 2 on says when its own round was finished (`finished`, beside
    `earlier_rounds`): `score` reads it (it changes no result), refuses a day that cannot be,
    and `fit` keeps it (QA, adviser: a round loaded a year later was dated the day it was loaded)."""
    earlier = [{"version": "1.0", "finished": "2025-01-31", "answers": {"grootte": "klein"}}]
    good = answers_file(tmp_path, {"grootte": "klein"}, finished="2025-11-27", earlier_rounds=earlier)
    assert run("score", str(good), "--questionnaire", str(EXAMPLE)).returncode == 0
    for day, expected in (("27-11-2025", "[finished] expected the day this round was finished, as YYYY-MM-DD, or null"),
                          ("2025-01-01", "[finished] 2025-01-01 is before the day the round before it was finished (2025-01-31)"),
                          ("2999-01-01", "[finished] 2999-01-01 is in the future")):
        bad = answers_file(tmp_path, {"grootte": "klein"}, finished=day, earlier_rounds=earlier)
        done = run("score", str(bad), "--questionnaire", str(EXAMPLE))
        assert done.returncode == 1 and expected in done.stderr, done.stderr
    v2 = _version_2(tmp_path)
    good = answers_file(tmp_path, {"grootte": "klein"}, finished="2025-11-27", earlier_rounds=earlier)  # the same path
    fitted = run("fit", str(good), "--questionnaire", str(v2))
    assert fitted.returncode == 0 and json.loads(fitted.stdout)["finished"] == "2025-11-27", fitted.stderr


def test_a_future_day_is_judged_by_the_today_of_whoever_wrote_the_day() -> None:
    """The website passes today in its own time zone (it writes its days there); without it,
    today in Europe/Amsterdam. No day of slack: a file that says a round was finished tomorrow
    is refused (QA, review: it was let in, and the site then refused its own next download)."""
    from datetime import date

    from mvo_assessment.answers import AnswersInvalid, parse_answers_file
    from mvo_assessment.loader import load_questionnaire

    questionnaire = load_questionnaire(EXAMPLE)
    document = {"questionnaire": "voorbeeld", "version": "1.0", "answers": {"grootte": "klein"}, "finished": "2030-01-02",
                "earlier_rounds": [{"version": "1.0", "finished": "2030-01-01", "answers": {}}]}
    assert parse_answers_file(questionnaire, document, today=date(2030, 1, 2)).finished == date(2030, 1, 2)
    with pytest.raises(AnswersInvalid) as refused:
        parse_answers_file(questionnaire, document, today=date(2030, 1, 1))
    assert [problem.where for problem in refused.value.problems] == ["finished"]
    with pytest.raises(AnswersInvalid):
        parse_answers_file(questionnaire, {**document, "finished": None}, today=date(2029, 12, 31))  # the earlier round too


def test_fit_refuses_what_no_version_of_the_questionnaire_can_be(tmp_path: Path) -> None:
    """Only another version is fitted: a wrong type, another questionnaire or broken JSON is
    refused with located errors, as `score` refuses it."""
    v2 = _version_2(tmp_path)
    for document, expected in (
        ({"questionnaire": "iets-anders", "version": "1.0", "answers": {}}, "[questionnaire]"),
        ({"questionnaire": "voorbeeld", "version": "1.0", "answers": [1]}, "[answers]"),
        ({"questionnaire": "voorbeeld", "version": "2.0", "answers": {"beleid": "openbaar"}}, "[answers.beleid]"),
        # no version says nothing about what the file was answered with (QA, review)
        ({"questionnaire": "voorbeeld", "answers": {"beleid": "nee"}}, "[version] missing"),
        ({"questionnaire": "voorbeeld", "version": None, "answers": {"beleid": "nee"}}, "[version]"),
        # nor does a "version" that no version can be (QA, security round 2)
        ({"questionnaire": "voorbeeld", "version": "1.0\u0000", "answers": {"beleid": "nee"}},
         "[version] expected the questionnaire version it was answered with"),
    ):
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        done = run("fit", str(path), "--questionnaire", str(v2))
        assert done.returncode == 1 and done.stdout == "" and expected in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


def test_score_finds_the_translations_where_the_website_does(tmp_path: Path) -> None:
    """QA (parity): `score --lang en` looked only beside the questionnaire folder, while the
    website reads QUESTIONNAIRE_TRANSLATIONS: the CLI printed Dutch titles where the site's
    outcome had English ones. Now --translations, then QUESTIONNAIRE_TRANSLATIONS, then beside."""
    import os

    web = SHIPPED.parent / "tests" / "web"
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"questionnaire": "voorbeeld", "version": "1.0",
                                "answers": {"grootte": "klein", "import": "ja", "beleid": "papier", "integratie": 2}}))
    beside = subprocess.run([sys.executable, "-m", "mvo_assessment.cli", "score", str(path), "--lang", "en",
                             "--questionnaire", str(web / "questionnaire")], capture_output=True, text=True, timeout=60)
    assert "warning: no 'en' translation of this questionnaire" in beside.stderr
    assert json.loads(beside.stdout)["steps"][0]["title"] == "Beleid"
    named = subprocess.run([sys.executable, "-m", "mvo_assessment.cli", "score", str(path), "--lang", "en",
                            "--questionnaire", str(web / "questionnaire"),
                            "--translations", str(web / "questionnaire-translations")],
                           capture_output=True, text=True, timeout=60)
    assert named.returncode == 0 and named.stderr == "" and json.loads(named.stdout)["steps"][0]["title"] == "Policy"
    from_environment = subprocess.run(
        [sys.executable, "-m", "mvo_assessment.cli", "score", str(path), "--lang", "en"], capture_output=True, text=True,
        timeout=60, env={**os.environ, "QUESTIONNAIRE_PATH": str(web / "questionnaire"),
                         "QUESTIONNAIRE_TRANSLATIONS": str(web / "questionnaire-translations")},
    )
    assert from_environment.stdout == named.stdout, from_environment.stderr


def test_validate_refuses_a_translations_folder_named_in_the_environment_that_is_not_there(tmp_path: Path) -> None:
    """QA (review): --translations to a missing folder was an error, the same folder named by
    QUESTIONNAIRE_TRANSLATIONS (as the website reads it) checked Dutch only and exited 0."""
    import os

    missing = tmp_path / "nergens"
    done = subprocess.run([sys.executable, "-m", "mvo_assessment.cli", "validate", str(EXAMPLE)], capture_output=True,
                          text=True, timeout=60, env={**os.environ, "QUESTIONNAIRE_TRANSLATIONS": str(missing)})
    assert done.returncode == 1 and f"No translations folder at '{missing}' (QUESTIONNAIRE_TRANSLATIONS)" in done.stderr


def _full_device() -> bool:
    """Linux's /dev/full (every write fails: the disk is full), a character device, not a file
    of that name that something wrote (QA, review)."""
    try:
        return stat.S_ISCHR(os.stat("/dev/full").st_mode)
    except OSError:
        return False


@pytest.mark.skipif(not _full_device(), reason="needs the character device /dev/full")
@pytest.mark.parametrize("command", [["score", str(ROOT / "examples" / "klein-importeur.json")], ["show", "--json"]])
def test_output_that_cannot_be_written_is_said_in_one_line(command: list[str]) -> None:
    """QA (contracts): `score … > /dev/full` (a full disk) ended in a traceback."""
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "mvo_assessment.cli", *command], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr == f"mvo-assessment {command[0]}: could not write the output: No space left on device\n"


def test_output_that_cannot_be_written_is_said_in_one_line_in_process(monkeypatch: Any, capsys: Any) -> None:
    """As above where there is no /dev/full: standard output that fails as a full disk does."""
    import errno
    import io

    from mvo_assessment import cli

    class FullDisk(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(sys, "stdout", FullDisk())
    assert cli.main(["score", str(ROOT / "examples" / "klein-importeur.json")]) == 1
    assert capsys.readouterr().err == "mvo-assessment score: could not write the output: No space left on device\n"


@pytest.mark.parametrize("command", [["validate"], ["score", str(ROOT / "examples" / "klein-importeur.json")]])
def test_a_closed_standard_output_is_said_in_one_line(command: list[str]) -> None:
    """QA (security): started with standard output closed (`>&-`), `score` ended in a traceback
    (and, after the flush added for a full disk, `validate` too)."""
    done = subprocess.run([sys.executable, "-m", "mvo_assessment.cli", *command], stderr=subprocess.PIPE, text=True,
                          timeout=60, preexec_fn=lambda: os.close(1))  # noqa: PLW1509 (the child's own descriptor)
    assert done.returncode == 1
    assert done.stderr == f"mvo-assessment {command[0]}: could not write the output: standard output is closed\n"


def test_a_result_given_as_answers_is_said_to_be_one() -> None:
    """QA (adviser): `score` on the result it printed (the website's "uitkomst") gave six lines
    of unknown keys; the website's upload said plainly what it was. Both read it by one rule."""
    result = run("score", str(ROOT / "examples" / "klein-importeur.json")).stdout
    done = run("score", "-", stdin=result)
    assert done.returncode == 1
    assert done.stderr == ("-: [(top)] this is a result, as `mvo-assessment score` prints it, not an answers file; "
                           "use the answers file it was scored from\n")


def test_score_reads_standard_input() -> None:
    text = json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"beleid": "nee", "tevredenheid": 1}})
    done = run("score", "-", "--questionnaire", str(EXAMPLE), stdin=text)
    assert done.returncode == 0 and json.loads(done.stdout)["steps"][0]["level"] == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"questionnaire": "voorbeeld", ', "[line 1, column 32] invalid JSON"),
        # QA (parity): Python's json reads NaN and Infinity, JSON has neither
        ('{"questionnaire": "voorbeeld", "version": "1.0", "answers": {"tevredenheid": NaN}}',
         "[(file)] invalid JSON: NaN is not a JSON value; write a number, or null for no answer"),
        ('{"questionnaire": "voorbeeld", "version": "1.0", "answers": {"tevredenheid": -Infinity}}',
         "[(file)] invalid JSON: -Infinity is not a JSON value"),
        (json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"belied": "nee"}}),
         "[answers.belied] unknown question. Did you mean 'beleid'?"),
        # QA (command line): Cyrillic о's look like Latin o's; the hint named a question that looked the same
        (json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"bel\u0435id": "nee"}}, ensure_ascii=False),
         "[answers.bel\u0435id] unknown question. Did you mean 'beleid'? The name holds characters that only look "
         "like its letters (U+0435)"),
        # QA (review): nor a fullwidth letter, though Unicode counts it compatible with an ASCII one
        (json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"bele\uff49d": "nee"}}, ensure_ascii=False),
         "[answers.bele\uff49d] unknown question. Did you mean 'beleid'? The name holds characters that only look "
         "like its letters (U+FF49)"),
        # QA (review): an accented letter is no lookalike; the hint alone says it
        (json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"beleid": "idee\u00ebn"}}, ensure_ascii=False),
         "[answers.beleid] 'ideeën' is not an option; allowed: 'nee', 'ideeen', 'papier', 'openbaar', 'weet_niet'. Did you mean 'ideeen'?\n"),
        (json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"beleid": "misschien"}}),
         "[answers.beleid] 'misschien' is not an option; allowed: 'nee', 'ideeen', 'papier', 'openbaar', 'weet_niet'"),
        (json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"tevredenheid": "veel"}}),
         '[answers.tevredenheid] expected a number, got "veel"'),
        (json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"tevredenheid": 9}}),
         "[answers.tevredenheid] 9 is above the maximum 5"),
        (json.dumps({"questionnaire": "voorbeeld", "version": "0.9", "answers": {}}),
         "[version] \"0.9\" cannot be scored with this questionnaire, which is version '1.0'"),
        (json.dumps({"questionnaire": "iets-anders", "version": "1.0", "answers": {}}),
         "[questionnaire] \"iets-anders\" does not match this questionnaire 'voorbeeld'"),
        (json.dumps([1, 2]), "[(top)] expected a JSON object"),
        (json.dumps({"answers": {}}), "[questionnaire] missing; expected 'voorbeeld'"),
        (json.dumps({"questionnaire": "voorbeeld", "answers": {}}), "[version] missing; expected '1.0'"),
        (json.dumps({"questionnaire": "voorbeeld", "version": 1.0, "answers": {}}),
         "[version] expected the text '1.0', got 1.0"),
        # json would keep the last of two answers silently; a file that says two things is refused.
        ('{"questionnaire": "voorbeeld", "version": "1.0", "answers": {"beleid": "nee", "beleid": "openbaar"}}',
         "[answers.beleid] appears more than once in the file; keep one"),
        ('{"questionnaire": "voorbeeld", "version": "1.0", "version": "1.0", "answers": {}}',
         "[version] appears more than once in the file; keep one"),
        # QA (contracts): twice in an earlier round was located at the top or in the answers
        ('{"questionnaire": "voorbeeld", "version": "1.0", "answers": {}, "earlier_rounds": [{"version": "1.0", '
         '"answers": {}}, {"version": "1.0", "answers": {"beleid": "nee", "beleid": "papier"}}]}',
         "[earlier_rounds[1].answers.beleid] appears more than once in the file; keep one"),
        ('{"questionnaire": "voorbeeld", "version": "1.0", "answers": {}, "earlier_rounds": [{"version": "1.0", '
         '"version": "0.9", "answers": {}}]}',
         "[earlier_rounds[0].version] appears more than once in the file; keep one"),
        # QA (contracts): 1e999 is read as infinity, and was then said to be "Infinity"
        ('{"questionnaire": "voorbeeld", "version": "1.0", "answers": {"beleid": 1e999}}',
         "[answers.beleid] expected one option value ('nee', 'ideeen', 'papier', 'openbaar', 'weet_niet'), got a number too large to use"),
        # Valid JSON that Python will not read: still a located message, never a traceback.
        pytest.param('{"questionnaire": "voorbeeld", "version": "1.0", "answers": {"tevredenheid": ' + "9" * 5000 + "}}",
                     "[(file)] invalid JSON: a number has too many digits to read", id="huge-number"),
        pytest.param("[" * 100_000 + "]" * 100_000, "[(file)] invalid JSON: nested too deeply to read", id="too-deep"),
        # QA (answers files): read as 0 and stored so; and only a whole number had the 4300 digits
        pytest.param('{"questionnaire": "voorbeeld", "version": "1.0", "answers": {"tevredenheid": 1e-400}}',
                     "[(file)] invalid JSON: a number too close to zero to read; write 0, or a number with fewer decimals",
                     id="tiny-number"),
        pytest.param('{"questionnaire": "voorbeeld", "version": "1.0", "answers": {"tevredenheid": 0.' + "0" * 5000 + "1}}",
                     "[(file)] invalid JSON: a number has too many digits to read", id="long-fraction"),
        # QA (command line): 500 levels are read by json, and walking them again was a RecursionError.
        pytest.param('{"questionnaire": "voorbeeld", "version": "1.0", "answers": {}, "earlier_rounds": '
                     '[{"version": "0.5", "finished": null, "answers": {"x": ' + "[" * 500 + "]" * 500 + "}}]}",
                     "[earlier_rounds[0].answers.x[0][0][0][0][0][0][0][0][0][0][0…] lists and objects nested "
                     "more than 20 deep; an answers file needs 5 at most", id="deep-in-a-round"),
        # QA: a whole number of 310 to 4300 digits is read, but no float holds it (OverflowError).
        pytest.param('{"questionnaire": "voorbeeld", "version": "1.0", "answers": {"tevredenheid": 1' + "0" * 309 + "}}",
                     "[answers.tevredenheid] expected a number with at most 15 digits before the decimal point, got 1000",
                     id="int-beyond-float"),
        # QA (code review): a number of 25 digits was taken, and every page that showed it gave a 500.
        pytest.param('{"questionnaire": "voorbeeld", "version": "1.0", "answers": {"tevredenheid": 1e15}}',
                     "[answers.tevredenheid] expected a number with at most 15 digits before the decimal point, got 1000000000000000.0",
                     id="sixteen-digits"),
        # Earlier rounds: a round of this version is checked like the answers, another's only for its shape.
        (json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {},
                     "earlier_rounds": [{"version": "1.0", "finished": None, "answers": {"beleid": "misschien"}}]}),
         "[earlier_rounds[0].answers.beleid] 'misschien' is not an option"),
        (json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {},
                     "earlier_rounds": [{"version": "0.9", "finished": "26-11-2025", "answers": {}}]}),
         "[earlier_rounds[0].finished] expected the day it was finished, as YYYY-MM-DD, or null"),
        # QA (review): another version's round is not checked against rules that are not here,
        # but 1e999 (read as infinity) was written back by `fit` as `Infinity`, which is no JSON.
        ('{"questionnaire": "voorbeeld", "version": "1.0", "answers": {}, "earlier_rounds": '
         '[{"version": "0.9", "finished": null, "answers": {"grootte": 1e999}}]}',
         "[earlier_rounds[0].answers.grootte] expected a number with at most 15 digits before the decimal point, "
         "got a number too large to use"),
        ('{"questionnaire": "voorbeeld", "version": "1.0", "answers": {}, "earlier_rounds": '
         '[{"version": "0.9", "finished": null, "answers": {"x": {"y": [1e999]}}}]}',
         "[earlier_rounds[0].answers.x] expected a number with at most 15 digits before the decimal point"),
        # QA (code review): date.fromisoformat also reads a week date and "20240101T0".
        (json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {},
                     "earlier_rounds": [{"version": "0.9", "finished": "2024-W01-1", "answers": {}}]}),
         "[earlier_rounds[0].finished] expected the day it was finished, as YYYY-MM-DD, or null"),
        # QA: a round finished after today, or before the round before it, was taken as given.
        (json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {},
                     "earlier_rounds": [{"version": "0.9", "finished": "2999-01-01", "answers": {}}]}),
         "[earlier_rounds[0].finished] 2999-01-01 is in the future"),
        (json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {},
                     "earlier_rounds": [{"version": "0.9", "finished": "2025-03-01", "answers": {}},
                                        {"version": "0.9", "finished": None, "answers": {}},
                                        {"version": "0.9", "finished": "2024-03-01", "answers": {}}]}),
         "[earlier_rounds[2].finished] 2024-03-01 is before the day the round before it was finished (2025-03-01)"),
        (json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {},
                     "earlier_rounds": [{"version": "0.9", "answers": {}, "score": 3}]}),
         "[earlier_rounds[0].score] unknown key; expected version, finished and answers"),
        (json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {}, "earlier_rounds": {}}),
         "[earlier_rounds] expected a list of earlier rounds, oldest first"),
        (json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {}, "extra": 1}),
         "[extra] unknown key; expected questionnaire, version, answers and (optional) finished and earlier_rounds"),
        # QA (security): half a character, which JSON can write but no text holds, gave a 500 on
        # the website's upload; a NUL in a version could not be stored on PostgreSQL.
        pytest.param('{"questionnaire": "voorbeeld", "version": "1.0", "answers": {"grootte": "\\ud800"}}',
                     "[answers.grootte] holds a lone surrogate (such as \\ud800): half of a character, so not a text",
                     id="surrogate-value"),
        pytest.param('{"questionnaire": "voorbeeld", "version": "1.0", "answers": {"\\udc00": "a"}}',
                     "[answers.\\udc00] holds a lone surrogate", id="surrogate-key"),
        pytest.param('{"questionnaire": "voorbeeld", "version": "1.0", "answers": {}, '
                     '"earlier_rounds": [{"version": "0.9", "answers": {"x": ["a", "\\ud800"]}}]}',
                     "[earlier_rounds[0].answers.x[1]] holds a lone surrogate", id="surrogate-earlier-round"),
        pytest.param('{"questionnaire": "voorbeeld", "version": "1.0", "answers": {}, '
                     '"earlier_rounds": [{"version": "0.9\\u0000", "answers": {}}]}',
                     "[earlier_rounds[0].version] expected the questionnaire version it was answered with",
                     id="nul-in-version"),
        # QA (security round 2): the file's own version was only compared with this one; the
        # website stored a finished file's as its round's version (a 500 on PostgreSQL).
        pytest.param(json.dumps({"questionnaire": "voorbeeld", "version": "9" * 5000, "answers": {}}),
                     "[version] expected the questionnaire version it was answered with, a text such as '1.0' "
                     "(at most 50 characters, none of them a control or invisible character); got \"99999",
                     id="long-version"),
        pytest.param('{"questionnaire": "voorbeeld", "version": "0.9\\u202e", "answers": {}}',
                     "[version] expected the questionnaire version it was answered with, a text such as '1.0' "
                     "(at most 50 characters, none of them a control or invisible character); got \"0.9\\u202e\"",
                     id="right-to-left-override-in-version"),
    ],
)
def test_bad_answers_file_exits_1_with_located_message(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "a.json"
    path.write_text(content)
    done = run("score", str(path), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 1
    assert f"{path}: {expected}" in done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr


def test_a_file_that_is_no_answers_file_says_so_before_naming_its_keys(tmp_path: Path) -> None:
    """QA (B1 editor): `{"foo": 1}` named its unknown key first, and the website's upload put
    "Dit is geen antwoordbestand van deze zelfevaluatie" fourth, behind it. The questionnaire
    and the version come first; unknown keys after them, before the answers."""
    path = tmp_path / "a.json"
    path.write_text('{"foo": 1}')
    done = run("score", str(path), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 1
    where = [line.split("] ")[0].split("[")[-1] for line in done.stderr.strip().splitlines()]
    assert where == ["questionnaire", "version", "foo", "answers"], done.stderr
    # A file of another questionnaire says only that, and then its unknown keys (QA, mutation testing).
    path.write_text('{"questionnaire": "iets-anders", "foo": 1}')
    done = run("score", str(path), "--questionnaire", str(EXAMPLE))
    where = [line.split("] ")[0].split("[")[-1] for line in done.stderr.strip().splitlines()]
    assert where == ["questionnaire", "foo"], done.stderr


def test_a_file_of_another_questionnaire_is_named_as_such_and_nothing_more() -> None:
    """QA: a shipped example scored with the example questionnaire printed the mismatch and then
    some 70 "unknown question" lines that only repeated it."""
    done = run("score", str(SHIPPED.parent / "examples" / "klein-importeur.json"), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 1 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert "[questionnaire] \"mvo-assessment\" does not match this questionnaire 'voorbeeld'" in lines[0]
    assert len(lines) <= 2, lines  # the problem, and at most a line on how many


def test_earlier_rounds_are_accepted_and_not_scored(tmp_path: Path) -> None:
    """The website's answers file carries the earlier rounds (docs/answers-format.md); `score`
    scores the file's own answers, whatever its history, also one of another version."""
    base = {"grootte": "klein", "import": "nee", "beleid": "openbaar", "tevredenheid": 5}
    plain = json.loads(run("score", str(answers_file(tmp_path, base)), "--questionnaire", str(EXAMPLE)).stdout)
    history = [{"version": "0.9", "finished": "2024-11-20", "answers": {"oude_vraag": 3}},
               {"version": "1.0", "finished": None, "answers": {"beleid": "nee"}}]
    done = run("score", str(answers_file(tmp_path, base, earlier_rounds=history)), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == plain


def test_hidden_answers_in_a_file_are_accepted_and_ignored(tmp_path: Path) -> None:
    base = {"grootte": "klein", "import": "nee", "beleid": "openbaar", "tevredenheid": 5}
    plain = json.loads(run("score", str(answers_file(tmp_path, base)), "--questionnaire", str(EXAMPLE)).stdout)
    with_hidden = run("score", str(answers_file(tmp_path, {**base, "leveranciers": "nee"})), "--questionnaire", str(EXAMPLE))
    assert with_hidden.returncode == 0 and json.loads(with_hidden.stdout) == plain


def test_a_byte_order_mark_is_allowed(tmp_path: Path) -> None:
    """Windows editors save UTF-8 with a byte order mark; the website's upload reads such files, so does the CLI."""
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"beleid": "nee"}}), encoding="utf-8-sig")
    done = run("score", str(path), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["steps"][0]["level"] == 1


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(lambda text: text.encode("utf-16"), id="utf-16 as Windows Notepad saves 'Unicode'"),
        pytest.param(lambda text: b"\xfe\xff" + text.encode("utf-16-be"), id="utf-16-be with BOM"),
        pytest.param(lambda text: text.encode("utf-32"), id="utf-32 with BOM"),
        pytest.param(lambda text: text.encode("utf-16-le"), id="utf-16-le without BOM, as json.loads reads it"),
    ],
)
def test_utf16_and_utf32_files_are_read_like_utf8(tmp_path: Path, encoded: Any) -> None:
    """QA: a file saved by Windows Notepad as "Unicode" (UTF-16 with a byte order mark) was
    refused as not UTF-8. It is the same JSON; the site and the CLI read it the same way."""
    text = json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": {"beleid": "nee", "grootte": "klein"}})
    utf8 = answers_file(tmp_path, {"beleid": "nee", "grootte": "klein"})
    path = tmp_path / "unicode.json"
    path.write_bytes(encoded(text))
    done = run("score", str(path), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    assert done.stdout == run("score", str(utf8), "--questionnaire", str(EXAMPLE)).stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(b"", "[(file)] the file is empty", id="empty"),
        # a byte order mark and blank lines hold nothing either
        pytest.param(b"\xef\xbb\xbf \r\n\t\n", "[(file)] the file is empty", id="blank"),
        pytest.param(b"\x80\x81 geen tekst",
                     "[(file)] not a text file in UTF-8, UTF-16 or UTF-32 (as utf-8: invalid start byte at byte 0, line 1); "
                     "if you edited it, save it again as UTF-8", id="binary"),
        # QA (command line): an é saved as Latin-1 on line 3 was "at byte 30" alone
        pytest.param('{"questionnaire": "voorbeeld",\n "version": "1.0",\n "answers": {"toelichting": "caf\u00e9"}}'.encode("latin-1"),
                     "[(file)] not a text file in UTF-8, UTF-16 or UTF-32 (as utf-8: invalid continuation byte at byte "
                     "82, line 3); if you edited it, save it again as UTF-8", id="latin-1"),
        pytest.param(b"\xff\xfe{\x00\x00",
                     "[(file)] not a text file in UTF-8, UTF-16 or UTF-32 (as utf-16: truncated data at byte 4, line 1); "
                     "if you edited it, save it again as UTF-8",
                     id="utf-16 cut short"),
    ],
)
def test_an_empty_or_binary_answers_file_is_named_as_such(tmp_path: Path, content: bytes, expected: str) -> None:
    """QA: an empty file was "invalid JSON at line 1, column 1", which sends people looking for a typo."""
    path = tmp_path / "a.json"
    path.write_bytes(content)
    done = run("score", str(path), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [f"{path}: {expected}"]


def test_an_answers_file_without_answers_still_scores(tmp_path: Path) -> None:
    """The contract lets a file leave out any question (docs/answers-format.md), all of them
    included: the CLI scores an empty set (every step "insufficient data"). Only the website's
    upload refuses such a file, because there it would replace the assessment under way."""
    done = run("score", str(answers_file(tmp_path, {})), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["steps"]


def test_a_language_without_a_translation_of_the_questionnaire_is_said(tmp_path: Path) -> None:
    """The example questionnaire has no catalogs beside it: the result comes, with a warning
    that its own texts stay Dutch, not silently in the wrong language."""
    done = run("score", str(answers_file(tmp_path, {"beleid": "nee"})), "--questionnaire", str(EXAMPLE), "--lang", "en")
    assert done.returncode == 0
    assert "warning: no 'en' translation of this questionnaire" in done.stderr and "stay in nl" in done.stderr
    assert json.loads(done.stdout)["steps"][0]["status_text"] == "assessed"


def test_missing_answers_file(tmp_path: Path) -> None:
    done = run("score", str(tmp_path / "nope.json"), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 1 and "cannot read the answers file" in done.stderr


def test_the_example_in_the_answers_contract_scores(tmp_path: Path) -> None:
    """docs/answers-format.md is what integrators copy: its example must be a valid file for the
    shipped questionnaire."""
    import re

    text = (EXAMPLE.parent / "answers-format.md").read_text(encoding="utf-8")
    examples = re.findall(r"```json\n(.*?)```", text, re.S)
    assert len(examples) == 2  # the first format, and one with earlier rounds (QA: it used an old option)
    for number, example in enumerate(examples):
        path = tmp_path / f"voorbeeld-{number}.json"
        path.write_text(example)
        done = run("score", str(path), "--questionnaire", str(EXAMPLE.parents[1] / "questionnaires"))
        assert done.returncode == 0, done.stderr
        assert [step["id"] for step in json.loads(done.stdout)["steps"]][:1] == ["stap-1"]


def test_made_up_keys_are_counted_without_a_search_for_each(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """QA: an unknown key of 10 000 characters took 11 s, as each unknown key was compared with
    every question for a "Did you mean"; the website reads uploads with the same function. A
    name is now compared only with names of about its length, and only the first problems get a
    hint. Counted, not timed."""
    from mvo_assessment import answers, suggest
    from mvo_assessment.loader import load_questionnaire

    compared: list[tuple[str, str]] = []
    distance = suggest.edit_distance
    monkeypatch.setattr(suggest, "edit_distance", lambda a, b: compared.append((a, b)) or distance(a, b))
    questionnaire = load_questionnaire(EXAMPLE)
    made_up = {"x" * 10_000: "a", **{f"bleid{i:03}": "nee" for i in range(100)}, "beleidd": "nee"}
    with pytest.raises(answers.AnswersInvalid) as refused:
        answers.parse_answers_file(questionnaire, {"questionnaire": "voorbeeld", "version": "1.0", "answers": made_up})
    problems = refused.value.problems
    assert len(problems) == len(made_up)
    assert not [pair for pair in compared if len(pair[0]) == 10_000]
    assert {a for a, _b in compared} == {f"bleid{i:03}" for i in range(answers.SUGGESTED_PROBLEMS - 1)}
    assert "Did you mean" not in problems[-1].message  # "beleidd" comes after the first few
    one = answers_file(tmp_path, {"beleidd": "nee"})
    assert "[answers.beleidd] unknown question. Did you mean 'beleid'?" in run("score", str(one), "--questionnaire", str(EXAMPLE)).stderr


def _unknown_question_message(name: str) -> str:
    from mvo_assessment import answers
    from mvo_assessment.loader import load_questionnaire

    with pytest.raises(answers.AnswersInvalid) as refused:
        answers.parse_answers_file(load_questionnaire(EXAMPLE), {"questionnaire": "voorbeeld", "version": "1.0",
                                                                 "answers": {name: "nee"}})
    [problem] = refused.value.problems
    return str(problem)


def test_did_you_mean_reaches_names_two_letters_longer_or_shorter() -> None:
    """A name two edits from a question's id gets its "Did you mean", also when the two edits
    are letters added or left out ("beleidje", "beid" for 'beleid'): "within two edits of it"
    (docs/answers-format.md), and names of a length that far off are not skipped. QA (mutation
    testing, fifth round): with the length pre-filter made `< max_distance`, a name two letters
    longer or shorter got no hint; the tests' misspellings all had the length of their id or
    one letter more."""
    from mvo_assessment.suggest import closest

    assert closest("beleidje", ["beleid", "grootte"]) == "beleid" and closest("beid", ["beleid"]) == "beleid"
    assert closest("beleidjes", ["beleid"]) is None  # three letters more: too far
    assert _unknown_question_message("beleidje") == "[answers.beleidje] unknown question. Did you mean 'beleid'?"
    assert _unknown_question_message("beid") == "[answers.beid] unknown question. Did you mean 'beleid'?"


def test_lookalike_characters_are_named_only_for_a_name_of_the_same_length() -> None:
    """The sentence on characters that only look like letters is for a name that looks the same
    as the one suggested ('bel\u0435id' with a Cyrillic е). A name with a letter more or less than
    the suggestion visibly differs from it, and the plain "Did you mean" says what to type. QA
    (mutation testing, fifth round): with the length condition dropped, 'bel\u0435idx' was told
    that it only held lookalikes of the letters of 'beleid'; the test had lookalikes in names of
    the same length only."""
    assert _unknown_question_message("bel\u0435idx") == "[answers.bel\u0435idx] unknown question. Did you mean 'beleid'?"
    assert _unknown_question_message("bel\u0435i") == "[answers.bel\u0435i] unknown question. Did you mean 'beleid'?"
    assert _unknown_question_message("bel\u0435id") == (
        "[answers.bel\u0435id] unknown question. Did you mean 'beleid'? The name holds characters that only look "
        "like its letters (U+0435)")


def test_past_a_hundred_problems_the_rest_are_counted(tmp_path: Path) -> None:
    """QA (command line): a file of two million made-up keys printed two million lines; the
    first hundred say what is wrong, the rest are counted in one line."""
    path = answers_file(tmp_path, {f"bleid{i:04}": "nee" for i in range(250)})
    done = run("score", str(path), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 101 and lines[99].startswith(f"{path}: [answers.bleid0099] unknown question")
    assert lines[100] == f"{path}: … and 150 more problems of the same file"
    # and `fit`'s list of answers it left out (QA, review)
    old = answers_file(tmp_path, {f"bleid{i:04}": "nee" for i in range(250)}, version="0.9")
    fitted = run("fit", str(old), "--questionnaire", str(EXAMPLE), "-o", str(tmp_path / "fitted.json"))
    assert fitted.returncode == 0, fitted.stderr
    lines = fitted.stderr.splitlines()
    assert len(lines) == 102 and lines[-1] == "  … and 150 more"


def test_a_name_from_the_file_cannot_forge_a_line_of_output(tmp_path: Path) -> None:
    """QA: a key holding a newline and a terminal's escape sequence was printed as such, so the
    output could show a line the program never wrote."""
    path = answers_file(tmp_path, {"x\nall good: 0 problems\u001b[2K": "a", "y" * 500: "a"})
    done = run("score", str(path), "--questionnaire", str(EXAMPLE))
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].endswith("[answers.x\\nall good: 0 problems\\x1b[2K] unknown question")
    assert "[answers." + "y" * 59 + "…] unknown question" in lines[1]


def test_show_names_caps_and_optional_questions(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "q"
    shutil.copytree(EXAMPLE, folder)
    step = folder / "stap-1-beleid.yaml"
    text = step.read_text(encoding="utf-8")
    text = text.replace("      min_score: 2\n      text: Zonder beleid op papier komt deze stap niet boven niveau 2.\n",
                        "      min_score: 2\n      text: Zonder beleid op papier komt deze stap niet boven niveau 2.\n"
                        "  caps:\n    - id: cap-geen-beleid\n      when: {question: beleid, equals: nee}\n"
                        "      max_level: 2\n      text: Zonder beleid blijft deze stap op niveau 2.\n")
    text = text.replace("        min: 1\n        max: 5\n", "        min: 1\n        max: 5\n        required: false\n")
    step.write_text(text, encoding="utf-8")
    outline = run("show", str(folder))
    assert outline.returncode == 0, outline.stderr
    assert '    - cap cap-geen-beleid: at most level 2 while {"question": "beleid", "equals": "nee"}\n' in outline.stdout
    assert "    - tevredenheid (scale, weight 1, optional, 1 to 5)\n" in outline.stdout


def test_show_names_a_recommendations_when(edit: Any) -> None:
    """An author reviews when advice is given without scoring a file: the outline says a
    recommendation's `when` after its trigger (content 1.2 gave the gap advice one each)."""
    folder = edit("stap-1-beleid.yaml", "    when_gap: 2\n", "    when_gap: 2\n    when: {question: beleid, in: [nee, ideeen]}\n")
    outline = run("show", str(folder))
    assert outline.returncode == 0, outline.stderr
    assert ('    - rec-achterstand (when 2 or more levels below the target, only while '
            '{"question": "beleid", "in": ["nee", "ideeen"]}, urgent)\n') in outline.stdout
    shipped = run("show", str(SHIPPED))
    assert ('    - rec-s1-achterstand (when 2 or more levels below the target, only while '
            '{"question": "s1_beleid", "in": ["nee", "ideeen", "weet_niet"]})  tools: mvo-steunpunt\n') in shipped.stdout
