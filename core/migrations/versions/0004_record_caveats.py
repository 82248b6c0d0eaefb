"""the caveats each disclosed record carries: its table's, then its disclosure's

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "record_caveats",
        sa.Column("record_id", sa.String(length=200), nullable=False),
        sa.Column("caveat_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["caveat_id"], ["caveats.id"]),
        sa.ForeignKeyConstraint(["record_id"], ["disclosed_records.id"]),
        sa.PrimaryKeyConstraint("record_id", "caveat_id"),
    )


def downgrade() -> None:
    op.drop_table("record_caveats")
