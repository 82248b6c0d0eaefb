"""Figures: one observation each, with caveats, provenance and a printable citation embedded.

FigureSchema both documents a figure in the spec and renders it: the loader dumps every figure
through it once per release and stores the JSON text (`DocumentRenderer`), so serving a page of
figures is a query and some string joining, with no per-figure serialisation (bench/README.md
says what that buys). A stored document's links start with BASE_PLACEHOLDER, which the API
replaces with its configured public base URL.
"""

import json

import marshmallow as ma
import orjson
from marshmallow import fields, validate

from core.citation import citation, question_of
from core.models import BREAKDOWN_DIMENSIONS, Figure, FigureStatus

from .common import (
    AgeBandDimensionSchema,
    CaveatSchema,
    DimensionSchema,
    ForceRefSchema,
    FormatArgsMixin,
    OffenceDimensionSchema,
    OutcomeDimensionSchema,
    PageArgsSchema,
    PageLinksSchema,
    PaginationSchema,
    PeriodArgsMixin,
    ReleasedMixin,
    SourceTextSchema,
    period,
)
from .compiled import compile_dump
from .fields import Computed, Gathered, Itself, Link, LinkBase, harmonised, id_list, one_of, reader

STATUSES = [s.value for s in FigureStatus]
SORTS = ["response", "-response", "period", "-period", "value", "-value", "force", "-force", "id", "-id"]
STATUS_DESCRIPTION = (
    "reported: stated by the force; nil_return: the force answered that there were none (NIL RETURN, None); "
    "withheld: held but withheld under an exemption; "
    "not_in_document: given in an enclosure not published; "
    "outside_excerpt: given in a part of the document our copy (an excerpt) does not include; "
    "not_found: asked about but absent from the force's own review; "
    "not_given: asked about but not stated in the answer; "
    "suppressed: a small number the force hid ('*', '<5'), with value_lower/value_upper where it states them; "
    "refused_cost: refused under section 12 (the cost limit), a refusal rather than an exemption; "
    "not_held: the force holds no such information or records no such field; "
    "derived: computed by foi-stats from disclosed rows (see derived_from)."
)


class DimensionsSchema(ma.Schema):
    offences = fields.List(
        Gathered(
            OffenceDimensionSchema,
            {
                "id": "code",
                "label": "offence.title",
                "as_written": "as_written",
                "role": "role",
                "note": "note",
            },
        ),
        required=True,
    )
    platform = harmonised(
        DimensionSchema, id="platform_id", label="platform.name", as_written="platform_as_written"
    )
    age_band = harmonised(
        AgeBandDimensionSchema, id="age_band_id", label="age_band.label", as_written="age_band_as_written",
        lower="age_band.lower", upper="age_band.upper",
    )  # fmt: skip
    gender = harmonised(DimensionSchema, id="gender_id", label="gender.label", as_written="gender_as_written")
    outcome = harmonised(
        OutcomeDimensionSchema, id="outcome_id", label="outcome.title", as_written="outcome_as_written",
        framework="outcome.framework",
    )  # fmt: skip


PARAPHRASED = "[paraphrased by foi-stats] "


def question_text(figure: Figure) -> str:
    """The question the figure answers, verbatim, or marked as our paraphrase where the document
    does not print it."""
    question = question_of(figure)
    if question is None:
        return ""
    return (PARAPHRASED if question.paraphrased else "") + question.text


class FigureQuestionSchema(ma.Schema):
    response_id = fields.Str(required=True)
    reference = fields.Str(
        required=True,
        attribute="response.reference",
        metadata={"description": "The disclosure's reference as written."},
    )
    question = fields.Str(
        required=True,
        attribute="question_number",
        metadata={"description": "Number of the question this figure answers."},
    )
    question_text = Computed(
        question_text, required=True, metadata={"description": "The question, verbatim."}
    )


class FigureSourceSchema(SourceTextSchema, FigureQuestionSchema):
    """Where a figure was read from: the response and question, the document (and cell), and the
    source text itself."""

    document = fields.Str(
        required=True,
        attribute="document_name",
        metadata={"description": "The response's document it was read from: main, or an attachment's name."},
    )
    cell = fields.Str(
        required=True,
        allow_none=True,
        attribute="source_cell",
        metadata={
            "description": "For a figure read from a spreadsheet, its cell (Sheet1!B4); its value is the figure's."
        },
    )
    url = Link(
        "/v1/responses/{response_id}/documents/{source_document}",
        otherwise="/v1/responses/{response_id}/source",  # the main document, linked as before
        fragment="L{source_line}",
        metadata={"description": "The document's stored text, as plain text, at the quote's line."},
    )

    quote = fields.Str(
        required=True,
        metadata={
            "example": "Live Me\t-\t3",
            "description": "The source text the figure was read from, verbatim.",
        },
    )


