"""The records a list asks for."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from api import filters
from api.database import db_session
from core.models import DisclosedRecord, RecordCaveat


def resolve_filters(args: dict) -> dict:
    """Query arguments as resolved ids and bounds, ready for records_query."""
    return {
        "response": filters.responses(args.get("response", [])),
        "force": filters.forces(args.get("force", [])),
        "platform": filters.platforms(args.get("platform", [])),
        "offence": filters.offences(args.get("offence", []), args["include_children"]),
        "outcome": filters.outcomes(args.get("outcome", [])),
        "period": filters.period_bounds(args),
    }


# What a record's representation reads besides its own columns.
RECORD_LOADS = (
    joinedload(DisclosedRecord.force), joinedload(DisclosedRecord.response), joinedload(DisclosedRecord.offence),
    joinedload(DisclosedRecord.outcome), joinedload(DisclosedRecord.platform), joinedload(DisclosedRecord.gender),
    selectinload(DisclosedRecord.caveat_links).joinedload(RecordCaveat.caveat),
)  # fmt: skip


def record(record_id: str) -> DisclosedRecord | None:
    return db_session().scalar(
        select(DisclosedRecord).options(*RECORD_LOADS).where(DisclosedRecord.id == record_id)
    )


def records_query(f: dict) -> Select:
    """Records matching resolved filters, in the order the disclosures list them."""
    stmt = select(DisclosedRecord).options(*RECORD_LOADS)
    for key, column in (("force", DisclosedRecord.force_id), ("response", DisclosedRecord.response_id),
                        ("platform", DisclosedRecord.platform_id), ("offence", DisclosedRecord.offence_code),
                        ("outcome", DisclosedRecord.outcome_id)):  # fmt: skip
        if f.get(key):
            stmt = stmt.where(column.in_(f[key]))
    start, end = f.get("period", (None, None))
    stmt = stmt.where(filters.overlaps(DisclosedRecord.period_start, DisclosedRecord.period_end, start, end))
    return stmt.order_by(DisclosedRecord.response_id, DisclosedRecord.position)
