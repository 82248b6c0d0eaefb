"""/v1/victim-age-bands: Victim figures by age band and gender, and youngest-victim ages."""

from flask.views import MethodView

from api.blueprint import Blueprint
from api.figure_lists import figure_list

from .figure_views import figure_collection

blp = Blueprint(
    "victim_age_bands",
    __name__,
    description="Victim figures by age band and gender, and youngest-victim ages.",
)


@blp.route("")
class VictimAgeBands(MethodView):
    @figure_collection(blp, "listVictimAgeBandFigures")
    def get(self, **args):
        """List victim age band figures

        The figures of /v1/figures whose measure belongs to this view (see `measures` in /v1/),
        with the same filters, sorting, formats, caveats and citations.
        """
        return figure_list(args, measures_of_view="victim-age-bands")
