"""a measure may have no collection of its own (listed by /v1/figures only)

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("measures") as batch:
        batch.alter_column("view", existing_type=sa.String(length=32), nullable=True)


def downgrade() -> None:
    # Fails while a measure without a view is loaded: load a release without one first.
    with op.batch_alter_table("measures") as batch:
        batch.alter_column("view", existing_type=sa.String(length=32), nullable=False)
