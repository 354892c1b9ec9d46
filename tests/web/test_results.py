"""The results page and its downloads, checked against `mvo-assessment score` on the same answers.

Expected values are never typed in: each test runs the command line on the example company
(or on the page's own answers export) and asserts the page shows what the command printed.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import time
import subprocess
import sys
from datetime import date
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable

import pytest
from conftest import FULL_JOURNEY, hidden_value, make_test_config

from mvo_assessment import create_app
from mvo_assessment.config import DEFAULT_QUESTIONNAIRE_PATH
from mvo_assessment.richtext import markdown_to_text
from mvo_assessment.web.results import FIRST_ACTIONS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


def cli_score(path: Path, questionnaire: Path = DEFAULT_QUESTIONNAIRE_PATH, lang: str = "nl") -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "mvo_assessment.cli", "score", str(path), "--questionnaire", str(questionnaire),
         "--lang", lang],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@lru_cache(maxsize=None)
def example_result(name: str) -> str:
    return json.dumps(cli_score(ROOT / "examples" / name))


def text_of(fragment: str) -> str:
    """What a reader sees: tags removed, entities decoded, white space collapsed."""
    fragment = re.sub(r"<svg.*?</svg>", " ", fragment, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


class _Finder(HTMLParser):
    """The source of one element (found by id), nested elements of the same tag included."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "line", "rect"}

    def __init__(self, element_id: str) -> None:
        super().__init__(convert_charrefs=False)
        self.element_id = element_id
        self.depth = 0
        self.start: int | None = None
        self.end: int | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return sum(self.line_lengths[: line - 1]) + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.end is not None or tag in self.VOID:
            return
        if self.start is None and dict(attrs).get("id") == self.element_id:
            self.start = self._offset() + len(self.get_starttag_text() or "")
            self.depth = 1
        elif self.start is not None:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.start is None or self.end is not None or tag in self.VOID:
            return
        self.depth -= 1
        if self.depth == 0:
            self.end = self._offset()


def element(page: str, element_id: str, tag: str) -> str:
    finder = _Finder(element_id)
    finder.line_lengths = [len(line) for line in page.splitlines(keepends=True)]  # type: ignore[attr-defined]
    finder.feed(page)
    assert finder.start is not None and finder.end is not None, f"no <{tag} id={element_id!r}>"
    return page[finder.start : finder.end]


def level_text(step: dict[str, Any]) -> str:
    if step["status"] == "not_applicable":
        return "niet van toepassing"
    if step["level"] is None:
        return "onvoldoende gegevens"
    return f"{step['level']} – {step['level_name']}"


@pytest.fixture
def real_app(database_url):
    app = create_app(make_test_config(database_url, QUESTIONNAIRE_PATH=str(DEFAULT_QUESTIONNAIRE_PATH),
                                      QUESTIONNAIRE_TRANSLATIONS=None))  # its own translations/ beside it
    yield app
    app.extensions["mvo_store"].engine.dispose()


