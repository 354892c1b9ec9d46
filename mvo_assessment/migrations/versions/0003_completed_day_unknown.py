"""An earlier round from an answers file that does not say when it was finished.

Such a round is finished (`completed_at` is set, so it counts as a round before the next one),
but its day is unknown: the pages, the report and the downloaded answers file must not give it
the day the file was loaded as if it had been finished then (QA, review).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_ASSESSMENT = sa.table(
    "assessment",
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("completed_at", sa.DateTime(timezone=True)),
    sa.column("completed_day_unknown", sa.Boolean()),
)


def upgrade() -> None:
    # A plain ALTER TABLE, not a batch: on SQLite a batch copies the table and drops the old
    # one, and with foreign keys on, that drop set every `previous_id` to NULL (the round
    # chains were lost; QA, review). SQLite adds a column with a constant default in place.
    op.add_column(
        "assessment", sa.Column("completed_day_unknown", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    # The rounds loaded from a file without their day before this migration: stored with
    # `completed_at` the moment they were loaded, which is also their `created_at`. A round
    # finished on the site is finished after it was created, and a day from a file is midday
    # UTC of that day, never the moment of loading.
    op.execute(
        _ASSESSMENT.update()
        .where(_ASSESSMENT.c.completed_at.is_not(None), _ASSESSMENT.c.completed_at == _ASSESSMENT.c.created_at)
        .values(completed_day_unknown=sa.true())
    )


def downgrade() -> None:
    op.drop_column("assessment", "completed_day_unknown")
