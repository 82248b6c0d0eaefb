"""/v1/releases: every data release loaded, newest (the one served) first."""

from flask.views import MethodView

from api.blueprint import Blueprint
from api.releases import current_release_id
from schema.releases import ReleaseListSchema

from . import query

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
        return {"data": query.releases(current_release_id())}


blueprints = [blp]
