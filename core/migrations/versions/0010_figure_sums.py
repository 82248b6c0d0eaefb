"""how figures add up: what each is broken down by, the totals it is a part of, what it restates

Revision ID: 0010
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A release is always loaded whole, so existing figures are replaced on the next load; until
    # then they read as totals that restate nothing.
    with op.batch_alter_table("figures") as batch:
        batch.add_column(sa.Column("breakdown", sa.String(length=100), nullable=False, server_default=""))
        batch.add_column(sa.Column("restates", sa.String(length=200), nullable=True))
        batch.create_index("ix_figures_restates", ["restates"])
    op.create_table(
        "figure_parts",
        sa.Column("part_id", sa.String(length=200), sa.ForeignKey("figures.id"), primary_key=True),
        sa.Column("total_id", sa.String(length=200), sa.ForeignKey("figures.id"), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_index("ix_figure_parts_total_id", "figure_parts", ["total_id"])


def downgrade() -> None:
    op.drop_index("ix_figure_parts_total_id", table_name="figure_parts")
    op.drop_table("figure_parts")
    with op.batch_alter_table("figures") as batch:
        batch.drop_index("ix_figures_restates")
        batch.drop_column("restates")
        batch.drop_column("breakdown")