def upload(client: Any, path: Path) -> None:
    token = hidden_value(client.get("/inladen").get_data(as_text=True), "csrf_token")
    with path.open("rb") as handle:
        response = client.post(
            "/inladen", data={"csrf_token": token, "bestand": (handle, path.name)}, content_type="multipart/form-data"
        )
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_results_page_shows_what_score_prints(real_app, example):
    expected = json.loads(example_result(example.name))
    client = real_app.test_client()
    upload(client, example)
    response = client.get("/zelfevaluatie/resultaat")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count("<h1") == 1

    for step in expected["steps"]:
        row = text_of(element(page, f"overzicht-{step['id']}", "tr"))
        assert level_text(step) in row, (step["id"], row)
        target = f"{step['target_level']} – {step['target_level_name']}" if step["target_level"] else "niet van toepassing"
        assert target in row, (step["id"], row)
        section = text_of(element(page, step["id"], "section"))
        if step["level"] is not None:
            assert f"Niveau {step['level']}: {step['level_name']}" in section
            # said as the level's general description (QA, adviser: it read as a summary of the answers)
            assert "Typisch voor dit niveau: " + text_of(step["level_description"]) in section
        if step["target_reason"]:
            assert step["target_reason"] in section
        for item in step["explanation"]:
            assert item["text"] in section
        for item in step["next_level"]:
            assert item["text"] in section
            # QA (adviser): a question another change brings in said "Uw antwoord: geen antwoord"
            new = f"{item['text']} Deze vraag komt erbij door een van de veranderingen hierboven."
            assert (new in section) is item["new"], item["question"]
        others = sorted({s["number"] for s in expected["steps"] for q in step["next_level_new_questions"]
                         if s["id"] == q["step"] and s["id"] != step["id"]})
        if len(others) == 1:  # and the steps that get questions too, where answers count
            assert f"Let op: dan komen er ook vragen bij in stap {others[0]}. Uw antwoorden daarop tellen mee voor die stap." in section
        assert ("Met deze veranderingen komen er in deze stap ook vragen bij."
                in section) is any(q["step"] == step["id"] for q in step["next_level_new_questions"])
        if step["next_level"]:
            # QA (content): "Nodig: <a middle answer>" read as if that answer were required.
            assert f"Voor niveau {step['level'] + 1}: " in section and "Nodig" not in section

    # "Begin hiermee": the first actions in the order of `actions`, then all others per step
    first = page[page.index("Begin hiermee") :]
    positions = []
    for number, action in enumerate(expected["actions"][:FIRST_ACTIONS], start=1):
        card = text_of(element(page, f"actie-{number}", "li"))
        assert markdown_to_text(action["text"]).splitlines()[0][:60] in card
        step = next(s for s in expected["steps"] if s["id"] == action["step"])
        assert f"Stap {step['number']}: {step['title']}" in card
        for tool in action["tools"]:
            assert tool["title"] in card and f'href="{html.escape(tool["url"])}"' in page
        positions.append(first.index(f'id="actie-{number}"'))
    assert positions == sorted(positions)
    assert page.count('class="action-card"') == len(expected["actions"])
    assert page.count("<details class=\"details action-group\"") == len(
        {a["step"] for a in expected["actions"][FIRST_ACTIONS:]}
    )
    for item in expected["follow_up"]:
        assert html.escape(item["text"], quote=False) in page or item["text"] in text_of(page)
    if not expected["follow_up"]:
        assert 'id="uit-te-zoeken"' not in page

    # the chart: an accessible SVG with the same numbers in its description
    svg = re.search(r"<svg.*?</svg>", page, flags=re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="chart-title chart-desc"' in svg
    for step in expected["steps"]:
        if step["level"]:
            assert f"nu niveau {step['level']} ({html.escape(step['level_name'])})" in svg


def test_exports_reproduce_the_result(real_app, tmp_path):
    client = real_app.test_client()
    upload(client, ROOT / "examples" / "middelgrote-producent.json")
    answers = client.get("/zelfevaluatie/antwoorden.json")
    assert answers.mimetype == "application/json"
    exported = tmp_path / "antwoorden.json"
    exported.write_bytes(answers.data)

    result = client.get("/zelfevaluatie/resultaat/uitkomst.json")
    assert result.status_code == 200 and result.mimetype == "application/json"
    assert re.fullmatch(
        r'attachment; filename="mvo-uitkomst-\d{4}-\d\d-\d\d\.json"', result.headers["Content-Disposition"]
    )
    assert json.loads(result.data) == cli_score(exported)
    # A visitor who reads the site in English gets the outcome in English, as `--lang en` gives it.
    english = json.loads(client.get("/zelfevaluatie/resultaat/uitkomst.json?lang=en").data)
    assert english == cli_score(exported, lang="en")
    assert english["steps"][0]["status_text"] == "assessed" and english != json.loads(result.data)


def test_pdf_download_is_a_valid_report_and_is_cached(real_app, monkeypatch):
    from datetime import datetime, timezone

    from pypdf import PdfReader

    from mvo_assessment.web import helpers

    # The report carries the day it was made, and so does its cache key: a fixed clock, so that
    # no midnight passes between the two downloads.
    monkeypatch.setattr(helpers, "utcnow", lambda: datetime(2026, 3, 3, 12, 0, tzinfo=timezone.utc))
    client = real_app.test_client()
    upload(client, ROOT / "examples" / "groot-bedrijf.json")
    response = client.get("/zelfevaluatie/resultaat/rapport.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert re.fullmatch(r'attachment; filename="mvo-rapport-\d{4}-\d\d-\d\d\.pdf"', response.headers["Content-Disposition"])
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) >= 4
    assert [item.title for item in reader.outline if not isinstance(item, list)][:3] == ["MVO-rapport", "Overzicht", "Wat eerst?"]
    text = "\n".join(page.extract_text() for page in reader.pages)
    result = json.loads(client.get("/zelfevaluatie/resultaat/uitkomst.json").data)
    for tool in result["actions"][0]["tools"]:
        assert tool["url"] in text.replace("\n", "")
    # the same version of the assessment is not rendered twice
    cache = real_app.extensions["mvo_report_cache"]
    assert len(cache.items) == 1
    assert client.get("/zelfevaluatie/resultaat/rapport.pdf").data == response.data
    assert len(cache.items) == 1


def test_without_pango_the_pdf_is_a_503_that_says_the_answers_are_kept(real_app, monkeypatch, caplog):
    """Where the system libraries WeasyPrint needs (Pango, fontconfig) are missing, loading it
    raises an OSError. The visitor gets the page that says the report cannot be made now, that
    the answers are kept and what to do meanwhile (503), not "Er ging iets mis" (500); the log
    says why. QA (mutation testing, fifth round): with only ImportError caught in
    report/pdf.py, this was a 500; no test had WeasyPrint fail."""
    from mvo_assessment.report import pdf

    def missing() -> type:
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "_fetcher_class", missing)
    client = real_app.test_client()
    upload(client, ROOT / "examples" / "klein-importeur.json")
    response = client.get("/zelfevaluatie/resultaat/rapport.pdf")
    assert response.status_code == 503 and response.mimetype == "text/html"
    page = text_of(response.get_data(as_text=True))
    assert "We kunnen het rapport nu niet maken. Uw antwoorden zijn bewaard." in page
    assert 'href="/zelfevaluatie/resultaat"' in response.get_data(as_text=True)
    assert "The PDF report cannot be made" in caplog.text and "libpango" in caplog.text


def test_the_report_can_carry_the_company_name_without_storing_it(real_app):
    """QA (adviser): reports of different companies could not be told apart. The results page
    offers an optional name; it goes on the cover, in the title and in the file name, and is
    not stored. A name that cannot go on the report is refused with the reason."""
    from pypdf import PdfReader

    client = real_app.test_client()
    upload(client, ROOT / "examples" / "klein-importeur.json")
    page = client.get("/zelfevaluatie/resultaat").get_data(as_text=True)
    # posted, so the name stays out of addresses, proxy logs and history (QA, privacy)
    form = re.search(r'<form class="company-form" method="post" action="([^"]+)" novalidate[^>]*>.*?</form>', page, re.S)
    # its address holds the mark of the round the page shows, nothing else (test_rounds.py)
    assert form is not None and re.fullmatch(r"/zelfevaluatie/resultaat/rapport\.pdf\?kenmerk=[0-9a-f]{16}", form.group(1))
    assert 'name="bedrijf"' in form.group(0) and 'aria-describedby="bedrijf-hint"' in form.group(0)
    assert 'name="csrf_token"' in form.group(0)
    assert "Naam van uw bedrijf op het rapport (niet verplicht)" in form.group(0)
    before = client.get("/zelfevaluatie/antwoorden.json").data

    token = hidden_value(form.group(0), "csrf_token")
    response = client.post("/zelfevaluatie/resultaat/rapport.pdf",
                           data={"csrf_token": token, "bedrijf": " Bakkerij  Ünal & Zn. "})
    assert response.status_code == 200
    # the name's own letters, with a plain ASCII name beside them for older clients (QA, HTTP)
    assert re.fullmatch(r'attachment; filename="mvo-rapport-bakkerij-unal-zn-(\d{4}-\d\d-\d\d)\.pdf"; '
                        r"filename\*=UTF-8''mvo-rapport-bakkerij-%C3%BCnal-zn-\1\.pdf",
                        response.headers["Content-Disposition"])
    reader = PdfReader(io.BytesIO(response.data))
    assert reader.metadata.title.startswith("MVO-rapport – Bakkerij Ünal & Zn. – ")
    assert "Bakkerij Ünal & Zn." in reader.pages[0].extract_text()
    # not stored, and the report without a name is another document
    assert client.get("/zelfevaluatie/antwoorden.json").data == before
    plain = PdfReader(io.BytesIO(client.get("/zelfevaluatie/resultaat/rapport.pdf").data))
    assert "Bakkerij" not in plain.metadata.title
    # nor kept in the worker's memory: a PDF with a name is never cached (QA, privacy)
    cache = real_app.extensions["mvo_report_cache"]
    assert len(cache.items) == 1  # the plain PDF only

    for given, reason in (("x" * 101, "De naam is 101 tekens lang. Op het rapport passen er hoogstens 100."),
                          # QA (accessibility): where the invisible character is, since the field shows nothing
                          # QA (English phone): "druk op Delete" there is no such key on a phone
                          ("Zon\u200bkant", "De naam bevat na ‘Zon’ een onzichtbaar teken dat niet op het rapport kan. "
                                             "Typ de naam opnieuw. Plak hem niet: dan komt het teken weer mee."),
                          ("\u200bZonkant", "De naam begint met een onzichtbaar teken")):
        refused = client.get("/zelfevaluatie/resultaat/rapport.pdf", query_string={"bedrijf": given})
        assert refused.status_code == 400 and refused.mimetype == "text/html"
        assert reason in text_of(refused.get_data(as_text=True))
        # QA (English walk): a page of its own lost the name typed and put focus nowhere. The
        # results page comes back with the name in its field, the reason beside it and in the
        # error summary (which takes focus), and "Fout:" in its title.
        html = client.post("/zelfevaluatie/resultaat/rapport.pdf", data={"csrf_token": token, "bedrijf": given}).get_data(as_text=True)
        assert "<title>Fout: Uw resultaat – " in html and 'data-error-summary' in html and '<a href="#bedrijf">' in html
        # QA (review): the address put in the history is the results page's, not the PDF's
        # (a reload of the page downloaded a report)
        assert '<body data-history-url="/zelfevaluatie/resultaat">' in html
        assert f'value="{given}"' in html and 'aria-describedby="bedrijf-hint bedrijf-error"' in html
        assert re.search(r'<p id="bedrijf-error" class="error-message">.*?' + re.escape(reason), html)
        assert 'aria-invalid="true"' in html.split('id="bedrijf"', 1)[1].split(">", 1)[0]
        # QA (review, accessibility): its language link was the PDF's address, so it downloaded a PDF
        assert 'href="/zelfevaluatie/resultaat?lang=en"' in html and "rapport.pdf?lang=" not in html
    extra = client.post("/zelfevaluatie/resultaat/rapport.pdf", data={"csrf_token": token, "bedrijf": "X", "extra": "1"})
    assert extra.status_code == 400 and extra.mimetype == "text/html"  # QA (review): every form field is known


