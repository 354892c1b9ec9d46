"""The PDF, parsed back with pypdf: pages, bookmarks, links, page numbers, metadata, tagging."""

from __future__ import annotations

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader

from mvo_assessment.loader import load_questionnaire
from mvo_assessment.model import Questionnaire
from mvo_assessment.report import render_report_html, render_report_pdf
from mvo_assessment.report.company import COMPANY_NAME_MAX
from mvo_assessment.web.security import OPERATOR_NAME_MAX
from mvo_assessment.report.pdf import TEMPLATES, html_to_pdf, local_only_fetcher
from mvo_assessment.scoring import score

from .conftest import ANSWERS, EXAMPLE, EXAMPLES, GENERATED_ON, SHIPPED, TOOL_URL


def outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def link_uris(reader: PdfReader) -> set[str]:
    uris = set()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.add(str(action["/URI"]))
    return uris


def all_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_is_a_pdf_with_several_a4_pages(pdf_bytes: bytes, pdf: PdfReader) -> None:
    assert pdf_bytes.startswith(b"%PDF-")
    assert len(pdf.pages) >= 2
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_headings_are_bookmarks(pdf: PdfReader) -> None:
    titles = outline_titles(pdf)
    for heading in ("MVO-rapport", "Overzicht", "Wat eerst?", "Uw resultaat per stap", "Stap 1: Beleid",
                    "Uit te zoeken", "Bijlage: uw antwoorden"):
        assert any(heading in title for title in titles), (heading, titles)
    # h3 headings stay out of the outline, or it would list every "Waarom dit niveau?".
    assert not any("Waarom dit niveau?" in title for title in titles)


def test_tool_urls_are_text_and_links(pdf: PdfReader) -> None:
    assert TOOL_URL in all_text(pdf)
    assert TOOL_URL in link_uris(pdf)


def test_page_numbers_in_the_footer(pdf: PdfReader) -> None:
    total = len(pdf.pages)
    for number in range(2, total + 1):
        assert f"Pagina {number} van {total}" in pdf.pages[number - 1].extract_text()


def test_metadata_language_and_tags(pdf: PdfReader) -> None:
    assert pdf.metadata is not None
    assert pdf.metadata.title == "MVO-rapport – Koffie B.V. – 3 maart 2025"
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert bool(root["/MarkInfo"]["/Marked"])  # a tagged PDF (PDF/UA-1)
    assert "/StructTreeRoot" in root


def test_content_survives_conversion(pdf: PdfReader) -> None:
    text = all_text(pdf)
    for expected in ("Wat brengt u naar het volgende niveau?", "Uit te zoeken", "Schrijf op wat u al doet.",
                     "50 tot 250", "Urgent"):
        assert expected in text


@pytest.mark.parametrize(
    "url",
    ["https://tracker.example/pixel.png", "http://127.0.0.1:5000/admin", "file:///etc/passwd", "ftp://x/y"],
)
def test_the_fetcher_refuses_the_network_and_other_files(url: str) -> None:
    with pytest.raises(ValueError):
        local_only_fetcher().fetch(url)


def test_the_fetcher_allows_data_uris_and_its_own_templates() -> None:
    assert local_only_fetcher().fetch("data:text/plain,hallo").read() == b"hallo"
    own = local_only_fetcher().fetch((TEMPLATES / "report.css").as_uri())
    try:
        assert b"@page" in own.read()
    finally:
        own.close()
    with pytest.raises(ValueError):
        local_only_fetcher().fetch((TEMPLATES / ".." / ".." / ".." / "pyproject.toml").as_uri())


