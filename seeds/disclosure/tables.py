"""Tables parsed from the source document: each row a disclosed record, or a figure (a count, or
a NIL RETURN for a whole section)."""

from __future__ import annotations

from core.code_lists import did_you_mean
from core.harmonise import Unresolved, split_gender_and_age
from core.models import DisclosedRecord, Figure, FigureStatus

from ..inserts import new_row
from ..parsers import NIL_RETURN, TableError, parse_tab_table
from .context import DisclosureContext
from .offences import record_offence
from .periods import Period, label_period, read_period

# What a section's NIL RETURN stands for: a count of 0, written as the words.
NIL_RETURN_COLUMNS = {"value": 0, "value_as_written": NIL_RETURN, "status": FigureStatus.NIL_RETURN}


def add_table(ctx: DisclosureContext, table: dict) -> None:
    name = table["name"]
    try:
        rows = parse_tab_table(
            ctx.doc.between(table["start"], table["end"]),
            table["columns"],
            sectioned=table["sections"] == "platform",
        )
    except (LookupError, TableError) as exc:
        ctx.report(f"table {name}", str(exc))
        return
    if table["force"] not in ctx.spec["forces"]:
        ctx.report(
            f"table {name}",
            f"force '{table['force']}' is not one this response reports for"
            + did_you_mean(table["force"], ctx.spec["forces"]),
        )
    for row in rows:
        where = f"table {name} line {row.line.number}"
        if row.nil_return:
            _add_nil_return(ctx, table, row, where)
        elif table["produces"] == "records":
            _add_record(ctx, table, row, where)
        else:
            _add_count(ctx, table, row, where)


def _row_period(ctx: DisclosureContext, table: dict, row, where: str) -> Period | None:
    return label_period(ctx, row.cells["period"], table["period_kind"], where)


def _add_record(ctx: DisclosureContext, table: dict, row, where: str) -> None:
    cells = row.cells
    period = _row_period(ctx, table, row, where)
    offence_written, offence_code, offence_note = record_offence(ctx, table, cells.get("offence"), where)
    age_written = cells.get("victim_age")
    age = _victim_age(ctx, age_written, where)
    if period is None:
        return
    record = DisclosedRecord(
        id=f"{ctx.spec['id']}.{table['name']}.line-{row.line.number}",
        position=len(ctx.bundle.records),
        response_id=ctx.spec["id"],
        question_number=table["question"],
        force_id=table["force"],
        **period.columns(),
        offence_as_written=offence_written,
        offence_code=offence_code,
        offence_note=offence_note,
        outcome_as_written=cells.get("outcome"),
        outcome_id=cells.get("outcome") and ctx.resolve("outcome", cells["outcome"], where),
        platform_as_written=row.section,
        platform_id=row.section and ctx.resolve("platform", row.section, where),
        victim_age_as_written=age_written,
        victim_age=age,
        description=cells.get("description"),
        quote=row.line.text,
        source_line=row.line.number,
    )
    ctx.attach_caveats(record, table["caveats"], where)
    ctx.add_record(record, table["name"])


def _victim_age(ctx: DisclosureContext, written: str | None, where: str) -> int | None:
    """A whole number of years, or None for no age or an 'age not known' label."""
    age = int(written) if written and written.isdigit() else None
    if written and age is None and ctx.resolve("age_band", written, where) != "unknown":
        ctx.report(where, f"victim age '{written}' is neither a whole number nor an 'age not known' label")
    return age


def _add_count(ctx: DisclosureContext, table: dict, row, where: str) -> None:
    cells = row.cells
    period = _row_period(ctx, table, row, where)
    gender_written = band_written = None
    if "gender_and_age" in cells:
        try:
            gender_written, band_written = split_gender_and_age(cells["gender_and_age"])
        except Unresolved as exc:
            ctx.report(where, str(exc))
    value_written = cells.get("value", "")
    if not value_written.isdigit():
        ctx.report(where, f"count '{value_written}' is not a whole number")
        return
    if period is None:
        return
    platform_id = row.section and ctx.resolve("platform", row.section, where)
    band_id = band_written and ctx.resolve("age_band", band_written, where)
    gender_id = gender_written and ctx.resolve("gender", gender_written, where)
    columns = {
        "measure_id": table["measure"],
        "value": int(value_written),
        "value_as_written": value_written,
        "status": FigureStatus.REPORTED,
        "platform_id": platform_id,
        "age_band_id": band_id,
        "age_band_as_written": band_written,
        "gender_id": gender_id,
        "gender_as_written": gender_written,
        "quote": row.line.text,
        "source_line": row.line.number,
    }
    _add_row_figure(ctx, table, row, where, period, columns)


def _add_nil_return(ctx: DisclosureContext, table: dict, row, where: str) -> None:
    spec = table["nil_return"]
    if spec is None:
        ctx.report(where, "NIL RETURN found, but the table has no `nil_return` spec")
        return
    period = read_period(ctx, spec["period"], where)
    quote = f"{row.section}\n{NIL_RETURN}"
    line = ctx.quote_line(quote, where, at_or_before=row.line.number)
    if period is None:
        return
    platform_id = ctx.resolve("platform", row.section, where)
    columns = {**NIL_RETURN_COLUMNS, "measure_id": spec["measure"], "platform_id": platform_id}
    _add_row_figure(ctx, table, row, where, period, {**columns, "quote": quote, "source_line": line})


def _add_row_figure(
    ctx: DisclosureContext, table: dict, row, where: str, period: Period, columns: dict
) -> None:
    """A figure read from one row of a parsed table (its id is the table and the line)."""
    figure = new_row(
        Figure,
        id=f"{ctx.spec['id']}.{table['name']}.line-{row.line.number}",
        response_id=ctx.spec["id"],
        question_number=table["question"],
        force_id=table["force"],
        platform_as_written=row.section,
        **period.columns(),
        **columns,
    )
    ctx.attach_caveats(figure, table["caveats"], where)
    ctx.add_figure(figure, table["name"])