def pdf_text(response: Any) -> str:
    from pypdf import PdfReader

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages).split())


def overview_row(step: dict[str, Any]) -> str:
    """A step's row of the PDF's overview table as the outcome says it: title, level now, target."""
    return (f"Stap {step['number']}: {step['title']} {step['level']} – {step['level_name']} "
            f"{step['target_level']} – {step['target_level_name']}")


def test_a_saved_answer_gets_a_new_pdf_not_the_cached_one(journey):
    """QA (mutation testing): the cached PDF is kept per revision of the assessment. Without
    the revision in the key, the PDF of the old answers was served for up to 15 minutes after
    an answer was saved, and no test failed. A changed answer that lowers step 1's level: the
    next PDF shows the new level, as the outcome does, not the cached old one."""
    journey.start()
    for page_id, answers in FULL_JOURNEY:
        journey.answer_page(page_id, answers)
    client = journey.client
    before = json.loads(client.get("/zelfevaluatie/resultaat/uitkomst.json").data)["steps"][0]
    assert overview_row(before) in pdf_text(client.get("/zelfevaluatie/resultaat/rapport.pdf"))
    assert len(journey.app.extensions["mvo_report_cache"].items) == 1  # the old PDF is there to be served

    assert journey.answer_page("1A", {"beleid": "nee", "leveranciers": "ja"}).status_code == 303
    after = json.loads(client.get("/zelfevaluatie/resultaat/uitkomst.json").data)["steps"][0]
    assert after["level"] != before["level"]  # the change shows in the report
    text = pdf_text(client.get("/zelfevaluatie/resultaat/rapport.pdf"))
    assert overview_row(after) in text and overview_row(before) not in text


def test_a_pdf_asked_in_another_language_is_not_the_cached_one(journey):
    """QA (mutation testing): the cached PDF is kept per language. Without the language in
    the key, a visitor who asked for the English PDF after the Dutch one (or a colleague on
    the same assessment) got the Dutch PDF, and no test failed. Dutch, English, Dutch again:
    each PDF is in the language asked for."""
    from pypdf import PdfReader

    journey.start()
    for page_id, answers in FULL_JOURNEY:
        journey.answer_page(page_id, answers)
    for language, title in (("nl", "MVO-rapport – "), ("en", "RBC report – "), ("nl", "MVO-rapport – ")):
        response = journey.client.get(f"/zelfevaluatie/resultaat/rapport.pdf?lang={language}")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        reader = PdfReader(io.BytesIO(response.data))
        assert reader.trailer["/Root"]["/Lang"] == language
        assert reader.metadata.title.startswith(title), (language, reader.metadata.title)
        cover = reader.pages[0].extract_text()
        assert ("About this report" in cover) is (language == "en") and ("Over dit rapport" in cover) is (language == "nl")


def test_a_named_pdf_after_an_unnamed_one_carries_the_name(journey):
    """QA (mutation testing): a PDF with a company name is made for the request, never taken
    from the cache. Reading the cache whatever the name gave the PDF without a name that the
    same version had cached a moment before, and no test failed
    (test_the_report_can_carry_the_company_name_without_storing_it asks for the named PDF first
    and only checks that it is not stored). First without a name, then with one: the second has
    the name on its cover and in its title."""
    from pypdf import PdfReader

    journey.start()
    for page_id, answers in FULL_JOURNEY:
        journey.answer_page(page_id, answers)
    client = journey.client
    plain = PdfReader(io.BytesIO(client.get("/zelfevaluatie/resultaat/rapport.pdf").data))
    assert "Zonkant" not in plain.metadata.title
    assert len(journey.app.extensions["mvo_report_cache"].items) == 1  # the unnamed PDF is cached

    token = hidden_value(client.get("/zelfevaluatie/resultaat").get_data(as_text=True), "csrf_token")
    response = client.post("/zelfevaluatie/resultaat/rapport.pdf", data={"csrf_token": token, "bedrijf": "Zonkant B.V."})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    named = PdfReader(io.BytesIO(response.data))
    assert named.metadata.title.startswith("MVO-rapport – Zonkant B.V. – "), named.metadata.title
    assert "Zonkant B.V." in named.pages[0].extract_text()