def _without_pango(monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint imports, but cffi cannot open Pango: the OSError it raises where the Debian
    packages are missing."""
    from mvo_assessment.report import pdf

    def missing() -> type:
        raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")

    monkeypatch.setattr(pdf, "_fetcher_class", missing)


def test_without_pango_the_report_is_unavailable_not_a_crash(
    questionnaire: Questionnaire, result: dict[str, Any], tmp_path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """Where Pango or fontconfig is missing, loading WeasyPrint fails with an OSError, not an
    ImportError. That is ReportUnavailable too: `report` exits 1 with one line naming what
    failed and where the packages are listed, and writes nothing (the website answers 503,
    tests/web/test_results.py). QA (mutation testing, fifth round): with only ImportError
    caught, the OSError went through: a traceback here and a 500 on the website."""
    from mvo_assessment.cli import main
    from mvo_assessment.report import ReportUnavailable

    _without_pango(monkeypatch)
    with pytest.raises(ReportUnavailable, match="WeasyPrint cannot be loaded: cannot load library 'libpango-1.0-0'"):
        render_report_pdf(questionnaire, ANSWERS, result, generated_on=GENERATED_ON)
    answers = tmp_path / "antwoorden.json"
    answers.write_text(json.dumps({"questionnaire": "voorbeeld", "version": "1.0", "answers": ANSWERS}))
    output = tmp_path / "rapport.pdf"
    assert main(["report", str(answers), "--output", str(output), "--questionnaire", str(EXAMPLE)]) == 1
    stderr = capsys.readouterr().err
    assert stderr.startswith("WeasyPrint cannot be loaded: cannot load library 'libpango-1.0-0'")
    assert stderr.endswith(". See docs/report.md for the Debian packages it needs.\n") and "Traceback" not in stderr
    assert not output.exists()


def test_rendering_never_touches_the_network() -> None:
    """Images, stylesheets and fonts pointing at a live local server: not one request arrives."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server API)
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        html = (f'<html lang="nl"><head><title>t</title><link rel="stylesheet" href="{base}/a.css">'
                f'<style>@import url({base}/b.css); @font-face {{ font-family: X; src: url({base}/f.woff); }}'
                f'body {{ background: url({base}/bg.png); font-family: X; }}</style></head>'
                f'<body><p>tekst</p><img src="{base}/pixel.png" alt=""></body></html>')
        assert html_to_pdf(html).startswith(b"%PDF-")
    finally:
        server.shutdown()
        server.server_close()
    assert requests == []


def test_real_questionnaire_report_for_the_small_importer() -> None:
    questionnaire = load_questionnaire(SHIPPED)
    document = json.loads((EXAMPLES / "klein-importeur.json").read_text(encoding="utf-8"))
    result = score(questionnaire, document["answers"])
    reader = PdfReader(io.BytesIO(render_report_pdf(questionnaire, document["answers"], result, generated_on=GENERATED_ON)))
    titles = outline_titles(reader)
    for step in questionnaire.steps:
        assert any(f"Stap {step.number}: {step.title}" in title for title in titles), step.id
    first_tools = [tool["url"] for tool in result["actions"][0]["tools"]]
    assert first_tools and set(first_tools) <= link_uris(reader)
    text = all_text(reader).replace("\n", "")
    assert all(url in text for url in first_tools)


# --- a later round (the website's round 2 and later) -------------------------------------------

# Round 1 had a policy on paper and was more content; round 2 (ANSWERS) answers "weet ik niet".
EARLIER_ANSWERS = {**ANSWERS, "beleid": "papier", "tevredenheid": 4}


@pytest.fixture(scope="module")
def round_2(questionnaire: Questionnaire, result: dict[str, Any]) -> PdfReader:
    from mvo_assessment.report import PreviousRound

    # Both rounds on the same day: only the round number tells the two PDFs apart.
    earlier = PreviousRound(1, GENERATED_ON, score(questionnaire, EARLIER_ANSWERS), EARLIER_ANSWERS)
    body = render_report_pdf(
        questionnaire, ANSWERS, result, generated_on=GENERATED_ON, company_name="Koffie B.V.", round_number=2,
        previous=earlier,
    )
    return PdfReader(io.BytesIO(body))


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_first_bookmark_names_the_company_apart_from_the_title(round_2: PdfReader) -> None:
    """QA (adviser): it read "MVO-rapportKoffie B.V." (the name is a line of its own on the cover)."""
    assert outline_titles(round_2)[0] == "MVO-rapport Koffie B.V."


def test_a_later_round_says_which_round_it_is(round_2: PdfReader) -> None:
    """QA: the PDF of round 2 never said it was round 2, and two rounds on one day had the
    same date: now the cover, the page header and the document title say "Ronde 2", and the
    overview's columns are named as on the results page."""
    assert round_2.metadata is not None
    assert round_2.metadata.title == "MVO-rapport – Koffie B.V. – Ronde 2 – 3 maart 2025"
    assert "Ronde 2" in flat(round_2.pages[0].extract_text())
    assert "MVO-rapport · Ronde 2 · 3 maart 2025" in flat(round_2.pages[1].extract_text())
    overview = flat(next(page.extract_text() for page in round_2.pages if "Doelniveau" in page.extract_text()))
    assert "Ronde 1 3 maart 2025" in overview and "Ronde 2 (nu)" in overview and "Niveau nu" not in overview
    # beside two rounds' levels the score says whose it is, as on the page (QA, adviser)
    assert "Score in ronde 2" in overview


def test_a_later_round_says_what_changed(round_2: PdfReader) -> None:
    """The results page's "Wat is veranderd", from the same function: the level per step and
    the changed answers, with the answer of each round."""
    assert "Wat is veranderd" in outline_titles(round_2)
    text = flat(all_text(round_2))
    changes = text[text.index("Wat is veranderd Vergeleken") :]
    assert "Vergeleken met ronde 1 van 3 maart 2025." in changes
    assert "Stap 1: Beleid: lager, van 3 – In opbouw naar 1 – Niet gestart" in changes
    assert "U heeft 2 antwoorden veranderd" in changes
    assert "Heeft uw bedrijf een MVO-beleid? Stap 1: Beleid Ja, op papier Weet ik niet" in changes
    assert "Hoe tevreden bent u over uw aanpak? Stap 1: Beleid 4 2" in changes
    # answers that stayed the same are not listed as changed
    assert "Koopt u producten in uit het buitenland?" not in changes[: changes.index("Wat eerst?")]


def test_a_first_round_says_nothing_about_rounds(pdf: PdfReader) -> None:
    assert "Ronde" not in all_text(pdf)
    assert "Wat is veranderd" not in outline_titles(pdf)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_what_to_do_first_starts_with_its_first_action(language: str) -> None:
    """QA (English walk): for a clothing brand's answers the English PDF left the page of
    "What to do first?" empty after its introduction and began Action 1 on the next page
    (WeasyPrint, with a tool's address after a <br>). The heading and the first action share a
    page, in both languages."""
    from pathlib import Path

    from mvo_assessment.content_i18n import translate
    from mvo_assessment.i18n import CONTENT_DOMAIN, load_translations

    translations = SHIPPED.parent / "translations"
    source = load_questionnaire(SHIPPED)
    questionnaire = source if language == "nl" else translate(
        source, load_translations(translations, language, CONTENT_DOMAIN).pgettext)
    answers = json.loads((Path(__file__).parent / "data" / "kledingmerk.json").read_text(encoding="utf-8"))["answers"]
    result = score(questionnaire, answers, translations=load_translations(translations, language))
    reader = PdfReader(io.BytesIO(render_report_pdf(questionnaire, answers, result, generated_on=GENERATED_ON,
                                                    language=language)))
    heading, first = ("What to do first?", "Action 1") if language == "en" else ("Wat eerst?", "Actie 1")
    page = next(p.extract_text() for p in reader.pages if p.extract_text().startswith(heading))
    assert first in page, page[:400]


def test_a_long_level_name_wraps_in_the_overview_and_keeps_the_other_columns(tmp_path) -> None:
    """QA (author): with a level name of 85 characters the overview table's cells did not wrap:
    "Doelniveau" was cut to "3 – I" at the page's edge and the score column was gone. Long
    names wrap between words; the chart leaves the names above its grid out when they do not
    fit between its lines (they ran into each other), and every bar still names its level."""
    import shutil

    from .conftest import EXAMPLE

    long_name = "Nog helemaal niet gestart met deze stap en ook nog geen plannen gemaakt om dat te doen"
    folder = tmp_path / "q"
    shutil.copytree(EXAMPLE, folder)
    main = folder / "questionnaire.yaml"
    main.write_text(main.read_text(encoding="utf-8").replace("name: Niet gestart", f"name: {long_name}"), encoding="utf-8")
    questionnaire = load_questionnaire(folder)
    answers = {"grootte": "middel", "import": "ja", "beleid": "nee", "leveranciers": "nee", "tevredenheid": 1}
    result = score(questionnaire, answers)
    assert result["steps"][0]["level"] == 1
    reader = PdfReader(io.BytesIO(render_report_pdf(questionnaire, answers, result, generated_on=GENERATED_ON)))
    page = next(page for page in reader.pages if "Uw niveau en uw doel per stap" in page.extract_text())
    width = float(page.mediabox.width)
    placed: list[tuple[str, float]] = []

    def _visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any) -> None:
        if text.strip():  # where on the page: the text matrix, then the page's transformation
            placed.append((text.strip(), cm[0] * tm[4] + cm[2] * tm[5] + cm[4]))

    page.extract_text(visitor_text=_visit)
    headers = {text: x for text, x in placed if text in ("Doelniveau", "Score")}
    assert set(headers) == {"Doelniveau", "Score"}, placed
    assert all(x < width - 20 for x in headers.values()), (headers, width)  # on the page, not cut off
    text = page.extract_text().replace("\n", " ")
    assert "Nog helemaal niet gestart" in text and "om dat te doen" in text


