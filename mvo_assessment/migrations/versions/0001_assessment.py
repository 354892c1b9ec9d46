"""The assessment table: answers, questionnaire id and version, revision, resume-code hash.

Revision ID: 0001
Revises:
Create Date: 2025-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessment",
        sa.Column("id", sa.String(length=32), primary_key=True),
        sa.Column("questionnaire_id", sa.String(length=100), nullable=False),
        sa.Column("questionnaire_version", sa.String(length=50), nullable=False),
        sa.Column("answers", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resume_code_hash", sa.String(length=64), nullable=True),
        sa.Column("resume_code_expires_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_assessment_resume_code_hash", "assessment", ["resume_code_hash"], unique=True)
    op.create_index("ix_assessment_updated_at", "assessment", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_assessment_updated_at", table_name="assessment")
    op.drop_index("ix_assessment_resume_code_hash", table_name="assessment")
    op.drop_table("assessment")
