"""/healthz (the process answers, without the database) and /readyz (the database answers within\nDATABASE_TIMEOUT and a release is loaded)."""

from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import fields
from sqlalchemy.exc import SQLAlchemyError

from .blueprint import Blueprint
from .errors import database_unavailable, database_unavailable_response
from .releases import current_release_id

blp = Blueprint(
    "health", __name__, description="Liveness and readiness, for load balancers and orchestrators."
)


class HealthSchema(ma.Schema):
    status = fields.Str(required=True, metadata={"example": "ok"})


class ReadySchema(ma.Schema):
    status = fields.Str(required=True, metadata={"example": "ready"})
    release = fields.Str(required=True, metadata={"description": "The data release being served."})


@blp.route("/healthz")
class Health(MethodView):
    @blp.doc(operationId="getHealth")
    @blp.response(200, HealthSchema)
    def get(self):
        """Report that the process is alive (never touches the database)

        For a liveness probe: 200 whenever a worker answers, even while the database is down, so
        that an orchestrator restarts a process only when the process itself is stuck.
        """
        return {"status": "ok"}


@blp.route("/readyz")
class Ready(MethodView):
    @blp.doc(operationId="getReadiness")
    @blp.response(200, ReadySchema)
    @blp.problem(503, "The database is unreachable or no release is loaded.")
    def get(self):
        """Report whether the API can serve data: database reachable and a release loaded

        For a readiness probe: 200 with the release being served, or 503 with Retry-After while the
        database cannot be reached within DATABASE_TIMEOUT or no release has been loaded yet.
        """
        try:
            release = current_release_id()  # read now, in this request's snapshot
        except SQLAlchemyError as error:
            if database_unavailable(error):
                return database_unavailable_response()
            release = None  # the database answers, but has no schema yet
        if release is None:
            abort(
                503,
                message="No data release is loaded: run `flask --app api seeds load`.",
                headers={"Retry-After": "30"},
            )
        return {"status": "ready", "release": release}
