"""GET /v1/: the index that links to every collection."""

from flask.views import MethodView
from sqlalchemy import func, select

from api import links
from api.blueprint import Blueprint
from api.database import db_session
from api.releases import current_release_id
from core.models import DisclosedRecord, Disclosure, Figure, Measure
from schema.index import IndexSchema

from . import COLLECTIONS
from .releases.query import release

blp = Blueprint("index", __name__, description="Where everything is.")

DESCRIPTION = (
    "Harmonised statistics from UK police FOI disclosures about online child sexual offences. "
    "Every figure carries its caveats, a verbatim quote of its source and a printable citation."
)


def counts() -> dict[str, int]:
    session = db_session()
    return {
        name: session.scalar(select(func.count()).select_from(model))
        for name, model in (("responses", Disclosure), ("figures", Figure), ("records", DisclosedRecord))
    }


def measures() -> list[Measure]:
    return list(
        db_session().scalars(select(Measure).order_by(Measure.view.is_(None), Measure.view, Measure.id))
    )


@blp.route("/")
class Index(MethodView):
    @blp.doc(operationId="getIndex")
    @blp.response(200, IndexSchema)
    def get(self):
        """Show what the API holds and link to every collection

        The place to start: the data release being served (its id, load time and content hash), how
        many responses, figures and records it holds, every measure with the collection that lists
        its figures, and links to every collection, the OpenAPI document and the interactive docs.
        """
        return {
            "name": "foi-stats",
            "description": DESCRIPTION,
            "version": "v1",
            "data_version": release(current_release_id()),
            "counts": counts(),
            "measures": measures(),
            "links": {
                "self": links.url("index.Index"),
                **{c.name: links.url(c.endpoint) for c in COLLECTIONS},
                "openapi": links.url("api-docs.openapi_json"),
                "docs": links.url("api-docs.openapi_swagger_ui"),
                "explore": links.url("explore.figures"),
            },
        }
