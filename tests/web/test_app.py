"""The application factory, configuration, start page, headers and translations wiring."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from conftest import make_test_config

from mvo_assessment import config, create_app


def test_secret_key_is_required_outside_development(database_url):
    settings = make_test_config(database_url, SECRET_KEY=None)
    with pytest.raises(config.ConfigError, match="SECRET_KEY is not set"):
        create_app(settings)


def test_a_short_secret_key_is_refused_outside_development(database_url):
    """QA (operator): SECRET_KEY=x served pages without a word; whoever guesses the key can sign
    a session that opens any assessment. Development may use what it likes."""
    with pytest.raises(config.ConfigError, match=r"SECRET_KEY is too short \(1 characters besides spaces\); use at least 32"):
        create_app(make_test_config(database_url, SECRET_KEY="x"))
    with pytest.raises(config.ConfigError, match="SECRET_KEY is too short"):
        create_app(make_test_config(database_url, SECRET_KEY=" " * 40))
    app = create_app(make_test_config(database_url, SECRET_KEY="x", MVO_ENV="development", SESSION_COOKIE_SECURE=None))
    assert app.config["SECRET_KEY"] == "x"
    app.extensions["mvo_store"].engine.dispose()


def test_development_generates_a_secret_key_and_says_so(database_url, caplog):
    with caplog.at_level(logging.WARNING):
        app = create_app(make_test_config(database_url, SECRET_KEY=None, MVO_ENV="development", SESSION_COOKIE_SECURE=None))
    assert len(app.config["SECRET_KEY"]) >= 32
    assert "generated a temporary one" in caplog.text
    assert app.config["SESSION_COOKIE_SECURE"] is False
    app.extensions["mvo_store"].engine.dispose()


def test_production_cookies_are_secure(database_url):
    app = create_app(make_test_config(database_url, SESSION_COOKIE_SECURE=None))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    app.extensions["mvo_store"].engine.dispose()


def test_environment_variables_are_read():
    env = {
        "SECRET_KEY": "s", "DATABASE_URL": "sqlite://", "QUESTIONNAIRE_PATH": "/q", "MVO_ENV": "Development",
        "RESUME_CODE_DAYS": "7", "MAX_CONTENT_LENGTH": "100", "AUTO_MIGRATE": "0", "RATELIMIT_STORAGE_URI": "redis://r",
    }
    settings = config.from_environment(env)
    assert settings["RESUME_CODE_DAYS"] == 7 and settings["AUTO_MIGRATE"] is False and settings["MVO_ENV"] == "development"
    assert settings["RATELIMIT_STORAGE_URI"] == "redis://r"
    with pytest.raises(config.ConfigError, match="RESUME_CODE_DAYS"):
        config.from_environment({"RESUME_CODE_DAYS": "veel"})


def test_environment_settings_at_their_edges():
    """QA (mutation testing): three rules of the environment's reading that no test held: the
    spaces and line end around DATABASE_URL (an env file's `DATABASE_URL= postgresql…`, a
    secret read from a file) are no part of it; every documented on/off word works, the Dutch
    ones too (docs/web.md); a number of days may be exactly its maximum and not one more."""
    assert config.from_environment({"DATABASE_URL": " sqlite:////srv/mvo.sqlite3\n"})["DATABASE_URL"] == "sqlite:////srv/mvo.sqlite3"
    for word, meaning in (("1", True), ("true", True), ("yes", True), ("on", True), ("ja", True), ("JA", True),
                          ("0", False), ("false", False), ("no", False), ("off", False), ("nee", False)):
        assert config.from_environment({"REQUEST_LOG": word})["REQUEST_LOG"] is meaning, word
    # QA (docs): the message named every word but ja/nee
    with pytest.raises(config.ConfigError) as refused:
        config.from_environment({"AUTO_MIGRATE": "y"})
    assert str(refused.value) == "AUTO_MIGRATE must be 1 or 0 (or true/false, yes/no, on/off, ja/nee), not 'y'"
    assert config.from_environment({"RETENTION_DAYS": str(config.MAX_DAYS)})["RETENTION_DAYS"] == config.MAX_DAYS
    with pytest.raises(config.ConfigError, match=f"RETENTION_DAYS must be at most {config.MAX_DAYS}, not {config.MAX_DAYS + 1}"):
        config.from_environment({"RETENTION_DAYS": str(config.MAX_DAYS + 1)})


def test_defaults_point_at_the_instance_folder_and_the_repository_questionnaire(tmp_path):
    app = create_app(make_test_config("", DATABASE_URL=None, AUTO_MIGRATE=False))
    try:
        assert app.config["DATABASE_URL"] == "sqlite:///" + str(Path(app.instance_path) / "mvo-assessment.sqlite3")
    finally:
        app.extensions["mvo_store"].engine.dispose()
    assert config.defaults()["QUESTIONNAIRE_PATH"] == str(Path(config.__file__).parent.parent / "questionnaires")


def test_serve_reads_the_questionnaire_the_other_commands_read(tmp_path, monkeypatch):
    """QA (docs): the README says the default questionnaire folder (./questionnaires when it
    holds one) is the same for every command, but `serve` served the shipped one, and an author
    editing a local copy saw nothing of it. Its translations come from translations/ beside it,
    as `validate` reads them; QUESTIONNAIRE_PATH still goes first. No port is bound."""
    import shutil

    from conftest import WEB_QUESTIONNAIRE, WEB_QUESTIONNAIRE_TRANSLATIONS
    from flask import Flask

    from mvo_assessment import cli

    shutil.copytree(WEB_QUESTIONNAIRE, tmp_path / "questionnaires")
    shutil.copytree(WEB_QUESTIONNAIRE_TRANSLATIONS, tmp_path / "translations", ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.chdir(tmp_path)
    for key in ("QUESTIONNAIRE_PATH", "QUESTIONNAIRE_TRANSLATIONS"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("MVO_ENV", "development")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'dev.sqlite3'}")
    served: list[Flask] = []
    monkeypatch.setattr(Flask, "run", lambda app, **options: served.append(app))
    assert cli.main(["serve", "--port", "5999"]) == 0
    app = served.pop()
    app.extensions["mvo_store"].engine.dispose()
    assert Path(app.config["QUESTIONNAIRE_PATH"]).resolve() == (tmp_path / "questionnaires").resolve()
    models = app.extensions["mvo_questionnaires"]
    assert models["nl"].id == "voorbeeld" and "en" in app.config["LANGUAGES"]  # English from ./translations
    assert models["en"].title != models["nl"].title

    monkeypatch.setenv("QUESTIONNAIRE_PATH", str(config.DEFAULT_QUESTIONNAIRE_PATH))
    assert cli.main(["serve"]) == 0
    app = served.pop()
    app.extensions["mvo_store"].engine.dispose()
    assert app.config["QUESTIONNAIRE_PATH"] == str(config.DEFAULT_QUESTIONNAIRE_PATH)
    assert app.extensions["mvo_questionnaire"].id != "voorbeeld"


def test_an_invalid_questionnaire_stops_the_start(database_url, tmp_path):
    (tmp_path / "q").mkdir()
    with pytest.raises(config.ConfigError, match="is not valid"):
        create_app(make_test_config(database_url, QUESTIONNAIRE_PATH=str(tmp_path / "q")))


def test_the_questionnaire_is_loaded_once(app):
    assert app.extensions["mvo_questionnaire"].id == "voorbeeld"


def test_start_page(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="nl">' in html and html.count("<h1") == 1
    for text in ("Waarom due diligence?", "De zes stappen", "Hoe lang duurt het?", "Wat gebeurt er met uw antwoorden?",
                 "Start de zelfevaluatie", "Wat gebeurt er met uw antwoorden?", "Beleid", "Herstel"):
        assert text in html
    assert html.count('<li>', html.index("list--steps"), html.index("Hoe lang duurt het?")) == 6
    # QA (cognitive access): how long it takes, right under the button, not only far below it
    after_button = html[html.index("Start de zelfevaluatie"):html.index("Waarom due diligence?")]
    assert re.search(r"Het duurt ongeveer \d+ tot \d+ minuten\. U kunt tussendoor stoppen en later verdergaan\.", after_button)
    assert '<a href="#hoe-lang">Meer hierover</a>' in after_button and 'id="hoe-lang"' in html


def test_start_page_offers_to_continue(journey):
    journey.start()
    html = journey.client.get("/").get_data(as_text=True)
    assert "Ga verder waar u was" in html and "Begin een nieuwe zelfevaluatie" in html


def test_starting_over_first_says_how_to_keep_the_current_assessment(journey, store):
    """"Begin een nieuwe zelfevaluatie" leaves the current one behind in this browser: a page
    first offers a code (or says the code keeps working), and only its button starts anew."""
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "nee"})
    first = journey.assessment()
    start = journey.client.get("/").get_data(as_text=True)
    assert '<a class="button button--secondary" href="/zelfevaluatie/opnieuw">Begin een nieuwe zelfevaluatie</a>' in start
    page = journey.client.get("/zelfevaluatie/opnieuw").get_data(as_text=True)
    assert "Opnieuw beginnen?" in page and 'href="/zelfevaluatie/opslaan">Eerst een code maken</a>' in page
    assert journey.assessment().id == first.id  # looking costs nothing
    token = journey.csrf_token("/zelfevaluatie/opslaan")
    journey.client.post("/zelfevaluatie/opslaan", data={"csrf_token": token})
    page = journey.client.get("/zelfevaluatie/opnieuw").get_data(as_text=True)
    assert "Uw code blijft werken." in page and "Eerst een code maken" not in page
    response = journey.client.post("/zelfevaluatie/starten", data={"csrf_token": journey.csrf_token("/zelfevaluatie/opnieuw")})
    assert response.status_code == 303 and journey.assessment().id != first.id
    assert store.get(first.id).answers == {"grootte": "klein", "import": "nee"}


def test_starting_over_without_an_assessment_goes_to_the_start(client):
    response = client.get("/zelfevaluatie/opnieuw")
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert "<style" not in html and "style=" not in html
    assert "<script>" not in html and "onclick" not in html


def test_no_inline_script_or_style_in_any_template():
    templates = Path(config.PACKAGE_DIR / "templates")
    for template in templates.rglob("*.html"):
        text = template.read_text()
        assert "<style" not in text and " style=" not in text, template
        assert "<script>" not in text and " on" + "click=" not in text, template


def test_static_files_are_served_and_cacheable(client):
    for path in ("/static/css/site.css", "/static/js/conditions.js", "/static/js/enhance.js"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers.get("Cache-Control") != "no-store"
        response.close()


def test_cli_db_upgrade_and_purge(app):
    runner = app.test_cli_runner()
    assert "up to date" in runner.invoke(args=["db-upgrade"]).output
    assert "deleted 0" in runner.invoke(args=["purge", "--days", "1"]).output


def test_the_privacy_text_says_what_this_deployment_does(database_url):
    """QA (privacy): the start page said "anoniem" (the rate limits count IP addresses), "altijd
    zelf verwijderen" (not without the browser or the code) and nothing of how long answers
    are kept. It now says the retention and the rate limits' longest window as configured."""
    app = create_app(make_test_config(database_url, RETENTION_DAYS=30, START_LIMIT="5 per day",
                                      REPORT_LIMIT="2 per minute", RESUME_FAILURES_LIMIT="3 per 15 minutes"))
    try:
        page = " ".join(app.test_client().get("/").get_data(as_text=True).split())
        assert "anoniem" not in page
        assert "verwijderen we vanzelf: 30 dagen nadat er voor het laatst een antwoord is opgeslagen" in page
        # QA (privacy): "De cookie verdwijnt als u uw browser sluit" (not with a restored session)
        assert "De cookie werkt niet meer als u de website 4 uur niet gebruikt." in page
        assert "Die zetten we alleen op het rapport en in de naam van het bestand." in page
        assert "Dat doen we hooguit 24 uur lang, en los van uw antwoorden." in page
        assert "zolang u ze kunt openen: in deze browser, of met uw code" in page
        english = " ".join(app.test_client().get("/?lang=en").get_data(as_text=True).split())
        assert "We do this for 24 hours at most" in english
    finally:
        app.extensions["mvo_store"].engine.dispose()


