"""GET /v1/: the index that links to every collection."""

from flask.views import MethodView

from api import links, queries
from api.blueprint import Blueprint
from api.releases import current_release_id
from schema.index import IndexSchema

from . import COLLECTIONS, collection_of_view

blp = Blueprint("index", __name__, description="Where everything is.")


def _url(endpoint: str) -> str:
    return links.url(endpoint)


@blp.route("/")
class Index(MethodView):
    @blp.doc(operationId="getIndex")
    @blp.response(200, IndexSchema)
    def get(self):
        """Show what the API holds and link to every collection"""
        release = queries.release(current_release_id())
        return {
            "name": "foi-stats",
            "description": (
                "Harmonised statistics from UK police FOI disclosures about online child sexual offences. "
                "Every figure carries its caveats, a verbatim quote of its source and a printable citation."
            ),
            "version": "v1",
            "data_version": release
            and {
                "release": release.id,
                "loaded_at": queries.utc(release.created_at),
                "content_hash": release.content_hash,
            },
            "counts": queries.counts(),
            "measures": [
                {
                    "id": m.id,
                    "label": m.label,
                    "unit": m.unit,
                    "view": _url(collection_of_view(m.view).endpoint),
                    "description": m.description,
                }
                for m in queries.measures()
            ],  # fmt: skip
            "links": {
                "self": _url("index.Index"),
                **{c.name: _url(c.endpoint) for c in COLLECTIONS},
                "openapi": _url("api-docs.openapi_json"),
                "docs": _url("api-docs.openapi_swagger_ui"),
            },
        }
