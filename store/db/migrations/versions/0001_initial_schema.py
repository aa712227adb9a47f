"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 08:45:42.279942

The tables as they stood at this revision, spelt out: a migration never reads the live models,
which later revisions change.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    _setting()
    _steward()
    _project()
    _dispatchrecord()
    _history()
    _problem()
    _procedure()


def _setting() -> None:
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def _steward() -> None:
    op.create_table(
        "steward",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("level", sa.String(), nullable=False),
        sa.Column("phone", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )


def _project() -> None:
    op.create_table(
        "project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("investor", sa.String(), nullable=False),
        sa.Column("investor_origin", sa.String(), nullable=False),
        sa.Column("county", sa.String(), nullable=False),
        sa.Column("park", sa.String(), nullable=False),
        sa.Column("chain", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("build_content", sa.Text(), nullable=False),
        sa.Column("total_investment_yuan", sa.BigInteger(), nullable=False),
        sa.Column("signed_amount_yuan", sa.BigInteger(), nullable=False),
        sa.Column("annual_plan_yuan", sa.BigInteger(), nullable=False),
        sa.Column("funds_in_place_yuan", sa.BigInteger(), nullable=False),
        sa.Column("land_mu", sa.String(length=40), nullable=True),
        sa.Column("expected_output_yuan", sa.BigInteger(), nullable=True),
        sa.Column("jobs", sa.Integer(), nullable=True),
        sa.Column("won_by", sa.String(), nullable=False),
        sa.Column("responsible_unit", sa.String(), nullable=False),
        sa.Column("progress_note", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("procedures_due", sa.Date(), nullable=True),
        sa.Column("procedures_on", sa.Date(), nullable=True),
        sa.Column("start_due", sa.Date(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("production_due", sa.Date(), nullable=True),
        sa.Column("producing_on", sa.Date(), nullable=True),
        sa.Column("resumed_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("withdraw_reason", sa.String(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("steward_id", sa.Integer(), nullable=True),
        sa.Column("county_leader", sa.String(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["steward_id"],
            ["steward.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.create_index("ix_project_chain", ["chain"], unique=False)
        batch_op.create_index("ix_project_county", ["county"], unique=False)
        batch_op.create_index("ix_project_deadline", ["deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_name"), ["name"], unique=False)
        batch_op.create_index("ix_project_stage_deadline", ["stage", "deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_steward_id"), ["steward_id"], unique=False)


def _dispatchrecord() -> None:
    op.create_table(
        "dispatchrecord",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("funds_in_place_yuan", sa.BigInteger(), nullable=False),
        sa.Column("investment_completed_yuan", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "month"),
    )


def _history() -> None:
    op.create_table(
        "history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("user", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("field", sa.String(), nullable=True),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.create_index(
            "ix_history_project_field", ["project_id", "field", "effective_on"], unique=False
        )


def _problem() -> None:
    op.create_table(
        "problem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("problem", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_problem_project_id"), ["project_id"], unique=False)


def _procedure() -> None:
    op.create_table(
        "procedure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_procedure_due_on"), ["due_on"], unique=False)
        batch_op.create_index("ix_procedure_project", ["project_id", "position"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.drop_index("ix_procedure_project")
        batch_op.drop_index(batch_op.f("ix_procedure_due_on"))

    op.drop_table("procedure")
    with op.batch_alter_table("problem", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_problem_project_id"))

    op.drop_table("problem")
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.drop_index("ix_history_project_field")

    op.drop_table("history")
    op.drop_table("dispatchrecord")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_steward_id"))
        batch_op.drop_index("ix_project_stage_deadline")
        batch_op.drop_index(batch_op.f("ix_project_name"))
        batch_op.drop_index("ix_project_deadline")
        batch_op.drop_index("ix_project_county")
        batch_op.drop_index("ix_project_chain")

    op.drop_table("project")
    op.drop_table("steward")
    op.drop_table("setting")
    # ### end Alembic commands ###
