"""Questionnaire content through gettext: extraction, translation of the model, completeness check."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from gettext import GNUTranslations
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po
from babel.messages.mofile import write_mo
from babel.support import Translations

from mvo_assessment.catalogs import compile_catalogs
from mvo_assessment.content_i18n import messages, translate
from mvo_assessment.i18n import local_number
from mvo_assessment.loader import load_questionnaire
from mvo_assessment.translation_check import catalog_paths, check_catalog, check_translations

from .conftest import EXAMPLE


def test_extraction_gives_every_text_with_its_context() -> None:
    questionnaire = load_questionnaire(EXAMPLE)
    found = set()
    for _, _, message, _, context in extract_from_dir(str(EXAMPLE), [("*.yaml", "mvo_questionnaire")]):
        found.add((context, message))
    expected = {(context, text) for _, context, text in messages(questionnaire)}
    assert found == expected
    assert ("beleid|option|papier", "Ja, op papier") in found
    assert ("stap-1|level|3", "Er is beleid op papier.") in found
    # Markdown stays Markdown in the catalog.
    assert ("beleid|help", "Een **MVO-beleid** zegt hoe u omgaat met mens en milieu.") in found


def _catalog(pairs: set[tuple[str, str]], translate_text) -> Catalog:  # type: ignore[no-untyped-def]
    catalog = Catalog(locale="en")
    for context, text in sorted(pairs):
        catalog.add(text, translate_text(text), context=context, locations=[("intake.yaml", 3)])
    return catalog


def test_translate_replaces_every_text_and_keeps_ids() -> None:
    questionnaire = load_questionnaire(EXAMPLE)
    pairs = {(context, text) for _, context, text in messages(questionnaire)}
    buffer = io.BytesIO()
    write_mo(buffer, _catalog(pairs, lambda t: f"EN {t}"))
    buffer.seek(0)
    translations = Translations(buffer)
    english = translate(questionnaire, translations.pgettext)
    assert {text for _, _, text in messages(english)} == {f"EN {t}" for _, t in pairs}
    assert [q.id for q in english.questions] == [q.id for q in questionnaire.questions]
    assert english.questions_by_id["beleid"].options[2].label == "EN Ja, op papier"
    # Scores, conditions and structure are untouched.
    assert english.questions_by_id["leveranciers"].condition == questionnaire.questions_by_id["leveranciers"].condition


def test_completeness_check_reports_located_problems(tmp_path: Path) -> None:
    questionnaire = load_questionnaire(EXAMPLE)
    pairs = {(context, text) for _, context, text in messages(questionnaire)}
    catalog = _catalog(pairs, lambda t: f"EN {t}")
    catalog.add("Stap %(nummer)s van 6", "Step %(number)s of 6", locations=[("mvo_assessment/web/x.py", 12)])
    catalog.add("Welkom", "", locations=[("mvo_assessment/templates/start.html", 4)])
    fuzzy = catalog.get("Hoeveel mensen werken er bij uw bedrijf?", context="grootte|text")
    fuzzy.flags.add("fuzzy")
    catalog.delete("Heeft uw bedrijf een MVO-beleid?", context="beleid|text")
    po = tmp_path / "en" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    with po.open("wb") as handle:
        write_po(handle, catalog)
    issues = check_catalog("en", po, questionnaire, "questionnaire")  # content: never %-formatted
    described = sorted((i.item or "", i.message.split(":")[0]) for i in issues)
    assert described == [
        ("", "placeholders differ"),
        ("", "untranslated"),
        ("question: beleid", "not in " + str(po)),
        ("question: grootte", "fuzzy translation of 'Hoeveel mensen werken er bij uw bedrijf?'; check it and remove the fuzzy flag"),
    ]
    untranslated = next(i for i in issues if i.message.startswith("untranslated"))
    assert "mvo_assessment/templates/start.html:4" in untranslated.file


def test_a_markdown_link_in_a_translated_plain_text_is_reported(tmp_path: Path) -> None:
    """QA (translator): "Weniger als 10 ([Definition](https://…))" as an option's label passed
    `validate`, and the question page showed the brackets; the Dutch text gets this message
    (validation/links.py), its translation did not. A Markdown text may hold the link."""
    questionnaire = load_questionnaire(EXAMPLE)
    pairs = {(context, text) for _, context, text in messages(questionnaire)}
    link = "([Definition](https://example.org/kmu))"
    catalog = _catalog(pairs, lambda t: f"EN {t}")
    label = next(m for m in catalog if m.context == "grootte|option|klein")
    label.string += " " + link
    markdown = next(m for m in catalog if m.context and m.context.endswith("|help"))
    markdown.string += " " + link
    po = tmp_path / "en" / "LC_MESSAGES" / "questionnaire.po"
    po.parent.mkdir(parents=True)
    with po.open("wb") as handle:
        write_po(handle, catalog)
    issues = check_catalog("en", po, questionnaire, "questionnaire")
    assert [(i.item, i.message) for i in issues] == [(
        "question: grootte",
        "a Markdown link, '[Definition](https://example.org/kmu)', in a text shown as plain text, brackets and all; "
        "links work in help, intro, level descriptions and recommendation texts",
    )]


def test_validate_fails_on_a_broken_catalog(tmp_path: Path) -> None:
    translations = tmp_path / "translations"
    po = translations / "en" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    catalog = Catalog(locale="en")
    catalog.add("Welkom", "", locations=[("start.html", 4)])
    with po.open("wb") as handle:
        write_po(handle, catalog)
    with (po.parent / "questionnaire.po").open("wb") as handle:
        write_po(handle, Catalog(locale="en"))
    done = subprocess.run([sys.executable, "-m", "mvo_assessment.cli", "validate", str(EXAMPLE),
                           "--translations", str(translations)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    # the entry's line in the .po (where a translator finds it), then where the text comes from
    line = next(n for n, text in enumerate(po.read_text(encoding="utf-8").splitlines(), 1) if text == 'msgid "Welkom"')
    assert f"[language: en | file: {po}:{line} (from start.html:4)] untranslated: 'Welkom'" in done.stderr
    assert "not in" in done.stderr and "question: beleid" in done.stderr


@pytest.mark.parametrize("broken", ['msgstr "Broken \\q escape"', 'msgstr "Broken, not ended', 'msgstr Broken'])
def test_validate_fails_on_a_catalog_that_is_not_well_formed(tmp_path: Path, broken: str) -> None:
    """QA: Babel reads an unterminated string or an unknown escape without a word, and the
    broken text went on the page while `validate` said "valid"; now the line is named."""
    translations = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", translations)
    po = translations / "en" / "LC_MESSAGES" / "questionnaire.po"
    lines = po.read_text(encoding="utf-8").splitlines()
    number = next(n for n, text in enumerate(lines, 1) if text.startswith('msgstr "') and n > 20)
    lines[number - 1] = broken
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mvo_assessment.cli", "validate", str(ROOT / "questionnaires"),
                           "--translations", str(translations)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"[language: en | file: {po}:{number}] not a line of a .po file: " in done.stderr


def problems_with_a_translated_help_text_ending_in(tmp_path: Path, addition: str) -> tuple[Path, list[str]]:
    """`validate`'s problems after `addition` is put at the end of the first English help text."""
    translations = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", translations)
    po = translations / "en" / "LC_MESSAGES" / "questionnaire.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    message = next(m for m in catalog if m.id and str(m.context).endswith("|help"))
    message.string = f"{message.string} {addition}"
    with po.open("wb") as handle:
        write_po(handle, catalog, width=100)
    done = subprocess.run([sys.executable, "-m", "mvo_assessment.cli", "validate", str(ROOT / "questionnaires"),
                           "--translations", str(translations)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    return po, [line for line in done.stderr.splitlines() if line.startswith("[")]


def test_a_translated_link_that_leads_nowhere_is_reported(tmp_path: Path) -> None:
    """A translation's Markdown links are shown like the source's: one without https:// is a
    dead link on the English pages (QA, author: only the Dutch texts were checked)."""
    po, problems = problems_with_a_translated_help_text_ending_in(tmp_path, "See [the guide](www.example.org/guide).")
    assert len(problems) == 1 and "leads nowhere: write the whole address, beginning with https://" in problems[0]
    assert f"file: {po}:" in problems[0]


@pytest.mark.parametrize("link", ["[the guide] (https://www.example.org/guide)", "[the guide](https://www.example.org/guide and more"])
def test_a_translated_link_that_shows_its_brackets_is_reported(tmp_path: Path, link: str) -> None:
    """QA (author): in the Dutch texts such a link was reported, in their translations not."""
    _po, problems = problems_with_a_translated_help_text_ending_in(tmp_path, f"See {link}.")
    assert len(problems) == 1 and "a link shows its brackets instead of a link: '[the guide]" in problems[0], problems


def test_a_language_folder_without_catalogs_is_reported(tmp_path: Path) -> None:
    """QA: `validate --translations` skipped a language folder without catalogs and said
    "languages: nl", as if nothing had been begun."""
    translations = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", translations)
    (translations / "de").mkdir()
    issues = check_translations(translations, None)
    assert sorted(i.message for i in issues if i.language == "de") == [
        # QA (command line): "the init command" named no command
        "the messages catalog is missing; create it with `scripts/translations init de`",
        "the questionnaire catalog is missing; create it with `scripts/translations init de`",
    ]


# --- the shipped catalogs ----------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
# The keywords of the documented extract command (docs/translations.md).
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "_l": None}


def test_shipped_catalogs_are_complete_for_english() -> None:
    """What `mvo-assessment validate` checks: nothing untranslated or fuzzy, placeholders intact,
    every questionnaire text in the content catalog."""
    issues = check_translations(TRANSLATIONS, load_questionnaire(ROOT / "questionnaires"))
    assert [str(issue) for issue in issues] == []
    assert {language for language, _ in catalog_paths(TRANSLATIONS)} == {"en"}


def test_every_interface_text_in_the_code_is_in_the_catalog() -> None:
    """A text added to code or a template without running extract and update fails here."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    extracted = {
        (context, message if isinstance(message, str) else message[0])
        for _, _, message, _, context in extract_from_dir(str(ROOT), method_map, options_map, keywords=KEYWORDS)
    }
    with (TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="en")
    in_catalog = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}
    assert sorted(extracted - in_catalog) == [], "run the extract and update commands of docs/translations.md"
    assert ("Uw score is %(score)s.") in {text for _, text in extracted}  # scoring's texts are extracted too


def test_a_broken_plural_and_a_changed_brace_placeholder_are_reported(tmp_path: Path) -> None:
    catalog = Catalog(locale="en")
    catalog.add(("%(count)s vraag", "%(count)s vragen"), ("%(count)s question", ""), locations=[("x.py", 3)])
    catalog.add("Hallo {naam}", "Hello {name}", locations=[("x.py", 4)])
    # A plural form may leave the number out ("once"), but may not bring in another placeholder.
    catalog.add(("%(count)s keer", "%(count)s keer"), ("once", "%(count)s times"), locations=[("x.py", 5)])
    catalog.add(("Eén vraag", "%(num)s vragen"), ("%(n)s question", "%(num)s questions"), locations=[("x.py", 6)])
    po = tmp_path / "messages.po"
    with po.open("wb") as handle:
        write_po(handle, catalog)
    messages_ = sorted(issue.message for issue in check_catalog("en", po, None))
    assert messages_ == [
        "placeholders differ: source has ['naam'], translation has ['name']",
        "the translation uses %(n)s, which the Dutch text does not have (its placeholders: %(num)s); "
        "until it is mended the website shows 'Eén vraag'",
        "untranslated: '%(count)s vraag'",
    ]


def test_a_translation_that_cannot_be_filled_in_is_reported_and_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """QA (translator): "zu 100 % kostenlos" in a template's text, or a misspelt placeholder,
    raised when the text was filled in (the German start page and results were 500s, and
    `score --lang` a traceback), while `validate` said nothing of the first. `validate` names
    both; compiled catalogs leave them out, so the Dutch text is shown, also where plain
    `pybabel compile` wrote a .mo that holds them; the command line warns."""
    from mvo_assessment import catalogs, cli
    from mvo_assessment.i18n import load_translations

    catalog = Catalog(locale="en")
    catalog.add("Uw score is %(score)s.", "Your score is %(scroe)s.", locations=[("mvo_assessment/scoring_plan.py", 1)])
    catalog.add("Niveau %(level)s begint bij %(score)s.", "Level %(level)s begins at %(score).", locations=[("x.py", 2)])
    catalog.add("Gratis", "100 % free", locations=[("mvo_assessment/templates/start.html", 3)])  # always filled in
    catalog.add("Alles", "100 % of it", locations=[("mvo_assessment/cli.py", 4)])  # code without placeholders: never
    catalog.add("Helemaal", "100 %% of it", locations=[("mvo_assessment/templates/start.html", 5)])
    po = tmp_path / "en" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    with po.open("wb") as handle:
        write_po(handle, catalog)
    said = sorted(issue.message.split(" (")[0].split(";")[0] for issue in check_catalog("en", po, None))
    assert said == [
        "the translation has a % sign that is no placeholder",
        "the translation has a % sign that is no placeholder",
        "the translation uses %(scroe)s, which the Dutch text does not have",
    ]
    loaded = load_translations(tmp_path, "en")
    assert loaded.gettext("Uw score is %(score)s.") == "Uw score is %(score)s."
    assert loaded.gettext("Niveau %(level)s begint bij %(score)s.") == "Niveau %(level)s begint bij %(score)s."
    assert loaded.gettext("Gratis") == "Gratis"
    assert (loaded.gettext("Alles"), loaded.gettext("Helemaal")) == ("100 % of it", "100 %% of it")
    # A .mo of all of it, as `pybabel compile` writes one, newer than the .po.
    mo = po.with_suffix(".mo")
    with mo.open("wb") as handle:
        write_mo(handle, catalog)
    later = po.stat().st_mtime + 10
    os.utime(mo, (later, later))
    assert load_translations(tmp_path, "en").gettext("Gratis") == "Gratis"
    assert compile_catalogs(tmp_path) == [mo]  # the website's start compiles it again
    with mo.open("rb") as handle:
        assert GNUTranslations(handle).gettext("Uw score is %(score)s.") == "Uw score is %(score)s."
    # The command line says so, and its result has the Dutch text.
    monkeypatch.setattr(catalogs, "TRANSLATIONS", tmp_path)
    assert cli.main(["score", str(ROOT / "examples" / "klein-importeur.json"), "--lang", "en"]) == 0
    printed = capsys.readouterr()
    assert "Uw score is" in printed.out
    assert f"warning: 3 interface text(s) have a translation that cannot be filled in" in printed.err
    assert f"{po}:" in printed.err


def test_english_model_and_explanations_from_the_shipped_catalogs() -> None:
    from mvo_assessment.i18n import CONTENT_DOMAIN, load_translations
    from mvo_assessment.scoring import score

    source = load_questionnaire(ROOT / "questionnaires")
    english = translate(source, load_translations(TRANSLATIONS, "en", CONTENT_DOMAIN).pgettext)
    answers = {"1a_beleid": "nee"} if "1a_beleid" in source.questions_by_id else {}
    result = score(english, answers, guidance=False, translations=load_translations(TRANSLATIONS, "en"))
    dutch = score(source, answers, guidance=False)
    assert [s["status"] for s in result["steps"]] == [s["status"] for s in dutch["steps"]]
    assert result["steps"][0]["title"] != dutch["steps"][0]["title"]
    assert {s["status_text"] for s in result["steps"]} <= {"assessed", "insufficient data", "not applicable"}
    assert all(item["text"] for s in result["steps"] for item in s["explanation"])


def test_catalogs_compile_beside_a_partial_file_another_process_left(tmp_path: Path) -> None:
    """Two processes starting at once (the site and a CLI command) compiled into one fixed
    partial file, `messages.mo.tmp`: one could publish the other's half-written catalog. Each
    writer has its own partial file now, so another one's (here a leftover that cannot even be
    opened as a file) does not matter, and the catalog is as readable as its source."""
    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "messages.po"
    po.write_text('msgid ""\nmsgstr ""\n\nmsgid "Ja"\nmsgstr "Yes"\n', encoding="utf-8")
    po.chmod(0o644)
    (folder / "messages.mo.tmp").mkdir()
    assert compile_catalogs(tmp_path) == [folder / "messages.mo"]
    with (folder / "messages.mo").open("rb") as handle:
        assert GNUTranslations(handle).gettext("Ja") == "Yes"
    assert (folder / "messages.mo").stat().st_mode & 0o777 == 0o644
    assert sorted(path.name for path in folder.iterdir()) == ["messages.mo", "messages.mo.tmp", "messages.po"]


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (12.5, "nl", "12,5"),
        (12.5, "en", "12.5"),
        (3.0, "nl", "3"),
        (-0.0001, "nl", "-0,0001"),
        # QA (code review): Babel's decimal context of 28 digits failed from 10^25 on, so a page
        # showing such a stored number (or a questionnaire's limit) gave a 500.
        (10**25, "nl", "1" + "0" * 25),
        (1e25, "nl", "1" + "0" * 25),
        (-(10**40) - 1, "en", "-1" + "0" * 39 + "1"),
    ],
)
def test_a_number_is_written_in_full_in_the_pages_language(value: float, language: str, expected: str) -> None:
    assert local_number(value, language) == expected
