"""/v1/offence-codes: the Home Office offence code list as a tree, reachable by any written variant."""

from flask import redirect, request
from flask.views import MethodView
from flask_smorest import abort

from api import filters, links, queries, serialize
from api.blueprint import Blueprint
from schema.code_lists import OffenceCodeListSchema, OffenceCodeResourceSchema

blp = Blueprint(
    "offence_codes", __name__, description="Home Office offence codes: titles, umbrella codes and sub-codes."
)


@blp.route("")
class OffenceCodes(MethodView):
    @blp.doc(operationId="listOffenceCodes")
    @blp.response(200, OffenceCodeListSchema)
    def get(self):
        """List offence codes as a tree

        Top-level codes, each with its sub-codes nested under `children` (88A Sexual grooming holds
        88/1, 88/2 and 71/17).
        """
        return {"data": serialize.offence_tree(queries.offence_codes())}


@blp.route("/<path:code>")
class OffenceCodeById(MethodView):
    @blp.doc(operationId="getOffenceCode")
    @blp.response(200, OffenceCodeResourceSchema)
    @blp.alt_response(
        301,
        description="The code was written another way (086/02, 7117): go to its canonical form.",
        headers={"Location": {"description": "The canonical code's URL.", "schema": {"type": "string"}}},
    )
    @blp.problem(404, "Not a known offence code.")
    def get(self, code):
        """Get an offence code, with its parent and sub-codes

        Any written variant is accepted and redirected to the canonical code: /v1/offence-codes/7117
        goes to /v1/offence-codes/71/17, /v1/offence-codes/086/02 to /v1/offence-codes/86/2.
        """
        canonical = filters.offence_code(code)
        if canonical is None:
            abort(
                404,
                message=f"'{code}' is not a known Home Office offence code. /v1/offence-codes lists them.",
            )
        if canonical != code:
            target = links.url("offence_codes.OffenceCodeById", code=canonical)
            return redirect(
                f"{target}?{request.query_string.decode()}" if request.query_string else target, 301
            )
        codes = queries.offence_codes()
        return serialize.offence_tree(codes, root=next(c for c in codes if c.code == canonical))
