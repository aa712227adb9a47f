"""month-only dates and the other names of a steward cell

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 09:00:00

Offices write many dates to the month only (2023年8月). project.month_dates names the date
fields known only to the month (comma-separated), so they are shown as 2023-08 rather than as
the day they are stored on. A steward cell may name several leaders (张三、李四): the first is
the steward, project.other_stewards keeps the rest as written.

A frozen snapshot: the columns are spelt out here, not read from store.db.models, so this
revision means the same whatever the models become.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.add_column(sa.Column("month_dates", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("other_stewards", sa.Text(), nullable=False, server_default="")
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_column("other_stewards")
        batch_op.drop_column("month_dates")
