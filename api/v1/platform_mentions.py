"""/v1/platform-mentions: Figures counting crime records that mention a platform. Never additive across platforms."""

from flask.views import MethodView

from api.blueprint import Blueprint
from api.figure_lists import figure_list

from .figure_views import figure_collection

blp = Blueprint(
    "platform_mentions",
    __name__,
    description="Figures counting crime records that mention a platform. Never additive across platforms.",
)


@blp.route("")
class PlatformMentions(MethodView):
    @figure_collection(blp, "listPlatformMentions")
    def get(self, **args):
        """List platform mentions

        The figures of /v1/figures whose measure belongs to this view (see `measures` in /v1/),
        with the same filters, sorting, formats, caveats and citations.
        """
        return figure_list(args, measures_of_view="platform-mentions")
