"""A disclosure's seed file under `seeds/disclosures/`: the response's header, its figures in
groups, the tables a parser reads, the figures derived from them and the checks they must pass."""

from pathlib import PurePosixPath

import marshmallow as ma
from marshmallow import fields, validate

from core.models import (
    BREAKDOWN_DIMENSIONS,
    MAIN_DOCUMENT,
    CopyKind,
    DatePrecision,
    FigureStatus,
    OffenceRole,
    PeriodKind,
    SourceFormat,
)

from ..fields import one_of
from .common import ID, StrOrList, StrOrMapping


class QuotedDateSchema(ma.Schema):
    date = fields.Date(required=True)
    precision = fields.Str(load_default="day", validate=one_of(DatePrecision))
    quote = fields.Str(required=True)


# A document's format where the seed does not give it, from its file's extension.
EXTENSIONS = {".txt": SourceFormat.TEXT, ".html": SourceFormat.HTML, ".htm": SourceFormat.HTML,
              ".pdf": SourceFormat.PDF, ".xlsx": SourceFormat.XLSX}  # fmt: skip
MAIN = MAIN_DOCUMENT  # the name of a response's main document (its `source`)


class DocumentSpecSchema(ma.Schema):
    """A document a response was read from, with where it came from and how much of it we hold."""

    name = fields.Str(load_default=MAIN, validate=ID)
    file = fields.Str(required=True, validate=validate.Length(min=1, max=300))
    format = fields.Str(load_default=None, validate=one_of(SourceFormat))
    url = fields.Url(load_default=None)
    published = fields.Date(load_default=None)
    retrieved = fields.Date(load_default=None)
    copy = fields.Str(load_default=CopyKind.COMPLETE.value, validate=one_of(CopyKind))
    # For an excerpt: what our copy covers and what it leaves out, in our words.
    excerpt = fields.Str(load_default=None, validate=validate.Length(min=10, max=1000))
    # SHA-256 of the extracted text, for a format whose text is extracted (html, pdf, xlsx): a
    # library upgrade that changes the text then stops the load instead of moving citations.
    text_sha256 = fields.Str(load_default=None, validate=validate.Regexp(r"^[0-9a-f]{64}\Z"))

    @ma.pre_load
    def _file_name_alone(self, data, **kwargs):
        return {"file": data} if isinstance(data, str) else data

    @ma.post_load
    def _format_and_copy(self, data, **kwargs):
        # The format its extension says, where the seed gives none; the loader asks for one where
        # the extension says nothing (after it has checked the file's name is safe to read).
        if data["format"] is None and (found := EXTENSIONS.get(PurePosixPath(data["file"]).suffix.lower())):
            data["format"] = found.value
        if (data["copy"] == CopyKind.EXCERPT) != (data["excerpt"] is not None):
            raise ma.ValidationError(
                "a copy that is an excerpt says what it covers in `excerpt`; only it", "excerpt"
            )
        if data["format"] not in (None, SourceFormat.TEXT) and data["text_sha256"] is None:
            raise ma.ValidationError(
                "a document whose text is extracted gives the text's SHA-256 (the loader's error says it)",
                "text_sha256",
            )
        return data


class AttachmentSpecSchema(DocumentSpecSchema):
    name = fields.Str(
        required=True, validate=[ID, validate.NoneOf([MAIN], error=f"'{MAIN}' is the `source`")]
    )


class RecordingSystemSchema(ma.Schema):
    name = fields.Str(required=True)
    quote = fields.Str(required=True)


class ScopeSchema(ma.Schema):
    """What defines the counts: `phrase`, in our words, is printed in every citation of the
    disclosure's figures; `quote` is the force's (or the request's) words that say so."""

    phrase = fields.Str(required=True, validate=validate.Length(min=10, max=300))
    quote = fields.Str(required=True)
    keywords = fields.List(fields.Str(validate=validate.Length(min=1)), load_default=list)
    # Did the force review the matches by hand? null: the letter does not say.
    reviewed = fields.Bool(load_default=None, allow_none=True)
    # Caveats the phrase already states, so that a citation does not print them again.
    caveats = fields.List(fields.Str(), load_default=list)


class QuestionSchema(ma.Schema):
    number = fields.Str(required=True)
    text = fields.Str(required=True)
    # True where the document (a disclosure-log page, say) does not print the question: `text` is
    # then our paraphrase, not checked against the document, and the API says so.
    paraphrased = fields.Bool(load_default=False)
    # A scope narrower than the disclosure's, for this question's figures (its phrase is added).
    scope = fields.Nested(ScopeSchema, load_default=None)


class ExemptionSchema(ma.Schema):
    section = fields.Str(required=True)
    title = fields.Str(required=True)
    covers = fields.Str(required=True)
    quote = fields.Str(required=True)


class PeriodSchema(ma.Schema):
    label = fields.Str(required=True)
    kind = fields.Str(required=True, validate=one_of(PeriodKind))
    start = fields.Date(load_default=None)
    end = fields.Date(load_default=None)


