"""a response's documents with their provenance (format, URL, dates, complete copy or excerpt), and
the document and spreadsheet cell each figure was read from; the main document's text moves from
responses.source_text to its document row

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "response_documents",
        sa.Column("response_id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("file", sa.String(length=300), nullable=False),
        sa.Column(
            "format",
            sa.Enum("text", "html", "pdf", "xlsx", name="sourceformat", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("origin_url", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("retrieved", sa.Date(), nullable=True),
        sa.Column(
            "copy",
            sa.Enum("complete", "excerpt", name="copykind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("excerpt_note", sa.Text(), nullable=True),
        sa.Column("original_sha256", sa.String(length=64), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("original", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["response_id"], ["responses.id"]),
        sa.PrimaryKeyConstraint("response_id", "name"),
    )
    with op.batch_alter_table("figures") as batch:
        batch.add_column(sa.Column("source_document", sa.String(length=50), nullable=True))
        batch.add_column(sa.Column("source_cell", sa.String(length=100), nullable=True))
    # The main document's text is now its response_documents row's; the loader writes it afresh.
    with op.batch_alter_table("responses") as batch:
        batch.drop_column("source_text")


def downgrade() -> None:
    with op.batch_alter_table("responses") as batch:
        # Empty until the seeds are loaded again by the code of that revision.
        batch.add_column(sa.Column("source_text", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("figures") as batch:
        batch.drop_column("source_cell")
        batch.drop_column("source_document")
    op.drop_table("response_documents")
