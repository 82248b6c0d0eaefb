"""What every figure collection shares (/v1/figures and its filtered views): filtering, sorting,
paging, the comparability block, and the JSON or CSV response."""

from __future__ import annotations

import csv
import io
import json

from flask import Response, request
from sqlalchemy import Select, func, select

from core.models import Caveat, Figure, FigureCaveat, FigureDocument
from schema import figure_documents as documents

from . import filters, links, queries
from .database import db_session
from .negotiation import CSV, JSON, chosen_media_type
from .pagination import Page
from .releases import current_release_id, loaded_release

# Caveat kinds that make two responses' figures differ in what they count.
COMPARABILITY_KINDS = ("method", "scope", "quality", "counting")


def figure_list(args: dict, measures_of_view: str | None = None) -> Response:
    """A page of a figure collection as JSON (the envelope) or CSV, built from each figure's
    stored document: a page of strings, plus the query's count and comparability block."""
    filters = resolve_filters(args, measures_of_view)
    stmt = queries.figures_query(filters, args["sort"])
    page, size = args["page"], args["page_size"]
    total, comparability_member = summary(stmt, filters)
    docs = page_documents(stmt, page, size)
    page_info = Page(items=docs, page=page, page_size=size, total=total)
    base = links.public_base()
    headers = {"Link": page_info.link_header()}
    if chosen_media_type() == CSV:
        return csv_response([documents.as_object(d, base) for d in docs], headers)
    # The envelope pretty-printed as Flask would, with the stored documents spliced into `data`.
    items = ",\n".join(docs)
    members = [
        f'  "data": [\n{items}\n  ]' if docs else '  "data": []',
        member("pagination", page_info.pagination()),
        member("links", page_info.links()),
        *([comparability_member] if comparability_member else []),
        member("release", current_release_id()),
    ]
    body = "{\n" + ",\n".join(members) + "\n}\n"
    return Response(body.replace(documents.BASE_PLACEHOLDER, base), mimetype=JSON, headers=headers)


def page_documents(stmt, page: int, size: int) -> list[str]:
    """The page's figure ids from the (slim) figures table, then their documents by key."""
    ids = list(db_session().scalars(stmt.with_only_columns(Figure.id).limit(size).offset((page - 1) * size)))
    if not ids:
        return []
    found = dict(
        db_session()
        .execute(
            select(FigureDocument.figure_id, FigureDocument.document).where(FigureDocument.figure_id.in_(ids))
        )
        .all()
    )
    return [found[i] for i in ids]


def member(name: str, value) -> str:
    """`"name": value` as one member of an object pretty-printed with indent=2."""
    text = json.dumps(value, indent=2, ensure_ascii=False, default=str).replace("\n", "\n  ")
    return f'  "{name}": {text}'


def summary(stmt, filters: dict) -> tuple[int, str | None]:
    """How many figures match, and their comparability block (rendered): the same for every page
    and sort of a query within a release, so kept in the release's state (api/releases.py)."""

    def count_and_compare() -> tuple[int, str | None]:
        total = db_session().scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
        block = comparability(stmt)
        return total, member("comparability", block) if block else None

    key = tuple(sorted((k, repr(v)) for k, v in filters.items()))
    return loaded_release().summary(key, count_and_compare)


def figure_response(document: str) -> Response:
    """One figure: its stored document, naming the release like every other body."""
    lines = document.replace(documents.BASE_PLACEHOLDER, links.public_base()).splitlines()
    # The document is indented to sit in a list: unindent it, and add the release as its last member.
    lines = [line.removeprefix(documents.ITEM_INDENT) for line in lines]
    release = json.dumps(current_release_id())
    text = "\n".join(lines[:-1]) + f',\n  "release": {release}\n}}\n'
    return Response(text, mimetype=JSON)


def resolve_filters(args: dict, measures_of_view: str | None) -> dict:
    """Query arguments as resolved ids and bounds, ready for queries.figures_query."""
    resolved = {
        "force": filters.forces(args.get("force", [])),
        "response": filters.responses(args.get("response", [])),
        "measure": filters.measures(args.get("measure", [])),
        "platform": filters.platforms(args.get("platform", [])),
        "offence": filters.offences(args.get("offence", []), args["include_children"]),
        "age_band": filters.age_bands(args.get("age_band", [])),
        "gender": filters.genders(args.get("gender", [])),
        "caveat": filters.caveats(args.get("caveat", [])),
        "status": args.get("status", []),
        "derived": args["derived"],
        "period": filters.period_bounds(args),
        "view": measures_of_view,
    }
    if args["include_children"] and not args.get("offence"):
        filters.bad_parameter(
            "include_children", "include_children needs an offence to take the children of", status=422
        )
    return resolved


