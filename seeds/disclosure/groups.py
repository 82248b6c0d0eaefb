"""Figures written out in groups: each group's `figures` and the product of its `expand` lists,
with the group's `defaults` under each."""

from __future__ import annotations

import itertools
import math

import marshmallow as ma

from core.code_lists import did_you_mean
from core.models import CopyKind, Figure, FigureStatus, SourceFormat
from schema.seed_files.disclosures import MAIN, FigureSpecSchema

from .. import limits
from ..extract import cell_address
from ..source_document import SourceDocument, occurs_as_token, squash
from ..yamlio import flatten_errors
from .context import DisclosureContext
from .offences import figure_offences
from .periods import Period, read_period

# Statuses whose figure has a value the force wrote, and those that must have none.
VALUED = {FigureStatus.REPORTED, FigureStatus.NIL_RETURN}
VALUELESS = {
    FigureStatus.WITHHELD,
    FigureStatus.NOT_IN_DOCUMENT,
    FigureStatus.NOT_FOUND,
    FigureStatus.NOT_GIVEN,
    FigureStatus.SUPPRESSED,
    FigureStatus.REFUSED_COST,
    FigureStatus.NOT_HELD,
    FigureStatus.OUTSIDE_EXCERPT,
}


def check_group_sizes(ctx: DisclosureContext) -> None:
    """Count the figures each group describes before building any: an `expand` of a few
    hundred bytes can describe billions (the product of its lists)."""
    groups = ctx.spec["groups"]
    counts = [_figures_described(group) for group in groups]
    for i, (group, count) in enumerate(zip(groups, counts, strict=True)):
        if count > limits.MAX_GROUP_FIGURES:
            ctx.report(
                f"groups[{i}].{'expand' if group['expand'] else 'figures'}",
                f"describes {count:,} figures; a group may expand to at most "
                f"{limits.MAX_GROUP_FIGURES:,} (seeds/limits.py)",
            )
    if sum(counts) > ctx.max_figures:
        ctx.report("groups", f"describe {sum(counts):,} figures; {ctx.room()}")


def _figures_described(group: dict) -> int:
    """How many figures a group's `figures` and `expand` make, without making them."""
    expanded = math.prod(len(values) for values in group["expand"].values()) if group["expand"] else 0
    return len(group["figures"]) + expanded


def add_groups(ctx: DisclosureContext) -> None:
    for i, group in enumerate(ctx.spec["groups"]):
        for j, (raw, own) in enumerate(_expand(group)):
            where = f"groups[{i}].figures[{j}]"

            def place(name: str, where=where, own=own, i=i) -> str:
                """Where a member was written: the figure's own line, or the group's defaults."""
                return f"{where}.{name}" if name in own else f"groups[{i}].defaults.{name}"

            _add_figure(ctx, raw, where, origin=f"groups[{i}]", place=place)


def _expand(group: dict) -> list[tuple[dict, set[str]]]:
    """Each figure with the group's defaults under it, and the members it gives itself."""
    defaults = group["defaults"]
    figures = [dict(f) for f in group["figures"]]
    if group["expand"]:
        names = list(group["expand"])
        figures += [
            dict(zip(names, combo, strict=True)) for combo in itertools.product(*group["expand"].values())
        ]
    merged = []
    for figure in figures:
        caveats = [*defaults.get("caveats", []), *figure.get("caveats", [])]
        merged.append(({**defaults, **figure, "caveats": caveats}, set(figure)))
    return merged


