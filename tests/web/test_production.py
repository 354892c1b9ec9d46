"""Production serving: probes, structured request logs, the maintenance commands, gunicorn
settings, ProxyFix and the migration lock (issue 8, part 1)."""

from __future__ import annotations

import re

import io
import json
import logging
import os
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import TEST_DATABASE_URL, WEB_QUESTIONNAIRE, html_without_csrf_token, make_test_config
from sqlalchemy import text

from mvo_assessment import cli, config, create_app, gunicorn_conf, persistence
from mvo_assessment.web import requestlog


def test_healthz_answers_without_a_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_readyz_when_the_database_is_current(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "database": "ok", "migrations": "current"}


def test_readyz_when_migrations_are_behind(database_url):
    app = create_app(make_test_config(database_url, AUTO_MIGRATE=False))
    try:
        response = app.test_client().get("/readyz")
        assert response.status_code == 503
        body = response.get_json()
        assert body["migrations"] == "behind" and body["current"] == [] and body["expected"]
        # a visitor meanwhile gets the friendly 503, not the 500 of a bug (QA, on PostgreSQL)
        client = app.test_client()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]*)"', client.get("/").get_data(as_text=True)).group(1)
        started = client.post("/zelfevaluatie/starten", data={"csrf_token": token})
        assert started.status_code == 503 and started.headers["Retry-After"] == "30"
        persistence.upgrade(app.extensions["mvo_store"].engine)
        assert app.test_client().get("/readyz").status_code == 200
    finally:
        app.extensions["mvo_store"].engine.dispose()


def test_a_database_a_migration_behind_gets_the_friendly_503_until_it_is_upgraded(database_url):
    """QA (operator upgrading): a database of the previous release, the site started without
    `db upgrade` (AUTO_MIGRATE=0): on PostgreSQL every start and code lookup was a 500 logged as
    a bug (a column missing is `UndefinedColumn`, not the `UndefinedTable` of an empty database),
    while /readyz said "behind". Now the 503 of a database not ready, as on SQLite."""
    engine = persistence.make_engine(database_url)
    try:
        persistence.upgrade(engine, "0002")  # the release before `completed_day_unknown`
    finally:
        engine.dispose()
    app = create_app(make_test_config(database_url, AUTO_MIGRATE=False))
    try:
        assert app.test_client().get("/readyz").get_json()["migrations"] == "behind"
        client = app.test_client()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]*)"', client.get("/").get_data(as_text=True)).group(1)
        started = client.post("/zelfevaluatie/starten", data={"csrf_token": token})
        assert started.status_code == 503 and started.headers["Retry-After"] == "30"
        looked_up = client.post("/hervatten", data={"csrf_token": token, "code": persistence.new_resume_code()})
        assert looked_up.status_code == 503
        persistence.upgrade(app.extensions["mvo_store"].engine)
        assert client.post("/zelfevaluatie/starten", data={"csrf_token": token}).status_code == 303
        if database_url.startswith("postgresql"):
            # a column missing where the migrations say it is there: a bug, and so the 500
            with app.extensions["mvo_store"].engine.begin() as connection:
                connection.execute(text("ALTER TABLE assessment DROP COLUMN completed_day_unknown"))
            other = app.test_client()
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]*)"', other.get("/").get_data(as_text=True)).group(1)
            assert other.post("/zelfevaluatie/starten", data={"csrf_token": token}).status_code == 500
    finally:
        app.extensions["mvo_store"].engine.dispose()


@pytest.mark.parametrize("reachable", [True, False], ids=["not-migrated", "unreachable"])
def test_a_start_without_migrating_says_what_the_database_lacks(database_url, caplog, reachable):
    """QA (operator): with AUTO_MIGRATE=0 (the production way) a wrong password, a database
    that was down or one never migrated showed only in /readyz; the start said nothing. It says
    so in the log now, and starts all the same (the database may come up after the site)."""
    url = database_url if reachable else "postgresql+psycopg://nobody:geheim-wachtwoord@127.0.0.1:1/none?connect_timeout=2"
    with caplog.at_level(logging.WARNING):
        application = create_app(make_test_config(url, AUTO_MIGRATE=False))
    application.extensions["mvo_store"].engine.dispose()
    messages = " ".join(record.getMessage() for record in caplog.records)
    if reachable:
        assert "AUTO_MIGRATE=0 and the database is not migrated (no tables, expected 0003): run `mvo-assessment db upgrade`" in messages
    else:
        assert "AUTO_MIGRATE=0 and the database cannot be used now: cannot use the database of DATABASE_URL" in messages
    assert "geheim-wachtwoord" not in messages


def test_a_database_migrated_by_newer_code_is_said_in_one_line(database_url):
    """QA (operator): after rolling back the code, `db upgrade` printed Alembic's "Can't locate
    revision" traceback, gunicorn with AUTO_MIGRATE 93 lines of it, and /readyz said
    "behind" of a database that is ahead. Now: one line that says what happened and what to do,
    exit 1, and "ahead"."""
    engine = persistence.make_engine(database_url)
    try:
        persistence.upgrade(engine)
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
        done = _cli("db", "upgrade", DATABASE_URL=database_url)
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert done.stderr.startswith("mvo-assessment db upgrade: the database is at revision 0099, which this "
                                      "version of mvo-assessment does not know"), done.stderr
        assert "newer code has migrated it" in done.stderr and len(done.stderr.strip().splitlines()) == 1
        with pytest.raises(config.ConfigError, match="the database is at revision 0099"):
            create_app(make_test_config(database_url, AUTO_MIGRATE=True))
        app = create_app(make_test_config(database_url, AUTO_MIGRATE=False))
        try:
            response = app.test_client().get("/readyz")
            assert response.status_code == 503
            assert response.get_json()["migrations"] == "ahead" and response.get_json()["current"] == ["0099"]
        finally:
            app.extensions["mvo_store"].engine.dispose()
    finally:
        engine.dispose()


