"""What the figure collections share in their docs: arguments, the 200 response in JSON and CSV,
and the Link header. Each collection is its own blueprint module; this keeps their contracts equal."""

from __future__ import annotations

from api.figure_lists import CSV_COLUMNS
from api.negotiation import CSV, JSON, produces
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