def test_the_previous_rounds_date_in_an_english_pdf_is_english(real_app, tmp_path):
    """QA (mutation testing): in the PDF of round 2 and later, the day of the round before is
    written in the report's language. Written with the Dutch default, an English PDF said
    "Compared with round 1 (27 november 2025)." and no test failed. A round 2 loaded from its
    answers file (round 1 finished on 27 November 2025), its PDF asked in English."""
    client = real_app.test_client()
    document = json.loads((ROOT / "examples" / "klein-importeur.json").read_text(encoding="utf-8"))
    earlier = {"version": document["version"], "finished": "2025-11-27", "answers": document["answers"]}
    (tmp_path / "ronde-2.json").write_text(json.dumps({**document, "earlier_rounds": [earlier]}), encoding="utf-8")
    upload(client, tmp_path / "ronde-2.json")
    text = pdf_text(client.get("/zelfevaluatie/resultaat/rapport.pdf?lang=en"))
    assert "Round 2" in text  # a later round, compared with the one before
    assert "Compared with round 1 (27 November 2025)." in text
    assert "27 november 2025" not in text


def test_deleting_an_assessment_drops_its_cached_reports(real_app):
    """QA (privacy): after "verwijderen" the worker still held the PDF (and, then, the company
    name in its key) without a time limit. Deleting drops this worker's PDFs of every round of
    the assessment; any cached PDF is dropped after PDF_CACHE_SECONDS."""
    from mvo_assessment.web.results import ReportCache

    client = real_app.test_client()
    upload(client, ROOT / "examples" / "klein-importeur.json")
    assert client.get("/zelfevaluatie/resultaat/rapport.pdf").status_code == 200
    cache = real_app.extensions["mvo_report_cache"]
    assert len(cache.items) == 1
    page = client.get("/zelfevaluatie/verwijderen").get_data(as_text=True)
    assert client.post("/zelfevaluatie/verwijderen", data={"csrf_token": hidden_value(page, "csrf_token")}).status_code == 303
    assert not cache.items
    expiring = ReportCache(seconds=0.0)
    expiring.put(("id",), b"%PDF")
    time.sleep(0.01)
    assert expiring.get(("id",)) is None and not expiring.items


def test_the_action_list_of_the_pages_language_comes_first(real_app):
    """QA (English walk): UK and US Excel read commas, Dutch Excel semicolons; the English page
    offered the semicolon file first, which opens in one column there."""
    client = real_app.test_client()
    upload(client, ROOT / "examples" / "klein-importeur.json")
    dutch = client.get("/zelfevaluatie/resultaat").get_data(as_text=True)
    english = client.get("/zelfevaluatie/resultaat?lang=en").get_data(as_text=True)
    assert dutch.index("scheidingsteken=puntkomma") < dutch.index("scheidingsteken=komma")
    assert english.index("scheidingsteken=komma") < english.index("scheidingsteken=puntkomma")
    assert "Action list for Excel (CSV, with commas)</a> – for Excel with UK or US regional settings." in english
    # QA (review): the downloads carry the chosen language, as the forms do, so that a session
    # ended meanwhile is not answered in the browser's language (the client's is none: Dutch)
    downloads = english.split('aria-labelledby="downloads"', 1)[1].split("</ul>", 1)[0]
    links = re.findall(r'<a href="([^"]+)"', downloads)
    assert len(links) == 5 and all(link.endswith("lang=en") for link in links), links
    assert "lang=" not in dutch.split('aria-labelledby="downloads"', 1)[1].split("</ul>", 1)[0]


@pytest.mark.parametrize("choice,separator,name", [("puntkomma", ";", "mvo-acties"), ("komma", ",", "mvo-acties-komma")])
def test_actions_csv_opens_with_the_csv_module(real_app, choice, separator, name):
    client = real_app.test_client()
    upload(client, ROOT / "examples" / "klein-importeur.json")
    expected = json.loads(example_result("klein-importeur.json"))
    response = client.get(f"/zelfevaluatie/resultaat/acties.csv?scheidingsteken={choice}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    # QA: both had one name, so the second download got "(1)" from the browser
    assert re.fullmatch(rf'attachment; filename="{name}-\d{{4}}-\d\d-\d\d\.csv"', response.headers["Content-Disposition"])
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline=""), delimiter=separator))
    assert rows[0] == ["Prioriteit", "Urgent", "Stap", "Actie", "Hulpmiddelen"]
    assert len(rows) == len(expected["actions"]) + 1
    assert [row[0] for row in rows[1:]] == [str(a["priority"]) for a in expected["actions"]]
    for row in rows:
        assert len(row) == 5
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_the_results_page_lists_the_help_for_every_step(real_app):
    client = real_app.test_client()
    upload(client, ROOT / "examples" / "groot-bedrijf.json")
    page = client.get("/zelfevaluatie/resultaat").get_data(as_text=True)
    assert '<a href="#hulp">Informatie en hulp bij alle stappen</a>' in page
    section = page[page.index('id="hulp"') : page.index('id="downloads"')]
    assert 'href="https://regelhulpenvoorbedrijven.nl/mvo-assessment/" target="_top"' in section
    assert 'href="https://www.rvo.nl/onderwerpen/mvo-steunpunt" target="_top"' in section
    english = client.get("/zelfevaluatie/resultaat?lang=en").get_data(as_text=True)
    assert "Information and help for every step" in english


def test_unknown_csv_separator_is_refused(real_app):
    client = real_app.test_client()
    upload(client, ROOT / "examples" / "groot-bedrijf.json")
    assert client.get("/zelfevaluatie/resultaat/acties.csv?scheidingsteken=tab").status_code == 400


@pytest.mark.parametrize(
    "path",
    ["/zelfevaluatie/resultaat", "/zelfevaluatie/resultaat/rapport.pdf", "/zelfevaluatie/resultaat/uitkomst.json",
     "/zelfevaluatie/resultaat/acties.csv", "/zelfevaluatie/ronde"],
)
def test_without_an_assessment_the_visitor_goes_to_the_start(client, path):
    response = client.get(path)
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_summary_links_to_the_results_when_complete(journey):
    journey.start()
    for page_id, answers in FULL_JOURNEY:
        journey.answer_page(page_id, answers)
    page = journey.client.get("/zelfevaluatie/samenvatting").get_data(as_text=True)
    assert 'href="/zelfevaluatie/resultaat"' in page and "Bekijk uw resultaat" in page
    # On a phone the list of answers is long: the way on is also above it.
    top = page.index("Alles klopt? Ga direct naar uw resultaat")
    assert top < page.index('class="summary-section"')
    assert page.rfind('href="/zelfevaluatie/resultaat"', 0, top) > page.index("<h1")