def test_the_operators_privacy_statement_is_linked_where_it_is_set(database_url):
    """QA (privacy): the start page's lines are no full privacy statement (who is responsible,
    rights, the authority to complain to); the operator has one, and PRIVACY_STATEMENT_URL
    links it from the footer of every page and from the start page's privacy section."""
    address = "https://www.example.nl/privacy"
    app = create_app(make_test_config(database_url, PRIVACY_STATEMENT_URL=address))
    try:
        page = app.test_client().get("/").get_data(as_text=True)
        assert f'<a href="{address}" target="_top">Privacyverklaring</a>' in page
        assert f'<a href="{address}" target="_top">Lees ook onze privacyverklaring</a>' in page
        # an English page says the statement is in Dutch (QA, English visitor: it sent a visitor
        # to a Dutch page without a word) ...
        english = app.test_client().get("/?lang=en").get_data(as_text=True)
        assert f'<a href="{address}" target="_top" hreflang="nl">Privacy statement</a> (in Dutch)' in english
        assert f'<a href="{address}" target="_top" hreflang="nl">Read our privacy statement too</a> (in Dutch)' in english
    finally:
        app.extensions["mvo_store"].engine.dispose()
    # ... or links its English version, where the operator has one
    english_address = "https://www.example.nl/en/privacy"
    both = create_app(make_test_config(database_url, PRIVACY_STATEMENT_URL=address, PRIVACY_STATEMENT_URL_EN=english_address))
    try:
        english = both.test_client().get("/?lang=en").get_data(as_text=True)
        assert f'<a href="{english_address}" target="_top">Privacy statement</a></li>' in english
        assert f'<a href="{english_address}" target="_top">Read our privacy statement too</a></p>' in english
        assert address + '"' not in english and "(in Dutch)" not in english
        dutch = both.test_client().get("/").get_data(as_text=True)
        assert f'<a href="{address}" target="_top">Privacyverklaring</a></li>' in dutch and english_address not in dutch
    finally:
        both.extensions["mvo_store"].engine.dispose()
    plain = create_app(make_test_config(database_url))
    try:
        assert "rivacyverklaring" not in plain.test_client().get("/").get_data(as_text=True)
    finally:
        plain.extensions["mvo_store"].engine.dispose()