def _add_figure(ctx: DisclosureContext, raw: dict, where: str, origin: str, place) -> None:
    try:
        spec = FigureSpecSchema().load(raw)
    except ma.ValidationError as exc:
        for problem in flatten_errors(exc.messages):
            ctx.report(where, problem)
        return
    doc = ctx.documents.get(spec["document"])
    if doc is None:
        ctx.report(
            where, f"unknown document '{spec['document']}': name the `source` ({MAIN}) or an attachment"
        )
        return
    cell, line = _read_place(ctx, spec, doc, where)  # first: a cell's row gives the quote checked below
    if spec["quote"] is None:
        return
    status = FigureStatus(spec["status"])
    _check_status(ctx, spec, status, where)
    _check_references(ctx, spec, place)
    period = read_period(ctx, spec["period"], where)
    platform_id, platform_written = _dimension(ctx, "platform", spec["platform"], where, doc)
    band_id, band_written = _dimension(ctx, "age_band", spec["age_band"], where, doc)
    gender_id, gender_written = _dimension(ctx, "gender", spec["gender"], where, doc)
    outcome_id, outcome_written = _dimension(ctx, "outcome", spec["outcome"], where, doc)
    if period is None:
        return
    figure = Figure(
        id=f"{ctx.spec['id']}.{spec['key'] or _figure_key(spec, period, platform_id, band_id, gender_id, outcome_id)}",
        response_id=ctx.spec["id"],
        question_number=spec["question"],
        measure_id=spec["measure"],
        value=spec["value"],
        value_lower=spec["value_lower"],
        value_upper=spec["value_upper"],
        value_as_written=spec["as_written"]
        if spec["as_written"] is not None or spec["value"] is None
        else str(spec["value"]),
        status=status,
        exemption_section=spec["exemption"],
        force_id=spec["force"],
        **period.columns(),
        platform_id=platform_id,
        platform_as_written=platform_written,
        age_band_id=band_id,
        age_band_as_written=band_written,
        gender_id=gender_id,
        gender_as_written=gender_written,
        outcome_id=outcome_id,
        outcome_as_written=outcome_written,
        quote=spec["quote"],
        source_line=line,
        source_document=None if spec["document"] == MAIN else spec["document"],
        source_cell=cell,
        note=spec["note"],
        offences=figure_offences(ctx, spec["offences"], where),
        restates=f"{ctx.spec['id']}.{spec['restates']}" if spec["restates"] else None,
    )
    ctx.declared_sums[figure.id] = {
        "breakdown": spec["breakdown"], "total_of": spec["total_of"], "restates": spec["restates"], "where": where
    }  # fmt: skip
    ctx.attach_caveats(figure, spec["caveats"], where)
    ctx.add_figure(figure, origin)


def _read_place(
    ctx: DisclosureContext, spec: dict, doc: SourceDocument, where: str
) -> tuple[str | None, int | None]:
    """(cell, line) the figure was read from. A figure citing a spreadsheet cell takes its line
    (and, unless it gives one, its quote) from the cell's row, and its value must be the cell's."""
    if spec["cell"] is None:
        return None, ctx.quote_line(spec["quote"], where, doc=doc)
    address = cell_address(spec["cell"])
    if doc.format != SourceFormat.XLSX:
        ctx.report(where, f"only a figure read from a spreadsheet cites a `cell`; {doc.path.name} is not one")
    elif address is None:
        ctx.report(where, f"cell {spec['cell']!r} is not a cell address such as Sheet1!B4")
    elif (found := doc.cell(address)) is None:
        ctx.report(where, f"cell {address} of {doc.path.name} is empty or does not exist")
    else:
        line, value = found
        written = spec["as_written"] if spec["as_written"] is not None else spec["value"]
        if written is not None and squash(str(written)) != value:
            ctx.report(where, f"cell {address} of {doc.path.name} holds {value!r}, not {str(written)!r}")
        if spec["quote"] is None:
            spec["quote"] = doc.line_text(line)
        elif ctx.quote_line(spec["quote"], where, doc=doc) is None:
            return address, None
        return address, line
    return None, None


def _figure_key(spec: dict, period: Period, *dimension_ids: str | None) -> str:
    """The figure's id within the response when the seed gives no `key`."""
    parts = (f"q{_slug(spec['question'])}", spec["force"], period.slug, *dimension_ids)
    return ".".join(p for p in parts if p)


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _check_references(ctx: DisclosureContext, spec: dict, place) -> None:
    """The force, measure and question a figure names must be ones this response and the code
    lists know; a wrong one in the group's defaults is reported there, once."""
    if spec["force"] not in ctx.spec["forces"]:
        ctx.report(
            place("force"),
            f"force '{spec['force']}' is not one this response reports for"
            + did_you_mean(spec["force"], ctx.spec["forces"]),
        )
    if spec["measure"] not in ctx.lists.measures:
        ctx.report(
            place("measure"),
            f"unknown measure '{spec['measure']}' (see reference/measures.yaml)"
            + did_you_mean(spec["measure"], ctx.lists.measures),
        )
    if spec["question"] not in {q["number"] for q in ctx.spec["questions"]}:
        numbers = ", ".join(repr(q["number"]) for q in ctx.spec["questions"])
        ctx.report(place("question"), f"unknown question '{spec['question']}': `questions` numbers {numbers}")


