"""/v1/offences: Figures counting offences: offences recorded, linked to another offence, or without victim details."""

from flask.views import MethodView

from api.blueprint import Blueprint
from api.figure_lists import figure_list

from .figure_views import figure_collection

blp = Blueprint(
    "offences",
    __name__,
    description="Figures counting offences: offences recorded, linked to another offence, or without victim details.",
)


@blp.route("")
class Offences(MethodView):
    @figure_collection(blp, "listOffenceFigures")
    def get(self, **args):
        """List offence figures

        The figures of /v1/figures whose measure belongs to this view (see `measures` in /v1/),
        with the same filters, sorting, formats, caveats and citations.
        """
        return figure_list(args, measures_of_view="offences")