def test_the_footer_says_who_offers_the_site_where_it_is_set(database_url):
    """QA (novice entrepreneur): no page said who runs the site, and the footer names only the
    MVO-steunpunt's stappenplan, so the site read as that organisation's own tool. OPERATOR_NAME
    is said in every footer, linked to OPERATOR_URL where set, and escaped."""
    app = create_app(make_test_config(database_url, OPERATOR_NAME="  Gemeente <Voorbeeld> &  Co ",
                                      OPERATOR_URL="https://www.example.nl/mvo"))
    try:
        client = app.test_client()
        for path in ("/", "/hervatten", "/bestaat-niet"):
            page = client.get(path).get_data(as_text=True)
            assert ('<p class="site-footer__operator">Deze website wordt aangeboden door <a href="https://www.example.nl/mvo" '
                    'target="_top">Gemeente &lt;Voorbeeld&gt; &amp; Co</a>.</p>') in page, path
        english = client.get("/?lang=en").get_data(as_text=True)
        assert "This website is offered by <a href=\"https://www.example.nl/mvo\" target=\"_top\">Gemeente" in english
    finally:
        app.extensions["mvo_store"].engine.dispose()
    name_only = create_app(make_test_config(database_url, OPERATOR_NAME="RVO"))
    try:
        assert '<p class="site-footer__operator">Deze website wordt aangeboden door RVO.</p>' in \
            name_only.test_client().get("/").get_data(as_text=True)
    finally:
        name_only.extensions["mvo_store"].engine.dispose()
    plain = create_app(make_test_config(database_url))
    try:
        assert "site-footer__operator" not in plain.test_client().get("/").get_data(as_text=True)
    finally:
        plain.extensions["mvo_store"].engine.dispose()