class DerivedFromSchema(ma.Schema):
    derivation = fields.Str(required=True)
    method = fields.Str(required=True)
    records = fields.List(fields.Str(), metadata={"description": "Ids of the disclosed records counted."})
    figures = fields.List(fields.Str(), metadata={"description": "Ids of the reported figures summed."})


class SelfLinkSchema(ma.Schema):
    self = Link("/v1/figures/{id}")


class FigureSchema(ma.Schema):
    id = fields.Str(
        required=True, metadata={"example": "norfolk-suffolk-foi-002539-18.q2.suffolk.fy2017-18.liveme"}
    )
    measure = fields.Str(
        required=True,
        attribute="measure_id",
        metadata={
            "description": "What is counted; /v1/ lists the measures.",
            "example": "records_mentioning_platform",
        },
    )
    value = fields.Int(
        required=True,
        allow_none=True,
        metadata={"example": 3, "description": "Null whenever status says there is no value."},
    )
    value_as_written = fields.Str(
        required=True,
        allow_none=True,
        metadata={"example": "3", "description": 'What the force wrote, e.g. "-", "NIL RETURN", "3".'},
    )
    value_lower = fields.Int(
        required=True,
        allow_none=True,
        metadata={"description": "For a suppressed figure, the least it can be, where the force says."},
    )
    value_upper = fields.Int(
        required=True,
        allow_none=True,
        metadata={
            "description": "For a suppressed figure, the most it can be, where the force says ('<5': 4)."
        },
    )
    unit = fields.Str(required=True, attribute="measure.unit")
    status = fields.Str(
        required=True,
        validate=one_of(FigureStatus),
        metadata={"example": "reported", "description": STATUS_DESCRIPTION},
    )
    exemption = fields.Str(
        required=True,
        allow_none=True,
        attribute="exemption_section",
        metadata={"description": "FOI Act section, for withheld figures."},
    )
    force = fields.Nested(ForceRefSchema, required=True)
    period = period()
    dimensions = Itself(DimensionsSchema, required=True)
    breakdown = fields.List(
        fields.Str(validate=validate.OneOf(BREAKDOWN_DIMENSIONS)),
        required=True,
        attribute="breakdown_dimensions",
        metadata={
            "example": ["offence"],
            "description": "What this figure is broken down by: the dimensions (offence, platform, period, "
            "age_band, gender, outcome) in which it counts only part of what a total would. Empty for a "
            "total. Filter with `breakdown` (breakdown=none: totals only).",
        },
    )
    part_of = fields.List(
        fields.Str(),
        required=True,
        metadata={
            "description": "Ids of the figures this one is a part of (nearest first): the totals it is a "
            "breakdown of. Summing a total with any of its parts double counts."
        },
    )
    restates = fields.Str(
        required=True,
        allow_none=True,
        metadata={
            "description": "The id of the figure this one restates (a Sum row equal to an earlier answer), "
            "or null. A restatement is listed only with restatements=include and is never to be summed."
        },
    )
    caveats = fields.List(
        fields.Nested(CaveatSchema), required=True, metadata={"description": "Most important first."}
    )
    note = fields.Str(
        required=True,
        allow_none=True,
        metadata={"description": "How we read the figure, where that took a decision."},
    )
    source = Itself(FigureSourceSchema, required=True)
    derived_from = fields.Nested(DerivedFromSchema, required=True, allow_none=True)
    citation = Computed(
        citation,
        required=True,
        metadata={
            "example": "Suffolk Constabulary reported 3 crime records mentioning LiveMe under Home Office codes 21, 22B, 88A, 88E and 71/17 in the financial year 2017/18, counting only offences whose free text contains one of six spellings of 'live stream', platforms found by the force reviewing each of those records by hand, according to FOI response FOI 002539-18. Caveat: Counted umbrella code 88A (all sexual grooming); Hertfordshire's answer to the same request counted only 88/1 and 88/2.",
            "description": "One printable sentence: force, figure, period, disclosure and its most important caveat.",
        },
    )
    links = Itself(SelfLinkSchema, required=True)