def test_readyz_when_the_database_is_unreachable(app):
    app.extensions["mvo_store"].engine.dispose()
    app.extensions["mvo_store"].engine = persistence.make_engine(
        "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    )
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}


def test_probes_are_never_rate_limited(database_url):
    app = create_app(make_test_config(database_url, RESUME_FAILURES_LIMIT="1 per minute", START_LIMIT="1 per minute"))
    client = app.test_client()
    assert all(client.get("/healthz").status_code == 200 for _ in range(30))
    app.extensions["mvo_store"].engine.dispose()


@pytest.fixture
def request_log(database_url):
    """An app with the request log on, and the JSON lines it writes."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(requestlog.JsonLineFormatter())
    handler.mvo_json = True  # type: ignore[attr-defined]
    logger = logging.getLogger(requestlog.LOGGER_NAME)
    logger.addHandler(handler)
    app = create_app(make_test_config(database_url, REQUEST_LOG=True))
    try:
        yield app, lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)
        app.extensions["mvo_store"].engine.dispose()


def test_one_json_line_per_request_without_answers_or_codes(request_log):
    from conftest import Journey

    app, lines = request_log
    journey = Journey(app.test_client(), app)
    journey.start()
    journey.answer_page("intake-profiel", {"grootte": "klein", "import": "ja", "omzet": "2,5"})
    code = "7KQM-D4XR-AAAA-HHHH-CCCC-DDDD-EEEE"
    journey.client.get(f"/hervatten?code={code}")
    journey.client.post("/hervatten", data={"code": code, "csrf_token": journey.csrf_token("/hervatten")})
    journey.client.get("/bestaat-niet")
    records = lines()
    assert len(records) >= 8
    for record in records:
        assert set(record) >= {"ts", "level", "event", "method", "route", "endpoint", "status", "duration_ms", "pid"}
        assert record["event"] == "request" and record["duration_ms"] >= 0
    by_endpoint = {(r["endpoint"], r["method"]): r for r in records}
    assert by_endpoint[("wizard.page", "POST")]["route"] == "/zelfevaluatie/vraag/<page_id>"
    assert by_endpoint[("wizard.page", "POST")]["status"] == 303
    assert by_endpoint[(None, "GET")]["status"] == 404 and by_endpoint[(None, "GET")]["route"] is None
    dump = json.dumps(records)
    for secret in (code, code.replace("-", ""), "klein", "2,5", "omzet", "?code", "intake-profiel"):
        assert secret not in dump


def test_the_request_log_is_off_in_tests_by_default(app):
    assert requestlog._finish not in app.after_request_funcs.get(None, [])


def test_cli_db_upgrade_and_purge(database_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("QUESTIONNAIRE_PATH", make_test_config(database_url)["QUESTIONNAIRE_PATH"])
    assert cli.main(["db", "upgrade"]) == 0
    first = capsys.readouterr().out
    # an empty database says that it got its tables (QA: it said "up to date")
    assert "database upgraded from empty to revision" in first or "database is up to date (revision" in first
    assert cli.main(["db", "upgrade"]) == 0
    assert "database is up to date (revision" in capsys.readouterr().out
    engine = persistence.make_engine(database_url)
    store = persistence.AssessmentStore(engine)
    try:
        old = store.create("voorbeeld", "1.0", {"grootte": "klein"})
        code = persistence.new_resume_code()
        store.set_resume_code(old.id, code, timedelta(days=-1))  # expired
        fresh = store.create("voorbeeld", "1.0")
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE assessment SET updated_at = :moment WHERE id = :id"),
                {"moment": persistence.utcnow() - timedelta(days=91), "id": old.id},
            )
        assert cli.main(["purge", "--days", "200"]) == 0
        assert "deleted 0 assessments (0 rounds)\n" == capsys.readouterr().out
        assert cli.main(["purge"]) == 0  # the default: 90 days
        assert "deleted 1 assessment (1 round)\n" == capsys.readouterr().out
        assert store.get(old.id) is None and store.get(fresh.id) is not None
        with pytest.raises(SystemExit) as usage:  # a wrong --days is a usage error, said before the database is opened
            cli.main(["purge", "--days", "0"])
        assert usage.value.code == 2 and "argument --days: the retention must be at least 1 day, not 0" in capsys.readouterr().err
    finally:
        engine.dispose()
    # Afterwards its code answers exactly like a code that never existed.
    app = create_app(make_test_config(database_url))
    try:
        client = app.test_client()
        token = _token(client)
        other = persistence.new_resume_code()
        purged = client.post("/hervatten", data={"code": code, "csrf_token": token})
        unknown = client.post("/hervatten", data={"code": other, "csrf_token": token})
        assert purged.status_code == unknown.status_code == 404
        # the same page, apart from the code the visitor typed, which is shown back (and the CSRF
        # token, which carries the second it was signed in)
        assert html_without_csrf_token(purged).replace(code, "X") == html_without_csrf_token(unknown).replace(other, "X")
    finally:
        app.extensions["mvo_store"].engine.dispose()


def _token(client):
    from conftest import hidden_value

    return hidden_value(client.get("/hervatten").get_data(as_text=True), "csrf_token")


def _cli(*args: str, **environment: str) -> "subprocess.CompletedProcess[str]":
    import os
    import subprocess
    import sys

    env = {**os.environ, "SECRET_KEY": "k" * 40, **environment}
    return subprocess.run([sys.executable, "-m", "mvo_assessment.cli", *args], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.mark.parametrize(
    ("args", "environment", "expected"),
    [
        (("db", "upgrade"), {"DATABASE_URL": "nonsense"}, "mvo-assessment db upgrade: DATABASE_URL is not a database URL"),
        (("db", "upgrade"), {"DATABASE_URL": "foo://x/y"}, "DATABASE_URL names a database SQLAlchemy does not know"),
        (("db", "upgrade"), {"DATABASE_URL": "sqlite:////nonexistent/folder/x.sqlite3"},
         "mvo-assessment db upgrade: cannot use the database of DATABASE_URL: unable to open database file (check the "
         "path in DATABASE_URL: its folder must exist and be writable for this user)"),
        (("db", "upgrade"), {"DATABASE_URL": "postgresql+psycopg://mvo:geheim-wachtwoord@127.0.0.1:1/mvo"},
         "cannot use the database of DATABASE_URL: connection failed"),
        (("purge",), {"RETENTION_DAYS": "abc"}, "mvo-assessment purge: RETENTION_DAYS must be a whole number, not 'abc'"),
        (("serve", "--port", "99999"), {}, "argument --port: must be a whole number from 1 to 65535"),
        (("purge",), {"RETENTION_DAYS": "0"}, "mvo-assessment purge: RETENTION_DAYS must be at least 1, not 0"),
        # QA: Flask-Limiter skips a limit it cannot read, silently: the control was off
        (("purge",), {"START_LIMIT": "20 per min"}, "mvo-assessment purge: START_LIMIT is not a rate limit: '20 per min'"),
        (("purge",), {"RESUME_FAILURES_LIMIT": "abc"}, "mvo-assessment purge: RESUME_FAILURES_LIMIT is not a rate limit: 'abc'"),
        # QA (operator): a mistyped on/off setting was read as off (a cookie without Secure), a
        # million days stopped purge and the code page with a traceback, a driver SQLAlchemy knows
        # but the install lacks gave one too, and a short old key signed sessions that opened assessments
        (("purge",), {"SESSION_COOKIE_SECURE": "y"},
         "mvo-assessment purge: SESSION_COOKIE_SECURE must be 1 or 0 (or true/false, yes/no, on/off, ja/nee), not 'y'"),
        (("purge",), {"RETENTION_DAYS": "1000000"}, "mvo-assessment purge: RETENTION_DAYS must be at most 36500, not 1000000"),
        (("purge",), {"RESUME_CODE_DAYS": "3000000"}, "mvo-assessment purge: RESUME_CODE_DAYS must be at most 36500, not 3000000"),
        # QA (mutation testing, seventh round): beyond PostgreSQL's own limit every connection failed
        (("purge",), {"DATABASE_STATEMENT_TIMEOUT": "3000000"},
         "mvo-assessment purge: DATABASE_STATEMENT_TIMEOUT must be at most 86400, not 3000000"),
        (("purge",), {"DATABASE_STATEMENT_TIMEOUT": "-1"}, "mvo-assessment purge: DATABASE_STATEMENT_TIMEOUT must be at least 0, not -1"),
        (("purge",), {"DATABASE_URL": "mysql://u:geheim-wachtwoord@127.0.0.1/x"},
         "mvo-assessment purge: DATABASE_URL needs the database driver 'MySQLdb', which is not installed"),
        (("purge",), {"SECRET_KEY_FALLBACKS": "x"},
         "mvo-assessment purge: SECRET_KEY_FALLBACKS holds a key of only 1 character besides spaces; every key needs at least 32"),
        # QA (operator, session 14): a port that is no number was a traceback, an '@' in the
        # password showed the rest of it as a host name, postgres:// said nothing of what to
        # write, a rate limit of 0 refused every visitor for good, and TRUSTED_HOSTS written
        # with spaces or https:// turned every request away without a word
        (("db", "upgrade"), {"DATABASE_URL": "postgresql+psycopg://mvo:geheim-wachtwoord@127.0.0.1:notaport/mvo"},
         "mvo-assessment db upgrade: DATABASE_URL is not a database URL (is its port a number?)"),
        (("db", "upgrade"), {"DATABASE_URL": "postgresql+psycopg://mvo:geheim-wachtwoord@x@127.0.0.1/mvo"},
         "DATABASE_URL has more than one '@' before its host: write an '@' in the user name or password as %40"),
        (("db", "upgrade"), {"DATABASE_URL": "postgresql+psycopg://mvo:geheim-wachtwoord/x@y@127.0.0.1/mvo"},
         "DATABASE_URL has more than one '@' before its host: write an '@' in the user name or password as %40"),
        (("db", "upgrade"), {"DATABASE_URL": "postgres://mvo:geheim-wachtwoord@127.0.0.1/mvo"},
         "mvo-assessment supports sqlite:/// and postgresql+psycopg://"),
        (("purge",), {"START_LIMIT": "0 per minute"}, "mvo-assessment purge: START_LIMIT allows no request at all: '0 per minute'"),
        (("purge",), {"TRUSTED_HOSTS": "mvo.example.nl localhost"},
         "'mvo.example.nl localhost' is no host name (separate host names by commas, not spaces)"),
        (("purge",), {"TRUSTED_HOSTS": "https://mvo.example.nl"},
         "'https://mvo.example.nl' is no host name (a host name only: no https:// and no path)"),
        (("purge",), {"FRAME_ANCESTORS": "https://portal.example.nl https://b.example.nl/"},
         "'https://b.example.nl/' is none of these (an origin has no path: leave out everything after the host name and port"),
        (("purge",), {"TRUSTED_HOSTS": "localhost," + "a" * 64 + ".nl"},
         "is no host name (each part of a name is at most 63 characters)"),
        (("purge",), {"TRUSTED_HOSTS": "[::1],localhost"}, "'[::1]' is no host name (an IPv6 address cannot be listed: use a host name)"),
        # QA (security round 2): an address that reads as one site and leads to another, said
        # without its password, and one with a direction override, said with it written out
        (("purge",), {"OPERATOR_NAME": "RVO", "OPERATOR_URL": "https://mvo:geheim-wachtwoord@evil.example/"},
         "mvo-assessment purge: OPERATOR_URL must be a web address such as https://www.example.nl, not "
         "'https://mvo:…@evil.example/': leave out the name and password before @ (the link leads to the site after the @)"),
        (("purge",), {"OPERATOR_NAME": "RVO", "OPERATOR_URL": "https://\u202elnl.ovr.www"},
         "not 'https://\\u202elnl.ovr.www': remove the invisible or control character U+202E"),
        # QA (mutation testing, sixth round): one that urlsplit cannot read, password and all
        (("purge",), {"OPERATOR_NAME": "RVO", "OPERATOR_URL": "https://mvo:geheim-wachtwoord@[evil"},
         "mvo-assessment purge: OPERATOR_URL must be a web address such as https://www.example.nl, not "
         "'https://mvo:…@[evil': this is not a web address"),
    ],
    ids=["unparsable-url", "unknown-database", "unreachable-sqlite", "unreachable-postgresql", "bad-setting", "bad-port",
         "retention-below-one", "start-limit-unreadable", "resume-limit-unreadable", "mistyped-on-off",
         "retention-too-long", "code-lifetime-too-long", "statement-timeout-too-long", "statement-timeout-negative",
         "driver-not-installed", "short-fallback-key",
         "port-no-number", "at-sign-in-password", "at-sign-and-slash-in-password", "postgres-scheme", "limit-of-zero", "hosts-with-spaces",
         "host-with-scheme", "frame-ancestor-with-path", "host-label-too-long", "ipv6-host", "operator-url-with-password",
         "operator-url-with-direction-override", "operator-url-unreadable-with-password"],
)
def test_maintenance_commands_explain_a_bad_setting_in_one_line(args, environment, expected):
    """A wrong environment is the operator's to fix: one line that says what, exit 1 (2 for a bad
    argument), never a traceback, and never the password of DATABASE_URL."""
    done = _cli(*args, **environment)
    assert done.returncode == (2 if "--port" in args else 1), done.stderr
    assert expected in done.stderr and "Traceback" not in done.stderr
    assert "geheim-wachtwoord" not in done.stderr and done.stdout == ""


def test_purge_without_its_environment_says_so_and_makes_no_database(tmp_path, monkeypatch, capsys):
    """QA (operator): a cron job that lost DATABASE_URL made an empty SQLite file in the
    install's instance folder and was told to run `db upgrade`, the wrong way. (The instance
    folder is one of the test's own: a developer's database in the real one stays untouched.)"""
    import argparse

    from mvo_assessment.web.app import Application

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setattr(Application, "auto_find_instance_path", lambda self: str(tmp_path / "instance"))
    assert cli.cmd_purge(argparse.Namespace(days=None)) == 1
    error = capsys.readouterr().err
    default = tmp_path / "instance" / "mvo-assessment.sqlite3"
    assert f"DATABASE_URL is not set, and there is no database at its default {default}" in error
    assert "give this job the site's environment (DATABASE_URL)" in error
    assert not default.exists()


def test_purge_before_the_first_upgrade_says_what_to_do(database_url):
    if database_url.startswith("sqlite"):
        # QA (command line): a mistyped path left an empty database file there
        path = Path(database_url.removeprefix("sqlite:///"))
        done = _cli("purge", DATABASE_URL=database_url)
        assert done.returncode == 1 and not path.exists()
        assert f"mvo-assessment purge: there is no database at {path} (DATABASE_URL); check the path the site uses" in done.stderr
        path.touch()  # an empty SQLite database
    done = _cli("purge", DATABASE_URL=database_url)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "the database has no tables yet; run `mvo-assessment db upgrade` first" in done.stderr


def test_flask_purge_uses_the_same_rule(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["purge"]).output == "deleted 0 assessments (0 rounds)\n"
    assert runner.invoke(args=["purge", "--days", "1"]).output == "deleted 0 assessments (0 rounds)\n"


def test_purge_deletes_exactly_what_was_untouched_for_longer_than_the_retention(app, store):
    """RETENTION_DAYS (90) is the promise of the start page and docs/web.md: an assessment whose
    code has expired is kept until 90 days after its last saved answer, and deleted after that.
    QA (mutation testing): purging a day early (`timedelta(days=days - 1)` in
    purge_assessments) failed no test, since the only one compared 91 days with a fresh
    assessment. Two assessments with expired codes, a few minutes either side of the boundary."""
    moment = persistence.utcnow()
    kept = store.create("voorbeeld", "1.0", {"grootte": "klein"})
    gone = store.create("voorbeeld", "1.0", {"grootte": "groot"})
    for record in (kept, gone):
        store.set_resume_code(record.id, persistence.new_resume_code(), timedelta(days=-1))  # expired
    untouched = {kept.id: timedelta(days=90) - timedelta(minutes=5), gone.id: timedelta(days=90) + timedelta(minutes=5)}
    with store.engine.begin() as connection:
        for assessment_id, ago in untouched.items():
            connection.execute(text("UPDATE assessment SET updated_at = :moment WHERE id = :id"),
                               {"moment": moment - ago, "id": assessment_id})
    assert app.test_cli_runner().invoke(args=["purge"]).output == "deleted 1 assessment (1 round)\n"
    assert store.get(gone.id) is None
    assert store.get(kept.id) is not None and store.get(kept.id).answers == {"grootte": "klein"}


def test_purge_counts_an_assessment_of_three_rounds_as_one(app, store):
    """QA (adviser following rounds): purging one company's history of three rounds printed
    "deleted 3 assessment(s)": it counted rounds. It says both now."""
    first = store.create("voorbeeld", "1.0", {"grootte": "klein"})
    second = store.start_round(first.id, "voorbeeld", "1.0", {"grootte": "klein"})
    third = store.start_round(second.id, "voorbeeld", "1.0", {"grootte": "middel"})
    store.set_resume_code(third.id, persistence.new_resume_code(), timedelta(days=-1))  # expired
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE assessment SET updated_at = :moment"),
                           {"moment": persistence.utcnow() - timedelta(days=91)})
    assert app.test_cli_runner().invoke(args=["purge"]).output == "deleted 1 assessment (3 rounds)\n"
    assert all(store.get(record.id) is None for record in (first, second, third))


def test_purge_deletes_a_long_history_in_one_statement_and_stops_at_a_round_still_kept(app, store):
    """QA (database administrator): the purge deleted one layer of rounds per pass, two scans
    of the table each; a history of 150 rounds took 151 passes (1:45 in 250 000 rows). It is
    one statement now, down each chain as far as the rounds are due themselves: a round whose
    code still works stays, and so does everything before it."""
    from sqlalchemy import event

    long_history = [store.create("voorbeeld", "1.0", {"grootte": "klein"})]
    for _ in range(11):
        long_history.append(store.start_round(long_history[-1].id, "voorbeeld", "1.0", {"grootte": "klein"}))
    held = [store.create("voorbeeld", "1.0", {"grootte": "groot"})]
    for _ in range(3):
        held.append(store.start_round(held[-1].id, "voorbeeld", "1.0", {"grootte": "groot"}))
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE assessment SET updated_at = :moment"),
                           {"moment": persistence.utcnow() - timedelta(days=91)})
    store.set_resume_code(held[1].id, persistence.new_resume_code(), timedelta(days=5))  # still works
    deletes: list[str] = []

    def count_deletes(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "DELETE" in statement.upper():
            deletes.append(statement)

    event.listen(store.engine, "before_cursor_execute", count_deletes)
    try:
        assert app.test_cli_runner().invoke(args=["purge"]).output == "deleted 2 assessments (14 rounds)\n"
    finally:
        event.remove(store.engine, "before_cursor_execute", count_deletes)
    assert len(deletes) == 1, deletes
    assert all(store.get(record.id) is None for record in long_history + held[2:])
    assert [store.get(record.id) is not None for record in held[:2]] == [True, True]


def test_warm_up_prepares_what_workers_share(app):
    from mvo_assessment.forms import _PAGE_FORMS
    from mvo_assessment.web.app import warm_up

    warm_up(app)
    assert len(app.jinja_env.cache) >= 10  # every template compiled
    q = app.extensions["mvo_questionnaire"]
    assert all(_PAGE_FORMS[id(page)][0] is page for page in q.pages)
    assert "_resolve_plan" in q.__dict__ and "_score_plan" in q.__dict__
    # QA (operator): the first /readyz of each worker read the migration scripts (0.4–0.8 s)
    assert persistence.head_revisions.cache_info().currsize == 1 and persistence.known_revisions.cache_info().currsize == 1


def test_gunicorn_settings():
    assert gunicorn_conf.preload_app is True
    assert gunicorn_conf.wsgi_app == "mvo_assessment:create_app()"
    assert gunicorn_conf.default_workers(2) == 5 and gunicorn_conf.default_workers(1) == 3
    assert gunicorn_conf.timeout > 0 and gunicorn_conf.graceful_timeout > 0
    assert gunicorn_conf.accesslog is None  # the application logs requests, without query strings


def test_gunicorn_trusts_forwarded_headers_only_from_this_machine_by_default(monkeypatch):
    """QA (mutation testing): gunicorn's own `FORWARDED_ALLOW_IPS` default could be made "*"
    (any client's X-Forwarded-Proto would then set the scheme, and the cookies' and HSTS's
    idea of HTTPS) and no test failed. The proxy's headers are the application's business
    (PROXY_FIX_X_*); gunicorn trusts only 127.0.0.1 unless told otherwise."""
    import importlib

    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    try:
        assert importlib.reload(gunicorn_conf).forwarded_allow_ips == "127.0.0.1"
        monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.5")
        assert importlib.reload(gunicorn_conf).forwarded_allow_ips == "10.0.0.5"
    finally:
        monkeypatch.undo()
        importlib.reload(gunicorn_conf)


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"DATABASE_URL": "notaurl"}, "Error: DATABASE_URL is not a database URL"),
        ({"DATABASE_URL": "postgresql+psycopg://mvo:geheim-wachtwoord@127.0.0.1:1/mvo"},
         "Error: cannot use the database of DATABASE_URL: connection failed"),
        ({"RATELIMIT_STORAGE_URI": "rediss//x"}, "Error: RATELIMIT_STORAGE_URI cannot be used: unknown storage scheme"),
        ({"GUNICORN_TIMEOUT": "30s"}, "Error: GUNICORN_TIMEOUT must be a whole number, not '30s'"),
        # QA (operator): a master that listened and never answered
        ({"WEB_CONCURRENCY": "0"}, "Error: WEB_CONCURRENCY must be at least 1, not 0"),
        # QA (operator): a traceback, and settings silently taken for something else
        ({"BIND": "127.0.0.1:99999"}, "Error: BIND must be host:port with a port up to 65535 (or unix:/path), not '127.0.0.1:99999'"),
        ({"GUNICORN_LOGLEVEL": "verbose"}, "Error: GUNICORN_LOGLEVEL must be one of debug, info, warning, error, critical, not 'verbose'"),
        ({"MVO_ENV": "staging"}, "Error: MVO_ENV must be production or development, not 'staging'"),
    ],
    ids=["unparsable-url", "unreachable-database", "bad-storage", "bad-gunicorn-number", "no-workers", "bad-bind",
         "bad-loglevel", "unknown-environment"],
)
def test_gunicorn_refuses_a_bad_setting_in_one_line(tmp_path, environment, expected):
    """QA: under gunicorn these were tracebacks of 140 lines (the maintenance commands already
    said them in one line); the password of DATABASE_URL is never shown."""
    import os
    import subprocess

    env = {**os.environ, "SECRET_KEY": "k" * 40, "BIND": "127.0.0.1:0", "REQUEST_LOG": "0",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'g.sqlite3'}", **environment}
    done = subprocess.run(["gunicorn", "-c", "python:mvo_assessment.gunicorn_conf"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr[-800:]
    assert expected in done.stderr and "Traceback" not in done.stderr, done.stderr[-800:]
    assert "geheim-wachtwoord" not in done.stderr


def test_gunicorn_opens_a_control_socket_only_where_it_is_asked_for(tmp_path):
    """QA: gunicorn 25+ put its control socket at ~/.gunicorn/gunicorn.ctl, one path for every
    master of the user; the old master of the documented USR2 + TERM replacement deleted the new
    master's socket. It is now off unless GUNICORN_CONTROL_SOCKET names a path."""
    from servers import Gunicorn

    home = tmp_path / "home"
    home.mkdir()
    database_url = f"sqlite:///{tmp_path / 'g.sqlite3'}"
    environment = {"HOME": str(home), "XDG_RUNTIME_DIR": ""}
    server = Gunicorn(database_url, WEB_QUESTIONNAIRE, **environment)
    try:
        assert list(home.iterdir()) == []
    finally:
        server.close()
    socket_path = tmp_path / "mvo.ctl"
    server = Gunicorn(database_url, WEB_QUESTIONNAIRE, GUNICORN_CONTROL_SOCKET=str(socket_path), **environment)
    try:
        deadline = time.monotonic() + 10  # the master opens it just after the first worker boots
        while not socket_path.is_socket() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert socket_path.is_socket() and list(home.iterdir()) == []
    finally:
        server.close()


