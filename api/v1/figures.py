"""GET /v1/figures: every figure, with caveats and provenance embedded."""

from flask.views import MethodView

from api import queries, serialize
from api.blueprint import Blueprint
from api.pagination import paginate
from schema.figures import FigurePageSchema, FigureQueryArgsSchema

blp = Blueprint("figures", __name__, description="Every figure, each with its caveats and source.")


@blp.route("")
class Figures(MethodView):
    @blp.doc(operationId="listFigures")
    @blp.arguments(FigureQueryArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, FigurePageSchema)
    def get(self, page, page_size, **filters):
        """List figures

        Figures are ordered by response, then as the disclosure gives them. Every figure embeds its
        caveats (most important first) and its source: the response, the question and a verbatim quote.
        """
        result = paginate(queries.figures_query(filters), page, page_size)
        return {
            "data": [serialize.figure(f) for f in result.items],
            "pagination": result.pagination(),
            "links": result.links(),
        }