class OffenceSpecSchema(ma.Schema):
    code = fields.Str(required=True, allow_none=True)
    as_written = fields.Str(required=True)
    role = fields.Str(load_default=OffenceRole.COUNTED.value, validate=one_of(OffenceRole))
    note = fields.Str(load_default=None)


class OffenceLabelSchema(ma.Schema):
    code = fields.Str(required=True, allow_none=True)
    note = fields.Str(required=True)


class SelectorSchema(ma.Schema):
    table = fields.Str(load_default=None)
    derivation = fields.Str(load_default=None)
    measure = fields.Str(load_default=None)
    status = fields.Str(load_default=None, validate=one_of(FigureStatus))
    period_kind = fields.Str(load_default=None, validate=one_of(PeriodKind))
    keys = fields.List(fields.Str(), load_default=None)


# A count as its INTEGER column holds it on every database served (PostgreSQL's is 32 bits): a
# larger one would pass the check and fail the write.
COUNT = validate.Range(min=0, max=2**31 - 1)


class FigureSpecSchema(ma.Schema):
    """One figure once its group's defaults are merged in."""

    key = fields.Str(load_default=None, validate=ID)
    question = fields.Str(required=True)
    measure = fields.Str(required=True)
    force = fields.Str(required=True)
    period = StrOrMapping(required=True)
    status = fields.Str(load_default=FigureStatus.REPORTED.value, validate=one_of(FigureStatus))
    value = fields.Int(load_default=None, allow_none=True, validate=COUNT)
    # A suppressed figure's bounds where the force states them ("1-4": 1 and 4; "<5": 0 and 4).
    value_lower = fields.Int(load_default=None, allow_none=True, validate=COUNT)
    value_upper = fields.Int(load_default=None, allow_none=True, validate=COUNT)
    as_written = fields.Str(load_default=None)
    exemption = fields.Str(load_default=None)
    platform = StrOrMapping(load_default=None)
    age_band = StrOrMapping(load_default=None)
    gender = StrOrMapping(load_default=None)
    outcome = StrOrMapping(load_default=None)
    offences = StrOrList(load_default=list)
    # The document it was read from (an attachment's name; the main document by default), and for a
    # spreadsheet the cell ("Sheet1!B4"), whose value the loader compares with the figure's.
    document = fields.Str(load_default=MAIN)
    cell = fields.Str(load_default=None, validate=validate.Length(min=1, max=100))
    # Required but for a figure citing a cell, whose quote is by default the cell's row.
    quote = fields.Str(load_default=None, validate=validate.Length(min=1))
    note = fields.Str(load_default=None)
    caveats = fields.List(fields.Str(), load_default=list)
    # How it adds up (seeds/disclosure/sums.py): what it is broken down by where its dimensions do
    # not say (a count of one offence among the codes searched), the figures it is the total of,
    # and the key of an earlier figure it restates (a Sum row equal to an earlier answer).
    breakdown = fields.List(fields.Str(validate=validate.OneOf(BREAKDOWN_DIMENSIONS)), load_default=list)
    total_of = fields.Nested(SelectorSchema, load_default=None)
    restates = fields.Str(load_default=None, validate=ID)

    @ma.validates_schema
    def _quote_or_cell(self, data, **kwargs):
        if data["quote"] is None and data["cell"] is None:
            raise ma.ValidationError("a figure gives its `quote` (or, in a spreadsheet, its `cell`)", "quote")


class FigureGroupSchema(ma.Schema):
    defaults = fields.Dict(load_default=dict)
    figures = fields.List(fields.Dict(), load_default=list)
    expand = fields.Dict(keys=fields.Str(), values=fields.List(fields.Raw()), load_default=None)

    @ma.validates_schema
    def _has_figures(self, data, **kwargs):
        if not data["figures"] and not data["expand"]:
            raise ma.ValidationError("a group needs `figures` or `expand`")


class NilReturnSpecSchema(ma.Schema):
    measure = fields.Str(required=True)
    period = StrOrMapping(required=True)


class TableSpecSchema(ma.Schema):
    name = fields.Str(required=True, validate=ID)
    question = fields.Str(required=True)
    produces = fields.Str(required=True, validate=validate.OneOf(["records", "figures"]))
    force = fields.Str(required=True)
    start = fields.Str(required=True)
    end = fields.Str(required=True)
    sections = fields.Str(load_default=None, validate=validate.OneOf(["platform"]))
    columns = fields.List(
        fields.Str(
            validate=validate.OneOf(
                ["period", "offence", "outcome", "description", "victim_age", "gender_and_age", "value"]
            )
        ),
        required=True,
    )
    period_kind = fields.Str(required=True, validate=one_of(PeriodKind))
    measure = fields.Str(load_default=None)
    offence = fields.Nested(OffenceSpecSchema, load_default=None)
    nil_return = fields.Nested(NilReturnSpecSchema, load_default=None)
    caveats = fields.List(fields.Str(), load_default=list)

    @ma.validates_schema
    def _figures_need_a_measure(self, data, **kwargs):
        if data["produces"] == "figures" and not data["measure"]:
            raise ma.ValidationError("a table that produces figures needs a `measure`")


