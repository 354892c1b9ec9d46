"""Storage of assessments with SQLAlchemy 2; the schema is managed by Alembic (migrations/).

The web layer talks to `AssessmentStore`, whose every method is one transaction and returns
plain frozen snapshots, so no lazy-loading database object ever leaks into a template.

Optimistic locking: every assessment has a `revision`. A page form carries the revision it was
rendered from; saving is one `UPDATE ... WHERE id = :id AND revision = :expected`, so when
another tab saved in between, no row matches, nothing is written and the caller shows a message.

Resume codes are stored only as a SHA-256 hash. The code has at least 128 bits from `secrets`,
so a fast hash is enough: guessing is infeasible, and a leaked database reveals no code.

Rounds (docs/decisions/0006-rounds.md): a new round is a new assessment whose
`previous_id` points at the round before (unique, so a round has at most one successor) and
whose `round` is one higher. Starting it moves the resume code along, so one code always opens
the newest round. Deleting an assessment deletes its earlier rounds too; the purge never
deletes a round that a later round still refers to.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence, TypeVar, cast

from sqlalchemy import (
    JSON,
    URL,
    Boolean,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    String,
    Table,
    bindparam,
    create_engine,
    delete,
    event,
    make_url,
    exists,
    false,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, aliased, mapped_column, sessionmaker

from .answers import MAX_VERSION_LENGTH, EarlierRound
from .config import ConfigError
from .driver_statements import DriverStatement

T = TypeVar("T")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Resume codes: no look-alike characters (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U (V stays)).
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTVWXY"
CODE_MIN_BITS = 128
CODE_GROUP = 4
# 24 symbols carry 4.58 bits each: 28 characters (7 groups of 4) hold 128.4 bits.
CODE_LENGTH = CODE_GROUP * math.ceil(CODE_MIN_BITS / math.log2(len(CODE_ALPHABET)) / CODE_GROUP)
CODE_BITS = CODE_LENGTH * math.log2(len(CODE_ALPHABET))


@dataclass(frozen=True)
class Purged:
    """What `purge_expired` deleted: assessments, and their rounds (each round is a row; an
    assessment of three rounds is one assessment and three rounds)."""

    assessments: int
    rounds: int


def _due(table: Any, cutoff: datetime, now: datetime) -> Any:
    """The rows of `table` (Assessment or an alias) that `purge` may delete: untouched since
    `cutoff`, and without a resume code that still works."""
    return (table.updated_at < cutoff) & (table.resume_code_expires_at.is_(None) | (table.resume_code_expires_at < now))


class Base(DeclarativeBase):
    pass


answers_type = JSON().with_variant(JSONB(), "postgresql")


class Assessment(Base):
    __tablename__ = "assessment"

    # A random public id (128 bits); the session cookie refers to it.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(100))
    questionnaire_version: Mapped[str] = mapped_column(String(MAX_VERSION_LENGTH))
    answers: Mapped[dict[str, Any]] = mapped_column(answers_type)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    resume_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    resume_code_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Rounds over time (migration 0002): the round before this one, and this round's number.
    previous_id: Mapped[str | None] = mapped_column(
        String(32),
        ForeignKey("assessment.id", name="fk_assessment_previous_id", ondelete="SET NULL"),
        unique=True,
        index=True,
    )
    round: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # When the results page was first shown with every question answered (a finished round).
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A finished round loaded from an answers file that does not say when (migration 0003):
    # `completed_at` is then when it was loaded, which is no day to show or to write out.
    completed_day_unknown: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


@dataclass(frozen=True)
class AssessmentRecord:
    id: str
    questionnaire_id: str
    questionnaire_version: str
    answers: Mapping[str, Any]
    revision: int
    created_at: datetime
    updated_at: datetime
    has_resume_code: bool  # a code that opens it now (not expired)
    previous_id: str | None = None
    round: int = 1
    completed_at: datetime | None = None
    completed_day_unknown: bool = False  # finished, on a day an answers file did not give
    # Which code opens it now (a prefix of its hash; None without one): a browser that opened
    # the assessment with a code keeps it only while that code is the one (web/helpers.py).
    code_fingerprint: str | None = None


class RoundExists(Exception):
    """The assessment already has a next round (a round has at most one successor)."""

    def __init__(self, successor: AssessmentRecord | None) -> None:
        super().__init__("this assessment already has a next round")
        self.successor = successor


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _midday(day: date) -> datetime:
    """A day from an answers file as a moment: midday UTC, the same day in every time zone of Europe."""
    return datetime.combine(day, time(12), tzinfo=timezone.utc)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; they were stored as UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


def _code_works(row: Assessment) -> bool:
    """Whether the assessment has a code that opens it now: an expired one does not, and the
    pages must not send anyone to it (QA, review: "wel bewaard, verder met een code")."""
    if row.resume_code_hash is None:
        return False
    expires = _aware(row.resume_code_expires_at)
    return expires is not None and expires > utcnow()  # as find_by_code reads it


def _record(row: Assessment) -> AssessmentRecord:
    return AssessmentRecord(
        id=row.id,
        questionnaire_id=row.questionnaire_id,
        questionnaire_version=row.questionnaire_version,
        answers=dict(row.answers or {}),
        revision=row.revision,
        created_at=_aware(row.created_at),  # type: ignore[arg-type]
        updated_at=_aware(row.updated_at),  # type: ignore[arg-type]
        has_resume_code=_code_works(row),
        previous_id=row.previous_id,
        round=row.round or 1,
        completed_at=_aware(row.completed_at),
        completed_day_unknown=bool(row.completed_day_unknown),
        code_fingerprint=code_fingerprint(row.resume_code_hash),
    )


def code_fingerprint(code_hash: str | None) -> str | None:
    """Enough of a code's hash to tell codes apart; nothing from which the code can be found."""
    return code_hash[:16] if code_hash else None


