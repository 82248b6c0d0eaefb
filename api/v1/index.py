"""GET /v1/: the index that links to every collection."""

from flask.views import MethodView

from api import links, queries
from api.blueprint import Blueprint
from api.releases import current_release_id
from schema.index import IndexSchema

from . import BLUEPRINTS

blp = Blueprint("index", __name__, description="Where everything is.")

# The list endpoint of each collection blueprint, keyed by the name the index uses.
COLLECTIONS = {
    "figures": "figures.Figures",
    "offences": "offences.Offences",
    "platform_mentions": "platform_mentions.PlatformMentions",
    "victim_age_bands": "victim_age_bands.VictimAgeBands",
    "records": "records.Records",
    "responses": "responses.Responses",
    "forces": "forces.Forces",
    "offence_codes": "offence_codes.OffenceCodes",
    "platforms": "platforms.Platforms",
    "age_bands": "age_bands.AgeBands",
    "caveats": "caveats.Caveats",
    "outcome_types": "outcome_types.OutcomeTypes",
    "releases": "releases.Releases",
}
assert set(COLLECTIONS) == {module for module, _ in BLUEPRINTS[1:]}, (
    "every collection is linked from the index"
)


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
                    "view": _url(COLLECTIONS[m.view.replace("-", "_")]),
                    "description": m.description,
                }
                for m in queries.measures()
            ],  # fmt: skip
            "links": {
                "self": _url("index.Index"),
                **{name: _url(endpoint) for name, endpoint in COLLECTIONS.items()},
                "openapi": _url("api-docs.openapi_json"),
                "docs": _url("api-docs.openapi_swagger_ui"),
            },
        }
