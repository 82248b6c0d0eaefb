"""/v1/records and /v1/records.csv: the crime records forces listed row by row, harmonised."""

from flask.views import MethodView
from flask_smorest import abort

from api.blueprint import LINK_HEADER, Blueprint
from api.negotiation import CSV, JSON, chosen_media_type, csv_response, csv_sibling, produces
from api.pagination import paginate
from schema.records import (
    RecordListArgsSchema,
    RecordPageSchema,
    RecordQueryArgsSchema,
    RecordResourceSchema,
    RecordSchema,
)
from schema.tables import csv_columns, csv_text

from . import query

blp = Blueprint(
    "records",
    __name__,
    description="Crime records forces listed one by one, each field as written and harmonised.",
)
RECORDS = RecordSchema(many=True)
CSV_COLUMNS = csv_columns(RECORDS)


def records_page(args: dict):
    """The page of records the arguments ask for, as the JSON envelope or as CSV."""
    found = paginate(query.records_query(query.resolve_filters(args)), args["page"], args["page_size"])
    if chosen_media_type() == CSV:
        return csv_response(csv_text(CSV_COLUMNS, RECORDS.dump(found.items)), {"Link": found.link_header()})
    return found.envelope()


@blp.route("")
class Records(MethodView):
    @blp.doc(operationId="listRecords")
    @blp.arguments(RecordListArgsSchema, location="query", as_kwargs=True, documented=RecordQueryArgsSchema)
    @blp.response(200, RecordPageSchema, headers=LINK_HEADER)
    @blp.problem(422, "Query parameters that contradict each other.")
    @blp.problem(406, "The Accept header allows neither JSON nor CSV.")
    @produces(JSON, CSV)  # CSV too, for `Accept: text/csv` and `format=csv` (schema.common.FormatArgsMixin)
    def get(self, **args):
        """List disclosed records

        One row per crime record a force listed (Norfolk 004600/17 lists a record under each platform
        it mentions, so one crime can appear several times). Offence, outcome, platform and victim age
        are given as written beside their harmonised values. The same page as CSV is at
        /v1/records.csv.
        """
        return records_page(args)


@blp.route(".csv")
class RecordsCsv(MethodView):
    @csv_sibling(blp, "listRecordsCsv", "RecordCsv", "Disclosed records", RECORDS, RecordQueryArgsSchema)
    def get(self, **args):
        """List disclosed records as CSV

        The same records, filters and paging as /v1/records, one row per record. Column names are
        the JSON paths (`offence.as_written`, `victim.age`); a list's values are joined with ` | `;
        the caveats and the source quote, line and link are included.
        """
        return records_page(args)


@blp.route("/<record_id>")
class RecordById(MethodView):
    @blp.doc(operationId="getRecord")
    @blp.response(200, RecordResourceSchema)
    @blp.problem(404, "No record has this id.")
    def get(self, record_id):
        """Get one disclosed record (a derived figure's `derived_from.records` lists their ids)

        One crime record as the force listed it: offence, outcome, platform and victim age as
        written beside their harmonised values, with its caveats and the line of the source it
        was read from.
        """
        found = query.record(record_id)
        if found is None:
            abort(404, message=f"No record has the id '{record_id}'. /v1/records lists them.")
        return found


blueprints = [blp]
