"""a suppressed figure's bounds, where the force states them

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BOUNDS = ("value_lower", "value_upper")


def upgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        for column in BOUNDS:
            batch.add_column(sa.Column(column, sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        for column in BOUNDS:
            batch.drop_column(column)
