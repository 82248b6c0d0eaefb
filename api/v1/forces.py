"""/v1/forces: police forces with their ONS Police Force Area codes."""

from flask.views import MethodView
from flask_smorest import abort

from api import queries, serialize
from api.blueprint import Blueprint
from api.database import db_session
from core.models import Force
from schema.forces import ForceListSchema, ForceResourceSchema

blp = Blueprint(
    "forces",
    __name__,
    description="Police forces, with ONS area codes and links to their responses and figures.",
)


@blp.route("")
class Forces(MethodView):
    @blp.doc(operationId="listForces")
    @blp.response(200, ForceListSchema)
    def get(self):
        """List forces

        The 43 territorial forces of England and Wales, British Transport Police, and 'unidentified'
        for disclosures whose letter names no force.
        """
        counts = queries.force_counts()
        return {"data": [serialize.force(f, counts.get(f.id, {})) for f in queries.forces()]}


@blp.route("/<force_id>")
class ForceById(MethodView):
    @blp.doc(operationId="getForce")
    @blp.response(200, ForceResourceSchema)
    @blp.problem(404, "No force has this id.")
    def get(self, force_id):
        """Get a force"""
        force = db_session().get(Force, force_id)
        if force is None:
            abort(404, message=f"No force has the id '{force_id}'. /v1/forces lists them (police.uk ids).")
        return serialize.force(force, queries.force_counts().get(force_id, {}))