def test_too_few_answers_show_onvoldoende_gegevens_never_a_level(journey):
    journey.start()
    journey.answer_page(*FULL_JOURNEY[0])
    page = journey.client.get("/zelfevaluatie/resultaat").get_data(as_text=True)
    assert "Dit resultaat is voorlopig" in page
    assert "Start een nieuwe ronde" not in page
    for number in range(1, 7):
        row = text_of(element(page, f"overzicht-stap-{number}", "tr"))
        assert "onvoldoende gegevens" in row and "Niveau" not in row
        assert re.search(r"\b1 – ", row.split("onvoldoende gegevens")[0]) is None
    assert "onvoldoende gegevens: geen niveau" in page  # in the chart instead of a bar
    assert "Dat is geen lage score" in page


def results_page_with(journey, monkeypatch, change: Callable[[dict[str, Any]], None]) -> str:
    """The results page of the whole journey, with `change` applied to the real result first:
    for states the example questionnaire cannot reach, or for content it does not have."""
    from mvo_assessment.web import results

    real_score = results.score

    def changed_score(*args: Any, **kwargs: Any) -> dict[str, Any]:
        result = real_score(*args, **kwargs)
        change(result)
        return result

    monkeypatch.setattr(results, "score", changed_score)
    journey.start()
    for page_id, answers in FULL_JOURNEY:
        journey.answer_page(page_id, answers)
    return journey.client.get("/zelfevaluatie/resultaat").get_data(as_text=True)


def test_not_applicable_steps_are_said_in_words(journey, monkeypatch):
    def not_applicable(result: dict[str, Any]) -> None:
        result["steps"][1].update(status="not_applicable", level=None, level_name=None, score=None, target_level=None,
                                  target_level_name=None, target_reason=None, explanation=[], next_level=[])

    page = results_page_with(journey, monkeypatch, not_applicable)
    row = text_of(element(page, "overzicht-stap-2", "tr"))
    assert row.count("niet van toepassing") == 2
    assert "Niet van toepassing. Deze stap past niet bij uw bedrijf" in text_of(element(page, "stap-2", "section"))


def test_action_text_is_sanitised_markdown(journey, monkeypatch):
    def hostile_action(result: dict[str, Any]) -> None:
        result["actions"] = [{"id": "x", "step": "stap-1", "priority": 1, "urgent": True,
                              "text": "**Doe dit** <script>alert(1)</script> [link](javascript:alert(1))",
                              "tools": [{"id": "t", "title": "<b>Tool</b>", "url": "https://example.org/?a=1&b=2",
                                         "description": "Eén regel."}]}]

    page = results_page_with(journey, monkeypatch, hostile_action)
    card = element(page, "actie-1", "li")
    assert "<strong>Doe dit</strong>" in card and "<script>" not in card and "javascript:" not in card
    assert "&lt;b&gt;Tool&lt;/b&gt;" in card and 'href="https://example.org/?a=1&amp;b=2"' in card
    assert "Urgent" in card


def test_print_stylesheet_hides_navigation_and_shows_tool_urls():
    css = (ROOT / "mvo_assessment" / "static" / "css" / "site.css").read_text()
    prints = " ".join(re.findall(r"@media print \{(.*?)\n\}", css, flags=re.S))
    assert ".site-nav" in prints and ".button-group" in prints and ".no-print" in prints
    assert '.tool-link::after { content: " (" attr(href) ")"' in prints
    assert "break-inside: avoid" in prints


def test_chart_with_a_previous_round_adds_a_bar_per_step():
    from mvo_assessment.report.chart import PRINT_LAYOUT, build_chart

    now = [{"id": "stap-1", "number": 1, "title": "Beleid", "status": "scored", "level": 3, "level_name": "C",
            "target_level": 4, "target_level_name": "D"},
           {"id": "stap-2", "number": 2, "title": "Risico's", "status": "insufficient_data", "level": None,
            "level_name": None, "target_level": 3, "target_level_name": "C"}]
    before = [{"id": "stap-1", "status": "scored", "level": 2, "level_name": "B"}]
    single = build_chart(now, {})
    double = build_chart(now, {}, previous=before)
    assert all(row.previous is None and len(row.bars) == 2 for row in single.rows)
    assert [bar.kind for bar in double.rows[0].bars] == ["previous", "current", "target"]
    assert double.rows[0].previous.level == 2 and double.rows[0].previous.width < double.rows[0].current.width
    assert double.rows[1].previous.level is None and double.rows[1].previous_status == "not_applicable"
    assert double.height == single.height + len(now) * (PRINT_LAYOUT.bar_h + PRINT_LAYOUT.bar_gap)


def test_results_wait_for_the_company_profile(journey):
    """Straight after starting, targets would all be the default and no action could follow:
    the page asks for the intake first instead of showing levels and "no actions"."""
    journey.start()
    page = journey.client.get("/zelfevaluatie/resultaat").get_data(as_text=True)
    assert "Beantwoord eerst de vragen over uw bedrijf." in page
    assert 'href="/zelfevaluatie/vraag/intake-profiel"' in page and "Wat eerst?" not in page
    # QA (accessibility): its title was the real results page's; in a list of tabs or in
    # history the two could not be told apart
    assert "<title>Uw resultaat: eerst de vragen over uw bedrijf – " in page
    journey.answer_page(*FULL_JOURNEY[0])
    page = journey.client.get("/zelfevaluatie/resultaat").get_data(as_text=True)
    assert "Beantwoord eerst de vragen over uw bedrijf." not in page and "<title>Uw resultaat – " in page


def test_downloads_wait_for_the_company_profile_as_the_results_page_does(journey):
    """QA (one rule in one place): while the results page asked for the intake first, its PDF,
    result and action list gave levels, targets and actions all the same, from a results tab
    left open or an address typed. They lead to the page that asks for it."""
    journey.start()
    token = journey.csrf_token("/zelfevaluatie/verwijderen")  # the visit's token; the page has no form yet
    requests = [
        ("get", "/zelfevaluatie/resultaat/uitkomst.json", None),
        ("get", "/zelfevaluatie/resultaat/acties.csv", None),
        ("get", "/zelfevaluatie/resultaat/acties.csv?scheidingsteken=komma", None),
        ("get", "/zelfevaluatie/resultaat/rapport.pdf", None),
        ("post", "/zelfevaluatie/resultaat/rapport.pdf", {"csrf_token": token, "bedrijf": "Bakkerij"}),
    ]
    for method, path, data in requests:
        response = getattr(journey.client, method)(path, data=data)
        assert response.status_code == 303 and response.headers["Location"] == "/zelfevaluatie/resultaat", path
    journey.answer_page(*FULL_JOURNEY[0])
    for path in ("/zelfevaluatie/resultaat/uitkomst.json", "/zelfevaluatie/resultaat/acties.csv"):
        response = journey.client.get(path)
        assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"], path


