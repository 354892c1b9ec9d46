"""The site in Dutch and English: choosing the language, the switch link on every page, the
questionnaire in the chosen language, and switching midway without losing an answer."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest
from conftest import FULL_JOURNEY, WEB_QUESTIONNAIRE, WEB_QUESTIONNAIRE_TRANSLATIONS, hidden_value

from mvo_assessment.loader import load_questionnaire
from mvo_assessment.translation_check import check_catalog

SWITCH = re.compile(r'<a class="language-switch__link" href="([^"]*)" lang="(\w+)" hreflang="\w+">([^<]*)</a>')


def page_lang(html: str) -> str:
    match = re.search(r'<html lang="(\w+)">', html)
    assert match, "no <html lang>"
    return match.group(1)


def switch_links(html: str) -> list[tuple[str, str, str]]:
    return [(html_lib.unescape(url), code, name) for url, code, name in SWITCH.findall(html)]


def get(client: Any, path: str, **headers: str) -> str:
    response = client.get(path, headers=headers)
    assert response.status_code in (200, 404), (path, response.status_code)
    return response.get_data(as_text=True)


# --- choosing the language ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "header,expected",
    [
        (None, "nl"),
        ("en", "en"),
        ("en-GB,en;q=0.9", "en"),
        ("de-DE,de;q=0.9,en;q=0.5", "en"),
        ("de", "nl"),
        ("fr,nl;q=0.9,en;q=0.8", "nl"),
        ("en;q=0.5,nl;q=0.6", "nl"),
        ("*", "nl"),
    ],
)
def test_accept_language_picks_the_best_language_we_have(client, header, expected):
    headers = {"Accept-Language": header} if header else {}
    html = get(client, "/", **headers)
    assert page_lang(html) == expected
    assert ("Start the self-assessment" in html) == (expected == "en")
    assert ("Start de zelfevaluatie" in html) == (expected == "nl")


def test_lang_in_the_url_wins_and_is_remembered_for_the_visit(client):
    html = get(client, "/?lang=en", **{"Accept-Language": "nl"})
    assert page_lang(html) == "en"
    # later pages without ?lang= stay English, whatever the browser prefers
    assert page_lang(get(client, "/hervatten", **{"Accept-Language": "nl"})) == "en"
    assert page_lang(get(client, "/hervatten?lang=nl")) == "nl"
    assert page_lang(get(client, "/hervatten", **{"Accept-Language": "en"})) == "nl"


def test_an_unknown_language_is_ignored(client):
    assert page_lang(get(client, "/?lang=de", **{"Accept-Language": "en"})) == "en"
    assert page_lang(get(client, "/?lang=<script>")) == "nl"
    with client.session_transaction() as session:
        assert "lang" not in session


def test_only_a_chosen_language_is_kept_in_the_session(client):
    client.get("/", headers={"Accept-Language": "en"})
    with client.session_transaction() as session:
        assert "lang" not in session  # the browser's preference is asked again on every request
    client.get("/?lang=en")
    with client.session_transaction() as session:
        assert session["lang"] == "en"


# --- the switch link ---------------------------------------------------------------------------


def test_every_page_links_to_itself_in_the_other_language(journey, client):
    journey.start()
    journey.answer_page("intake-profiel", FULL_JOURNEY[0][1])
    paths = [
        "/", "/hervatten", "/inladen", "/zelfevaluatie/vraag/intake-profiel", "/zelfevaluatie/vraag/1A",
        "/zelfevaluatie/overzicht", "/zelfevaluatie/samenvatting", "/zelfevaluatie/opslaan",
        "/zelfevaluatie/verwijderen", "/bestaat-niet",
    ]
    for path in paths:
        # An address no route knows is linked by its query alone (test_bad_input.py: the path
        # asked for could lead a browser to another site); it resolves to the same address.
        link_path = "" if path == "/bestaat-niet" else path
        html = get(client, path)
        assert page_lang(html) == "nl"
        assert switch_links(html) == [(f"{link_path}?lang=en", "en", "English")], path
        english = get(client, f"{path}?lang=en")
        assert page_lang(english) == "en", path
        assert switch_links(english) == [(f"{link_path}?lang=nl", "nl", "Nederlands")], path
        get(client, f"{path}?lang=nl")


def test_the_switch_link_keeps_the_other_parameters(journey, client):
    journey.start()
    for page_id, answers in FULL_JOURNEY[:3]:
        journey.answer_page(page_id, answers)
    html = get(client, "/zelfevaluatie/vraag/1B?terug=samenvatting")
    assert switch_links(html)[0][0] == "/zelfevaluatie/vraag/1B?terug=samenvatting&lang=en"
    html = get(client, "/zelfevaluatie/vraag/1B?terug=samenvatting&lang=en")
    assert switch_links(html)[0][0] == "/zelfevaluatie/vraag/1B?terug=samenvatting&lang=nl"
    assert hidden_value(html, "terug") == "samenvatting"


def test_a_page_shown_after_a_post_links_to_a_page_that_exists(journey, client):
    journey.start()
    response = journey.answer_page("intake-profiel", {})  # required answers missing: 400 with the form
    assert response.status_code == 400
    assert switch_links(response.get_data(as_text=True))[0][0] == "/zelfevaluatie/vraag/intake-profiel?lang=en"
    response = client.post("/zelfevaluatie/starten", data={})  # no CSRF token: an error page on a POST-only route
    assert switch_links(response.get_data(as_text=True))[0][0] == "/?lang=en"


# --- the questionnaire and the interface in English ----------------------------------------------


def test_a_question_page_in_english(journey, client):
    client.get("/?lang=en")
    journey.start()
    html = get(client, "/zelfevaluatie/vraag/intake-profiel")
    assert page_lang(html) == "en"
    for text in ("How many people work at your business?", "Fewer than 50", "About your business",
                 "Think of <strong>raw materials</strong>", "Next", "Save and continue later", "To begin"):
        assert text in html, text
    assert "&lt;script&gt;" not in html and "<script>alert" not in html  # help texts stay sanitised
    response = journey.answer_page("intake-profiel", {"omzet": "veel"})
    errors = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Error:" in errors and "Choose an answer." in errors and "Enter a number, for example 12 or 12.5." in errors
    response = client.get("/zelfevaluatie/vraag/1A", follow_redirects=True)  # not reachable yet
    assert "That page comes later. First answer what is still open here." in response.get_data(as_text=True)
    journey.answer_page("intake-profiel", FULL_JOURNEY[0][1])
    assert "Step 1 of 6" in get(client, "/zelfevaluatie/vraag/1A")


def test_numbers_follow_the_language(journey, client):
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "ja", "omzet": "2,5"})
    assert journey.answers()["omzet"] == 2.5
    assert 'value="2,5"' in get(client, "/zelfevaluatie/vraag/intake-profiel")
    assert 'value="2.5"' in get(client, "/zelfevaluatie/vraag/intake-profiel?lang=en")
    # an English visitor types a decimal point; the stored answer is the same number
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "ja", "omzet": "3.75"})
    assert journey.answers()["omzet"] == 3.75
    assert ">3.75<" in get(client, "/zelfevaluatie/samenvatting")
    assert ">3,75<" in get(client, "/zelfevaluatie/samenvatting?lang=nl")
    # a thousands separator of the page's language is refused, in that language (QA, security)
    get(client, "/zelfevaluatie/vraag/intake-profiel?lang=en")
    response = journey.answer_page("intake-profiel", {"grootte": "klein", "import": "ja", "omzet": "1,500"})
    assert response.status_code == 400 and (
        "Write the number without a comma, for example 1500. Write a number with decimals with a point, "
        "for example 1.5.") in response.get_data(as_text=True)
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "ja", "omzet": "1.500"})
    assert journey.answers()["omzet"] == 1.5


def test_switching_language_midway_keeps_every_answer(journey, client, app):
    journey.start()
    record = journey.assessment()
    half = len(FULL_JOURNEY) // 2
    for page_id, answers in FULL_JOURNEY[:half]:
        assert journey.answer_page(page_id, answers).status_code == 303
    before = journey.answers()
    html = get(client, f"/zelfevaluatie/vraag/{FULL_JOURNEY[half][0]}?lang=en")
    assert page_lang(html) == "en"
    assert journey.answers() == before  # switching changes nothing stored
    # the English page shows the answers given in Dutch
    html = get(client, "/zelfevaluatie/vraag/1A")
    assert re.search(r'value="papier" checked', html) and "Yes, on paper" in html
    for page_id, answers in FULL_JOURNEY[half:]:
        response = journey.answer_page(page_id, answers)
        assert response.status_code == 303, (page_id, response.get_data(as_text=True)[:2000])
    assert response.headers["Location"].endswith("/zelfevaluatie/samenvatting")
    assert journey.assessment().id == record.id
    summary = get(client, "/zelfevaluatie/samenvatting")
    assert page_lang(summary) == "en" and "You have answered all questions." in summary
    for text in ("Fewer than 50", "2.5", "Yes, on paper", "<li>Raw materials</li><li>Transport</li>", "Kinderarbeid bij katoen", "By email"):
        assert text in summary, text
    # and back in Dutch, the same answers with Dutch labels
    summary = get(client, "/zelfevaluatie/samenvatting?lang=nl")
    for text in ("Minder dan 50", "2,5", "Ja, op papier", "<li>Grondstoffen</li><li>Transport</li>", "Per e-mail"):
        assert text in summary, text
    stored = journey.answers()
    for _, answers in FULL_JOURNEY:
        for name in answers:
            assert name in stored, name


def test_starting_and_resuming_keep_the_language(journey, client):
    client.get("/?lang=en")
    journey.start()
    assert page_lang(get(client, "/zelfevaluatie/vraag/intake-profiel")) == "en"
    token = hidden_value(get(client, "/zelfevaluatie/opslaan"), "csrf_token")
    html = client.post("/zelfevaluatie/opslaan", data={"csrf_token": token}).get_data(as_text=True)
    link = html_lib.unescape(re.search(r'<p class="resume-link"><a href="([^"]+)"', html).group(1))
    assert re.search(r"/hervatten\?code=[A-Z0-9-]+&lang=en$", link), link
    token = hidden_value(get(client, "/zelfevaluatie/verwijderen"), "csrf_token")
    response = client.post("/zelfevaluatie/verwijderen", data={"csrf_token": token}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert page_lang(html) == "en" and "Your answers have been deleted." in html


def test_a_dutch_resume_link_has_no_language(journey, client):
    journey.start()
    token = hidden_value(get(client, "/zelfevaluatie/opslaan"), "csrf_token")
    html = client.post("/zelfevaluatie/opslaan", data={"csrf_token": token}).get_data(as_text=True)
    assert re.search(r'/hervatten\?code=[A-Z0-9-]+"', html)


def test_the_models_are_built_once_per_language(app):
    models = app.extensions["mvo_questionnaires"]
    assert set(models) == set(app.config["LANGUAGES"]) == {"nl", "en"}
    assert models["nl"] is app.extensions["mvo_questionnaire"]
    english, dutch = models["en"], models["nl"]
    assert [q.id for q in english.questions] == [q.id for q in dutch.questions]
    assert [[o.value for o in q.options] for q in english.questions] == [[o.value for o in q.options] for q in dutch.questions]
    assert english.title == "Example assessment"


def test_a_language_without_a_questionnaire_translation_is_not_offered(database_url, tmp_path, caplog):
    """QA: a questionnaire moved elsewhere (QUESTIONNAIRE_PATH) left its translations behind:
    English buttons around Dutch questions, under <html lang="en">, and nothing logged."""
    import shutil

    from conftest import make_test_config

    from mvo_assessment import create_app

    moved = tmp_path / "vragen"
    shutil.copytree(WEB_QUESTIONNAIRE, moved)
    config = make_test_config(database_url, QUESTIONNAIRE_PATH=str(moved))
    config.pop("QUESTIONNAIRE_TRANSLATIONS", None)
    app = create_app(config)
    try:
        assert app.config["LANGUAGES"] == ("nl",)
        assert "No questionnaire translation for 'en'" in caplog.text and "QUESTIONNAIRE_TRANSLATIONS" in caplog.text
        page = app.test_client().get("/?lang=en").get_data(as_text=True)
        assert page_lang(page) == "nl"
    finally:
        app.extensions["mvo_store"].engine.dispose()


def test_the_web_fixture_catalog_is_complete():
    path = WEB_QUESTIONNAIRE_TRANSLATIONS / "en" / "LC_MESSAGES" / "questionnaire.po"
    assert [str(issue) for issue in check_catalog("en", path, load_questionnaire(WEB_QUESTIONNAIRE))] == []


def test_english_is_offered_when_the_install_cannot_be_written(database_url, tmp_path, monkeypatch, caplog):
    """QA (operator): a fresh checkout has no compiled catalogs (*.mo is not committed); where
    the service cannot write them beside the .po files (a checkout owned by root, a read-only
    image), English was silently not offered and ?lang=en showed Dutch. They are compiled into
    a folder of the process's own instead, and that is logged."""
    import errno
    import logging
    import shutil
    import tempfile
    from pathlib import Path

    from conftest import make_test_config

    from mvo_assessment import catalogs, create_app
    from mvo_assessment.catalogs import TRANSLATIONS

    installed = tmp_path / "installed"
    shutil.copytree(TRANSLATIONS, installed, ignore=shutil.ignore_patterns("*.mo", "*.partial"))
    real_mkstemp = tempfile.mkstemp

    def read_only_install(*args: Any, **kwargs: Any) -> Any:
        folder = Path(kwargs.get("dir") or args[2])
        if folder.is_relative_to(installed):  # the file system refuses, as a read-only mount does
            raise OSError(errno.EROFS, "Read-only file system", str(folder))
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(catalogs.tempfile, "mkstemp", read_only_install)
    from mvo_assessment.extensions import babel

    monkeypatch.setattr(babel.domain_instance, "cache", {})  # not another app's English (Flask-Babel's cache is shared)
    with caplog.at_level(logging.WARNING):
        app = create_app(make_test_config(database_url, BABEL_TRANSLATION_DIRECTORIES=str(installed)))
    try:
        assert "en" in app.config["LANGUAGES"]
        page = app.test_client().get("/?lang=en").get_data(as_text=True)
        assert page_lang(page) == "en"
        assert "Could not write the compiled translation catalogs beside their sources" in caplog.text
        assert not list(installed.glob("*/LC_MESSAGES/*.mo"))
    finally:
        app.extensions["mvo_store"].engine.dispose()


