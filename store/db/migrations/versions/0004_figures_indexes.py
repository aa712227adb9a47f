"""figures: procedure counts on the project, covering indexes for the aggregates

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 12:20:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIGURE_COLUMNS = [
    "stage",
    "signed_on",
    "withdrawn_on",
    "kind",
    "signed_amount_yuan",
    "total_investment_yuan",
    "funds_in_place_yuan",
    "procedures_required",
    "procedures_done",
    "start_due",
    "started_on",
    "resumed_on",
    "deadline",
    "county",
    "chain",
    "steward_id",
]


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("procedures_required", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("procedures_done", sa.Integer(), nullable=False, server_default="0")
        )
    op.execute(
        "UPDATE project SET"
        " procedures_required = (SELECT count(*) FROM procedure"
        "  WHERE procedure.project_id = project.id AND procedure.required),"
        " procedures_done = (SELECT count(*) FROM procedure"
        "  WHERE procedure.project_id = project.id AND procedure.required"
        "  AND procedure.done_on IS NOT NULL)"
    )
    op.create_index("ix_project_figures", "project", FIGURE_COLUMNS)
    op.create_index("ix_procedure_done_on", "procedure", ["done_on", "project_id", "required"])
    op.create_index(
        "ix_dispatchrecord_month",
        "dispatchrecord",
        ["month", "project_id", "funds_in_place_yuan", "investment_completed_yuan"],
    )
    op.create_index(
        "ix_problem_raised_on", "problem", ["raised_on", "project_id", "status", "resolved_on"]
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_problem_raised_on", table_name="problem")
    op.drop_index("ix_dispatchrecord_month", table_name="dispatchrecord")
    op.drop_index("ix_procedure_done_on", table_name="procedure")
    op.drop_index("ix_project_figures", table_name="project")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_column("procedures_done")
        batch_op.drop_column("procedures_required")