def _dimension(
    ctx: DisclosureContext, kind: str, spec: str | dict | None, where: str, doc: SourceDocument
) -> tuple[str | None, str | None]:
    """(harmonised id, as written) for a platform, age band, gender or outcome given in a seed."""
    if spec is None:
        return None, None
    if isinstance(spec, str):
        spec = {"as_written": spec}
    written, explicit = spec.get("as_written"), spec.get("id")
    if not written or set(spec) - {"as_written", "id"}:
        ctx.report(where, f"{kind} takes a label or {{as_written, id}}")
        return None, None
    ctx.check_as_written(written, f"{where}.{kind}", doc)
    if explicit is not None:
        if explicit not in getattr(ctx.lists, f"{kind}s"):
            ctx.report(where, f"unknown {kind} id '{explicit}'")
        return explicit, written
    return ctx.resolve(kind, written, f"{where}.{kind}"), written


def _check_status(ctx: DisclosureContext, spec: dict, status: FigureStatus, where: str) -> None:
    value = spec["value"]
    if status == FigureStatus.DERIVED:
        ctx.report(where, "status derived is set by the loader's `derive` step, not written in a seed")
    if status in VALUED:
        _check_value(ctx, spec, status, where)
    if status == FigureStatus.REPORTED and _says_none(spec["as_written"]):
        ctx.report(
            where, f"the force wrote {spec['as_written']!r}: that is a nil return; write status: nil_return"
        )
    if status in VALUELESS and value is not None:
        ctx.report(where, f"a {status.value} figure has no value; remove value {value}")
    sections = {e["section"] for e in ctx.spec["exemptions"]}
    if status == FigureStatus.WITHHELD and spec["exemption"] not in sections:
        ctx.report(where, f"a withheld figure names one of this response's exemptions {sorted(sections)}")
    if status != FigureStatus.WITHHELD and spec["exemption"]:
        ctx.report(where, "only a withheld figure names an exemption")
    if status == FigureStatus.SUPPRESSED:
        _check_suppressed(ctx, spec, where)
    elif spec["value_lower"] is not None or spec["value_upper"] is not None:
        ctx.report(where, "only a suppressed figure has value_lower and value_upper")
    if status == FigureStatus.OUTSIDE_EXCERPT:
        document = ctx.document_spec(spec["document"])
        if document is not None and document["copy"] != CopyKind.EXCERPT:
            ctx.report(
                where,
                f"an outside_excerpt figure is read from a copy that is an excerpt; document "
                f"'{spec['document']}' is complete (a missing enclosure is not_in_document)",
            )
    if status == FigureStatus.REFUSED_COST and not spec["note"]:
        ctx.report(where, "a refused_cost figure's note says the hours or cost the force stated")


def _check_suppressed(ctx: DisclosureContext, spec: dict, where: str) -> None:
    """A small number the force hid: what it wrote instead ("*", "<5", "1-4") is in the quote, and
    any bounds are in order."""
    written, lower, upper = spec["as_written"], spec["value_lower"], spec["value_upper"]
    if not written:
        ctx.report(
            where, "a suppressed figure gives as_written: what the force wrote in its place ('*', '<5')"
        )
    elif written not in spec["quote"]:
        ctx.report(where, f"as_written {written!r} does not occur in its quote {spec['quote'][:80]!r}")
    if lower is not None and upper is not None and lower > upper:
        ctx.report(where, f"value_lower {lower} is above value_upper {upper}")


# Words a force answers "there were none" with: a nil return, whichever way it is written.
NONE_WORDS = {"none", "nil", "nil return", "nil return."}


def _says_none(written: str | None) -> bool:
    return (written or "").strip().lower() in NONE_WORDS


def _check_value(ctx: DisclosureContext, spec: dict, status: FigureStatus, where: str) -> None:
    value = spec["value"]
    if value is None:
        ctx.report(where, f"a {status.value} figure needs a value")
        return
    # The number (or the words standing for it) must be in the quote: catches typos.
    written = spec["as_written"] or str(value)
    if not occurs_as_token(written, spec["quote"]):
        ctx.report(where, f"value {written!r} does not occur in its quote {spec['quote'][:80]!r}")
