"""a steward can be retired

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 09:00:00

steward.retired_on: the day a steward stopped answering for projects. A retired steward keeps
the projects that were withdrawn under them (their records), is offered for no new
assignment and is listed apart.

A frozen snapshot: the column is spelt out here, not read from store.db.models.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("steward", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retired_on", sa.Date(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("steward", schema=None) as batch_op:
        batch_op.drop_column("retired_on")
