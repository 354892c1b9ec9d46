"""The two statements of every page request, run on the database driver directly: reading an
assessment, and the conditional UPDATE … RETURNING that saves a page.

SQLAlchemy Core costs about 90 µs of CPU per statement on SQLite and about 230 µs on
PostgreSQL around statements that take the driver some 30 µs (bench/README.md): compiling the
cache key, an execution context, a cursor result with its processors. For these two statements
this module keeps what SQLAlchemy would do and drops the rest:

- the SQL text, the parameter order, each parameter's bind processor and each column's result
  processor come from SQLAlchemy itself, once per engine (`statement.compile(dialect=...)`,
  `TypeEngine.bind_processor` / `result_processor`), so values are converted exactly as Core
  converts them (JSON, dates);
- connections come from the engine's pool, as for every other statement;
- driver errors are wrapped into SQLAlchemy's exceptions (`DBAPIError.instance`), so the
  application's 503 handling and `persistence.read_once_more` see what they always see; a
  connection the driver reports dead is invalidated, and the pool is replaced, as SQLAlchemy
  does when a statement finds a dead connection.

On PostgreSQL the connection is put in autocommit for the statement: one statement is its own
transaction (atomic, and durable once the server answers), so no BEGIN before it and no COMMIT
or ROLLBACK after it (two round trips). On SQLite a write is committed before the connection
goes back to the pool.
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass
from typing import Any, Callable, Sequence, cast

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement


@dataclass(frozen=True)
class _Compiled:
    sql: str
    parameter_order: Sequence[str] | None
    bind_processors: dict[str, Callable[[Any], Any]]
    result_processors: list[Callable[[Any], Any] | None]
    row_type: Any


class DriverStatement:
    def __init__(self, engine: Engine, statement: ClauseElement, *, writes: bool = False) -> None:
        self.engine = engine
        self.statement = statement
        self.writes = writes
        self.autocommit = engine.dialect.name == "postgresql"
        self._compiled: _Compiled | None = None

    def _compile(self) -> _Compiled:
        """Compiled on first use, once a connection has told the dialect the server's version
        (what SQL it may use can depend on it), not when the store is made."""
        dialect = self.engine.dialect
        compiled = cast(SQLCompiler, self.statement.compile(dialect=dialect))  # SQL, not DDL
        columns = list(self.statement.exported_columns)  # type: ignore[attr-defined]  # the SELECT list or RETURNING
        self._compiled = _Compiled(
            sql=str(compiled),
            parameter_order=compiled.positiontup if compiled.positional else None,
            bind_processors={
                name: processor
                for name, bind in compiled.binds.items()
                if (processor := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None
            },
            result_processors=[column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns],
            # Rows read like SQLAlchemy's: by attribute (`row.answers`).
            row_type=namedtuple("Row", [column.key for column in columns]),  # type: ignore[misc]
        )
        return self._compiled

    def first(self, **parameters: Any) -> Any:
        """The first row (a named tuple of the selected or returned columns), or None."""
        dbapi_error = self.engine.dialect.loaded_dbapi.Error
        try:
            connection = self.engine.raw_connection()
        except dbapi_error as error:  # the database cannot be reached
            raise DBAPIError.instance(
                None, None, error, dbapi_error, hide_parameters=True, dialect=self.engine.dialect
            ) from error
        try:
            compiled = self._compiled or self._compile()
            for name, process in compiled.bind_processors.items():
                parameters[name] = process(parameters[name])
            arguments: Any = (
                tuple(parameters[name] for name in compiled.parameter_order)
                if compiled.parameter_order is not None
                else parameters
            )
            row = self._run(connection, compiled.sql, arguments)
        finally:
            connection.close()  # back to the pool (rolled back if anything is left), or away
        if row is None:
            return None
        return compiled.row_type(
            *(process(value) if process is not None else value for process, value in zip(compiled.result_processors, row))
        )

    def _run(self, connection: Any, sql: str, arguments: Any) -> Any:
        driver = connection.driver_connection
        cursor = None
        try:
            if self.autocommit:
                driver.autocommit = True
            try:
                cursor = connection.cursor()
                cursor.execute(sql, arguments)
                row = cursor.fetchone()
                cursor.close()  # a statement still in progress would keep SQLite from committing
                cursor = None
                if self.writes and not self.autocommit:
                    connection.commit()
                return row
            finally:
                if cursor is not None:
                    cursor.close()
                if self.autocommit:
                    # Never back to the pool in autocommit: a later transaction would not be one.
                    driver.autocommit = False
        except self.engine.dialect.loaded_dbapi.Error as error:
            raise self._wrapped(error, connection, cursor, sql, arguments) from error

    def _wrapped(self, error: Any, connection: Any, cursor: Any, sql: str, arguments: Any) -> BaseException:
        dialect = self.engine.dialect
        dead = dialect.is_disconnect(error, connection.driver_connection, cursor)
        if dead:
            connection.invalidate(error)
            # What SQLAlchemy does when a statement finds a dead connection: the others in the
            # pool were opened before the same restart, so none of them is used again.
            self.engine.dispose(close=False)
        return DBAPIError.instance(
            sql,
            arguments,
            error,
            dialect.loaded_dbapi.Error,
            hide_parameters=True,
            connection_invalidated=dead,
            dialect=dialect,
        )