def test_tool_titles_in_another_language_are_marked(real_app):
    """WCAG 3.1.2: a tool's title in a language other than the page's carries `lang`, so a
    screen reader reads it in that language: English names on the Dutch page, and the Dutch
    names that the English translation keeps on the English page. In the PDF as well."""
    client = real_app.test_client()
    upload(client, ROOT / "examples" / "klein-importeur.json")
    link = '<a class="tool-link" href="{url}" target="_top"{lang}>{title}</a>'
    q = real_app.extensions["mvo_questionnaire"]
    ungp = next(t for t in q.tools if t.id == "un-guiding-principles")
    dialogue = next(t for t in q.tools if t.id == "ser-betekenisvolle-dialoog")
    dutch = client.get("/zelfevaluatie/resultaat").get_data(as_text=True)
    assert link.format(url=ungp.url, lang=' lang="en"', title=ungp.title) in dutch
    assert link.format(url=dialogue.url, lang="", title=dialogue.title) in dutch
    english = client.get("/zelfevaluatie/resultaat?lang=en").get_data(as_text=True)
    assert link.format(url=ungp.url, lang="", title=ungp.title) in english
    assert link.format(url=dialogue.url, lang=' lang="nl"', title=dialogue.title) in english
    # QA (English walk): the publication's language is said where it is not the page's, also
    # for a translated title whose page is Dutch (the OECD guidelines' Dutch site)
    # (a file's kind comes first)
    assert link.format(url=ungp.url, lang=' lang="en"', title=ungp.title) + " (pdf-bestand) (in het Engels)" in dutch
    assert link.format(url=dialogue.url, lang=' lang="nl"', title=dialogue.title) + " (in Dutch)" in english
    oecd = next(t for t in real_app.extensions["mvo_questionnaires"]["en"].tools if t.id == "oeso-richtlijnen")
    assert oecd.title_language is None and oecd.language == "nl"
    assert link.format(url=oecd.url, lang="", title=oecd.title) + " (in Dutch)" in english
    assert link.format(url=dialogue.url, lang="", title=dialogue.title) + ":" in dutch
    from mvo_assessment.content_i18n import translate
    from mvo_assessment.i18n import CONTENT_DOMAIN, load_translations
    from mvo_assessment.report import render_report_html
    from mvo_assessment.scoring import score

    answers = json.loads((ROOT / "examples" / "klein-importeur.json").read_text())["answers"]
    english_q = translate(q, load_translations(ROOT / "translations", "en", CONTENT_DOMAIN).pgettext)
    result = score(english_q, answers, translations=load_translations(ROOT / "translations", "en"))
    report = render_report_html(english_q, answers, result, generated_on=date(2026, 1, 1), language="en")
    assert f'<a href="{dialogue.url}" lang="nl">{dialogue.title}</a> (in Dutch)' in report


def test_dates_are_written_out_the_british_way_in_english(real_app, tmp_path):
    """English texts are British (organisation, labour); so are the dates: '3 March 2025', never
    'March 3, 2025'. Dutch: '3 maart 2025'."""
    import json

    from mvo_assessment.report.view import long_date

    assert long_date(date(2025, 3, 3), "en") == "3 March 2025" and long_date(date(2025, 3, 3)) == "3 maart 2025"
    client = real_app.test_client()
    # a file that says when its round was finished (one that does not is finished on no known day)
    document = json.loads((ROOT / "examples" / "klein-importeur.json").read_text(encoding="utf-8"))
    (tmp_path / "a.json").write_text(json.dumps({**document, "finished": "2025-03-03"}), encoding="utf-8")
    upload(client, tmp_path / "a.json")
    caption = re.search(r'<p class="caption">Round 1 · ([^<]+)</p>', client.get("/zelfevaluatie/resultaat?lang=en").get_data(as_text=True))
    assert caption and caption.group(1) == "3 March 2025", caption


def test_download_names_follow_the_page_language(real_app):
    """An English visitor gets English file names; a later round says so in the name."""
    client = real_app.test_client()
    upload(client, ROOT / "examples" / "klein-importeur.json")
    names = {
        path: client.get(f"{path}?lang=en").headers["Content-Disposition"]
        for path in ("/zelfevaluatie/resultaat/acties.csv", "/zelfevaluatie/resultaat/uitkomst.json",
                     "/zelfevaluatie/antwoorden.json")
    }
    assert re.fullmatch(r'attachment; filename="rbc-actions-\d{4}-\d\d-\d\d\.csv"', names["/zelfevaluatie/resultaat/acties.csv"])
    assert re.fullmatch(r'attachment; filename="rbc-outcome-\d{4}-\d\d-\d\d\.json"', names["/zelfevaluatie/resultaat/uitkomst.json"])
    # the answers file too has the day (and from round 2 on the round): one file per year can be kept apart
    assert re.fullmatch(r'attachment; filename="rbc-self-assessment-answers-\d{4}-\d\d-\d\d\.json"',
                        names["/zelfevaluatie/antwoorden.json"])
    assert re.fullmatch(r'attachment; filename="mvo-zelfevaluatie-antwoorden-\d{4}-\d\d-\d\d\.json"',
                        client.get("/zelfevaluatie/antwoorden.json?lang=nl").headers["Content-Disposition"])


def test_chart_titles_break_evenly_and_only_where_they_must():
    """WCAG 1.4.12: SVG text cannot wrap, so a step title is broken over lines that fit with the
    widest spacing a reader may set; evenly, never leaving one word alone, and a word longer
    than the room gets its own line instead of being cut."""
    from mvo_assessment.report.chart import SCREEN_LAYOUT, spaced_width, title_lines

    room, size = SCREEN_LAYOUT.width - SCREEN_LAYOUT.plot_x, SCREEN_LAYOUT.title_size
    assert title_lines("Kort", room, size) == ("Kort",)
    assert title_lines("Tracking whether your approach works", room, size) == ("Tracking whether", "your approach works")
    long_title = "Negatieve gevolgen stoppen, voorkomen en beperken " * 2
    lines = title_lines(long_title, room, size)
    assert " ".join(lines) == long_title.strip() and len(lines) == 4
    assert all(spaced_width(line, size) <= room for line in lines)
    assert title_lines("Kort " + "x" * 60, room, size) == ("Kort", "x" * 60)


