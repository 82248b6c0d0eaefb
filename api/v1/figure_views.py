"""What the figure collections share in their docs (arguments, the 200 response in JSON and CSV,
the Link header), and the views of /v1/figures by measure: one blueprint per core.MEASURE_VIEWS
entry, made from the table below, so the three views cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass

from flask.views import MethodView

from api.blueprint import Blueprint
from api.figure_lists import CSV_COLUMNS, figure_list
from api.negotiation import CSV, JSON, produces
from core.models import MEASURE_VIEWS
from schema.figures import FigurePageSchema, FigureQueryArgsSchema

LINK_HEADER = {
    "Link": {
        "description": "RFC 8288 links to the first, last, next and previous pages.",
        "schema": {"type": "string"},
    }
}
CSV_CONTENT = {
    200: {
        "content": {
            CSV: {
                "schema": {"type": "string"},
                "example": ",".join(CSV_COLUMNS) + "\r\n",
            }
        }
    }
}


def figure_collection(blp, operation_id: str):
    """Decorate a MethodView `get(self, **args)` as a figure collection."""

    def decorate(view):
        view = blp.response(
            200, FigurePageSchema, headers=LINK_HEADER, description="A page of figures (JSON or CSV)."
        )(view)
        view = blp.arguments(FigureQueryArgsSchema, location="query", as_kwargs=True)(view)
        view = blp.problem(422, "Query parameters that contradict each other.")(view)
        view = blp.problem(406, "The Accept header allows neither JSON nor CSV.")(view)
        view = blp.doc(operationId=operation_id, responses=CSV_CONTENT)(view)
        return produces(JSON, CSV)(view)

    return decorate


@dataclass(frozen=True)
class MeasureView:
    blueprint: str  # e.g. "platform_mentions"
    view_class: str  # e.g. "PlatformMentions", so the endpoint is "platform_mentions.PlatformMentions"
    operation_id: str
    summary: str
    description: str


MEASURE_VIEW_DOCS = {
    "offences": MeasureView(
        "offences", "Offences", "listOffenceFigures", "List offence figures",
        "Figures counting offences: offences recorded, linked to another offence, or without victim details.",
    ),
    "platform-mentions": MeasureView(
        "platform_mentions", "PlatformMentions", "listPlatformMentions", "List platform mentions",
        "Figures counting crime records that mention a platform. Never additive across platforms.",
    ),
    "victim-age-bands": MeasureView(
        "victim_age_bands", "VictimAgeBands", "listVictimAgeBandFigures", "List victim age band figures",
        "Victim figures by age band and gender, and youngest-victim ages.",
    ),
}  # fmt: skip


def measure_view_blueprint(view: str, docs: MeasureView) -> Blueprint:
    """/v1/{view}: the figures of /v1/figures whose measure is listed by this view."""
    blp = Blueprint(docs.blueprint, __name__, description=docs.description)

    def get(self, **args):
        return figure_list(args, measures_of_view=view)

    get.__doc__ = f"""{docs.summary}

        The figures of /v1/figures whose measure belongs to this view (see `measures` in /v1/),
        with the same filters, sorting, formats, caveats and citations.
        """
    blp.route("")(
        type(docs.view_class, (MethodView,), {"get": figure_collection(blp, docs.operation_id)(get)})
    )
    return blp


VIEW_BLUEPRINTS = {
    MEASURE_VIEW_DOCS[v].blueprint: measure_view_blueprint(v, MEASURE_VIEW_DOCS[v]) for v in MEASURE_VIEWS
}
