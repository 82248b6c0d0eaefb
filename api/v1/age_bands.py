"""/v1/age-bands: the canonical victim age bands."""

from flask.views import MethodView

from api import queries
from api.blueprint import Blueprint
from schema.code_lists import AgeBandListSchema

blp = Blueprint("age_bands", __name__, description="Canonical victim age bands with explicit bounds.")


@blp.route("")
class AgeBands(MethodView):
    @blp.doc(operationId="listAgeBands")
    @blp.response(200, AgeBandListSchema)
    def get(self):
        """List age bands"""
        bands = queries.age_bands()
        return {
            "data": [
                {
                    "id": b.id,
                    "label": b.label,
                    "kind": b.kind,
                    "lower": b.lower,
                    "upper": b.upper,
                    "aliases": b.aliases,
                }
                for b in bands
            ],
            "note": (
                "Single years of age also have ids, '0' to '99', for forces that give ages one by one. "
                "Bands that overlap differently (16-17 and 16-plus) are never merged."
            ),
        }