def test_a_text_without_its_translation_is_said_at_start(database_url, tmp_path, caplog):
    """QA (author): with a catalog that missed the new texts the site started without a word
    and showed Dutch options among the English ones. The start now says how many texts are
    shown in Dutch, and how to list them; a complete catalog says nothing."""
    import logging
    import shutil

    from babel.messages.pofile import read_po, write_po
    from conftest import make_test_config

    from mvo_assessment import create_app

    folder = tmp_path / "translations"
    shutil.copytree(WEB_QUESTIONNAIRE_TRANSLATIONS, folder, ignore=shutil.ignore_patterns("*.mo", "*.partial"))
    with caplog.at_level(logging.WARNING):
        app = create_app(make_test_config(database_url, QUESTIONNAIRE_TRANSLATIONS=str(folder)))
    app.extensions["mvo_store"].engine.dispose()
    assert "translation in" not in caplog.text
    caplog.clear()
    po = folder / "en" / "LC_MESSAGES" / "questionnaire.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    untranslated = [m for m in catalog if m.id and "|option|" in str(m.context)][:2]
    untranslated[0].string = ""
    untranslated[1].flags.add("fuzzy")
    with po.open("wb") as handle:
        write_po(handle, catalog)
    with caplog.at_level(logging.WARNING):
        app = create_app(make_test_config(database_url, QUESTIONNAIRE_TRANSLATIONS=str(folder)))
    app.extensions["mvo_store"].engine.dispose()
    assert f"2 text(s) of the questionnaire have no 'en' translation in {folder} and are shown in Dutch" in caplog.text
    assert f"--translations {folder}` lists them" in caplog.text


