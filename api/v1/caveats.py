"""/v1/caveats: the caveat vocabulary."""

from flask.views import MethodView
from flask_smorest import abort

from api import links, queries
from api.blueprint import Blueprint
from schema.code_lists import CaveatListSchema, CaveatResourceSchema

blp = Blueprint("caveats", __name__, description="Caveats: what limits a figure, in our words.")


def _caveat(caveat, usage: dict) -> dict:
    return {
        "id": caveat.id,
        "kind": caveat.kind.value,
        "text": caveat.text,
        "figures": usage.get(caveat.id, 0),
        "links": {
            "self": links.url("caveats.CaveatById", caveat_id=caveat.id),
            "figures": links.url("figures.Figures", caveat=caveat.id),
        },
    }


@blp.route("")
class Caveats(MethodView):
    @blp.doc(operationId="listCaveats")
    @blp.response(200, CaveatListSchema)
    def get(self):
        """List caveats"""
        usage = queries.caveat_usage()
        return {"data": [_caveat(c, usage) for c in queries.caveats()]}


@blp.route("/<caveat_id>")
class CaveatById(MethodView):
    @blp.doc(operationId="getCaveat")
    @blp.response(200, CaveatResourceSchema)
    @blp.problem(404, "No caveat has this id.")
    def get(self, caveat_id):
        """Get a caveat"""
        caveat = next((c for c in queries.caveats() if c.id == caveat_id), None)
        if caveat is None:
            abort(404, message=f"No caveat has the id '{caveat_id}'. /v1/caveats lists them.")
        return _caveat(caveat, queries.caveat_usage())
