"""GET /v1/: the index that links to every collection."""

from flask import url_for
from flask.views import MethodView

from api import queries
from api.blueprint import Blueprint
from schema.index import IndexSchema

blp = Blueprint("index", __name__, description="Where everything is.")


@blp.route("/")
class Index(MethodView):
    @blp.doc(operationId="getIndex")
    @blp.response(200, IndexSchema)
    def get(self):
        """Show what the API holds and link to every collection"""
        return {
            "name": "foi-stats",
            "description": (
                "Harmonised statistics from UK police FOI disclosures about online child sexual offences. "
                "Every figure carries its caveats and a verbatim quote of its source."
            ),
            "version": "v1",
            "counts": queries.counts(),
            "measures": [
                {"id": m.id, "label": m.label, "unit": m.unit, "description": m.description}
                for m in queries.measures()
            ],
            "links": {
                "self": url_for("index.Index", _external=True),
                "figures": url_for("figures.Figures", _external=True),
                "openapi": url_for("api-docs.openapi_json", _external=True),
            },
        }
