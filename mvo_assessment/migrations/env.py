"""Alembic environment, run programmatically by persistence.upgrade() (no alembic.ini).

The caller passes an open connection in `config.attributes["connection"]`; the same
migrations run on SQLite and PostgreSQL.
"""

from alembic import context

from mvo_assessment.persistence import Base

target_metadata = Base.metadata
connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable from a hand-made alembic.ini
    raise RuntimeError("run the migrations through mvo_assessment.persistence.upgrade()")

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
