"""Rounds over time: the previous round, the round number and when a round was finished.

Revision ID: 0002
Revises: 0001
Create Date: 2025-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch: SQLite cannot add a foreign key to an existing table, so the table is copied.
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(sa.Column("previous_id", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("round", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key(
            "fk_assessment_previous_id", "assessment", ["previous_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index("ix_assessment_previous_id", ["previous_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("assessment") as batch:
        batch.drop_index("ix_assessment_previous_id")
        batch.drop_constraint("fk_assessment_previous_id", type_="foreignkey")
        batch.drop_column("completed_at")
        batch.drop_column("round")
        batch.drop_column("previous_id")