def comparability(stmt: Select) -> dict | None:
    """How the responses behind a list differ, taken from their caveats; None for one response."""
    matching = stmt.with_only_columns(Figure.id, Figure.response_id).order_by(None).subquery()
    spans = (
        db_session()
        .execute(
            select(Figure.response_id, func.min(Figure.period_start), func.max(Figure.period_end))
            .where(Figure.id.in_(select(matching.c.id)))
            .group_by(Figure.response_id)
            .order_by(Figure.response_id)
        )
        .all()
    )
    if len(spans) < 2:
        return None
    response_ids = [row[0] for row in spans]
    pairs = (
        db_session()
        .execute(
            select(Figure.response_id, Caveat)
            .join(FigureCaveat, FigureCaveat.figure_id == Figure.id)
            .join(Caveat, Caveat.id == FigureCaveat.caveat_id)
            .where(Figure.id.in_(select(matching.c.id)), Caveat.kind.in_(COMPARABILITY_KINDS))
            .distinct()
        )
        .all()
    )
    by_caveat: dict[str, tuple[Caveat, set[str]]] = {}
    for response_id, caveat in pairs:
        by_caveat.setdefault(caveat.id, (caveat, set()))[1].add(response_id)
    differences = [
        {"caveat": {"id": c.id, "kind": c.kind.value, "text": c.text}, "responses": sorted(applies)}
        for c, applies in sorted(by_caveat.values(), key=lambda item: (item[0].kind.value, item[0].id))
        if applies != set(response_ids)  # a caveat shared by every response is no difference
    ]
    periods_differ = len({(start, end) for _, start, end in spans}) > 1
    return {
        "note": (
            f"These figures come from {len(response_ids)} responses"
            + (" covering different periods" if periods_differ else "")
            + ". Their methods and scopes differ as listed; compare them only with these differences in mind."
        ),
        "periods_differ": periods_differ,
        "responses": [{"id": r, "period": {"start": start, "end": end}} for r, start, end in spans],
        "differences": differences,
    }


# --- CSV -------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "id", "measure", "value", "value_as_written", "unit", "status", "exemption",
    "force.id", "force.name", "force.ons_code",
    "period.start", "period.end", "period.label", "period.kind",
    "dimensions.offences.id", "dimensions.offences.label", "dimensions.offences.as_written", "dimensions.offences.role",
    "dimensions.platform.id", "dimensions.platform.label", "dimensions.platform.as_written",
    "dimensions.age_band.id", "dimensions.age_band.label", "dimensions.age_band.as_written",
    "dimensions.age_band.lower", "dimensions.age_band.upper",
    "dimensions.gender.id", "dimensions.gender.label", "dimensions.gender.as_written",
    "caveats.id", "caveats.kind", "caveats.text", "note",
    "source.response_id", "source.reference", "source.question", "source.question_text",
    "source.quote", "source.line", "source.url",
    "derived_from.derivation", "derived_from.method", "citation",
]  # fmt: skip
LIST_SEPARATOR = " | "


def csv_value(figure: dict, column: str) -> str:
    """The JSON value at a dotted path; lists (offences, caveats) joined with ' | '."""
    values = [figure]
    for key in column.split("."):
        expanded = []
        for value in values:
            value = value.get(key) if isinstance(value, dict) else None
            expanded += value if isinstance(value, list) else [value]
        values = expanded
    cells = ["" if v is None else str(v) for v in values]
    return LIST_SEPARATOR.join(cells) if len(cells) != 1 else cells[0]


def csv_response(figures: list[dict], headers: dict) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for figure in figures:
        writer.writerow([csv_value(figure, column) for column in CSV_COLUMNS])
    name = (request.endpoint or "figures").split(".")[0]
    response = Response(out.getvalue(), mimetype=CSV, headers=headers)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