@pytest.mark.parametrize(("settings", "said"), [
    ({"OPERATOR_URL": "https://www.example.nl"}, "OPERATOR_URL is set, OPERATOR_NAME is not"),
    ({"OPERATOR_NAME": "x" * 61}, "OPERATOR_NAME is 61 characters long; at most 60"),
    ({"OPERATOR_NAME": "Gemeente\u200bVoorbeeld"}, "OPERATOR_NAME holds an invisible or control character"),
    ({"OPERATOR_NAME": "RVO", "OPERATOR_URL": "javascript:alert(1)"}, "OPERATOR_URL must be a web address such as https://www.example.nl,"),
    # QA (security round 2): addresses that read as one site and lead to another, or hide part
    # of themselves; the value is repeated with its invisible characters written out
    ({"OPERATOR_NAME": "RVO", "OPERATOR_URL": "https://\u202eevil.example"},
     "OPERATOR_URL must be a web address such as https://www.example.nl, not 'https://\\u202eevil.example': "
     "remove the invisible or control character U+202E"),
    ({"OPERATOR_NAME": "RVO", "OPERATOR_URL": "https://exa\u200bmple.nl"},
     "not 'https://exa\\u200bmple.nl': remove the invisible or control character U+200B"),
    ({"OPERATOR_NAME": "RVO", "OPERATOR_URL": "https://evil.example/\x00x"},
     "not 'https://evil.example/\\x00x': remove the invisible or control character U+0000"),
    ({"OPERATOR_NAME": "RVO", "OPERATOR_URL": "https://evil.example\\@good.nl"},
     "write / instead of \\, which browsers read as / (the link may lead to another site than it reads)"),
    # QA (mutation testing, sixth round): a backslash in the path too, as the docs say
    ({"OPERATOR_NAME": "RVO", "OPERATOR_URL": "https://www.rvo.nl/a\\b"},
     "not 'https://www.rvo.nl/a\\\\b': write / instead of \\, which browsers read as / (the link may lead to another site than it reads)"),
    ({"OPERATOR_NAME": "RVO", "OPERATOR_URL": "https://user:pw@evil.example"},
     "leave out the name and password before @ (the link leads to the site after the @)"),
    ({"OPERATOR_NAME": "RVO", "OPERATOR_URL": "https://www.rvo.nl@evil.example/"},
     "leave out the name and password before @ (the link leads to the site after the @)"),
])
def test_an_operator_setting_that_cannot_be_shown_stops_the_start(settings, said):
    from mvo_assessment.config import ConfigError

    with pytest.raises(ConfigError, match=re.escape(said)):
        create_app(make_test_config("sqlite://", **settings))


