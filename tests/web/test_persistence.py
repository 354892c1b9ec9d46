"""The assessment store on SQLite and (with TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

import math
import re
from datetime import timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from mvo_assessment.persistence import (
    CODE_ALPHABET,
    CODE_LENGTH,
    AssessmentStore,
    Base,
    Purged,
    downgrade,
    hash_code,
    make_engine,
    new_resume_code,
    normalise_code,
    upgrade,
    utcnow,
)


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine):
    return AssessmentStore(engine)


def test_migrations_match_the_models(engine):
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_migrations_go_down_and_up_again(engine):
    downgrade(engine)
    assert "assessment" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert "assessment" in inspect(engine).get_table_names()


def test_migrating_keeps_the_round_chains_and_finds_the_days_a_file_did_not_give(database_url):
    """QA (review): migration 0003 first copied the table on SQLite (a batch), and dropping the
    old one with foreign keys on set every `previous_id` to NULL: every history lost, going up
    and going down. It adds the column in place now, and marks the rounds loaded from a file
    without their day before it existed (stored finished at the moment they were created)."""
    from datetime import datetime, timezone

    from mvo_assessment.answers import EarlierRound

    engine = make_engine(database_url)
    try:
        downgrade(engine)
        upgrade(engine, "0002")
        with engine.begin() as connection:  # what the code of 0002 stored for a file with an undated round
            connection.execute(text("DELETE FROM assessment"))
            moment = datetime(2026, 11, 1, 9, 30, tzinfo=timezone.utc)
            rows = [("r1", None, 1, moment), ("r2", "r1", 2, datetime(2025, 3, 3, 12, tzinfo=timezone.utc)), ("r3", "r2", 3, None)]
            for row_id, previous_id, number, completed in rows:
                connection.execute(text(
                    "INSERT INTO assessment (id, questionnaire_id, questionnaire_version, answers, revision, created_at, "
                    "updated_at, previous_id, round, completed_at) VALUES (:id, 'q', '1', '{}', 1, :moment, :moment, "
                    ":previous_id, :round, :completed)"
                ), {"id": row_id, "moment": moment, "previous_id": previous_id, "round": number, "completed": completed})
        upgrade(engine)
        store = AssessmentStore(engine)
        newest = store.get("r3")
        assert [r.id for r in store.earlier_rounds(newest)] == ["r1", "r2"]
        assert [r.completed_day_unknown for r in store.earlier_rounds(newest)] == [True, False]
        assert not newest.completed_day_unknown
        # a round stored from now on says it itself
        made = store.create("q", "1", {}, [EarlierRound("1", None, {})])
        assert store.get(made.previous_id).completed_day_unknown
        downgrade(engine, "0002")
        with engine.connect() as connection:
            chain = dict(connection.execute(text("SELECT id, previous_id FROM assessment WHERE id LIKE 'r%'")).all())
        assert chain == {"r1": None, "r2": "r1", "r3": "r2"}
    finally:
        downgrade(engine)
        upgrade(engine)
        engine.dispose()


def test_create_get_and_save(db):
    record = db.create("voorbeeld", "1.0")
    assert db.get(record.id) == record
    saved = db.save_answers(record.id, 1, {"grootte": "klein", "ketens": ["a", "b"], "omzet": 2.5})
    assert saved.revision == 2 and saved.answers == {"grootte": "klein", "ketens": ["a", "b"], "omzet": 2.5}
    assert db.get(record.id).answers == saved.answers
    assert saved.questionnaire_id == "voorbeeld" and saved.questionnaire_version == "1.0"
    assert saved.updated_at >= saved.created_at and saved.created_at.tzinfo is not None


def test_optimistic_lock_refuses_a_stale_revision(db):
    record = db.create("voorbeeld", "1.0")
    assert db.save_answers(record.id, 1, {"a": "1"}) is not None
    assert db.save_answers(record.id, 1, {"a": "2"}) is None
    assert db.get(record.id).answers == {"a": "1"}
    assert db.save_answers("onbekend", 1, {"a": "2"}) is None


def test_resume_code_only_its_hash_is_stored(db, engine):
    record = db.create("voorbeeld", "1.0", {"grootte": "klein"})
    code = new_resume_code()
    assert db.set_resume_code(record.id, code, timedelta(days=1))
    assert db.find_by_code(code).id == record.id
    assert db.find_by_code(code.lower().replace("-", " ")).id == record.id
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM assessment")).all()
    dump = repr(rows)
    assert normalise_code(code) not in dump and code not in dump
    assert hash_code(code) in dump


def test_code_expires_and_a_new_code_replaces_the_old(db):
    record = db.create("voorbeeld", "1.0")
    old = new_resume_code()
    db.set_resume_code(record.id, old, timedelta(days=1))
    new = new_resume_code()
    db.set_resume_code(record.id, new, timedelta(days=1))
    assert db.find_by_code(old) is None and db.find_by_code(new).id == record.id
    db.set_resume_code(record.id, new, timedelta(seconds=-1))
    assert db.find_by_code(new) is None


def test_setting_a_code_does_not_change_the_revision(db):
    record = db.create("voorbeeld", "1.0")
    db.set_resume_code(record.id, new_resume_code(), timedelta(days=1))
    assert db.get(record.id).revision == record.revision


def test_delete_and_purge(db):
    record = db.create("voorbeeld", "1.0")
    assert db.delete(record.id) and db.get(record.id) is None
    assert not db.delete(record.id)
    old = db.create("voorbeeld", "1.0")
    assert db.purge_expired(timedelta(days=-1)) == Purged(1, 1) and db.get(old.id) is None


def test_resume_code_shape_and_strength():
    code = new_resume_code()
    groups = code.split("-")
    assert all(len(group) == 4 for group in groups)
    raw = normalise_code(code)
    assert len(raw) == CODE_LENGTH and set(raw) <= set(CODE_ALPHABET)
    assert CODE_LENGTH * math.log2(len(CODE_ALPHABET)) >= 128
    assert not set("01OILZ2S5B8U") & set(CODE_ALPHABET)
    assert len({new_resume_code() for _ in range(200)}) == 200
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4})+", code)


def test_the_driver_statements_give_what_a_core_select_gives(db, engine):
    """`get` and `save_answers` run on the driver directly (driver_statements.py); each field
    must be stored and come out as SQLAlchemy's own select returns it: JSON answers with
    unicode and nesting, aware timestamps, codes, rounds, and None for what is not set."""
    from mvo_assessment.persistence import _GET_BY_ID, _record

    answers = {"tekst": "Zeeën & ‘quotes’ <b>", "keuzes": ["a", "b"], "getal": 2.5, "schaal": 3, "leeg": ""}
    first = db.create("voorbeeld", "1.0", answers)
    db.set_resume_code(first.id, new_resume_code(), timedelta(days=3))
    db.mark_completed(first.id)
    second = db.start_round(first.id, "voorbeeld", "1.1", answers)
    saved = db.save_answers(second.id, second.revision, {**answers, "nieuw": ["ç", "€"]}, questionnaire_version="1.2")
    assert saved is not None and saved.revision == second.revision + 1
    with engine.connect() as connection:
        assert saved == _record(connection.execute(_GET_BY_ID, {"id": second.id}).first())
    for assessment_id in (first.id, second.id):
        with engine.connect() as connection:
            expected = _record(connection.execute(_GET_BY_ID, {"id": assessment_id}).first())
        assert db.get(assessment_id) == expected
    assert db.get("0" * 32) is None


def test_deleted_assessments_leave_nothing_readable_in_the_sqlite_files(database_url, db):
    """QA (privacy): after `purge` or a visitor's "verwijder mijn antwoorden" the deleted
    answers stayed readable in SQLite's write-ahead log (`-wal`), also after a checkpoint,
    for as long as the site ran. Other assessments stay, and the store keeps working."""
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL frees deleted rows when it vacuums")
    path = Path(database_url.removeprefix("sqlite:///"))
    files = (path, path.with_name(path.name + "-wal"))

    def on_disk() -> bytes:
        return b"".join(file.read_bytes() for file in files if file.exists())

    kept = db.create("voorbeeld", "1.0", {"toelichting": "BLIJFT-BEWAARD"})
    deleted = db.create("voorbeeld", "1.0", {"toelichting": "GEHEIM-VERWIJDERD"})
    db.save_answers(deleted.id, deleted.revision, {"toelichting": "GEHEIM-VERWIJDERD-2"})
    old = db.create("voorbeeld", "1.0", {"toelichting": "GEHEIM-OPGERUIMD"})
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE assessment SET updated_at = :moment WHERE id = :id"),
                           {"moment": utcnow() - timedelta(days=200), "id": old.id})
    assert b"GEHEIM-VERWIJDERD" in on_disk() and b"GEHEIM-OPGERUIMD" in on_disk()

    assert db.delete(deleted.id)
    assert b"GEHEIM-VERWIJDERD" not in on_disk() and deleted.id.encode() not in on_disk()
    assert db.purge_expired(timedelta(days=90)) == Purged(1, 1)
    assert b"GEHEIM-OPGERUIMD" not in on_disk() and old.id.encode() not in on_disk()
    assert db.get(kept.id).answers == {"toelichting": "BLIJFT-BEWAARD"}
    assert db.save_answers(kept.id, kept.revision, {"toelichting": "NOG STEEDS"}) is not None


def test_an_upgrade_waits_for_a_busy_table_only_so_long_and_changes_nothing(database_url, monkeypatch):
    """QA (operator): `db upgrade` during a long read of the table (a backup) waited for it
    without a word, and every request of the live site queued behind its waiting lock (a
    resume took over 25 s). It gives up after UPGRADE_LOCK_TIMEOUT_SECONDS, says why, and has
    changed nothing; run again once the table is free, it upgrades."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite's own lock wait is bounded by the connection's timeout")
    import time

    from mvo_assessment import persistence

    monkeypatch.setattr(persistence, "UPGRADE_LOCK_TIMEOUT_SECONDS", 1)
    engine = make_engine(database_url)
    backup = make_engine(database_url)
    try:
        upgrade(engine, "0002")
        with backup.connect() as reading:
            reading.execute(text("SELECT count(*) FROM assessment"))  # holds its lock until the end
            started = time.monotonic()
            with pytest.raises(persistence.SchemaBusy, match=r"in use by another session .* for more than 1 s"):
                upgrade(engine)
            assert time.monotonic() - started < 10
            reading.rollback()
        assert persistence.current_revisions(engine) == {"0002"}
        upgrade(engine)
        assert persistence.current_revisions(engine) == {"0003"}
    finally:
        backup.dispose()
        engine.dispose()


