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


def upgrade() -> None:
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(
            sa.Column("completed_day_unknown", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("assessment") as batch:
        batch.drop_column("completed_day_unknown")
