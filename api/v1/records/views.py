"""/v1/records: the crime records forces listed row by row, harmonised."""

from flask.views import MethodView
from flask_smorest import abort

from api.blueprint import LINK_HEADER, Blueprint
from api.pagination import paginate
from schema.records import RecordPageSchema, RecordQueryArgsSchema, RecordResourceSchema

from . import query

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
        return paginate(query.records_query(query.resolve_filters(args)), page, page_size).envelope()


@blp.route("/<record_id>")
class RecordById(MethodView):
    @blp.doc(operationId="getRecord")
    @blp.response(200, RecordResourceSchema)
    @blp.problem(404, "No record has this id.")
    def get(self, record_id):
        """Get one disclosed record (a derived figure's `derived_from.records` lists their ids)"""
        found = query.record(record_id)
        if found is None:
            abort(404, message=f"No record has the id '{record_id}'. /v1/records lists them.")
        return found


blueprints = [blp]
