"""/v1/releases: every data release loaded, newest (the one served) first, and the download of
the one served: /v1/releases/{id}/download and /v1/releases/latest/download."""

from flask import Response
from flask.views import MethodView
from flask_smorest import abort

from api import links
from api.blueprint import DOWNLOAD_HEADER, Blueprint, stacked
from api.negotiation import OCTET_STREAM, ZIP, chosen_media_type, produces
from api.releases import current_release_id, loaded_release
from schema.releases import ReleaseListSchema

from . import query
from .download import release_zip

blp = Blueprint(
    "releases", __name__, description="Data releases: what was loaded, when, and its content hash."
)

# A release's download never changes: cacheable for a year under its ETag, never revalidated.
FOREVER = "public, max-age=31536000, immutable"
RELEASE_ZIP = blp.named(
    "ReleaseZip",
    {
        "type": "string",
        "format": "binary",
        "description": "A data release as a zip: data/ (a CSV per collection), sources/ (the source "
        "documents), README.md (with the citation rules) and datapackage.json (a Frictionless Data "
        "Package describing every file and column).",
    },
)


def zip_download(operation_id: str):
    """A download of the release: a zip, or the same bytes for a client that asks for
    application/octet-stream (as generated clients may)."""
    return stacked(
        blp.doc(operationId=operation_id, responses={200: {"content": {OCTET_STREAM: {"schema": RELEASE_ZIP}}}}),
        blp.response(200, RELEASE_ZIP, content_type=ZIP, description="The release as a zip.", headers=DOWNLOAD_HEADER),
        blp.problem(406, "The Accept header allows neither application/zip nor application/octet-stream."),
        produces(ZIP, OCTET_STREAM),
    )  # fmt: skip


@blp.route("")
class Releases(MethodView):
    @blp.doc(operationId="listReleases")
    @blp.response(200, ReleaseListSchema)
    def get(self):
        """List data releases

        A release is one successful load of the seeds. Every response names the release it was served
        from (X-Data-Release header and `release` in the body), so a figure can be cited exactly. Only
        the one served (`current`) can be downloaded.
        """
        return {"data": query.releases(current_release_id())}


def download() -> Response:
    """The zip of the release served: built once per release by each worker, from the snapshot of
    the request that first asks, and kept while it serves that release."""
    state = loaded_release()
    body = state.derived("download", lambda: release_zip(query.release(state.id)))
    response = Response(body, mimetype=chosen_media_type())
    response.headers["Content-Disposition"] = f'attachment; filename="foi-stats-{state.id}.zip"'
    return response


@blp.route("/<release_id>/download")
class ReleaseDownload(MethodView):
    @zip_download("downloadRelease")
    @blp.problem(404, "No release has this id.")
    @blp.problem(410, "The release is no longer loaded: only the one served can be downloaded.")
    def get(self, release_id):
        """Download a data release as a zip

        A zip of `data/` (a CSV per collection: figures, records, responses, measures and the code
        lists, columns as in /v1/figures.csv and /v1/records.csv), `sources/` (the stored text of
        each response), `README.md` (what is in it, and how to cite a figure) and `datapackage.json`
        (a Frictionless Data Package describing every file and column). Only the release served can
        be downloaded (410 for an older one). Its bytes never change: cacheable for a year
        (`immutable`) under its ETag.
        """
        served = loaded_release().id
        if release_id != served:
            if query.release(release_id) is None:
                abort(404, message=f"No release has the id '{release_id}'. /v1/releases lists them.")
            latest = links.url("releases.ReleaseDownload", release_id=served)
            abort(
                410,
                message=f"Release {release_id} is no longer loaded: this server serves release {served} "
                f"only. Its download is {latest}.",
                headers={"Link": f'<{latest}>; rel="latest-version"'},
            )
        response = download()
        response.headers["Cache-Control"] = FOREVER
        return response


@blp.route("/latest/download")
class LatestReleaseDownload(MethodView):
    @zip_download("downloadLatestRelease")
    def get(self):
        """Download the data release being served as a zip

        The same zip, under the same ETag, as /v1/releases/{id}/download for the release served now,
        whose URL `Link: <...>; rel="canonical"` gives; cached as briefly as any other response,
        since the next release replaces it.
        """
        served = loaded_release().id
        response = download()
        canonical = links.url("releases.ReleaseDownload", release_id=served)
        response.headers["Link"] = f'<{canonical}>; rel="canonical"'
        return response


blueprints = [blp]
