"""/v1/figures, one figure, and the views of figures by measure (/v1/offences,
/v1/platform-mentions, /v1/victim-age-bands: one per core.models.MEASURE_VIEWS, from one table)."""

from __future__ import annotations

from dataclasses import dataclass

from flask.views import MethodView
from flask_smorest import abort

from api.blueprint import LINK_HEADER, Blueprint
from api.negotiation import CSV, JSON, csv_sibling, produces
from core.models import MEASURE_VIEWS
from schema.figures import (
    FIGURE,
    FigureListArgsSchema,
    FigurePageSchema,
    FigureQueryArgsSchema,
    FigureResourceSchema,
)

from . import query
from .page import figure_page, one_figure


@dataclass(frozen=True)
class FigureList:
    blueprint: str  # e.g. "platform_mentions"
    view_class: str  # e.g. "PlatformMentions", so the endpoint is "platform_mentions.PlatformMentions"
    operation_id: str
    description: str  # the blueprint's (the spec's tag)
    doc: str  # the operation's summary, a blank line, and its description


ALL_FIGURES = FigureList(
    "figures", "Figures", "listFigures",
    "Every figure, each with its caveats, source and a printable citation.",
    """List figures

    Every measure, filtered and sorted as asked. Each figure embeds its caveats (most important
    first), its source (response, question and a verbatim quote) and a printable citation.
    A list mixing responses adds a `comparability` block. The same page as CSV is at
    /v1/figures.csv.
    """,
)  # fmt: skip
VIEW_DOC = """

    The figures of /v1/figures whose measure belongs to this view (see `measures` in /v1/),
    with the same filters, sorting, caveats and citations. The same page as CSV is at this
    path with `.csv` appended.
    """
# The views of /v1/figures by measure, one per core.models.MEASURE_VIEWS.
MEASURE_VIEW_DOCS = {
    "offences": FigureList(
        "offences", "Offences", "listOffenceFigures",
        "Figures counting offences: offences recorded, linked to another offence, or without victim details.",
        "List offence figures" + VIEW_DOC,
    ),
    "platform-mentions": FigureList(
        "platform_mentions", "PlatformMentions", "listPlatformMentions",
        "Figures counting crime records that mention a platform. Never additive across platforms.",
        "List platform mentions" + VIEW_DOC,
    ),
    "victim-age-bands": FigureList(
        "victim_age_bands", "VictimAgeBands", "listVictimAgeBandFigures",
        "Victim figures by age band and gender, and youngest-victim ages.",
        "List victim age band figures" + VIEW_DOC,
    ),
}  # fmt: skip


CSV_DOC = """{summary} as CSV

    The same figures, filters, sorting and paging as the JSON list, one row per figure. Column
    names are the JSON paths (`force.id`, `dimensions.platform.as_written`); a list's values are
    joined with ` | `; the citation, caveats, source and `derived_from` are included.
    """


def figure_list_blueprint(docs: FigureList, measures_of_view: str | None = None) -> Blueprint:
    """A figure collection: /v1/figures, or /v1/{view} for the figures whose measure it lists;
    each a JSON list and its CSV sibling (/v1/figures.csv)."""
    blp = Blueprint(docs.blueprint, __name__, description=docs.description)

    @blp.doc(operationId=docs.operation_id)
    @blp.arguments(FigureListArgsSchema, location="query", as_kwargs=True, documented=FigureQueryArgsSchema)
    @blp.response(200, FigurePageSchema, headers=LINK_HEADER, description="A page of figures.")
    @blp.problem(422, "Query parameters that contradict each other.")
    @blp.problem(406, "The Accept header allows neither JSON nor CSV.")
    @produces(JSON, CSV)  # CSV too, for `Accept: text/csv` and `format=csv` (schema.common.FormatArgsMixin)
    def get(self, **args):
        return figure_page(args, measures_of_view)

    @csv_sibling(blp, docs.operation_id + "Csv", "FigureCsv", "Figures", FIGURE, FigureQueryArgsSchema)
    def get_csv(self, **args):
        return figure_page(args, measures_of_view)

    get.__doc__ = docs.doc
    get_csv.__doc__ = CSV_DOC.format(summary=docs.doc.split("\n", 1)[0])
    blp.route("")(type(docs.view_class, (MethodView,), {"get": get}))
    blp.route(".csv")(type(docs.view_class + "Csv", (MethodView,), {"get": get_csv}))
    return blp


blp = figure_list_blueprint(ALL_FIGURES)


@blp.route("/<figure_id>")
class FigureById(MethodView):
    @blp.doc(operationId="getFigure")
    @blp.response(200, FigureResourceSchema)
    @blp.problem(404, "No figure has this id.")
    def get(self, figure_id):
        """Get one figure

        One figure by the id lists give, with its status, caveats, source (the response, the
        question and a verbatim quote) and a printable citation.
        """
        document = query.figure_document(figure_id)
        if document is None:
            abort(404, message=f"No figure has the id '{figure_id}'. Figure ids are listed by /v1/figures.")
        return one_figure(document)


blueprints = [blp, *(figure_list_blueprint(MEASURE_VIEW_DOCS[v], v) for v in MEASURE_VIEWS)]
