"""signing events: the event (节会, 兰洽会 session) at which a project was signed, for cohorts

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 07:30:00

project.signing_event names the event a project was signed at (签约活动: 第三十届兰洽会); the
figures follow each event's projects as a cohort (到位率, 开工率, 建成率). Empty for a project
signed elsewhere; existing projects have none until an officer or a sheet gives it.

An index on project.investor_origin: the figures place each origin written once (省外,
市外省内, against the office's province and city) and find each place's projects from it.

A frozen snapshot: the column is spelt out here, not read from store.db.models.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("project", sa.Column("signing_event", sa.String(length=200), nullable=True))
    op.create_index("ix_project_investor_origin", "project", ["investor_origin"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_project_investor_origin", table_name="project")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_column("signing_event")
