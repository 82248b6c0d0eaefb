"""the covering indexes also hold `restates`, which every list filters on

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MEASURE_FORCE = ["measure_id", "force_id", "age_band_id", "gender_id", "response_id", "position", "id"]
PLATFORM = ["platform_id", "measure_id", "response_id", "position", "id"]


def upgrade() -> None:
    # Lists leave restatements out (restates IS NULL); without the column in the index, every
    # matching row would be read from the table to check it, and a page's ids would no longer come
    # from the index alone.
    _recreate(MEASURE_FORCE + ["restates"], PLATFORM + ["restates"])


def downgrade() -> None:
    _recreate(MEASURE_FORCE, PLATFORM)


def _recreate(measure_force: list[str], platform: list[str]) -> None:
    op.drop_index("ix_figures_measure_force", table_name="figures")
    op.drop_index("ix_figures_platform", table_name="figures")
    op.create_index("ix_figures_measure_force", "figures", measure_force)
    op.create_index("ix_figures_platform", "figures", platform)