# --- resume codes -----------------------------------------------------------------------


def new_resume_code() -> str:
    """A readable grouped code such as `7KQM-D4XR-...`, with at least 128 bits of entropy."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, len(raw), CODE_GROUP))


def normalise_code(text: str) -> str:
    """What the user typed, without spaces, dashes or case; look-alikes are not guessed."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode("ascii", "replace")).hexdigest()


# --- engine and store -------------------------------------------------------------------


CONNECT_TIMEOUT_SECONDS = 10
LIFT_STATEMENT_TIMEOUT = "SET LOCAL statement_timeout = 0"  # maintenance may take longer, in its own transaction


def _parsed_url(url: str) -> URL:
    """DATABASE_URL taken apart, or a ConfigError that says what is wrong without showing it
    (it may hold a password). SQLAlchemy's own errors for these were a traceback (a port that
    is no number) or a host name made of the rest of a password with an '@' in it (QA, operator)."""
    # Before the query, not only before the first '/': a password may hold a '/' too, and the
    # check then missed the second '@' (QA, review).
    if url.partition("://")[2].partition("?")[0].count("@") > 1:
        raise ConfigError(
            "DATABASE_URL has more than one '@' before its host: write an '@' in the user name or "
            "password as %40 (and ':' as %3A, '/' as %2F)"
        )
    try:
        return make_url(url)
    except ValueError:
        raise ConfigError(
            "DATABASE_URL is not a database URL (is its port a number?); expected e.g. "
            "postgresql+psycopg://user:password@host:5432/database"
        ) from None


SQLITE_TIMEOUT_SECONDS = 15  # how long a statement waits for another connection's lock
DELETE_CHECKPOINT_WAIT_MS = 250  # a visitor's delete waits no longer for a reader (_forget_deleted)