@pytest.mark.parametrize(("browser", "chosen"), [("nl-NL,nl;q=0.9", "en"), ("en-GB,en;q=0.9", "nl")])
def test_a_chosen_language_goes_along_where_no_cookie_keeps_it(app, browser, chosen):
    """QA (portal, review): a browser that keeps no cookie cannot remember a chosen language. The
    start page's form and links carry it where the browser would not get it anyway, so the page
    about the refused cookie and its link are in the chosen language, both ways round."""
    client = app.test_client(use_cookies=False)
    start = client.get(f"/?lang={chosen}", headers={"Accept-Language": browser}).get_data(as_text=True)
    assert page_lang(start) == chosen
    action = re.search(r'<form method="post" action="([^"]*)" class="inline-form"', start).group(1)
    assert action.endswith(f"?lang={chosen}") and f'href="/hervatten?lang={chosen}"' in start
    refused = client.post(action, data={"csrf_token": hidden_value(start, "csrf_token")}, headers={"Accept-Language": browser})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and page_lang(page) == chosen
    assert re.search(rf'href="http://localhost/\?lang={chosen}"[^>]*target="_blank"', page), page
    # a browser that gets the language anyway is sent no argument
    own = client.get("/", headers={"Accept-Language": browser}).get_data(as_text=True)
    assert "?lang=" not in re.search(r'<form method="post" action="([^"]*)" class="inline-form"', own).group(1)


