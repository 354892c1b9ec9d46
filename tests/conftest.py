"""Fixtures for the web tests: an app per test on a fresh database, a client and a journey helper.

The database fixture runs on SQLite always and, when TEST_DATABASE_URL is set
(postgresql+psycopg://...), on PostgreSQL too, each test in its own schema. It also sets
the property tests' one profile (no time limit per example).
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote

import pytest
from hypothesis import settings

# No time limit per example for any property test: on a busy two-core CI machine the system may
# pause the process for longer than hypothesis' default 200 ms in an example that takes
# microseconds, and hypothesis then fails the test ("DeadlineExceeded" or "Unreliable test
# timings"). Speed is measured in bench/, not asserted in tests.
settings.register_profile("mvo-tests", deadline=None)
settings.load_profile("mvo-tests")

WEB_QUESTIONNAIRE = Path(__file__).parent / "web" / "questionnaire"
# Its English content, a fixture (the interface catalog is the real one in translations/).
WEB_QUESTIONNAIRE_TRANSLATIONS = Path(__file__).parent / "web" / "questionnaire-translations"
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
DATABASES = ["sqlite"] + (["postgresql"] if TEST_DATABASE_URL else [])


def pytest_report_header(config: Any) -> str:
    if TEST_DATABASE_URL:
        return "web database tests: SQLite and PostgreSQL (TEST_DATABASE_URL)"
    return "web database tests: SQLite only (set TEST_DATABASE_URL=postgresql+psycopg://... to add PostgreSQL)"


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    from sqlalchemy import create_engine, text

    schema = f"test_{secrets.token_hex(6)}"
    admin = create_engine(TEST_DATABASE_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in TEST_DATABASE_URL else "?"
    try:
        yield f"{TEST_DATABASE_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def make_test_config(database_url: str, **overrides: Any) -> dict[str, Any]:
    config = {
        "TESTING": True,
        "MVO_ENV": "production",
        "SECRET_KEY": "test-secret-key-" + "x" * 32,
        "SESSION_COOKIE_SECURE": False,
        "DATABASE_URL": database_url,
        "QUESTIONNAIRE_PATH": str(WEB_QUESTIONNAIRE),
        "QUESTIONNAIRE_TRANSLATIONS": str(WEB_QUESTIONNAIRE_TRANSLATIONS),
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    config.update(overrides)
    return config


@pytest.fixture
def app_config(database_url: str) -> dict[str, Any]:
    return make_test_config(database_url)


@pytest.fixture
def app(app_config: dict[str, Any]) -> Iterator[Any]:
    from mvo_assessment import create_app

    application = create_app(app_config)
    yield application
    application.extensions["mvo_store"].engine.dispose()


@pytest.fixture
def make_app(database_url: str) -> Iterator[Any]:
    """Apps with settings of a test's own (`make_app(START_LIMIT="3 per minute")`), each
    disposed of afterwards."""
    from mvo_assessment import create_app

    apps: list[Any] = []

    def _make(**overrides: Any) -> Any:
        application = create_app(make_test_config(database_url, **overrides))
        apps.append(application)
        return application

    yield _make
    for application in apps:
        application.extensions["mvo_store"].engine.dispose()


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def store(app: Any) -> Any:
    return app.extensions["mvo_store"]


HIDDEN_INPUT = r'name="{name}" type="hidden" value="([^"]*)"'


def hidden_value(html: str, name: str) -> str:
    match = re.search(HIDDEN_INPUT.format(name=name), html)
    assert match, f"no hidden input {name!r} in the page"
    return match.group(1)


def html_without_csrf_token(response: Any) -> str:
    """A page's HTML without its CSRF token, for tests that compare two pages: a token carries
    the second it was signed in, so two otherwise identical pages differ in it whenever a second
    ticks over between the two requests."""
    return re.sub(HIDDEN_INPUT.format(name="csrf_token"), "", response.get_data(as_text=True))


class Journey:
    """Actions a visitor takes, like flaskr's AuthActions: `journey.answer_page("1A", {...})`."""

    def __init__(self, client: Any, app: Any) -> None:
        self.client = client
        self.app = app

    def csrf_token(self, path: str = "/hervatten") -> str:
        # Any form of the session carries its token; /hervatten always has one (the start page
        # has none once an assessment is under way: starting over goes through a page first).
        return hidden_value(self.client.get(path).get_data(as_text=True), "csrf_token")

    def start(self) -> Any:
        token = self.csrf_token("/")
        return self.client.post("/zelfevaluatie/starten", data={"csrf_token": token})

    def page_form(self, page_id: str, **query: str) -> dict[str, str]:
        response = self.client.get(f"/zelfevaluatie/vraag/{page_id}", query_string=query)
        assert response.status_code == 200, response.status_code
        html = response.get_data(as_text=True)
        return {
            "csrf_token": hidden_value(html, "csrf_token"),
            "revision": hidden_value(html, "revision"),
            "terug": hidden_value(html, "terug"),
            "pagina": hidden_value(html, "pagina"),
        }

    def answer_page(
        self, page_id: str, answers: dict[str, Any], action: str = "next", js: bool = False, **extra: Any
    ) -> Any:
        data: dict[str, Any] = self.page_form(page_id)
        data.update(answers)
        data["action"] = action
        if js:
            data["js"] = "1"
        data.update(extra)
        return self.client.post(f"/zelfevaluatie/vraag/{page_id}", data=data)

    def assessment(self) -> Any:
        with self.client.session_transaction() as session:
            assessment_id = session.get("assessment")
        return self.app.extensions["mvo_store"].get(assessment_id) if assessment_id else None

    def answers(self) -> dict[str, Any]:
        record = self.assessment()
        return dict(record.answers) if record else {}


@pytest.fixture
def journey(client: Any, app: Any) -> Journey:
    return Journey(client, app)


# A complete set of answers for the test questionnaire, page by page.
FULL_JOURNEY: list[tuple[str, dict[str, Any]]] = [
    ("intake-profiel", {"grootte": "klein", "import": "ja", "omzet": "2,5"}),
    ("1A", {"beleid": "papier", "leveranciers": "ja"}),
    ("1B", {"integratie": "3", "toelichting": "We zijn begonnen."}),
    ("2A", {"s2_inzicht": "2", "ketens": ["grondstoffen", "transport"]}),
    ("2B", {"risico": "ja", "risico_welk": "Kinderarbeid bij katoen"}),
    ("2C-transport", {"vervoerders": "nee"}),
    ("3A", {"s3_aanpak": "1", "actieplan": "ja"}),
    ("4A", {"s4_monitoren": "1", "monitoren": "nee"}),
    ("5A", {"s5_communicatie": "2", "communicatie": "1"}),
    ("6A", {"s6_herstel": "0", "klachten": "ja", "klachten_hoe": "mail"}),
]
