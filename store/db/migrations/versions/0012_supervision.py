"""supervision notices, their replies and escalations

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 07:30:00

notice: a supervision notice (督办单) on a project, its level (blue, yellow, red, summons),
reply deadline, remedy plan, summons and closing; noticeevent: each step of one, who and when.

A frozen snapshot: the tables are spelt out here, not read from store.db.models.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_by", sa.String(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("steward", sa.String(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("reply_due", sa.Date(), nullable=True),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column("remedy_plan", sa.Text(), nullable=False),
        sa.Column("remedy_due", sa.Date(), nullable=True),
        sa.Column("summoned_on", sa.Date(), nullable=True),
        sa.Column("summoned_by", sa.String(), nullable=False),
        sa.Column("summoned_whom", sa.String(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("close_kind", sa.String(length=20), nullable=True),
        sa.Column("close_reason", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_notice_status_due", "notice", ["status", "reply_due", "level"])
    op.create_index("ix_notice_project_status", "notice", ["project_id", "status"])
    op.create_index(
        "ix_notice_open_level_due",
        "notice",
        ["level", "reply_due", "id"],
        sqlite_where=sa.text("status <> 'closed'"),
        postgresql_where=sa.text("status <> 'closed'"),
    )
    op.create_table(
        "noticeevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["notice_id"], ["notice.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_noticeevent_notice", "noticeevent", ["notice_id", "effective_on"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_noticeevent_notice", table_name="noticeevent")
    op.drop_table("noticeevent")
    op.drop_index("ix_notice_open_level_due", table_name="notice")
    op.drop_index("ix_notice_project_status", table_name="notice")
    op.drop_index("ix_notice_status_due", table_name="notice")
    op.drop_table("notice")
