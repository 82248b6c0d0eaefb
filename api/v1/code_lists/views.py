"""The code lists: /v1/forces, /v1/offence-codes, /v1/platforms, /v1/age-bands, /v1/caveats and
/v1/outcome-types, each a list and (where ids are cited) one entry."""

from flask.views import MethodView
from flask_smorest import abort

from api import filters, links
from api.blueprint import Blueprint
from schema.code_lists import (
    AgeBandListSchema,
    CaveatListSchema,
    CaveatResourceSchema,
    ForceListSchema,
    ForceResourceSchema,
    OffenceCodeListSchema,
    OffenceCodeResourceSchema,
    OutcomeTypeListSchema,
    PlatformListSchema,
    PlatformResourceSchema,
)

from . import query

forces = Blueprint(
    "forces",
    __name__,
    description="Police forces, with ONS area codes and links to their responses and figures.",
)
offence_codes = Blueprint(
    "offence_codes", __name__, description="Home Office offence codes: titles, umbrella codes and sub-codes."
)
platforms = Blueprint(
    "platforms", __name__, description="Online platforms: aliases, owners, successors and history."
)
age_bands = Blueprint("age_bands", __name__, description="Canonical victim age bands with explicit bounds.")
caveats = Blueprint("caveats", __name__, description="Caveats: what limits a figure, in our words.")
outcome_types = Blueprint(
    "outcome_types", __name__, description="Crime outcome types 0-22 and legacy outcome labels."
)
blueprints = [forces, offence_codes, platforms, age_bands, caveats, outcome_types]
CANONICAL_HEADER = {
    "Link": {
        "description": 'The canonical URL of the code: `<.../v1/offence-codes/71/17>; rel="canonical"`.',
        "schema": {"type": "string"},
    }
}

AGE_BANDS_NOTE = (
    "Single years of age also have ids, '0' to '99', for forces that give ages one by one. "
    "Bands that overlap differently (16-17 and 16-plus) are never merged."
)


def found(entries: list, message: str):
    """The one entry a by-id query found, or a 404 saying where the ids are listed."""
    if not entries:
        abort(404, message=message)
    return entries[0]


@forces.route("")
class Forces(MethodView):
    @forces.doc(operationId="listForces")
    @forces.response(200, ForceListSchema)
    def get(self):
        """List forces

        The 43 territorial forces of England and Wales, British Transport Police, and 'unidentified'
        for disclosures whose letter names no force.
        """
        return {"data": query.forces()}


@forces.route("/<force_id>")
class ForceById(MethodView):
    @forces.doc(operationId="getForce")
    @forces.response(200, ForceResourceSchema)
    @forces.problem(404, "No force has this id.")
    def get(self, force_id):
        """Get a force

        One force by its police.uk id (`norfolk`, `btp`), with its ONS Police Force Area code and
        links to its responses and figures.
        """
        message = f"No force has the id '{force_id}'. /v1/forces lists them (police.uk ids)."
        return found(query.forces(force_id), message)


@offence_codes.route("")
class OffenceCodes(MethodView):
    @offence_codes.doc(operationId="listOffenceCodes")
    @offence_codes.response(200, OffenceCodeListSchema)
    def get(self):
        """List offence codes as a tree

        Top-level codes, each with its sub-codes nested under `children` (88A Sexual grooming holds
        88/1, 88/2 and 71/17).
        """
        return {"data": query.offence_code_tree()}


@offence_codes.route("/<path:code>")
class OffenceCodeById(MethodView):
    @offence_codes.doc(operationId="getOffenceCode")
    @offence_codes.response(200, OffenceCodeResourceSchema, headers=CANONICAL_HEADER)
    @offence_codes.problem(404, "Not a known offence code.")
    def get(self, code):
        """Get an offence code, with its parent and sub-codes

        Any written variant is accepted and answered in place, with a `Link: <...>; rel="canonical"`
        header naming the canonical code's URL: /v1/offence-codes/7117 answers what
        /v1/offence-codes/71/17 does, /v1/offence-codes/086/02 what /v1/offence-codes/86/2 does.
        """
        canonical = filters.offence_code(code)
        if canonical is None:
            abort(
                404,
                message=f"'{code}' is not a known Home Office offence code. /v1/offence-codes lists them.",
            )
        target = links.url("offence_codes.OffenceCodeById", code=canonical)
        return query.offence_code(canonical), {"Link": f'<{target}>; rel="canonical"'}


@platforms.route("")
class Platforms(MethodView):
    @platforms.doc(operationId="listPlatforms")
    @platforms.response(200, PlatformListSchema)
    def get(self):
        """List platforms

        Every online platform the disclosures name, with its owner, the aliases forces write it
        under, what it became or replaced, and how sure the code list is of each entry.
        """
        return {"data": query.platforms()}


@platforms.route("/<platform_id>")
class PlatformById(MethodView):
    @platforms.doc(operationId="getPlatform")
    @platforms.response(200, PlatformResourceSchema)
    @platforms.problem(404, "No platform has this id or alias.")
    def get(self, platform_id):
        """Get a platform by id or by any alias (SnapChat, Live Me)

        An alias is answered in place with the platform it names, so a platform can be looked up as
        a force wrote it.
        """
        resolved = filters.platform_id(platform_id)
        message = f"No platform has the id or alias '{platform_id}'. /v1/platforms lists them."
        return found([p for p in query.platforms() if p.id == resolved], message)


@age_bands.route("")
class AgeBands(MethodView):
    @age_bands.doc(operationId="listAgeBands")
    @age_bands.response(200, AgeBandListSchema)
    def get(self):
        """List age bands

        The canonical victim age bands, each with its inclusive lower and upper bounds (an upper of
        null is open-ended) and the ways forces write it; `note` says how single years are named.
        """
        return {"data": query.age_bands(), "note": AGE_BANDS_NOTE}


@caveats.route("")
class Caveats(MethodView):
    @caveats.doc(operationId="listCaveats")
    @caveats.response(200, CaveatListSchema)
    def get(self):
        """List caveats

        Every caveat figures and records carry, in our words, with its kind and how many figures
        carry it. A figure embeds its own caveats; this is the whole list, for reading once.
        """
        return {"data": query.caveats()}


@caveats.route("/<caveat_id>")
class CaveatById(MethodView):
    @caveats.doc(operationId="getCaveat")
    @caveats.response(200, CaveatResourceSchema)
    @caveats.problem(404, "No caveat has this id.")
    def get(self, caveat_id):
        """Get a caveat

        One caveat by the id a figure's `caveats` give, with its kind, text and how many figures
        carry it.
        """
        message = f"No caveat has the id '{caveat_id}'. /v1/caveats lists them."
        return found(query.caveats(caveat_id), message)


@outcome_types.route("")
class OutcomeTypes(MethodView):
    @outcome_types.doc(operationId="listOutcomeTypes")
    @outcome_types.response(200, OutcomeTypeListSchema)
    def get(self):
        """List outcome types

        The Home Office crime outcome types 0 to 22 (with 1A), and the legacy outcome labels some
        disclosures use, which are outside that framework.
        """
        return {"data": query.outcome_types()}
