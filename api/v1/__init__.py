"""Version 1 of the public API, all under /v1.

COLLECTIONS is the one list of what it serves: the blueprints are registered from it, the index
links it, and the tests and docs check themselves against it. Each collection is one module here,
except the views of /v1/figures by measure (api/v1/figure_views.py), one per core.MEASURE_VIEWS.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Collection:
    name: str  # its link in the index, e.g. "platform_mentions"
    path: str  # its URL, e.g. "/v1/platform-mentions"
    endpoint: str  # its list view, e.g. "platform_mentions.PlatformMentions"

    @property
    def blueprint_name(self) -> str:
        return self.endpoint.split(".")[0]


# In the order the index lists them.
COLLECTIONS = [
    Collection("figures", "/v1/figures", "figures.Figures"),
    Collection("offences", "/v1/offences", "offences.Offences"),
    Collection("platform_mentions", "/v1/platform-mentions", "platform_mentions.PlatformMentions"),
    Collection("victim_age_bands", "/v1/victim-age-bands", "victim_age_bands.VictimAgeBands"),
    Collection("records", "/v1/records", "records.Records"),
    Collection("responses", "/v1/responses", "responses.Responses"),
    Collection("forces", "/v1/forces", "forces.Forces"),
    Collection("offence_codes", "/v1/offence-codes", "offence_codes.OffenceCodes"),
    Collection("platforms", "/v1/platforms", "platforms.Platforms"),
    Collection("age_bands", "/v1/age-bands", "age_bands.AgeBands"),
    Collection("caveats", "/v1/caveats", "caveats.Caveats"),
    Collection("outcome_types", "/v1/outcome-types", "outcome_types.OutcomeTypes"),
    Collection("releases", "/v1/releases", "releases.Releases"),
]


def collection_of_view(view: str) -> Collection:
    """The collection that lists a measure's figures (Measure.view, e.g. "platform-mentions")."""
    return next(c for c in COLLECTIONS if c.path == f"/v1/{view}")


def register_blueprints(api) -> None:
    from .figure_views import VIEW_BLUEPRINTS

    api.register_blueprint(import_module(f"{__name__}.index").blp, url_prefix="/v1")
    for collection in COLLECTIONS:
        blueprint = VIEW_BLUEPRINTS.get(collection.blueprint_name)
        if blueprint is None:
            blueprint = import_module(f"{__name__}.{collection.blueprint_name}").blp
        api.register_blueprint(blueprint, url_prefix=collection.path)