def test_word_spacing_counts_in_the_width_of_a_chart_text():
    """WCAG 1.4.12 lets a reader widen the space between words to 0.16 em as well as after every
    letter; SVG text does not wrap, so the chart leaves room for both. A title of many short
    words that fits with letter spacing alone is broken over two lines. QA (mutation testing,
    fifth round): with the words' term left out of `spaced_width`, the chart made room for the
    letters only and such a title ran off its right edge."""
    from mvo_assessment.report.chart import SCREEN_LAYOUT, SPACED_WORD_EM, spaced_width, title_lines

    size = SCREEN_LAYOUT.title_size
    words = "Wie is er bij ons wie, en wat doet ons bedrijf ook al"
    assert spaced_width(words, size) - spaced_width(words.replace(" ", "x"), size) == pytest.approx(
        words.count(" ") * SPACED_WORD_EM * size)
    # room for the letters and their spacing, not for the spacing of the words as well
    room = spaced_width(words.replace(" ", "x"), size) + 1
    assert spaced_width(words, size) > room
    lines = title_lines(words, room, size)
    assert len(lines) == 2 and " ".join(lines) == words
    assert all(spaced_width(line, size) <= room for line in lines)


def test_a_chart_title_that_just_fits_stays_on_one_line():
    """A step title exactly as wide as the room after "Stap n" (with the widest spacing a reader
    may set) is drawn on one line; a break is made only where the next word would not fit.
    QA (mutation testing, fifth round): `<= room` made `< room - 20` in `_fill_lines` broke
    titles that fit; the tests' titles were either short or far too long."""
    from mvo_assessment.report.chart import SCREEN_LAYOUT, build_chart, spaced_width, title_lines

    size = SCREEN_LAYOUT.title_size
    title = "Ketenverantwoordelijkheid in kaart"
    assert title_lines(title, spaced_width(title, size), size) == (title,)
    assert title_lines(title, spaced_width(title, size) - 0.1, size) == ("Ketenverantwoordelijkheid", "in kaart")
    room = SCREEN_LAYOUT.width - SCREEN_LAYOUT.plot_x
    assert room - 20 < spaced_width(title, size) <= room  # just fits on the phone's chart
    steps = [{"id": "stap-1", "number": 1, "title": title, "status": "scored", "level": 2, "level_name": "Ad hoc",
              "target_level": 3, "target_level_name": "In opbouw"}]
    assert build_chart(steps, {}, layout=SCREEN_LAYOUT).rows[0].title_lines == (title,)


def _drawn_chart(chart: Any) -> Any:
    """The chart as chart.svg draws it, parsed."""
    import xml.etree.ElementTree as ET
    from types import SimpleNamespace

    from mvo_assessment.report import environment

    return ET.fromstring(environment().get_template("chart.svg").render(report=SimpleNamespace(chart=chart)))


SVG = "{http://www.w3.org/2000/svg}"
CHART_STEPS = [
    {"id": "stap-1", "number": 1, "title": "Negatieve gevolgen stoppen, voorkomen en beperken in de keten",
     "status": "scored", "level": 2, "level_name": "Ad hoc", "target_level": 4, "target_level_name": "Systematisch"},
    {"id": "stap-2", "number": 2, "title": "Beleid", "status": "scored", "level": 5, "level_name": "Voorloper",
     "target_level": 5, "target_level_name": "Voorloper"},
    {"id": "stap-3", "number": 3, "title": "Risico's", "status": "insufficient_data", "level": None,
     "level_name": None, "target_level": 3, "target_level_name": "In opbouw"},
]
LEVEL_NAMES = {1: "Niet gestart", 2: "Ad hoc", 3: "In opbouw", 4: "Systematisch", 5: "Voorloper"}


