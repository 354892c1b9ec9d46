"""One prepared SELECT, run on the database driver directly: the read of every page request.

SQLAlchemy Core costs about 90 µs of CPU per read on SQLite and about 230 µs on PostgreSQL
around a statement that takes the driver some 30 µs (bench/README.md): compiling the cache
key, an execution context, a cursor result with its processors. For the one statement every
page runs, this module keeps what SQLAlchemy would do and drops the rest:

- the SQL text, its parameter order and each column's result processor come from SQLAlchemy
  itself, once per engine (`statement.compile(dialect=...)`, `TypeEngine.result_processor`),
  so values are converted exactly as a Core `select` converts them (JSON, dates);
- connections come from the engine's pool, as for every other statement;
- driver errors are wrapped into SQLAlchemy's exceptions (`DBAPIError.instance`), so the
  application's 503 handling and `persistence.read_once_more` see what they always see; a
  connection the driver reports dead is invalidated, and the pool is replaced, as SQLAlchemy
  does when a statement finds a dead connection.

On PostgreSQL the connection is put in autocommit for the read: one statement is its own
transaction, so no BEGIN before it and no ROLLBACK after it (two round trips).
"""

from __future__ import annotations

from collections import namedtuple
from typing import Any, Callable, Sequence

from sqlalchemy import Engine, Select
from sqlalchemy.exc import DBAPIError


class DriverSelect:
    def __init__(self, engine: Engine, statement: Select[Any]) -> None:
        dialect = engine.dialect
        compiled = statement.compile(dialect=dialect)
        self.engine = engine
        self.sql = str(compiled)
        self.parameter_order: Sequence[str] | None = compiled.positiontup if compiled.positional else None
        self.processors: list[Callable[[Any], Any] | None] = [
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in statement.selected_columns
        ]
        # Rows read like SQLAlchemy's: by attribute (`row.answers`).
        self.row_type = namedtuple("Row", [column.key for column in statement.selected_columns])  # type: ignore[misc]
        self.autocommit = dialect.name == "postgresql"

    def first(self, **parameters: Any) -> Any:
        """The first row (a named tuple of the selected columns), or None."""
        arguments: Any = (
            tuple(parameters[name] for name in self.parameter_order) if self.parameter_order is not None else parameters
        )
        try:
            connection = self.engine.raw_connection()
        except self.engine.dialect.loaded_dbapi.Error as error:  # the database cannot be reached
            raise DBAPIError.instance(
                None, None, error, self.engine.dialect.loaded_dbapi.Error, hide_parameters=True, dialect=self.engine.dialect
            ) from error
        try:
            row = self._fetch(connection, arguments)
        finally:
            connection.close()  # back to the pool (or away, when invalidated)
        if row is None:
            return None
        return self.row_type(
            *(process(value) if process is not None else value for process, value in zip(self.processors, row))
        )

    def _fetch(self, connection: Any, arguments: Any) -> Any:
        driver = connection.driver_connection
        cursor = None
        try:
            if self.autocommit:
                driver.autocommit = True
            try:
                cursor = connection.cursor()
                cursor.execute(self.sql, arguments)
                return cursor.fetchone()
            finally:
                if cursor is not None:
                    cursor.close()
                if self.autocommit:
                    # Never back to the pool in autocommit: a later transaction would not be one.
                    driver.autocommit = False
        except self.engine.dialect.loaded_dbapi.Error as error:
            raise self._wrapped(error, connection, cursor, arguments) from error

    def _wrapped(self, error: Exception, connection: Any, cursor: Any, arguments: Any) -> BaseException:
        dialect = self.engine.dialect
        dead = dialect.is_disconnect(error, connection.driver_connection, cursor)
        if dead:
            connection.invalidate(error)
            # What SQLAlchemy does when a statement finds a dead connection: the others in the
            # pool were opened before the same restart, so none of them is used again.
            self.engine.dispose(close=False)
        return DBAPIError.instance(
            self.sql,
            arguments,
            error,
            dialect.loaded_dbapi.Error,
            hide_parameters=True,
            connection_invalidated=dead,
            dialect=dialect,
        )