def test_a_long_word_in_a_typed_answer_wraps_inside_the_page() -> None:
    """QA (review): a typed answer of one long word (no space to break at) ran off the page in
    "Bijlage: uw antwoorden", where it was cut off. It breaks within the word now: every line
    of it is short, and every letter is on the page."""
    from .conftest import ROOT

    questionnaire = load_questionnaire(ROOT / "tests" / "web" / "questionnaire")
    assert questionnaire.questions_by_id["toelichting"].type == "text"
    word = "A" * 300
    answers = {"grootte": "klein", "import": "nee", "beleid": "papier", "toelichting": word}
    result = score(questionnaire, answers)
    reader = PdfReader(io.BytesIO(render_report_pdf(questionnaire, answers, result, generated_on=GENERATED_ON)))
    page = next(page for page in reader.pages if word[:20] in page.extract_text())
    runs: list[str] = []
    page.extract_text(visitor_text=lambda text, *_: runs.append(text.strip()) if "AAAA" in text else None)
    assert sum(run.count("A") for run in runs) >= 300  # all of it (plus any other capital A)
    assert len(runs) > 2 and max(map(len, runs)) < 80, runs  # lines of a column's width, not one line of 300


# As long as a name may be (the website's field and --company), in words that wrap.
LONGEST_NAME = "Coöperatieve Groothandel en Importonderneming Van der Heijden-Oosterbroek en Zonen Nederland U.A. NL"
assert len(LONGEST_NAME) == COMPANY_NAME_MAX


