"""Version 1 of the public API: one blueprint module per resource, all under /v1."""

from __future__ import annotations

from importlib import import_module

# (module, url prefix): the index first, then collections in the order the index lists them.
BLUEPRINTS = [
    ("index", "/v1"),
    ("figures", "/v1/figures"),
    ("offences", "/v1/offences"),
    ("platform_mentions", "/v1/platform-mentions"),
    ("victim_age_bands", "/v1/victim-age-bands"),
    ("records", "/v1/records"),
    ("responses", "/v1/responses"),
    ("forces", "/v1/forces"),
    ("offence_codes", "/v1/offence-codes"),
    ("platforms", "/v1/platforms"),
    ("age_bands", "/v1/age-bands"),
    ("caveats", "/v1/caveats"),
    ("outcome_types", "/v1/outcome-types"),
    ("releases", "/v1/releases"),
]


def register_blueprints(api) -> None:
    for module, prefix in BLUEPRINTS:
        api.register_blueprint(import_module(f"{__name__}.{module}").blp, url_prefix=prefix)
