"""/v1/responses: the FOI disclosures, whole, and their stored source documents."""

from flask import Response as HttpResponse
from flask.views import MethodView
from flask_smorest import abort

from api import filters
from api.blueprint import LINK_HEADER, Blueprint
from api.negotiation import TEXT, produces
from api.pagination import paginate
from schema.responses import FoiResponsePageSchema, FoiResponseQueryArgsSchema, FoiResponseSchema

from . import query

blp = Blueprint("responses", __name__, description="FOI disclosures, whole, with their source documents.")


def not_found(response_id: str):
    abort(404, message=f"No response has the id '{response_id}'. /v1/responses lists them.")


@blp.route("")
class Responses(MethodView):
    @blp.doc(operationId="listResponses")
    @blp.arguments(FoiResponseQueryArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, FoiResponsePageSchema, headers=LINK_HEADER)
    def get(self, page, page_size, force=()):
        """List responses

        The FOI disclosures, by id, each summarised: its reference as written, title, responding
        body, the forces it reports for, when it was answered, and links to it whole, its source
        document, its figures and its records. `force` keeps those reporting for given forces.
        """
        return paginate(query.responses_query(filters.forces(list(force))), page, page_size).envelope()


@blp.route("/<response_id>")
class ResponseById(MethodView):
    @blp.doc(operationId="getResponse")
    @blp.response(200, FoiResponseSchema)
    @blp.problem(404, "No response has this id.")
    def get(self, response_id):
        """Get a response: reference, forces, dates, questions, method, exemptions and caveats

        One FOI disclosure by id, whole: also the questions as asked, the search method and scope,
        discrepancies in its own figures, its counts, and its stored source document's name and hash.
        """
        return query.response(response_id) or not_found(response_id)


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
        text = query.source_text(response_id)
        if text is None:
            not_found(response_id)
        return HttpResponse(text, mimetype=TEXT)


blueprints = [blp]