def make_engine(url: str, statement_timeout_seconds: int = 0) -> Engine:
    """The engine for DATABASE_URL. On PostgreSQL, `statement_timeout_seconds` (when not 0)
    bounds every statement of the engine's connections (DATABASE_STATEMENT_TIMEOUT)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_TIMEOUT_SECONDS},
                               hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            # Write-ahead log: readers never wait for a writer, and a commit is one fsync of the
            # log instead of several of the rollback journal; still durable (synchronous FULL).
            cursor.execute("PRAGMA journal_mode=WAL")
            # A deleted assessment is overwritten with zeros in the database file, not only
            # marked free (Debian's SQLite does this by default; not every build does).
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        return engine
    # hide_parameters: an error message never carries the answers into a log. No pool
    # pre-ping: it costs a round trip before every use of a pooled connection, a tenth of a
    # page request (bench/README.md). A connection that died with a database restart is found
    # out by the statement itself instead; every pooled connection of this process is then
    # dropped (by SQLAlchemy, or by driver_statements.py for the page's statements), and reads are tried
    # once more on a fresh one (`read_once_more`).
    # A server that accepts the connection and never answers held `db upgrade`, `purge`, the
    # start and every probe for good (QA, operator): a connection not made within this many
    # seconds is a "cannot use the database" like any other. `?connect_timeout=` in the URL wins.
    connect_args = {} if "connect_timeout" in _parsed_url(url).query else {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    engine = create_engine(url, hide_parameters=True, connect_args=connect_args)
    if statement_timeout_seconds:
        milliseconds = int(statement_timeout_seconds) * 1000

        @event.listens_for(engine, "connect")
        def _bound_every_statement(dbapi_connection: Any, _record: Any) -> None:
            # A statement that waits longer (for a row another session holds, a backup's lock,
            # a server that queues) ends with an error the site answers with its 503 page:
            # before, gunicorn's worker timeout killed the worker, and the visitor got
            # gunicorn's own bare 500 page in English, without our headers (QA, site
            # reliability). Set once per new connection, not as a startup `options`, which
            # replaced PGOPTIONS and which PgBouncer refuses (QA, review). `db upgrade` and
            # `purge` lift it for their own transaction.
            with dbapi_connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {milliseconds}")
            dbapi_connection.commit()

    return engine


def read_once_more(read: Callable[[], T]) -> T:
    """`read()`, and once more when the first try found its pooled connection dead (the
    database restarted since it was last used). Only for reads: a read can be repeated, and
    the first try had no effect. A failed save is never repeated; the visitor is told (503)."""
    try:
        return read()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
    return read()


class SchemaBusy(ConfigError):
    """A migration could not get its lock on a table in time (persistence.upgrade)."""


UPGRADE_LOCK_TIMEOUT_SECONDS = 3
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE for a lock_timeout that ran out


class SchemaAhead(ConfigError):
    """The database was migrated by newer code than this: its revision is not one we know."""


@dataclass(frozen=True)
class Upgraded:
    """The revisions a database was at before and after `upgrade`, read in its transaction."""

    before: frozenset[str]
    after: frozenset[str]

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def message(self) -> str:
        """As `db upgrade` prints it and a start that migrates logs it: an operator sees what a
        deploy changed (and that an empty database got its tables)."""
        after = ", ".join(sorted(self.after))
        if not self.changed:
            return f"database is up to date (revision {after})"
        return f"database upgraded from {', '.join(sorted(self.before)) or 'empty'} to revision {after}"


def upgrade(engine: Engine, revision: str = "head") -> Upgraded:
    """Bring the schema up to date with Alembic, without an alembic.ini. Raises SchemaAhead
    (one line, not Alembic's "Can't locate revision" traceback) when the database is newer, and
    SchemaBusy when another session holds a table longer than UPGRADE_LOCK_TIMEOUT_SECONDS."""
    from alembic import command
    from alembic.config import Config
    from alembic.migration import MigrationContext

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # A migration of a large table takes its time, and so may the wait for another
            # host's below (QA, review: the wait ran into DATABASE_STATEMENT_TIMEOUT).
            connection.exec_driver_sql(LIFT_STATEMENT_TIMEOUT)
            # Several hosts (or a start-up next to `mvo-assessment db upgrade`) may migrate at
            # once: the second waits here for the first and then finds nothing left to do,
            # instead of crashing on "relation already exists".
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_ID})")
            # A migration that alters the table waits for every session reading it (a backup, a
            # long report), and every request of the live site then queues behind that waiting
            # lock: the site stood still for as long as the backup ran (QA, operator). So the
            # upgrade waits this long at most, and stops with nothing changed.
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{UPGRADE_LOCK_TIMEOUT_SECONDS}s'")
        elif connection.dialect.name == "sqlite":
            # The same for two processes on one new SQLite file (two `serve`s started at once,
            # QA): Python's sqlite3 runs DDL outside a transaction, so both created the tables
            # and the second stopped on "table ... already exists". Taking the write lock first
            # makes the whole upgrade one transaction that the second waits for (`timeout`).
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        before = frozenset(MigrationContext.configure(connection).get_current_heads())
        unknown = unknown_revisions(before)
        if unknown:
            raise SchemaAhead(schema_ahead_message(unknown))
        config.attributes["connection"] = connection
        try:
            command.upgrade(config, revision)
        except OperationalError as error:
            if getattr(error.orig, "sqlstate", None) != LOCK_NOT_AVAILABLE:
                raise
            raise SchemaBusy(
                f"the database's tables are in use by another session (a backup, a long report?) for more "
                f"than {UPGRADE_LOCK_TIMEOUT_SECONDS} s; the migration waits no longer, since every request of a "
                "running site would queue behind it, and it changed nothing. Try again when that session is done"
            ) from None
        return Upgraded(before, frozenset(MigrationContext.configure(connection).get_current_heads()))


def schema_ahead_message(unknown: frozenset[str]) -> str:
    return (
        f"the database is at revision {', '.join(sorted(unknown))}, which this version of mvo-assessment "
        f"does not know (its migrations end at {', '.join(sorted(head_revisions()))}): newer code has "
        "migrated it. Run that newer code, or restore the backup taken before its migration "
        "(docs/web.md, \"Going back to an earlier version\")"
    )


@lru_cache(maxsize=1)
def known_revisions() -> frozenset[str]:
    """Every revision of the migrations this code has."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return frozenset(script.revision for script in ScriptDirectory.from_config(config).walk_revisions())


def unknown_revisions(current: frozenset[str]) -> frozenset[str]:
    """The revisions of `current` that this code's migrations do not have (newer code's)."""
    return frozenset(current - known_revisions())


# An arbitrary constant that names the migration lock (pg_advisory_xact_lock takes a bigint).
MIGRATION_LOCK_ID = 4_242_008


@lru_cache(maxsize=1)
def head_revisions() -> frozenset[str]:
    """The revision(s) the migrations end at: what a current database reports."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def migration_state(current: frozenset[str]) -> str:
    """"current", "behind" (not yet migrated, or not as far as this code) or "ahead" (migrated
    by newer code): one rule for /readyz and the start's warning."""
    if unknown_revisions(current):
        return "ahead"
    return "current" if current == head_revisions() else "behind"


def current_revisions(engine: Engine) -> frozenset[str]:
    """The revision(s) the database is at (empty before the first migration); raises
    SQLAlchemyError when the database cannot be reached."""
    from alembic.migration import MigrationContext

    def read() -> frozenset[str]:
        with engine.connect() as connection:
            return frozenset(MigrationContext.configure(connection).get_current_heads())

    return read_once_more(read)


def downgrade(engine: Engine, revision: str = "base") -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


# Declared as a Table; DeclarativeBase types `__table__` as any FromClause.
_ASSESSMENTS = cast(Table, Assessment.__table__)
_GET_BY_ID = select(_ASSESSMENTS).where(_ASSESSMENTS.c.id == bindparam("id"))
# The optimistic-lock save, built once (statements are immutable; the values are parameters).
_SAVE = (
    update(_ASSESSMENTS)
    .where(_ASSESSMENTS.c.id == bindparam("b_id"), _ASSESSMENTS.c.revision == bindparam("b_expected"))
    .values(answers=bindparam("b_answers"), revision=bindparam("b_revision"), updated_at=bindparam("b_updated_at"))
    .returning(*_ASSESSMENTS.c)
)
_SAVE_WITH_VERSION = _SAVE.values(questionnaire_version=bindparam("b_version"))


class AssessmentStore:
    """Each method is one transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        # The two statements of every page request, on the driver directly and each its own
        # transaction (driver_statements.py: why, and how it stays what SQLAlchemy would do).
        self._get_by_id = DriverStatement(engine, _GET_BY_ID)
        self._save = DriverStatement(engine, _SAVE, writes=True)
        self._save_with_version = DriverStatement(engine, _SAVE_WITH_VERSION, writes=True)

    def create(
        self,
        questionnaire_id: str,
        questionnaire_version: str,
        answers: Mapping[str, Any] | None = None,
        earlier_rounds: Sequence[EarlierRound] = (),
        finished_on: date | None = None,
    ) -> AssessmentRecord:
        """A new assessment; with `earlier_rounds` (oldest first, from an answers file) it is the
        next round after them, and they are stored as finished rounds before it, all in one
        transaction: a history is loaded whole or not at all. `finished_on`: the day the file
        says its own round was finished; it is stored finished then."""
        now = utcnow()
        rows: list[Assessment] = []
        for number, earlier in enumerate(earlier_rounds, start=1):
            finished = _midday(earlier.finished) if earlier.finished else now
            rows.append(Assessment(
                id=secrets.token_hex(16), questionnaire_id=questionnaire_id, questionnaire_version=earlier.version,
                answers=dict(earlier.answers), revision=1, created_at=now, updated_at=now,
                previous_id=rows[-1].id if rows else None, round=number, completed_at=finished,
                completed_day_unknown=earlier.finished is None,
            ))
        row = Assessment(
            id=secrets.token_hex(16),
            questionnaire_id=questionnaire_id,
            questionnaire_version=questionnaire_version,
            answers=dict(answers or {}),
            revision=1,
            created_at=now,
            updated_at=now,
            previous_id=rows[-1].id if rows else None,
            round=len(rows) + 1,
            completed_at=_midday(finished_on) if finished_on else None,
        )
        # Starting is the one write that no read comes before in its request. A write is never
        # repeated, a read may be: so a pooled connection that died with a database restart is
        # found (and the pool replaced) by a `SELECT 1` first, one round trip per new visitor,
        # instead of by the insert, which would have to answer 503.
        read_once_more(self._ping)
        with self.sessions.begin() as session:
            for earlier_row in rows:
                session.add(earlier_row)
                session.flush()  # each round before the one that refers to it
            session.add(row)
        return _record(row)

    def earlier_rounds(self, record: AssessmentRecord) -> list[AssessmentRecord]:
        """The rounds before `record`, oldest first."""
        rounds: list[AssessmentRecord] = []
        seen = {record.id}
        previous_id = record.previous_id
        while previous_id is not None and previous_id not in seen:
            previous = self.get(previous_id)
            if previous is None:
                break
            rounds.append(previous)
            seen.add(previous.id)
            previous_id = previous.previous_id
        return rounds[::-1]

    def _ping(self) -> None:
        with self.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")

    def get(self, assessment_id: str) -> AssessmentRecord | None:
        # Every page request reads its assessment: one prepared statement on the driver
        # (driver_statements.py), a fraction of an ORM session or even a Core execution.
        row = read_once_more(lambda: self._get_by_id.first(id=assessment_id))
        return _record(row) if row is not None else None

    def save_answers(
        self,
        assessment_id: str,
        expected_revision: int,
        answers: Mapping[str, Any],
        questionnaire_version: str | None = None,
    ) -> AssessmentRecord | None:
        """Replace the answers if nobody saved since `expected_revision`; None means a conflict."""
        parameters: dict[str, Any] = {
            "b_id": assessment_id,
            "b_expected": expected_revision,
            "b_answers": dict(answers),
            "b_revision": expected_revision + 1,
            "b_updated_at": utcnow(),
        }
        statement = self._save
        if questionnaire_version is not None:
            statement = self._save_with_version
            parameters["b_version"] = questionnaire_version
        # One statement, one round trip: the conditional UPDATE returns the new row (RETURNING,
        # PostgreSQL and SQLite >= 3.35), or nothing when another save came first. It is its own
        # transaction (driver_statements.py): either all of it is stored or none of it.
        row = statement.first(**parameters)
        return _record(row) if row is not None else None

    def set_resume_code(self, assessment_id: str, code: str, valid_for: timedelta) -> bool:
        """Store the hash of a new code (replacing any earlier one); the revision is left alone."""
        with self.sessions.begin() as session:
            result = session.execute(
                update(Assessment)
                .where(Assessment.id == assessment_id)
                .values(resume_code_hash=hash_code(code), resume_code_expires_at=utcnow() + valid_for)
                .execution_options(synchronize_session=False)
            )
            return result.rowcount == 1  # type: ignore[attr-defined]

    def find_by_code(self, code: str) -> AssessmentRecord | None:
        """The assessment a code belongs to, if the code is known and not expired. A read:
        tried once more after a database restart, like every other (QA: a code right after a
        restart got a 503 once per worker)."""

        def read() -> AssessmentRecord | None:
            with self.sessions.begin() as session:
                row = session.scalars(select(Assessment).where(Assessment.resume_code_hash == hash_code(code))).first()
                if row is None:
                    return None
                return _record(row) if _code_works(row) else None

        return read_once_more(read)

    def delete(self, assessment_id: str) -> bool:
        """Delete the assessment and all its earlier rounds (the user asked to forget them)."""
        with self.sessions.begin() as session:
            ids = []
            current = session.get(Assessment, assessment_id)
            while current is not None and current.id not in ids:
                ids.append(current.id)
                current = session.get(Assessment, current.previous_id) if current.previous_id else None
            if not ids:
                return False
            session.execute(delete(Assessment).where(Assessment.id.in_(ids)).execution_options(synchronize_session=False))
        self._forget_deleted(wait_ms=DELETE_CHECKPOINT_WAIT_MS)
        return True

    def purge_expired(self, older_than: timedelta) -> Purged:
        """Delete assessments not touched for `older_than` whose code (if any) has expired.

        A round that a later round refers to stays as long as that later round does: with the
        newest round of an assessment go its earlier rounds that are due themselves, down the
        chain, in one statement (a recursive query). It deleted one layer of rounds per pass, two
        scans of the table each: 151 passes and 1:45 for a history of 150 rounds in 250 000
        rows (QA, database administrator). The newest rounds it deletes are the assessments,
        every row a round."""
        now = utcnow()
        cutoff = now - older_than
        newer = aliased(Assessment)
        newest_rounds = select(Assessment.id, Assessment.previous_id).where(
            _due(Assessment, cutoff, now), ~exists().where(newer.previous_id == Assessment.id)
        )
        chain = newest_rounds.cte("due_rounds", recursive=True)
        earlier = aliased(Assessment)
        due_rounds = chain.union(  # not UNION ALL: a chain that loops (hand-edited data) still ends
            select(earlier.id, earlier.previous_id)
            .join(chain, earlier.id == chain.c.previous_id)
            .where(_due(earlier, cutoff, now))
        )
        with self.sessions.begin() as session:
            if self.engine.dialect.name == "postgresql":
                session.execute(text(LIFT_STATEMENT_TIMEOUT))  # years of assessments at once, the first night
            # The newest rounds are the assessments; read first, since the delete's RETURNING
            # cannot tell them (the earlier rounds' references are set to NULL as it goes).
            newest_ids = set(session.scalars(select(newest_rounds.subquery().c.id)))
            deleted = session.scalars(
                delete(Assessment)
                .where(Assessment.id.in_(select(due_rounds.c.id)))
                .returning(Assessment.id)
                .execution_options(synchronize_session=False)
            ).all()
        assessments = len(newest_ids.intersection(deleted))
        # Also when nothing was due: the nightly purge empties a log that a visitor's delete
        # could not (a reader held it then).
        self._forget_deleted()
        return Purged(assessments, len(deleted))

    def _forget_deleted(self, wait_ms: int | None = None) -> None:
        """Empty SQLite's write-ahead log after a delete (QA, privacy). The log keeps every
        page as it was written, the deleted answers too, and a checkpoint only starts the log
        again from its beginning: old pages stayed readable in the file for as long as the site
        ran. A TRUNCATE checkpoint copies the log into the database (where `secure_delete` has
        zeroed what was deleted) and cuts the log to nothing. It cannot finish while another
        connection is reading; it waits for that reader `wait_ms` at most (else the
        connection's timeout): a visitor's delete waited 15 s behind a reader that stayed
        (QA, review). Not finished, the delete is done all the same, and the next delete or
        purge empties the log. PostgreSQL overwrites nothing: a vacuum only marks a deleted
        row's space free, and its bytes stay in the files until new rows take it (docs/web.md)."""
        if self.engine.dialect.name != "sqlite":
            return
        usual_ms = SQLITE_TIMEOUT_SECONDS * 1000
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql(f"PRAGMA busy_timeout = {usual_ms if wait_ms is None else int(wait_ms)}")
                try:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                finally:  # the pooled connection goes back with the timeout it came with
                    connection.exec_driver_sql(f"PRAGMA busy_timeout = {usual_ms}")
        except OperationalError:
            pass

    # --- rounds -------------------------------------------------------------------------------

    def start_round(
        self, previous_id: str, questionnaire_id: str, questionnaire_version: str, answers: Mapping[str, Any]
    ) -> AssessmentRecord:
        """A new round after `previous_id`, with `answers` copied for review; the resume code
        (hash and expiry) moves to the new round. Raises RoundExists when there already is a
        next round (for example a second click in another tab), KeyError for an unknown id."""
        now = utcnow()
        try:
            with self.sessions.begin() as session:
                previous = session.get(Assessment, previous_id)
                if previous is None:
                    raise KeyError(previous_id)
                code_hash, code_expires = previous.resume_code_hash, previous.resume_code_expires_at
                previous.resume_code_hash = None
                previous.resume_code_expires_at = None
                session.flush()  # free the unique code hash before the new round takes it
                row = Assessment(
                    id=secrets.token_hex(16),
                    questionnaire_id=questionnaire_id,
                    questionnaire_version=questionnaire_version,
                    answers=dict(answers),
                    revision=1,
                    created_at=now,
                    updated_at=now,
                    previous_id=previous.id,
                    round=(previous.round or 1) + 1,
                    resume_code_hash=code_hash,
                    resume_code_expires_at=code_expires,
                )
                session.add(row)
                session.flush()
                record = _record(row)
        except IntegrityError:
            raise RoundExists(self.next_round(previous_id)) from None
        return record

    def next_round(self, assessment_id: str) -> AssessmentRecord | None:
        with self.sessions.begin() as session:
            row = session.scalars(select(Assessment).where(Assessment.previous_id == assessment_id)).first()
            return _record(row) if row is not None else None

    def mark_completed(self, assessment_id: str) -> None:
        """Note when a round was first finished; the revision is left alone (no form changes)."""
        with self.sessions.begin() as session:
            session.execute(
                update(Assessment)
                .where(Assessment.id == assessment_id, Assessment.completed_at.is_(None))
                .values(completed_at=utcnow())
                .execution_options(synchronize_session=False)
            )