@pytest.mark.parametrize("compiled_by_pybabel", [False, True])
def test_a_translation_that_cannot_be_filled_in_shows_the_dutch_text(
    database_url, tmp_path, caplog, monkeypatch, compiled_by_pybabel
):
    """QA (translator): a German "zu 100 % kostenlos" (a percent sign is written %% in a
    catalog) or a misspelt placeholder made every page with that text a 500, and the site
    started without a word. Such a translation is left out, so its Dutch text is shown, and the
    start says so; also when plain `pybabel compile` made a .mo that holds it."""
    import logging
    import os
    import shutil

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po, write_po
    from conftest import make_test_config

    from mvo_assessment import create_app
    from mvo_assessment.catalogs import TRANSLATIONS
    from mvo_assessment.extensions import babel

    folder = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, folder, ignore=shutil.ignore_patterns("*.mo", "*.partial"))
    po = folder / "en" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    how_long = next(m for m in catalog if m.id == "Hoe lang duurt het?")
    how_long.string = "How long does it take? 100 % free."  # a text without placeholders, in a template
    minutes = next(m for m in catalog if isinstance(m.id, str) and m.id.startswith("Reken op ongeveer %(low)s"))
    minutes.string = minutes.string.replace("%(high)s", "%(hihg)s")
    with po.open("wb") as handle:
        write_po(handle, catalog, width=100)
    if compiled_by_pybabel:  # all of it, as `pybabel compile` writes it, and newer than the .po
        with po.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)
        later = po.stat().st_mtime + 10
        os.utime(po.with_suffix(".mo"), (later, later))
    # Flask-Babel keeps the translations it loaded per language in one cache for every app of
    # the process (its Babel object is shared): this app's own must be loaded.
    monkeypatch.setattr(babel.domain_instance, "cache", {})
    with caplog.at_level(logging.WARNING):
        app = create_app(make_test_config(database_url, BABEL_TRANSLATION_DIRECTORIES=str(folder)))
    try:
        response = app.test_client().get("/?lang=en")
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and page_lang(page) == "en"
        assert "Hoe lang duurt het?" in page and "100 % free" not in page
        assert "Reken op ongeveer" in page and "Allow about" not in page
        assert "Why due diligence?" in page and "Waarom due diligence?" not in page  # the rest stays English
        warned = [r.getMessage() for r in caplog.records if "cannot be filled in" in r.getMessage()]
        assert len(warned) == 1 and warned[0].startswith("2 interface text(s)") and f"{po}:" in warned[0]
    finally:
        app.extensions["mvo_store"].engine.dispose()


