"""The explorer's views: the figures page and a response's source page, as HTML."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from api import links
from api.blueprint import StrictParser
from api.database import db_session
from api.errors import error_headers, error_parameters, host_not_trusted
from api.pagination import Page
from api.releases import loaded_release
from api.v1.figures import query
from api.v1.releases.query import release
from api.v1.responses import query as responses_query
from core.models import Disclosure
from core.text import lines_of
from schema.explore import ExplorerArgsSchema, SourcePageArgsSchema
from schema.figures import ComparabilitySchema, stored_document

from . import present
from .chart import chart
from .choices import choices
from .source import lines_asked, quoted_lines

blp = Blueprint(
    "explore", __name__, url_prefix="/explore",
    template_folder="templates", static_folder="static", static_url_path="/assets",
)  # fmt: skip
PARSER = StrictParser()
# The filters the form offers; any other filter in the URL is kept by the form as it is.
FORM_FILTERS = ("measure", "force", "platform", "offence", "financial_year", "from", "to", "status")
NOT_KEPT = (*FORM_FILTERS, "page")


@blp.app_template_global()
def path_to(endpoint: str, **values) -> str:
    """A link within this app, relative to its root (pages link to themselves, never to a host)."""
    return links.routes(current_app).build(endpoint, values)


@blp.get("")
def figures():
    given = MultiDict((k, v) for k, v in request.args.items(multi=True) if v.strip())
    if any(not v.strip() for _, v in request.args.items(multi=True)):
        # An unset field of the form arrives empty: drop it, so the URL says only what was chosen.
        return redirect(path_to("explore.figures", **given.to_dict(flat=False)), 303)
    args = PARSER.parse(ExplorerArgsSchema(), request, location="query")
    state = loaded_release()
    filters = query.resolve_filters(args, None)

    def count_and_compare():
        stmt = query.figures_query(filters)
        return query.count(stmt), compared(stmt)

    total, comparability = state.summary(query.summary_key(filters, "explore"), count_and_compare)
    ids_query = query.page_ids_query(filters, args["sort"])
    shown = [stored_document(d, "") for d in query.page_documents(ids_query, args["page"], args["page_size"])]
    page = Page(items=shown, page=args["page"], page_size=args["page_size"], total=total)
    offered = choices()
    rows = [present.row(figure, offered.measures) for figure in shown]
    asked = given.to_dict(flat=False)
    return render_template(
        "explore/figures.html",
        release=release(state.id),
        choices=offered,
        chosen=given,
        selected={**filters, **{name: given.getlist(name) for name in ("financial_year", "status")}},
        kept=[(k, v) for k, v in given.items(multi=True) if k not in NOT_KEPT],
        rows=rows,
        page=page,
        pages=page_links(asked, page),
        chart=chart(rows),
        comparability=comparability,
        csv_url=path_to("figures.FiguresCsv", **asked),
        json_url=path_to("figures.Figures", **asked),
    )


def compared(stmt) -> dict | None:
    block = query.comparability(stmt)
    return block and ComparabilitySchema().dump(block)


def page_links(asked: dict[str, list[str]], page: Page) -> dict[str, str | None]:
    def at(number: int) -> str:
        return path_to("explore.figures", **{**asked, "page": [str(number)]})

    past_the_end = page.total and page.page > page.pages
    return {
        "prev": at(page.page - 1) if page.page > 1 else None,
        "next": at(page.page + 1) if page.page < page.pages else None,
        "last": at(page.pages) if past_the_end else None,  # a page asked for past the last one
    }


@blp.get("/responses/<response_id>/source")
def source(response_id: str):
    args = PARSER.parse(SourcePageArgsSchema(), request, location="query")
    state = loaded_release()
    response = db_session().get(Disclosure, response_id)
    if response is None:
        abort(404, f"No response has the id '{response_id}'.")
    lines = lines_of(responses_query.source_text(response_id) or "")
    figure, highlighted = None, range(0)
    if "figure" in args:
        document = query.figure_document(args["figure"])
        figure = document and stored_document(document, "")
        if figure is None or figure["source"]["response_id"] != response_id:
            abort(404, f"Response '{response_id}' has no figure with the id '{args['figure']}'.")
        if figure["source"]["line"]:
            highlighted = quoted_lines(lines, figure["source"]["line"], figure["source"]["quote"])
    if "highlight" in args:
        highlighted = lines_asked(args["highlight"], len(lines))
    return render_template(
        "explore/source.html",
        release=release(state.id),
        response=response,
        lines=lines,
        highlighted=highlighted,
        row=figure and present.row(figure, choices().measures),
    )


@blp.errorhandler(HTTPException)
def error_page(error: HTTPException):
    """Errors on these pages are pages too, saying what was wrong in words."""
    data = getattr(error, "data", None) or {}
    problems = error_parameters(error)
    message = (
        data.get("message")
        or host_not_trusted(error)
        or ("Some of the choices in the address are not valid." if problems else error.description)
    )
    page = render_template("explore/error.html", error=error, message=message, problems=problems or [])
    return page, error.code, error_headers(error)
