"""Version 1 of the public API, all under /v1.

COLLECTIONS is the one list of what it serves: the blueprints are registered from it, the index
links it, and the tests and docs check themselves against it. Each family of collections is one
package here (figures, records, responses, code_lists, releases): its views.py holds the views and
their blueprints, its query.py what they read.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Collection:
    name: str  # its link in the index, e.g. "platform_mentions"
    path: str  # its URL, e.g. "/v1/platform-mentions"
    endpoint: str  # its list view, e.g. "platform_mentions.PlatformMentions"
    family: str  # the package of its views, e.g. "figures"

    @property
    def blueprint_name(self) -> str:
        return self.endpoint.split(".")[0]


# In the order the index lists them.
COLLECTIONS = [
    Collection("figures", "/v1/figures", "figures.Figures", "figures"),
    Collection("offences", "/v1/offences", "offences.Offences", "figures"),
    Collection("platform_mentions", "/v1/platform-mentions", "platform_mentions.PlatformMentions", "figures"),
    Collection("victim_age_bands", "/v1/victim-age-bands", "victim_age_bands.VictimAgeBands", "figures"),
    Collection("records", "/v1/records", "records.Records", "records"),
    Collection("responses", "/v1/responses", "responses.Responses", "responses"),
    Collection("forces", "/v1/forces", "forces.Forces", "code_lists"),
    Collection("offence_codes", "/v1/offence-codes", "offence_codes.OffenceCodes", "code_lists"),
    Collection("platforms", "/v1/platforms", "platforms.Platforms", "code_lists"),
    Collection("age_bands", "/v1/age-bands", "age_bands.AgeBands", "code_lists"),
    Collection("caveats", "/v1/caveats", "caveats.Caveats", "code_lists"),
    Collection("outcome_types", "/v1/outcome-types", "outcome_types.OutcomeTypes", "code_lists"),
    Collection("releases", "/v1/releases", "releases.Releases", "releases"),
]


def collection_of_view(view: str) -> Collection:
    """The collection that lists a measure's figures (Measure.view, e.g. "platform-mentions")."""
    return next(c for c in COLLECTIONS if c.path == f"/v1/{view}")


def register_blueprints(api) -> None:
    api.register_blueprint(import_module(f"{__name__}.index").blp, url_prefix="/v1")
    for collection in COLLECTIONS:
        blueprints = import_module(f"{__name__}.{collection.family}.views").blueprints
        (blueprint,) = [b for b in blueprints if b.name == collection.blueprint_name]
        api.register_blueprint(blueprint, url_prefix=collection.path)