@pytest.mark.parametrize("layout_name", ["PRINT_LAYOUT", "SCREEN_LAYOUT"])
@pytest.mark.parametrize("previous", [None, [{"id": "stap-1", "status": "scored", "level": 1, "level_name": "Niet gestart"}]])
def test_the_chart_shows_all_five_levels_and_everything_inside_its_frame(layout_name, previous):
    """The chart's scale is numbered 1 to 5 with a grid line at each, the last one included (a
    bar at level 5 ends on it), and nothing is drawn below the SVG's height: the last step's
    "Doel" bar is whole, on the page and in the PDF. QA (mutation testing, fifth round): a grid
    of `range(1, MAX_LEVEL)` lost the "5" and its line, and a height of 60 units less clipped
    the last bars; no test looked at the drawing, only at the numbers behind it."""
    from mvo_assessment.report import chart as charts

    layout = getattr(charts, layout_name)
    chart = charts.build_chart(CHART_STEPS, LEVEL_NAMES, previous=previous, layout=layout)
    svg = _drawn_chart(chart)
    numbers = [text for text in svg.iter(f"{SVG}text") if text.get("y") == str(chart.layout.number_y)]
    assert [text.text for text in numbers] == ["1", "2", "3", "4", "5"]
    assert float(numbers[-1].get("x")) == chart.layout.plot_x + chart.layout.plot_w
    dashed = [line for line in svg.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert sorted({float(line.get("x1")) for line in dashed}) == [float(n.get("x")) for n in numbers]
    assert len(dashed) == 5 * len(CHART_STEPS)
    # a bar at level 5 reaches the last grid line
    assert chart.layout.plot_x + chart.rows[1].current.width == float(numbers[-1].get("x"))

    height = float(svg.get("height"))
    assert svg.get("viewBox") == f"0 0 {svg.get('width')} {svg.get('height')}"
    bottoms = [float(rect.get("y")) + float(rect.get("height")) for rect in svg.iter(f"{SVG}rect")]
    bottoms += [max(float(line.get("y1")), float(line.get("y2"))) for line in svg.iter(f"{SVG}line")]
    baselines = [float(text.get("y")) for text in svg.iter(f"{SVG}text")]
    assert len(bottoms) > 3 * len(CHART_STEPS) and max(bottoms) <= height and max(baselines) <= height
    last_target = chart.rows[-1].target
    assert last_target.y + chart.layout.bar_h <= height


@pytest.mark.parametrize("layout_name", ["PRINT_LAYOUT", "SCREEN_LAYOUT"])
def test_the_bars_start_below_a_wrapped_step_title(layout_name):
    """A step title too long for one line is drawn over several, and the step's bars move down
    under its last line instead of running through it. QA (mutation testing, fifth round):
    without `top += (len(lines) - 1) * title_line_h` the bars were drawn over the title's second
    line; the wrapping tests only looked at the lines, not at where the bars went."""
    from mvo_assessment.report import chart as charts

    layout = getattr(charts, layout_name)
    steps = [{**CHART_STEPS[0], "title": "Negatieve gevolgen stoppen, voorkomen en beperken " * 2}, CHART_STEPS[1]]
    chart = charts.build_chart(steps, LEVEL_NAMES, layout=layout)
    assert len(chart.rows[0].title_lines) >= 2
    svg = _drawn_chart(chart)
    texts = list(svg.iter(f"{SVG}text"))
    titles = [text for text in texts if text.find(f"{SVG}tspan") is not None]
    assert len(titles) == 2
    for title, next_title in zip(titles, titles[1:] + [None]):
        lines = title.findall(f"{SVG}tspan")
        last_baseline = float(title.get("y")) + sum(float(line.get("dy", 0)) for line in lines)
        top, bottom = float(title.get("y")), float(next_title.get("y")) if next_title is not None else float("inf")
        bars = [rect for rect in svg.iter(f"{SVG}rect") if top < float(rect.get("y")) < bottom]
        labels = [text for text in texts if text.text in ("Nu", "Doel") and top < float(text.get("y")) < bottom]
        assert len(bars) == 4 and len(labels) == 2
        # a bar's top, and the top of "Nu" (its letters are about 0.75 em high), below the
        # title's last baseline
        assert all(float(rect.get("y")) > last_baseline for rect in bars)
        assert all(float(label.get("y")) - 0.75 * chart.layout.label_size > last_baseline for label in labels)


def test_a_long_level_name_widens_the_chart_instead_of_drawing_no_bars():
    """QA (review): a level name too long for the room after its bar gave a plot of -27 units:
    bars of negative width and grid lines running backwards over "Nu" and "Doel". The bars keep
    at least half their width and the chart grows to hold the name (shown a little smaller)."""
    from mvo_assessment.report.chart import SCREEN_LAYOUT, build_chart, spaced_width

    long_name = "Koploper in de keten en daarbuiten"
    steps = [{"id": "stap-1", "number": 1, "title": "Beleid", "status": "scored", "level": 5, "level_name": long_name,
              "target_level": 3, "target_level_name": "In opbouw"}]
    chart = build_chart(steps, {5: long_name}, layout=SCREEN_LAYOUT)
    assert chart.layout.plot_w == SCREEN_LAYOUT.plot_w // 2
    assert all(bar.width > 0 for bar in chart.rows[0].bars)
    assert [x for x, _level, _name in chart.grid] == sorted(x for x, _level, _name in chart.grid)
    end_of_label = chart.layout.plot_x + chart.rows[0].current.width + 6 + spaced_width(f"5 – {long_name}", SCREEN_LAYOUT.value_size)
    assert chart.layout.width >= end_of_label > SCREEN_LAYOUT.width


def test_the_printed_chart_leaves_out_level_names_that_do_not_fit_between_its_lines():
    """QA (author): names of 30–35 characters above the printed chart's grid ran into each other
    (and a longer first one off the page); they are left out then, as on the screen."""
    from mvo_assessment.report.chart import PRINT_LAYOUT, build_chart

    steps = [{"id": "stap-1", "number": 1, "title": "Beleid", "status": "scored", "level": 2, "level_name": "Ad hoc",
              "target_level": 3, "target_level_name": "In opbouw"}]
    usual = {1: "Niet gestart", 2: "Ad hoc", 3: "In opbouw", 4: "Systematisch", 5: "Voorloper"}
    assert build_chart(steps, usual, layout=PRINT_LAYOUT).layout.name_size == PRINT_LAYOUT.name_size
    long = {**usual, 1: "Nog niet gestart met deze stap", 4: "Systematisch en planmatig aangepakt"}
    assert build_chart(steps, long, layout=PRINT_LAYOUT).layout.name_size is None


def test_an_expired_pdf_leaves_the_cache_when_another_is_made():
    """QA (privacy): an expired PDF stayed in memory until someone asked for it again or 16
    newer ones pushed it out; "at most 15 minutes" now holds whenever the cache is used."""
    import time

    from mvo_assessment.web.results import ReportCache

    cache = ReportCache(seconds=0.05)
    cache.put(("a", 1), b"%PDF a")
    time.sleep(0.1)
    cache.put(("b", 1), b"%PDF b")
    assert list(cache.items) == [("b", 1)]


def test_the_downloads_say_what_the_report_holds_and_name_the_answers_file(real_app):
    """QA (novice entrepreneur): the report is offered for the bank or a customer, and holds
    every answer (a harm the company suspects too), which nothing said; and "Uw antwoorden
    (JSON)" meant nothing to someone who does not know what a JSON file is."""
    client = real_app.test_client()
    upload(client, ROOT / "examples" / "klein-importeur.json")
    html = client.get("/zelfevaluatie/resultaat").get_data(as_text=True)
    downloads = html.split('aria-labelledby="downloads"', 1)[1].split("</section>", 1)[0]
    assert "een klant, de bank of een adviseur. Het rapport bevat al uw antwoorden." in downloads
    assert ">Uw antwoorden als bestand (JSON)</a>" in downloads
    assert "Bewaar daarom uw antwoorden als bestand (bij ‘Downloaden en bewaren’)." in html


def test_a_tool_that_downloads_a_file_says_which_kind_on_the_results_page(real_app):
    """QA (novice entrepreneur): "Heat Map (SER)", among the first actions, downloaded an Excel
    file without a word. The results page says the kind of file beside the title, in the page's
    language (the PDF too: tests/report/test_html.py)."""
    client = real_app.test_client()
    upload(client, ROOT / "examples" / "klein-importeur.json")
    dutch = client.get("/zelfevaluatie/resultaat").get_data(as_text=True)
    assert 'heat-map-tool.xlsx" target="_top">Heat Map (SER)</a> (Excel-bestand):' in dutch
    assert ">Guide to Buying Responsibly (ETI)</a> (pdf-bestand) (in het Engels):" in dutch
    english = client.get("/zelfevaluatie/resultaat?lang=en").get_data(as_text=True)
    assert "</a> (Excel file) (in Dutch):" in english and "(Excel-bestand)" not in english


def test_the_pdf_of_the_website_names_who_offers_it(database_url):
    """QA (novice entrepreneur): the report, offered for the bank or a customer, did not say who
    offers the site it was made on; with OPERATOR_NAME its cover does (the footer says it too)."""
    from pypdf import PdfReader

    app = create_app(make_test_config(database_url, QUESTIONNAIRE_PATH=str(DEFAULT_QUESTIONNAIRE_PATH),
                                      QUESTIONNAIRE_TRANSLATIONS=None, OPERATOR_NAME="Gemeente Voorbeeld"))
    try:
        client = app.test_client()
        upload(client, ROOT / "examples" / "klein-importeur.json")
        response = client.get("/zelfevaluatie/resultaat/rapport.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        cover = " ".join(PdfReader(io.BytesIO(response.data)).pages[0].extract_text().split())
        assert "Gemaakt op de website van Gemeente Voorbeeld" in cover
    finally:
        app.extensions["mvo_store"].engine.dispose()