@pytest.mark.parametrize("example", ["klein-importeur", "middelgrote-producent", "groot-bedrijf"])
def test_the_cover_of_each_example_company_fits_on_the_first_page(example: str) -> None:
    """QA (adviser): the large company's cover ran its last profile answer on to a page of its
    own, so the overview began on page 3. Also in a later round, with a company name of the
    100 characters the website takes (three lines; QA, review: two lines still spilled), a
    comparison sentence and the day the report was made, the cover is one page."""
    from mvo_assessment.report import PreviousRound

    questionnaire = load_questionnaire(SHIPPED)
    answers = json.loads((EXAMPLES / f"{example}.json").read_text(encoding="utf-8"))["answers"]
    result = score(questionnaire, answers)
    earlier = PreviousRound(1, date(2024, 3, 1), result, answers)
    reader = PdfReader(io.BytesIO(render_report_pdf(
        questionnaire, answers, result, generated_on=GENERATED_ON, finished_on=date(2025, 2, 28),
        company_name=LONGEST_NAME, round_number=2, previous=earlier,
    )))
    cover = flat(reader.pages[0].extract_text())
    assert "Ronde 2" in cover and "Dit rapport is gemaakt op 3 maart 2025" in cover
    assert flat(reader.pages[1].extract_text()).startswith("Overzicht")


# As long as OPERATOR_NAME may be (web/security.py), in words that wrap.
OPERATOR_NAME = "Rijksdienst voor Ondernemend Nederland (RVO), team MVO Noord"
assert len(OPERATOR_NAME) == OPERATOR_NAME_MAX


@pytest.mark.parametrize("example", ["klein-importeur", "middelgrote-producent", "groot-bedrijf"])
def test_the_cover_names_who_offers_the_website_and_still_fits(example: str) -> None:
    """QA (novice entrepreneur): the report goes to a bank or a customer, and nothing on it said
    who offers the site it was made on ("mvo-assessment versie 1.1" read as the MVO-steunpunt's
    own MVO Assessment). The website's OPERATOR_NAME is on the cover, which stays one page with
    the longest names, in round 2 (a name of 80 characters ran on to page 2)."""
    from mvo_assessment.report import PreviousRound

    questionnaire = load_questionnaire(SHIPPED)
    answers = json.loads((EXAMPLES / f"{example}.json").read_text(encoding="utf-8"))["answers"]
    result = score(questionnaire, answers)
    reader = PdfReader(io.BytesIO(render_report_pdf(
        questionnaire, answers, result, generated_on=GENERATED_ON, finished_on=date(2025, 2, 28),
        company_name=LONGEST_NAME, round_number=2, previous=PreviousRound(1, date(2024, 3, 1), result, answers),
        operator_name=OPERATOR_NAME,
    )))
    cover = flat(reader.pages[0].extract_text())
    assert "Gemaakt op de website van " + OPERATOR_NAME in cover
    assert flat(reader.pages[1].extract_text()).startswith("Overzicht")
    plain = flat(render_report_html(questionnaire, answers, result, generated_on=GENERATED_ON))
    assert "Gemaakt op de website van" not in plain  # the command line names none


def test_emoji_in_a_company_name_are_drawn_not_boxes(questionnaire: Questionnaire) -> None:
    """QA (right-to-left): a company name with emoji, which the name's rules accept on purpose
    (a family, a flag), printed boxes: no font of the documented install had them. The install
    (scripts/test, README, docs/report.md) has fonts-noto-color-emoji, which the PDF embeds."""
    pdf = render_report_pdf(questionnaire, ANSWERS, score(questionnaire, ANSWERS), generated_on=GENERATED_ON,
                            company_name="Familie \U0001f468\u200d\U0001f469\u200d\U0001f467 Import \U0001f1f3\U0001f1f1 BV")
    fonts = {str(font.get_object()["/BaseFont"]) for font in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values()}
    assert any(name.endswith("Noto-Color-Emoji") for name in fonts), fonts
