"""pinyin sort keys for names, counties, chains and stewards

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 09:00:00

project.name_key, county_key and chain_key, and steward.name_key, hold the text's pinyin
(store.domain.pinyin.sort_key), so lists in Chinese mode are ordered by the database: a page
of 100,000 projects comes in the order an officer knows, on SQLite and PostgreSQL alike. On
PostgreSQL the keys compare byte by byte (collation C): a locale may weigh the spaces between
syllables as nothing. An index on each key (with its text) gives the ledger's first page by
name, county or chain without sorting every row. Existing rows get their keys here.

The columns are spelt out here, not read from store.db.models. The keys are made by the same
function every write uses, so rows back-filled here sort with the rows written later.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from store.domain.pinyin import sort_key

# revision identifiers, used by Alembic.
revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")
BATCH = 5000


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("project", schema=None) as batch_op:
        for column in ("name_key", "county_key", "chain_key"):
            batch_op.add_column(sa.Column(column, KEY, nullable=False, server_default=""))
    with op.batch_alter_table("steward", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_key", KEY, nullable=False, server_default=""))
    connection = op.get_bind()
    projects = connection.execute(sa.text("SELECT id, name, county, chain FROM project")).all()
    for start in range(0, len(projects), BATCH):
        connection.execute(
            sa.text(
                "UPDATE project SET name_key = :name_key, county_key = :county_key,"
                " chain_key = :chain_key WHERE id = :id"
            ),
            [
                {
                    "id": id_,
                    "name_key": sort_key(name),
                    "county_key": sort_key(county),
                    "chain_key": sort_key(chain),
                }
                for id_, name, county, chain in projects[start : start + BATCH]
            ],
        )
    stewards = connection.execute(sa.text("SELECT id, name FROM steward")).all()
    if stewards:
        connection.execute(
            sa.text("UPDATE steward SET name_key = :name_key WHERE id = :id"),
            [{"id": id_, "name_key": sort_key(name)} for id_, name in stewards],
        )
    for field in ("name", "county", "chain"):
        op.create_index(f"ix_project_{field}_key", "project", [f"{field}_key", field])


def downgrade() -> None:
    """Downgrade schema."""
    for field in ("chain", "county", "name"):
        op.drop_index(f"ix_project_{field}_key", table_name="project")
    with op.batch_alter_table("steward", schema=None) as batch_op:
        batch_op.drop_column("name_key")
    with op.batch_alter_table("project", schema=None) as batch_op:
        for column in ("chain_key", "county_key", "name_key"):
            batch_op.drop_column(column)
