"""figure documents rendered at load time; index figures by response and position

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "figure_documents",
        sa.Column("figure_id", sa.String(length=200), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["figure_id"], ["figures.id"]),
        sa.PrimaryKeyConstraint("figure_id"),
    )
    with op.batch_alter_table("figures") as batch:
        batch.drop_index("ix_figures_response")
        batch.create_index("ix_figures_response", ["response_id", "position"])


def downgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        batch.drop_index("ix_figures_response")
        batch.create_index("ix_figures_response", ["response_id"])
    op.drop_table("figure_documents")
