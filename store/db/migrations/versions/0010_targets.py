"""yearly targets per unit and figure, and their monthly schedule

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 07:30:00

target: a year's amount of one figure for one unit (county, steward, responsible unit or
chain), with its twelve monthly shares (empty: evenly). targetchange: every target set or
changed, with who, when and the day it takes effect, so an assessment as of a past date reads
the targets as they stood then.

A frozen snapshot: the tables are spelt out here, not read from store.db.models.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("unit_kind", sa.String(length=10), nullable=False),
        sa.Column("unit", sa.String(length=200), nullable=False),
        sa.Column("figure", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("split", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("year", "unit_kind", "unit", "figure"),
    )
    op.create_table(
        "targetchange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("unit_kind", sa.String(length=10), nullable=False),
        sa.Column("unit", sa.String(length=200), nullable=False),
        sa.Column("figure", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("user", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("old_amount", sa.BigInteger(), nullable=True),
        sa.Column("new_amount", sa.BigInteger(), nullable=False),
        sa.Column("old_split", sa.String(), nullable=True),
        sa.Column("new_split", sa.String(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_targetchange_year", "targetchange", ["year", "unit_kind", "effective_on"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_targetchange_year", table_name="targetchange")
    op.drop_table("targetchange")
    op.drop_table("target")
