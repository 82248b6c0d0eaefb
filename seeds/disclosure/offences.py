"""Offences as a seed writes them: a figure's list (or a named `offence_sets` entry), and the
crime banding in one cell of a table of records."""

from __future__ import annotations

import marshmallow as ma

from core.harmonise import code_prefix, label_key
from core.models import FigureOffence
from schema.seed_files.disclosures import OffenceSpecSchema

from .context import DisclosureContext


def figure_offences(ctx: DisclosureContext, spec: str | list, where: str) -> list[FigureOffence]:
    items = _offence_items(ctx, spec, where)
    result = []
    for position, item in enumerate(items):
        ctx.check_as_written(item["as_written"], f"{where}.offences[{position}]")
        code = item["code"] and ctx.resolve("offence_code", item["code"], f"{where}.offences[{position}]")
        if item["code"] is None and not item["note"]:
            ctx.report(where, f"offence '{item['as_written']}' is left unmapped without a note saying why")
        result.append(
            FigureOffence(
                position=position,
                code=code,
                as_written=item["as_written"],
                role=item["role"],
                note=item["note"],
            )
        )
    return result


def _offence_items(ctx: DisclosureContext, spec: str | list, where: str) -> list[dict]:
    if isinstance(spec, str):
        if spec not in ctx.spec["offence_sets"]:
            ctx.report(where, f"unknown offence set '{spec}' (define it under `offence_sets`)")
            return []
        return ctx.spec["offence_sets"][spec]
    try:
        return OffenceSpecSchema(many=True).load(spec)
    except ma.ValidationError as exc:
        ctx.report(where, f"offences: {exc.messages}")
        return []


def record_offence(
    ctx: DisclosureContext, table: dict, cell: str | None, where: str
) -> tuple[str | None, str | None, str | None]:
    """(as written, code, note) for one record: the table's fixed offence, a label mapped under
    `offence_labels`, or a banding that starts with its code."""
    if cell is None:
        fixed = table["offence"]
        if fixed is None:
            return None, None, None
        ctx.check_as_written(fixed["as_written"], where)
        return fixed["as_written"], ctx.resolve("offence_code", fixed["code"], where), fixed["note"]
    labels = {label_key(k): v for k, v in ctx.spec["offence_labels"].items()}
    if (mapped := labels.get(label_key(cell))) is not None:
        code = mapped["code"] and ctx.resolve("offence_code", mapped["code"], where)
        return cell, code, mapped["note"]
    return cell, _banding_code(ctx, cell, where), None


def _banding_code(ctx: DisclosureContext, cell: str, where: str) -> str | None:
    prefix = code_prefix(cell)
    if prefix is None:
        ctx.report(
            where,
            f"crime banding '{cell}' has no code: map it under `offence_labels` "
            "(or leave it unmapped there, saying why)",
        )
        return None
    code = ctx.resolve("offence_code", prefix, where)
    if code:
        # The title after the code must agree with the code list, or the code is suspect.
        written_title = cell.split(".", 1)[1].strip()
        official = ctx.lists.offence_codes[code].title
        if not label_key(official).startswith(label_key(written_title)):
            ctx.report(where, f"banding '{cell}' does not match code {code}'s title '{official}'")
    return code
