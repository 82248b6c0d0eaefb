"""/v1/responses: the FOI disclosures, whole, and their stored source documents."""

from flask import Response as HttpResponse
from flask.views import MethodView
from flask_smorest import abort

from api import filters
from api.blueprint import DOWNLOAD_HEADER, LINK_HEADER, Blueprint
from api.negotiation import OCTET_STREAM, TEXT, produces
from api.pagination import paginate
from schema.responses import FoiResponsePageSchema, FoiResponseQueryArgsSchema, FoiResponseSchema

from . import query

blp = Blueprint("responses", __name__, description="FOI disclosures, whole, with their source documents.")
ORIGINAL = blp.named(
    "DocumentOriginal",
    {"type": "string", "format": "binary", "description": "A source document as published: its bytes."},
)


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


@blp.route("/<response_id>/documents/<name>")
class ResponseDocumentText(MethodView):
    @blp.doc(operationId="getResponseDocument")
    @blp.response(200, {"type": "string"}, content_type=TEXT, description="The document's extracted text.")
    @blp.problem(404, "No response has this id, or it has no document of this name.")
    @produces(TEXT)
    def get(self, response_id, name):
        """Get the text of one of a response's documents (a letter, its spreadsheet), as plain text

        The text quotes are checked against, extracted from the original (a web page, a PDF, a
        spreadsheet: one line per row, cells separated by tabs). Figure quotes link here with
        `#L<line>`; `main` is the response's own document, the same text as its `source`.
        """
        text = query.document_text(response_id, name)
        if text is None:
            no_document(response_id, name)
        return HttpResponse(text, mimetype=TEXT)


@blp.route("/<response_id>/documents/<name>/original")
class ResponseDocumentOriginal(MethodView):
    @blp.doc(operationId="getResponseDocumentOriginal")
    @blp.response(
        200, ORIGINAL, content_type=OCTET_STREAM, headers=DOWNLOAD_HEADER,
        description="The original file, named in Content-Disposition.",
    )  # fmt: skip
    @blp.problem(404, "No response has this id, or it has no document of this name.")
    @produces(OCTET_STREAM)
    def get(self, response_id, name):
        """Get one of a response's documents as published (a PDF, a spreadsheet, a web page)

        The bytes of the file the text was extracted from; the response's `documents` give its
        format and media type, where it was published and whether our copy is complete.
        """
        found = query.document_original(response_id, name)
        if found is None:
            no_document(response_id, name)
        file, original = found
        response = HttpResponse(original, mimetype=OCTET_STREAM)
        response.headers["Content-Disposition"] = f'attachment; filename="{file}"'
        return response


def no_document(response_id: str, name: str):
    abort(
        404,
        message=f"No response '{response_id}' with a document named '{name}'. "
        "/v1/responses/{id} lists its documents.",
    )


blueprints = [blp]
