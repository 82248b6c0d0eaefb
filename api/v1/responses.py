"""/v1/responses: the FOI disclosures, whole, and their stored source documents."""

from flask import Response as FlaskResponse
from flask.views import MethodView
from flask_smorest import abort

from api import filters, queries, serialize
from api.blueprint import Blueprint
from api.negotiation import TEXT, produces
from api.pagination import paginate
from schema.responses import FoiResponsePageSchema, FoiResponseQueryArgsSchema, FoiResponseSchema

from .figure_views import LINK_HEADER

blp = Blueprint("responses", __name__, description="FOI disclosures, whole, with their source documents.")


def _response_or_404(response_id: str):
    response = queries.response(response_id)
    if response is None:
        abort(404, message=f"No response has the id '{response_id}'. /v1/responses lists them.")
    return response


@blp.route("")
class Responses(MethodView):
    @blp.doc(operationId="listResponses")
    @blp.arguments(FoiResponseQueryArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, FoiResponsePageSchema, headers=LINK_HEADER)
    def get(self, page, page_size, force=()):
        """List responses"""
        result = paginate(queries.responses_query(filters.forces(list(force))), page, page_size)
        body = {
            "data": [serialize.response_summary(r) for r in result.items],
            "pagination": result.pagination(),
            "links": result.links(),
        }
        return body, {"Link": result.link_header()}


@blp.route("/<response_id>")
class ResponseById(MethodView):
    @blp.doc(operationId="getResponse")
    @blp.response(200, FoiResponseSchema)
    @blp.problem(404, "No response has this id.")
    def get(self, response_id):
        """Get a response: reference, forces, dates, questions, method, exemptions and caveats"""
        response = _response_or_404(response_id)
        return serialize.response(response, queries.response_counts(response_id))


@blp.route("/<response_id>/source")
class ResponseSource(MethodView):
    @blp.doc(operationId="getResponseSource")
    @blp.response(200, {"type": "string"}, content_type=TEXT, description="The stored source document.")
    @blp.problem(404, "No response has this id.")
    @produces(TEXT)
    def get(self, response_id):
        """Get the stored source document of a response, as plain text

        Figure quotes link here with `#L<line>`, the line their quote starts on.
        """
        response = _response_or_404(response_id)
        return FlaskResponse(response.source_text, mimetype=TEXT)
