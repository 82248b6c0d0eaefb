"""Responses (disclosures). For now: the stored source text each figure's quote links to."""

from flask import Response as FlaskResponse
from flask.views import MethodView
from flask_smorest import abort

from api.blueprint import Blueprint
from api.database import db_session
from api.models import Response

blp = Blueprint("responses", __name__, description="FOI disclosures and their source documents.")


@blp.route("/<response_id>/source")
class ResponseSource(MethodView):
    @blp.doc(operationId="getResponseSource")
    @blp.response(200, {"type": "string"}, content_type="text/plain")
    @blp.alt_response(404, description="No response has this id.")
    def get(self, response_id):
        """Get the stored source document of a response, as plain text"""
        response = db_session().get(Response, response_id)
        if response is None:
            abort(
                404, message=f"No response has the id '{response_id}'. /v1/ links to the list of responses."
            )
        return FlaskResponse(response.source_text, mimetype="text/plain")