class FigureQueryArgsSchema(PageArgsSchema, PeriodArgsMixin):
    force = id_list("Force ids (see /v1/forces).")
    response = id_list("Response ids (see /v1/responses).")
    measure = id_list("Measure ids (listed in /v1/).")
    platform = id_list("Platform ids or any alias, ignoring case and punctuation (SnapChat, Live Me).")
    offence = id_list("Home Office offence codes, in any written form (71/17, 7117, 086/02).")
    include_children = fields.Bool(
        load_default=False,
        metadata={"description": "With offence: also match the sub-codes of an umbrella code such as 88A."},
    )
    age_band = id_list("Age band ids (see /v1/age-bands; single years are '0' to '99').")
    gender = id_list("Gender ids: female, male, unknown.")
    outcome = id_list(
        "Outcome type ids (see /v1/outcome-types): '1' to '22', '1A', or a state such as under-investigation."
    )
    caveat = id_list("Caveat ids (see /v1/caveats): only figures carrying one of them.")
    status = id_list("Statuses.", choices=STATUSES)
    derived = fields.Str(
        load_default="include",
        validate=validate.OneOf(["include", "exclude", "only"]),
        metadata={
            "description": "Figures computed by foi-stats: include (default, labelled status=derived), exclude, or only."
        },
    )
    breakdown = id_list(
        "Only figures broken down by exactly this: `none` (totals only), a dimension (offence, platform, "
        "period, age_band, gender, outcome) or several joined by '+' (age_band+gender; a '+' in a URL "
        "reads as a space, which is taken too)."
    )
    restatements = fields.Str(
        load_default="exclude",
        validate=validate.OneOf(["exclude", "include", "only"]),
        metadata={
            "description": "Figures that restate another (a Sum row equal to an earlier answer, see "
            "`restates`): exclude (default: each is listed once, as the figure it restates), include "
            "(flagged by `restates`; never sum both) or only."
        },
    )
    sort = fields.Str(
        load_default="response",
        validate=validate.OneOf(SORTS),
        metadata={
            "description": "Order: response (as the disclosures give them), period, value, force or id; '-' reverses."
        },
    )


class FigureListArgsSchema(FigureQueryArgsSchema, FormatArgsMixin):
    """What a JSON list of figures takes: the query, and `format` (see FormatArgsMixin)."""


class SpanSchema(ma.Schema):
    start = fields.Date(required=True)
    end = fields.Date(required=True)


class ComparabilityResponseSchema(ma.Schema):
    id = fields.Str(required=True)
    period = Gathered(
        SpanSchema,
        {"start": "start", "end": "end"},
        required=True,
        metadata={
            "description": "From the earliest start to the latest end of this response's figures in the list."
        },
    )


class ComparabilityDifferenceSchema(ma.Schema):
    caveat = fields.Nested(CaveatSchema, required=True)
    responses = fields.List(
        fields.Str(), required=True, metadata={"description": "The responses this caveat applies to."}
    )


class IdsSchema(ma.Schema):
    count = fields.Int(required=True, metadata={"description": "How many there are."})
    ids = fields.List(
        fields.Str(), required=True, metadata={"description": "Their ids, at most the first 100."}
    )


class DoubleCountingSchema(ma.Schema):
    note = fields.Str(
        required=True,
        metadata={
            "example": "Summing value double counts: 5 figures are parts of 1 total also listed. Sum the "
            "totals only (breakdown=none) or one breakdown of them (breakdown=offence), never both."
        },
    )
    parts = fields.Nested(
        IdsSchema,
        required=True,
        metadata={"description": "Figures listed that are parts of a total also listed."},
    )
    totals = fields.Nested(IdsSchema, required=True, metadata={"description": "Those totals."})
    restatements = fields.Nested(
        IdsSchema,
        required=True,
        metadata={"description": "Figures listed that restate a figure also listed (restatements=include)."},
    )
    overlapping = fields.Nested(
        IdsSchema,
        required=True,
        metadata={
            "description": "Figures listed that break down one total in ways that overlap, its total "
            "listed or not: a total's records per offence and the same records per outcome."
        },
    )


