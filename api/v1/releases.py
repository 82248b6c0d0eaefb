"""/v1/releases: every data release loaded, newest (the one served) first."""

from flask.views import MethodView

from api import queries
from api.blueprint import Blueprint
from api.releases import current_release_id
from schema.release import ReleaseListSchema

blp = Blueprint(
    "releases", __name__, description="Data releases: what was loaded, when, and its content hash."
)


@blp.route("")
class Releases(MethodView):
    @blp.doc(operationId="listReleases")
    @blp.response(200, ReleaseListSchema)
    def get(self):
        """List data releases

        A release is one successful load of the seeds. Every response names the release it was served
        from (X-Data-Release header and `release` in the body), so a figure can be cited exactly.
        """
        current = current_release_id()
        return {
            "data": [
                {
                    "id": r.id,
                    "created_at": queries.utc(r.created_at),
                    "content_hash": r.content_hash,
                    "counts": r.counts,
                    "current": r.id == current,
                }
                for r in queries.releases()
            ]
        }
