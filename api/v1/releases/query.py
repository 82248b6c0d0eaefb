"""Reading the data releases."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import with_expression

from api.database import db_session
from core.models import DataRelease


def releases(current_id: str | None) -> list[DataRelease]:
    """Every release loaded, newest first, each saying whether it is the one served."""
    stmt = (
        select(DataRelease)
        .options(with_expression(DataRelease.current, DataRelease.id == current_id))
        .execution_options(populate_existing=True)  # the expression, even for a release already read
        .order_by(DataRelease.created_at.desc())
    )
    return list(db_session().scalars(stmt))


def release(release_id: str | None) -> DataRelease | None:
    return db_session().get(DataRelease, release_id) if release_id else None
