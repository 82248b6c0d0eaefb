"""A page of figures as JSON or CSV, and one figure, from their stored documents.

The JSON page is written as Flask would pretty-print the envelope (FigurePageSchema), with the
stored documents spliced into `data` as they are: no figure is serialised per request.
"""

from __future__ import annotations

import json

from flask import Response

from api import links
from api.negotiation import CSV, JSON, chosen_media_type, csv_response
from api.pagination import Page
from api.releases import current_release_id
from schema.figures import BASE_PLACEHOLDER, FIGURE, ITEM_INDENT, stored_document
from schema.tables import csv_columns, csv_text

from . import query

CSV_COLUMNS = csv_columns(FIGURE)


def figure_page(args: dict, measures_of_view: str | None = None) -> Response:
    """The page of a figure collection the arguments ask for, as JSON or CSV."""
    filters = query.resolve_filters(args, measures_of_view)
    page, size = args["page"], args["page_size"]
    total, comparability = query.summary(filters, lambda block: member("comparability", block))
    documents = query.page_documents(query.page_ids_query(filters, args["sort"]), page, size)
    page_info = Page(items=documents, page=page, page_size=size, total=total)
    headers = {"Link": page_info.link_header()}
    if chosen_media_type() == CSV:
        base = links.public_base()
        return csv_response(csv_text(CSV_COLUMNS, (stored_document(d, base) for d in documents)), headers)
    items = ",\n".join(documents)
    members = [
        f'  "data": [\n{items}\n  ]' if documents else '  "data": []',
        member("pagination", page_info.pagination()),
        member("links", page_info.links()),
        *([comparability] if comparability else []),
        member("release", current_release_id()),
    ]
    return json_response("{\n" + ",\n".join(members) + "\n}\n", headers)


def one_figure(document: str) -> Response:
    """One figure: its stored document unindented, naming the release like every other body."""
    # JSON escapes newlines inside strings, so "\n" ends a line; splitlines() would also cut a
    # string at a U+2028 written as itself.
    lines = [line.removeprefix(ITEM_INDENT) for line in document.split("\n")]
    return json_response("\n".join(lines[:-1]) + ",\n" + member("release", current_release_id()) + "\n}\n")


def json_response(text: str, headers: dict | None = None) -> Response:
    return Response(text.replace(BASE_PLACEHOLDER, links.public_base()), mimetype=JSON, headers=headers)


def member(name: str, value) -> str:
    """`"name": value` as one member of an object pretty-printed with indent=2."""
    text = json.dumps(value, indent=2, ensure_ascii=False, default=str).replace("\n", "\n  ")
    return f'  "{name}": {text}'
