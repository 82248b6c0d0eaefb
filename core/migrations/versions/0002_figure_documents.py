"""figure documents rendered at load time; covering indexes for the common figure filters

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


NEW_INDEXES = {
    "ix_figures_response": ["response_id", "position"],
    "ix_figures_measure_force": [
        "measure_id",
        "force_id",
        "age_band_id",
        "gender_id",
        "response_id",
        "position",
        "id",
    ],
    "ix_figures_platform": ["platform_id", "measure_id", "response_id", "position", "id"],
}
OLD_INDEXES = {
    "ix_figures_response": ["response_id"],
    "ix_figures_measure_force": ["measure_id", "force_id"],
    "ix_figures_platform": ["platform_id"],
}


def upgrade() -> None:
    op.create_table(
        "figure_documents",
        sa.Column("figure_id", sa.String(length=200), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["figure_id"], ["figures.id"]),
        sa.PrimaryKeyConstraint("figure_id"),
    )
    with op.batch_alter_table("figures") as batch:
        for name, columns in NEW_INDEXES.items():
            batch.drop_index(name)
            batch.create_index(name, columns)


def downgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        for name, columns in OLD_INDEXES.items():
            batch.drop_index(name)
            batch.create_index(name, columns)
    op.drop_table("figure_documents")
