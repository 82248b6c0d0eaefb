"""/v1/platforms: online platforms with aliases, owners and renames."""

from flask.views import MethodView
from flask_smorest import abort

from api import filters, queries, serialize
from api.blueprint import Blueprint
from schema.code_lists import PlatformListSchema, PlatformResourceSchema

blp = Blueprint(
    "platforms", __name__, description="Online platforms: aliases, owners, successors and history."
)


def _serialized(platforms) -> dict[str, dict]:
    names = {p.id: p.name for p in platforms}
    predecessors = {p.id: [q for q in platforms if q.successor_id == p.id] for p in platforms}
    return {p.id: serialize.platform(p, names, predecessors[p.id]) for p in platforms}


@blp.route("")
class Platforms(MethodView):
    @blp.doc(operationId="listPlatforms")
    @blp.response(200, PlatformListSchema)
    def get(self):
        """List platforms"""
        return {"data": list(_serialized(queries.platforms()).values())}


@blp.route("/<platform_id>")
class PlatformById(MethodView):
    @blp.doc(operationId="getPlatform")
    @blp.response(200, PlatformResourceSchema)
    @blp.problem(404, "No platform has this id or alias.")
    def get(self, platform_id):
        """Get a platform by id or by any alias (SnapChat, Live Me)"""
        resolved = filters.platform_id(platform_id)
        if resolved is None:
            abort(404, message=f"No platform has the id or alias '{platform_id}'. /v1/platforms lists them.")
        return _serialized(queries.platforms())[resolved]
