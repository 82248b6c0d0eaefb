"""/v1/figures: every figure, each with its caveats, source and citation."""

from flask.views import MethodView
from flask_smorest import abort

from api import queries
from api.blueprint import Blueprint
from api.figure_lists import figure_list, figure_response
from schema.figures import FigureResourceSchema

from .figure_views import figure_collection

blp = Blueprint(
    "figures", __name__, description="Every figure, each with its caveats, source and a printable citation."
)


@blp.route("")
class Figures(MethodView):
    @figure_collection(blp, "listFigures")
    def get(self, **args):
        """List figures

        Every measure, filtered and sorted as asked. Each figure embeds its caveats (most important
        first), its source (response, question and a verbatim quote) and a printable citation.
        A list mixing responses adds a `comparability` block. `?format=csv` (or `Accept: text/csv`)
        returns the same page as CSV.
        """
        return figure_list(args)


@blp.route("/<figure_id>")
class FigureById(MethodView):
    @blp.doc(operationId="getFigure")
    @blp.response(200, FigureResourceSchema)
    @blp.problem(404, "No figure has this id.")
    def get(self, figure_id):
        """Get one figure"""
        document = queries.figure_document(figure_id)
        if document is None:
            abort(404, message=f"No figure has the id '{figure_id}'. Figure ids are listed by /v1/figures.")
        return figure_response(document)
