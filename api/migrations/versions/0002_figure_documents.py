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
    with op.batch_alter_table("figures") as batch:
        batch.add_column(sa.Column("document", sa.Text(), nullable=True))
        batch.drop_index("ix_figures_response")
        batch.create_index("ix_figures_response", ["response_id", "position"])


def downgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        batch.drop_index("ix_figures_response")
        batch.create_index("ix_figures_response", ["response_id"])
        batch.drop_column("document")