def test_proxy_fix_only_when_configured(database_url):
    plain = create_app(make_test_config(database_url))
    proxied = create_app(make_test_config(database_url, PROXY_FIX_X_FOR=1))
    try:
        seen = {}
        for name, application in (("plain", plain), ("proxied", proxied)):

            @application.get("/wie")
            def who() -> str:
                from flask import request

                return f"{request.remote_addr} {request.scheme}"

            seen[name] = application.test_client().get(
                "/wie", headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
            ).get_data(as_text=True)
        assert seen["plain"] == "127.0.0.1 http"
        assert seen["proxied"] == "203.0.113.9 https"
    finally:
        plain.extensions["mvo_store"].engine.dispose()
        proxied.extensions["mvo_store"].engine.dispose()


def test_the_forwarded_host_is_trusted_only_as_configured(database_url):
    """With a proxy, X-Forwarded-Host makes the links the site sends (a resume code's link); an
    operator whose proxy passes the visitor's Host itself turns it off (PROXY_FIX_X_HOST=0)."""
    hosts = {}
    for setting in (1, 0):
        application = create_app(make_test_config(database_url, PROXY_FIX_X_FOR=1, PROXY_FIX_X_HOST=setting))
        try:

            @application.get("/host")
            def host() -> str:
                from flask import request

                return request.host

            hosts[setting] = application.test_client().get(
                "/host", headers={"Host": "portal.example.nl", "X-Forwarded-Host": "elders.example"}
            ).get_data(as_text=True)
        finally:
            application.extensions["mvo_store"].engine.dispose()
    assert hosts == {1: "elders.example", 0: "portal.example.nl"}


