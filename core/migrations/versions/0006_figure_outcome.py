"""outcome as a figure dimension: the Home Office outcome type beside the force's words

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        batch.add_column(sa.Column("outcome_id", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("outcome_as_written", sa.String(length=300), nullable=True))
        batch.create_foreign_key(
            "fk_figures_outcome_id_outcome_types", "outcome_types", ["outcome_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        batch.drop_constraint("fk_figures_outcome_id_outcome_types", type_="foreignkey")
        batch.drop_column("outcome_as_written")
        batch.drop_column("outcome_id")