class ComparabilitySchema(ma.Schema):
    note = fields.Str(required=True)
    periods_differ = fields.Bool(
        required=True, metadata={"description": "True when the responses' periods are not the same."}
    )
    responses = fields.List(fields.Nested(ComparabilityResponseSchema), required=True)
    differences = fields.List(
        fields.Nested(ComparabilityDifferenceSchema),
        required=True,
        metadata={"description": "Caveats that some responses in the list have and others not."},
    )
    shared = fields.List(
        fields.Nested(CaveatSchema),
        required=True,
        metadata={
            "description": "Caveats every response in the list has, so they hold for the whole list "
            "(e.g. platform counts are never additive)."
        },
    )
    double_counting = fields.Nested(
        DoubleCountingSchema,
        required=True,
        allow_none=True,
        metadata={
            "description": "What a sum of `value` over the list would count twice: figures listed beside "
            "a total they are part of, or beside the figure they restate. Null when there are none "
            "(platform counts still overlap: see the caveats)."
        },
    )


class FigurePageSchema(ReleasedMixin):
    data = fields.List(fields.Nested(FigureSchema), required=True)
    pagination = fields.Nested(PaginationSchema, required=True)
    links = fields.Nested(PageLinksSchema, required=True)
    comparability = fields.Nested(
        ComparabilitySchema,
        metadata={
            "description": "Present when the figures come from more than one response, or when a sum of "
            "their values would double count (see double_counting)."
        },
    )


class FigureResourceSchema(FigureSchema, ReleasedMixin):
    """One figure on its own."""


# --- stored documents ----------------------------------------------------------------------------

BASE_PLACEHOLDER = "https://base.foi-stats.invalid"
ITEM_INDENT = " " * 4  # where a figure sits inside {"data": [...]} pretty-printed with indent=2
FIGURE = FigureSchema()


class DocumentRenderer:
    """Figures as the API shows them (FigureSchema), pretty-printed and indented to sit in a list's
    `data`: the loader renders every figure of a release through one renderer.

    What many figures share is dumped once: a nested row such as the force or a caveat (keyed by
    the row object, read once in the loader's session), and each `Gathered` member such as the
    period or a harmonised dimension (keyed by the values it gathers, which are all its output
    depends on). Every other member is dumped per figure, through FigureSchema compiled once
    (schema/compiled.py) rather than marshmallow's general dump. The JSON text is orjson's, which
    with OPT_INDENT_2 writes exactly what json.dumps(indent=2, ensure_ascii=False) does (tests
    compare them).
    """

    SHARED_ROWS = (ForceRefSchema, CaveatSchema)

    def __init__(self) -> None:
        self.schema = FigureSchema()
        self._memoise(self.schema)
        self.dump = compile_dump(self.schema)

    def render(self, figure: Figure) -> str:
        with LinkBase(BASE_PLACEHOLDER):
            document = self.dump(figure)
        text = orjson.dumps(document, option=orjson.OPT_INDENT_2).decode()
        return ITEM_INDENT + text.replace("\n", "\n" + ITEM_INDENT)

    def _memoise(self, schema: ma.Schema) -> None:
        for field in schema.fields.values():
            inner = field.inner if isinstance(field, fields.List) else field
            if isinstance(inner, Gathered):
                _remember(inner, _gathered_values(inner))
            elif isinstance(inner, fields.Nested) and isinstance(inner.schema, self.SHARED_ROWS):
                _remember(inner, lambda row: row)
            if isinstance(inner, fields.Nested):
                self._memoise(inner.schema)


def _gathered_values(field: Gathered):
    """The values a Gathered member reads, with their types (1 and True are equal keys, not
    equal output)."""
    readers = [reader(path) for path in field.paths.values()]

    def key(obj) -> tuple:
        values = tuple([read_one(obj) for read_one in readers])
        return values, tuple(map(type, values))

    return key


def _remember(field: fields.Field, key) -> None:
    """Make this field instance dump each distinct key once."""
    dumped: dict = {}
    serialize = field._serialize

    def _serialize(value, attr, obj, **kwargs):
        k = key(value)
        try:
            return dumped[k]
        except KeyError:
            pass
        except TypeError:  # an unhashable value (a list, say): dumped every time
            return serialize(value, attr, obj, **kwargs)
        dumped[k] = result = serialize(value, attr, obj, **kwargs)
        return result

    field._serialize = _serialize


def stored_document(document: str, base: str) -> dict:
    """A stored document back as a dict, its links starting with `base` (for CSV)."""
    return json.loads(document.replace(BASE_PLACEHOLDER, base))