def test_a_delete_does_not_wait_for_a_reader_and_the_next_purge_empties_the_log(database_url, db):
    """QA (review): with another connection reading (a shell, a backup), a visitor's delete
    waited 15 s for it, SQLite's whole timeout, to empty the log, and what it deleted stayed in
    the log until the next delete. The delete waits a quarter of a second at most; the nightly
    purge empties the log even when nothing is due."""
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL frees deleted rows when it vacuums")
    import sqlite3
    import time

    path = Path(database_url.removeprefix("sqlite:///"))
    wal = path.with_name(path.name + "-wal")
    record = db.create("voorbeeld", "1.0", {"toelichting": "GEHEIM-TERWIJL-IEMAND-LEEST"})
    reader = sqlite3.connect(path)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM assessment").fetchone()  # a read transaction that stays
        started = time.monotonic()
        assert db.delete(record.id)
        assert time.monotonic() - started < 3
        assert db.get(record.id) is None
    finally:
        reader.close()
    assert db.purge_expired(timedelta(days=90)) == Purged(0, 0)
    assert not wal.exists() or b"GEHEIM-TERWIJL-IEMAND-LEEST" not in wal.read_bytes()
    assert b"GEHEIM-TERWIJL-IEMAND-LEEST" not in path.read_bytes()


def test_a_delete_gives_its_connection_back_with_the_usual_wait_for_locks(database_url, db):
    """QA (mutation testing, fourth round): the delete's short wait for a reader (250 ms) could
    stay on the pooled connection without a test failing, and later saves on it would give up
    on a lock after a quarter of a second (503) instead of SQLite's 15 s."""
    if not database_url.startswith("sqlite"):
        pytest.skip("only SQLite's log is emptied after a delete")
    from mvo_assessment.persistence import SQLITE_TIMEOUT_SECONDS

    record = db.create("voorbeeld", "1.0")
    assert db.delete(record.id)
    with db.engine.connect() as connection:  # the one connection this thread's pool holds
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_TIMEOUT_SECONDS * 1000