GROUP_KEYS = ["force", "platform", "period", "offence", "age_band", "gender", "outcome"]


class DeriveSpecSchema(ma.Schema):
    name = fields.Str(required=True, validate=ID)
    from_ = fields.Dict(
        data_key="from", required=True, keys=fields.Str(validate=validate.OneOf(["records", "figures"]))
    )
    measure = fields.Str(required=True)
    question = fields.Str(required=True)
    group_by = fields.List(fields.Str(validate=validate.OneOf(GROUP_KEYS)), required=True)
    age_bands = fields.List(fields.Str(), load_default=None)
    # Keys whose every value the source shows is filled in for every group, as 0 where a group has
    # no rows: e.g. [period], for a complete listing in which a platform has no rows in one year.
    complete = fields.List(fields.Str(validate=validate.OneOf(GROUP_KEYS)), load_default=list)
    offences = StrOrList(load_default=list)
    quote = fields.Str(required=True)
    method = fields.Str(required=True)
    caveats = fields.List(fields.Str(), load_default=list)


class CheckSideSchema(ma.Schema):
    records = fields.Str(load_default=None)
    figures = fields.Nested(SelectorSchema, load_default=None)
    group_by = fields.List(fields.Str(validate=validate.OneOf(GROUP_KEYS)), required=True)

    @ma.validates_schema
    def _one_source(self, data, **kwargs):
        if (data["records"] is None) == (data["figures"] is None):
            raise ma.ValidationError("a check side takes exactly one of `records` or `figures`")


class DiscrepancySchema(ma.Schema):
    """A group where the force's own numbers do not add up, declared so: the loader expects exactly
    these amounts (and fails if they change or the mismatch disappears)."""

    # The group's keys as the check reports them: {period: "2014-04-01..2015-03-31", platform: snapchat};
    # {} for a check with no group_by.
    group = fields.Dict(
        keys=fields.Str(validate=validate.OneOf(GROUP_KEYS)), values=fields.Str(), load_default=dict
    )
    left = fields.Int(required=True)
    right = fields.Int(required=True)
    reading = fields.Str(required=True, validate=validate.Length(min=10))  # our reading of why
    caveat = fields.Str(load_default="force-figures-disagree")  # attached to every figure involved


class CheckSpecSchema(ma.Schema):
    name = fields.Str(required=True)
    left = fields.Nested(CheckSideSchema, required=True)
    right = fields.Nested(CheckSideSchema, required=True)
    discrepancies = fields.List(fields.Nested(DiscrepancySchema), load_default=list)


class DisclosureFileSchema(ma.Schema):
    id = fields.Str(required=True, validate=ID)
    reference = fields.Str(required=True)
    title = fields.Str(required=True)
    responding_body = fields.Str(required=True)
    attribution_note = fields.Str(load_default=None)
    forces = fields.List(fields.Str(), required=True, validate=validate.Length(min=1))
    # The main document: a file name in seeds/sources/, or a mapping with its provenance.
    source = fields.Nested(DocumentSpecSchema, required=True)
    # Further documents the response was read from, such as a letter's spreadsheet.
    attachments = fields.List(fields.Nested(AttachmentSpecSchema), load_default=list)
    received = fields.Nested(QuotedDateSchema, required=True, allow_none=True)
    responded = fields.Nested(QuotedDateSchema, required=True, allow_none=True)
    data_as_of = fields.Nested(QuotedDateSchema, required=True, allow_none=True)
    recording_system = fields.Nested(RecordingSystemSchema, required=True, allow_none=True)
    method = fields.Str(required=True, allow_none=True)
    # Required, so that every disclosure says what its counts cover (null: codes and period alone).
    scope = fields.Nested(ScopeSchema, required=True, allow_none=True)
    questions = fields.List(fields.Nested(QuestionSchema), required=True, validate=validate.Length(min=1))
    exemptions = fields.List(fields.Nested(ExemptionSchema), required=True)
    caveats = fields.List(fields.Str(), required=True)
    # Named periods; each is checked as a PeriodSchema where it is used.
    periods = fields.Dict(keys=fields.Str(), values=fields.Dict(), load_default=dict)
    offence_sets = fields.Dict(
        keys=fields.Str(), values=fields.List(fields.Nested(OffenceSpecSchema)), load_default=dict
    )
    offence_labels = fields.Dict(
        keys=fields.Str(), values=fields.Nested(OffenceLabelSchema), load_default=dict
    )
    groups = fields.List(fields.Nested(FigureGroupSchema), load_default=list)
    tables = fields.List(fields.Nested(TableSpecSchema), load_default=list)
    derive = fields.List(fields.Nested(DeriveSpecSchema), load_default=list)
    checks = fields.List(fields.Nested(CheckSpecSchema), load_default=list)

    @ma.validates_schema
    def _document_names(self, data, **kwargs):
        if "source" in data and data["source"]["name"] != MAIN:
            raise ma.ValidationError(f"the `source` is the main document; its name is '{MAIN}'", "source")
        names = [a["name"] for a in data.get("attachments", [])]
        if len(set(names)) != len(names):
            raise ma.ValidationError("two attachments share a name", "attachments")
