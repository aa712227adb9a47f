"""leads before signing, their moves and the reserve

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 07:30:00

A lead (线索) or a reserve project (储备/推介: kind reserve) is followed from registration
through 研判 and 在谈 to its signing, which links it to the project it became (set to null
should that project ever be deleted), or to its dropping; lead history keeps every change as
a project's history does.

A frozen snapshot: the tables are spelt out here, not read from store.db.models.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "lead",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("investor", sa.String(length=200), nullable=False),
        sa.Column("investor_origin", sa.String(length=100), nullable=False),
        sa.Column("chain", sa.String(length=100), nullable=False),
        sa.Column("amount_yuan", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(length=50), nullable=False),
        sa.Column("owner", sa.String(length=100), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=True),
        sa.Column("negotiating_on", sa.Date(), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("dropped_on", sa.Date(), nullable=True),
        sa.Column("reported_on", sa.Date(), nullable=True),
        sa.Column("drop_reason", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_index("ix_lead_stage_kind", "lead", ["stage", "kind"])
    op.create_index("ix_lead_registered_on", "lead", ["registered_on"])
    op.create_table(
        "leadhistory",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("user", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("field", sa.String(), nullable=True),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["lead_id"], ["lead.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_leadhistory_lead", "leadhistory", ["lead_id", "id"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_leadhistory_lead", table_name="leadhistory")
    op.drop_table("leadhistory")
    op.drop_index("ix_lead_registered_on", table_name="lead")
    op.drop_index("ix_lead_stage_kind", table_name="lead")
    op.drop_table("lead")
