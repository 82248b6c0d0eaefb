"""/v1/records: the crime records forces listed row by row, harmonised."""

from flask.views import MethodView

from api import filters, queries, serialize
from api.blueprint import Blueprint
from api.pagination import paginate
from schema.records import RecordPageSchema, RecordQueryArgsSchema

from .figure_views import LINK_HEADER

blp = Blueprint(
    "records",
    __name__,
    description="Crime records forces listed one by one, each field as written and harmonised.",
)


@blp.route("")
class Records(MethodView):
    @blp.doc(operationId="listRecords")
    @blp.arguments(RecordQueryArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, RecordPageSchema, headers=LINK_HEADER)
    @blp.problem(422, "Query parameters that contradict each other.")
    def get(self, page, page_size, **args):
        """List disclosed records

        One row per crime record a force listed (Norfolk 004600/17 lists a record under each platform
        it mentions, so one crime can appear several times). Offence, outcome, platform and victim age
        are given as written beside their harmonised values.
        """
        resolved = {
            "response": filters.responses(args.get("response", [])),
            "force": filters.forces(args.get("force", [])),
            "platform": filters.platforms(args.get("platform", [])),
            "offence": filters.offences(args.get("offence", []), args["include_children"]),
            "outcome": filters.outcomes(args.get("outcome", [])),
            "period": filters.period_bounds(args),
        }
        result = paginate(queries.records_query(resolved), page, page_size)
        body = {
            "data": [serialize.record(r) for r in result.items],
            "pagination": result.pagination(),
            "links": result.links(),
        }
        return body, {"Link": result.link_header()}
