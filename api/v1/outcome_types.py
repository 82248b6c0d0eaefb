"""/v1/outcome-types: Home Office outcome types and the legacy labels that map to none."""

from flask.views import MethodView

from api import queries
from api.blueprint import Blueprint
from schema.code_lists import OutcomeTypeListSchema

blp = Blueprint("outcome_types", __name__, description="Crime outcome types 0-22 and legacy outcome labels.")


def _order(outcome) -> tuple:
    number = outcome.id.rstrip("A")
    return (not outcome.framework, int(number) if number.isdigit() else 0, outcome.id)


@blp.route("")
class OutcomeTypes(MethodView):
    @blp.doc(operationId="listOutcomeTypes")
    @blp.response(200, OutcomeTypeListSchema)
    def get(self):
        """List outcome types"""
        return {
            "data": [
                {
                    "id": o.id,
                    "title": o.title,
                    "short_label": o.short_label,
                    "framework": o.framework,
                    "nearest_type": o.nearest_type,
                    "introduced": o.introduced,
                    "confidence": o.confidence,
                    "aliases": o.aliases,
                    "note": o.note,
                }  # fmt: skip
                for o in sorted(queries.outcome_types(), key=_order)
            ]
        }