@pytest.mark.parametrize("setting", ["OPERATOR_URL", "PRIVACY_STATEMENT_URL"])
@pytest.mark.parametrize(("address", "said"), [
    ("https://[evil", "not 'https://[evil': this is not a web address"),
    ("https://mvo:geheim@[evil", "not 'https://mvo:…@[evil': this is not a web address"),
    ("https://mvo:ge\theim@evil.example/", "not 'https://mvo:…@evil.example/': remove the invisible or control character U+0009"),
])
def test_an_operator_address_that_cannot_be_read_stops_the_start_without_its_password(setting, address, said):
    """QA (mutation testing, sixth round): an address that urlsplit cannot read (an unclosed [ in
    its host) stops the start with the one-line ConfigError, as any other refused address does,
    not with urlsplit's ValueError and a traceback. Its password is left out as well: it was
    shown whole from `https://mvo:geheim@[evil`, and from a password with a tab in it, which
    urlsplit drops, so that the password it found was not in the address as written."""
    from mvo_assessment.config import ConfigError

    with pytest.raises(ConfigError) as raised:
        create_app(make_test_config("sqlite://", OPERATOR_NAME="RVO", **{setting: address}))
    assert str(raised.value).startswith(f"{setting} must be a web address such as ")
    assert said in str(raised.value) and "geheim" not in str(raised.value) and "\n" not in str(raised.value)


@pytest.mark.parametrize("address", ["www.example.nl/privacy", "javascript:alert(1)", 'https://x.nl/"><script>',
                                     "https://\u202eevil.example/privacy", "https://www.example.nl\\@evil.example/",
                                     "https://www.example.nl@evil.example/", "https://www.example.nl/\u2066privacy"])
def test_a_privacy_statement_address_that_is_no_web_address_stops_the_start(address):
    from mvo_assessment.config import ConfigError
    from mvo_assessment.web.security import privacy_statement_url

    with pytest.raises(ConfigError, match="PRIVACY_STATEMENT_URL must be a web address"):
        privacy_statement_url(address)
    with pytest.raises(ConfigError, match="PRIVACY_STATEMENT_URL_EN must be a web address"):
        create_app(make_test_config("sqlite://", PRIVACY_STATEMENT_URL="https://www.example.nl/privacy", PRIVACY_STATEMENT_URL_EN=address))


def test_an_english_privacy_statement_alone_stops_the_start():
    """QA (review): with only PRIVACY_STATEMENT_URL_EN the Dutch pages, most visitors', linked
    no statement at all, and nothing said so."""
    from mvo_assessment.config import ConfigError

    with pytest.raises(ConfigError, match="PRIVACY_STATEMENT_URL_EN is set, PRIVACY_STATEMENT_URL is not"):
        create_app(make_test_config("sqlite://", PRIVACY_STATEMENT_URL_EN="https://www.example.nl/en/privacy"))