@pytest.mark.postgres
@pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs TEST_DATABASE_URL")
def test_concurrent_migrations_do_not_crash(database_url):
    """Two processes (here: threads with their own engines) migrating one empty PostgreSQL
    database at once: the advisory lock makes the second wait, then find nothing to do."""
    if not database_url.startswith("postgresql"):
        pytest.skip("the migration lock is PostgreSQL's")
    engines = [persistence.make_engine(database_url) for _ in range(3)]
    barrier = threading.Barrier(len(engines))
    errors: list[BaseException] = []

    def migrate(engine):
        try:
            barrier.wait()
            persistence.upgrade(engine)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=migrate, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        assert errors == []
        assert persistence.current_revisions(engines[0]) == persistence.head_revisions()
    finally:
        for engine in engines:
            engine.dispose()


def test_processes_migrating_one_new_sqlite_file_at_once_all_succeed(tmp_path):
    """QA: two `mvo-assessment serve` started at once on a new SQLite file; the second stopped
    on "table assessment already exists" (Python's sqlite3 runs DDL outside a transaction, so
    both created the tables). Four `db upgrade` processes at once, on eight new files: the race
    showed in about half of such rounds before the upgrade took SQLite's write lock first."""
    import subprocess
    import sys

    for attempt in range(8):
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / f'race-{attempt}.sqlite3'}"}
        processes = [
            subprocess.Popen([sys.executable, "-m", "mvo_assessment.cli", "db", "upgrade"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for _ in range(4)
        ]
        outputs = [process.communicate(timeout=60)[0] for process in processes]
        assert [process.returncode for process in processes] == [0, 0, 0, 0], outputs
        engine = persistence.make_engine(env["DATABASE_URL"])
        try:
            assert persistence.current_revisions(engine) == persistence.head_revisions()
        finally:
            engine.dispose()


def test_the_development_server_logs_no_query_string(tmp_path):
    """QA (security): `mvo-assessment serve` (Werkzeug's server) logged `/hervatten?code=…` on
    its terminal; the request lines it logs keep the path only."""
    import subprocess
    import sys
    import time
    import urllib.request

    from servers import free_port

    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}", "MVO_ENV": "development"}
    server = subprocess.Popen([sys.executable, "-m", "mvo_assessment.cli", "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/hervatten?code=GEHEIM-1234&lang=en", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the development server did not start")
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "/hervatten?" in output and "GEHEIM" not in output, output


@pytest.mark.parametrize(("overrides", "warned"), [
    ({}, ["RATELIMIT_STORAGE_URI is memory://", "TRUSTED_HOSTS is not set", "PRIVACY_STATEMENT_URL is not set",
          "OPERATOR_NAME is not set"]),
    ({"TRUSTED_HOSTS": ["mvo.example.nl"], "RATELIMIT_STORAGE_URI": "memory://", "OPERATOR_NAME": "RVO"},
     ["RATELIMIT_STORAGE_URI is memory://", "PRIVACY_STATEMENT_URL is not set"]),
    ({"PRIVACY_STATEMENT_URL": "https://www.example.nl/privacy"},
     ["RATELIMIT_STORAGE_URI is memory://", "TRUSTED_HOSTS is not set", "OPERATOR_NAME is not set"]),
    ({"MVO_ENV": "development"}, []),
])
def test_a_production_start_warns_of_defaults_that_weaken_a_control(tmp_path, caplog, overrides, warned):
    """QA (security): with the default memory:// storage each worker counted on its own (39 wrong
    codes before the limit of 10 with four workers), and without TRUSTED_HOSTS any Host header
    went into redirects and resume links; a production start said nothing of either. QA
    (privacy): nor of a site that links no privacy statement, which the start page's few lines
    are not."""
    test_config = make_test_config(f"sqlite:///{tmp_path / 'warn.sqlite3'}", TESTING=False, **overrides)
    with caplog.at_level(logging.WARNING):
        application = create_app(test_config)
    application.extensions["mvo_store"].engine.dispose()
    messages = [record.getMessage() for record in caplog.records]
    for start in ("RATELIMIT_STORAGE_URI is memory://", "TRUSTED_HOSTS is not set", "PRIVACY_STATEMENT_URL is not set",
                  "OPERATOR_NAME is not set"):
        assert any(message.startswith(start) for message in messages) == (start in warned), messages


def test_purge_refuses_more_days_than_a_date_holds():
    """QA (operator): `purge --days 800000` ended in an OverflowError traceback."""
    done = _cli("purge", "--days", "800000")
    assert done.returncode == 2 and "the retention must be at most 36500 days, not 800000" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_refused_host_is_named_in_the_log_and_samesite_is_read_in_any_case(database_url, caplog):
    """QA (operator): a request for a host not in TRUSTED_HOSTS left only `status: 400` in the
    log, so a list that missed the proxy's name was hard to find; `SESSION_COOKIE_SAMESITE=none`
    was refused with a message that did not show it."""
    application = create_app(make_test_config(database_url, TRUSTED_HOSTS=["mvo.example.nl"], SESSION_COOKIE_SAMESITE="none",
                                              SESSION_COOKIE_SECURE=True))
    try:
        assert application.config["SESSION_COOKIE_SAMESITE"] == "None"
        with caplog.at_level(logging.WARNING):
            assert application.test_client().get("/healthz", headers={"Host": "10.0.0.5:8000"}).status_code == 400
        assert "refused a request for the host '10.0.0.5:8000': it is not in TRUSTED_HOSTS" in caplog.text
    finally:
        application.extensions["mvo_store"].engine.dispose()
    with pytest.raises(config.ConfigError, match="SESSION_COOKIE_SAMESITE must be Lax, Strict or None, not 'sometimes'"):
        create_app(make_test_config(database_url, SESSION_COOKIE_SAMESITE="sometimes"))
    # Python's None in a config mapping is Flask's "no attribute", not the text "None"
    with pytest.raises(config.ConfigError, match="SESSION_COOKIE_SAMESITE must be Lax, Strict or None, not None"):
        create_app(make_test_config(database_url, SESSION_COOKIE_SAMESITE=None, SESSION_COOKIE_SECURE=True))


def test_trusted_hosts_are_compared_in_lower_case(database_url):
    """QA (operator): `TRUSTED_HOSTS=Mvo.Example.nl` turned every browser away (they send lower
    case, and Werkzeug compares as written)."""
    settings = config.from_environment({"TRUSTED_HOSTS": "Mvo.Example.nl, LOCALHOST"})
    assert settings["TRUSTED_HOSTS"] == ["mvo.example.nl", "localhost"]
    application = create_app(make_test_config(database_url, TRUSTED_HOSTS=settings["TRUSTED_HOSTS"]))
    try:
        assert application.test_client().get("/healthz", headers={"Host": "mvo.example.nl"}).status_code == 200
    finally:
        application.extensions["mvo_store"].engine.dispose()


def test_a_database_server_that_never_answers_is_given_up_on(tmp_path):
    """QA (operator): a server that accepted the connection and never answered held `db
    upgrade`, `purge`, the start and every probe for good. A connection not made within
    CONNECT_TIMEOUT_SECONDS is a database that cannot be used, said in one line."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    port = listener.getsockname()[1]
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True).start()
    try:
        started = time.monotonic()
        done = _cli("purge", DATABASE_URL=f"postgresql+psycopg://mvo:x@127.0.0.1:{port}/mvo?connect_timeout=2")
        assert done.returncode == 1 and "cannot use the database of DATABASE_URL" in done.stderr, done.stderr
        assert time.monotonic() - started < 30
    finally:
        listener.close()
        for connection in accepted:
            connection.close()



@pytest.mark.parametrize(("query", "expected"), [("", persistence.CONNECT_TIMEOUT_SECONDS), ("?connect_timeout=3", "3")])
def test_postgresql_connections_have_a_connect_timeout_unless_the_url_sets_one(query, expected):
    from sqlalchemy import event

    engine = persistence.make_engine(f"postgresql+psycopg://mvo:x@127.0.0.1:1/mvo{query}")
    seen: dict[str, object] = {}

    @event.listens_for(engine, "do_connect")
    def _capture(_dialect, _record, _args, params):  # type: ignore[no-untyped-def]
        seen.update(params)
        raise RuntimeError("captured")

    with pytest.raises(Exception):
        engine.connect()
    engine.dispose()
    assert seen["connect_timeout"] == expected


@pytest.mark.parametrize("maintenance", [False, True])
def test_maintenance_commands_compile_no_catalogs(tmp_path, maintenance):
    """QA (operator): where translations/ cannot be written, every `purge` of a daily cron job
    compiled the catalogs into a new folder in /tmp that nobody removed. `db upgrade` and
    `purge` show no page, so they compile nothing; a server still does."""
    import shutil

    catalogs = tmp_path / "translations"
    shutil.copytree(config.TRANSLATIONS_PATH, catalogs, ignore=shutil.ignore_patterns("*.mo"))
    application = create_app(make_test_config(f"sqlite:///{tmp_path / 'c.sqlite3'}", MVO_MAINTENANCE=maintenance,
                                              BABEL_TRANSLATION_DIRECTORIES=str(catalogs)))
    application.extensions["mvo_store"].engine.dispose()
    assert bool(list(catalogs.rglob("*.mo"))) is not maintenance


def test_a_default_database_that_cannot_be_opened_is_not_blamed_on_database_url(database_url, tmp_path):
    """QA (operator): with DATABASE_URL unset and the instance folder not writable, every
    command said "cannot use the database of DATABASE_URL", a setting nobody had made. The
    message names the default file and what to do; an app with DATABASE_URL has no default."""
    unwritable = tmp_path / "no-such-folder" / "mvo-assessment.sqlite3"
    engine = persistence.make_engine(f"sqlite:///{unwritable}")
    with pytest.raises(Exception) as raised:
        engine.connect()
    engine.dispose()
    assert config.setup_problem(raised.value, str(unwritable)) == (
        f"DATABASE_URL is not set, and its default SQLite file {unwritable} cannot be used: "
        "unable to open database file; make its folder writable for this user, or set DATABASE_URL")
    assert config.setup_problem(raised.value) == ("cannot use the database of DATABASE_URL: unable to open database file "
                                                  "(check the path in DATABASE_URL: its folder must exist and be "
                                                  "writable for this user)")
    application = create_app(make_test_config(database_url))
    application.extensions["mvo_store"].engine.dispose()
    assert "MVO_DEFAULT_DATABASE" not in application.config


def test_a_start_that_migrates_says_so_in_the_log(database_url, caplog):
    """QA (operator): a start with AUTO_MIGRATE=1 upgraded an earlier release's database
    without a word in the log, where `db upgrade` says what it did; an operator checking a
    deploy had only the database to go on. A start with nothing to migrate says nothing."""
    engine = persistence.make_engine(database_url)
    persistence.upgrade(engine, "0002")
    engine.dispose()
    for expected in ("database upgraded from 0002 to revision 0003", None):
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            app = create_app(make_test_config(database_url, AUTO_MIGRATE=True))
        app.extensions["mvo_store"].engine.dispose()
        said = [record.getMessage() for record in caplog.records if "upgraded" in record.getMessage()]
        assert said == ([expected] if expected else []), said