def test_a_chosen_language_goes_along_with_every_form_of_an_assessment(app):
    """QA (English phone): an English visitor on a Dutch phone whose session had gone (a long
    meeting, the browser closed) sent a question page and got "Uw sessie is verlopen" in Dutch,
    with a Dutch link to the code page: the page's form did not carry the chosen language, so
    the browser's decided. Every form of an assessment carries it now, as the start page's do."""
    dutch = {"Accept-Language": "nl-NL,nl;q=0.9"}
    client = app.test_client()
    start = client.get("/?lang=en", headers=dutch).get_data(as_text=True)
    action = re.search(r'<form method="post" action="([^"]*)" class="inline-form"', start).group(1)
    page_url = client.post(action, data={"csrf_token": hidden_value(start, "csrf_token")}, headers=dutch).headers["Location"]
    page = client.get(page_url, headers=dutch).get_data(as_text=True)
    for path in (page_url, "/zelfevaluatie/opslaan", "/zelfevaluatie/afsluiten", "/zelfevaluatie/verwijderen",
                 "/zelfevaluatie/opnieuw"):
        html = client.get(path, headers=dutch).get_data(as_text=True)
        actions = re.findall(r'<form [^>]*action="([^"]*)"', html)
        assert actions and all(found.endswith("?lang=en") for found in actions), (path, actions)
    form_action = re.search(r'<form [^>]*action="([^"]*)"', page).group(1)
    # the session gone: the browser sends a cookie the site no longer accepts (too old), which
    # remembers nothing, the chosen language neither
    expired = {**dutch, "Cookie": f"{app.config.get('SESSION_COOKIE_NAME', 'session')}=too-old"}
    gone = app.test_client(use_cookies=False).post(
        form_action, data={"csrf_token": hidden_value(page, "csrf_token"), "grootte": "klein"}, headers=expired)
    html = gone.get_data(as_text=True)
    assert gone.status_code == 400 and page_lang(html) == "en", html
    assert "Your session has expired" in html and 'href="/hervatten?lang=en"' in html
    # a Dutch visitor on a Dutch phone gets no argument
    client = app.test_client()
    start = client.get("/", headers=dutch).get_data(as_text=True)
    client.post("/zelfevaluatie/starten", data={"csrf_token": hidden_value(start, "csrf_token")}, headers=dutch)
    assert "?lang=" not in re.search(r'<form [^>]*action="([^"]*)"', client.get(page_url, headers=dutch).get_data(as_text=True)).group(1)
