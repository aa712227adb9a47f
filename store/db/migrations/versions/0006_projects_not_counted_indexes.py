"""indexes for the projects not counted as of a date

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 20:40:00

The figures leave out the monthly records, problems and procedures of projects not counted
as of a date: not signed by then, or withdrawn by then. Those projects were found by a scan
of every project (about 10 ms at 100,000, for each such statement); these two indexes give
them as two ranges (0.1-3 ms). A plain index on signed_on would do it too, but SQLite then
plans the figures' own pass on it instead of the covering index (76 ms became 211).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEVER = "9999-12-31"  # the signing date of a project not signed, as store.db.models has it


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index(
        "ix_project_signed_or_never", "project", [sa.text(f"coalesce(signed_on, '{NEVER}')")]
    )
    op.create_index(
        "ix_project_withdrawn_on",
        "project",
        ["withdrawn_on"],
        sqlite_where=sa.text("withdrawn_on IS NOT NULL"),
        postgresql_where=sa.text("withdrawn_on IS NOT NULL"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_project_withdrawn_on", table_name="project")
    op.drop_index("ix_project_signed_or_never", table_name="project")
