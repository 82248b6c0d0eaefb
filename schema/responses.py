"""Responses: one FOI disclosure each, as the responding body issued it."""

import marshmallow as ma
from marshmallow import fields

from core.models import CopyKind, DatePrecision, SourceFormat

from .common import (
    CaveatSchema,
    ForceRefSchema,
    PageArgsSchema,
    PageLinksSchema,
    PaginationSchema,
    ReleasedMixin,
)
from .fields import Counts, Gathered, Itself, Link, id_list, one_of


class DatedSchema(ma.Schema):
    date = fields.Date(required=True)
    precision = fields.Str(
        required=True, validate=one_of(DatePrecision),
        metadata={"description": "month: the letter gives only the month (date is then the 1st)."},
    )  # fmt: skip


class ScopeSchema(ma.Schema):
    """What defines the counts; every citation of the figures it covers prints its phrase."""

    phrase = fields.Str(required=True, metadata={"description": "In our words, as citations print it."})
    quote = fields.Str(
        required=True, metadata={"description": "The words of the letter (or request) that say so."}
    )
    keywords = fields.List(
        fields.Str(), required=True, metadata={"description": "Terms the force searched for."}
    )
    reviewed = fields.Bool(
        required=True,
        allow_none=True,
        metadata={
            "description": "Whether the force reviewed the matches by hand; null where the letter does not say."
        },
    )
    caveats = fields.List(
        fields.Str(), required=True, metadata={"description": "Ids of the caveats the phrase already states."}
    )


class DiscrepancySchema(ma.Schema):
    """Where the force's own figures do not add up: the check, the group, both amounts, our reading."""

    check = fields.Str(
        required=True, metadata={"description": "The consistency check that fails, in our words."}
    )
    group = fields.Dict(
        keys=fields.Str(), values=fields.Str(allow_none=True), required=True,
        metadata={"description": "The group it fails for (period, platform...); empty for a total."},
    )  # fmt: skip
    left = fields.Int(required=True)
    right = fields.Int(required=True)
    reading = fields.Str(required=True, metadata={"description": "Our reading of why, in our words."})


class QuestionSchema(ma.Schema):
    number = fields.Str(required=True)
    text = fields.Str(required=True, metadata={"description": "The question, verbatim unless `paraphrased`."})
    paraphrased = fields.Bool(
        required=True,
        metadata={
            "description": "True where the document does not print the question: `text` is our paraphrase."
        },
    )
    scope = fields.Nested(
        ScopeSchema,
        required=True,
        allow_none=True,
        metadata={"description": "A narrower scope for this question's figures, added to the response's."},
    )


class ExemptionSchema(ma.Schema):
    section = fields.Str(required=True, metadata={"description": "FOI Act section, e.g. 40(2)."})
    title = fields.Str(required=True)
    covers = fields.Str(required=True, metadata={"description": "What it was applied to, in our words."})
    quote = fields.Str(required=True, metadata={"description": "The force's words, verbatim."})


def dated(date: str, precision: str) -> Gathered:
    """A date as precise as the letter gives it; null when it gives none."""
    paths = {"date": date, "precision": precision}
    return Gathered(DatedSchema, paths, null_unless=("date",), required=True, allow_none=True)


class DocumentSchema(ma.Schema):
    """One document the response was read from (a letter, its spreadsheet): where it came from,
    and how much of it our copy holds."""

    name = fields.Str(
        required=True,
        metadata={"description": "main for the response's own document; an attachment's name otherwise."},
    )
    file = fields.Str(
        required=True, metadata={"description": "The original's file name in the release's sources/."}
    )
    text_file = fields.Str(
        required=True,
        metadata={
            "description": "The text's file name in the release's sources/: the file's own, or `<file>.txt`."
        },
    )
    sha256 = fields.Str(
        required=True, attribute="text_sha256", metadata={"description": "SHA-256 of the extracted text."}
    )
    url = Link(
        "/v1/responses/{response_id}/documents/{name}",
        metadata={"description": "The extracted text, as text/plain; figures cite its lines."},
    )
    original_url = Link(
        "/v1/responses/{response_id}/documents/{name}/original",
        metadata={"description": "The original file, as published."},
    )
    format = fields.Str(
        required=True, validate=one_of(SourceFormat),
        metadata={"description": "The original's format; quotes are checked against the text extracted from it."},
    )  # fmt: skip
    media_type = fields.Str(required=True, metadata={"description": "The original file's media type."})
    origin_url = fields.Str(
        required=True, allow_none=True,
        metadata={"description": "Where the force published it; null where we do not know."},
    )  # fmt: skip
    published = fields.Date(
        required=True, allow_none=True, metadata={"description": "When it was published."}
    )
    retrieved = fields.Date(
        required=True, allow_none=True, metadata={"description": "When our copy was taken."}
    )
    copy = fields.Str(
        required=True, validate=one_of(CopyKind),
        metadata={"description": "complete: our copy is the whole document; excerpt: only part of it (see excerpt)."},
    )  # fmt: skip
    excerpt = fields.Str(
        required=True, allow_none=True, attribute="excerpt_note",
        metadata={"description": "For an excerpt, what our copy covers and leaves out, in our words."},
    )  # fmt: skip
    original_sha256 = fields.Str(required=True, metadata={"description": "SHA-256 of the original file."})


class SourceDocumentSchema(ma.Schema):
    """The response's main document's stored text (`documents` gives its provenance)."""

    file = fields.Str(
        required=True,
        attribute="source_file",
        metadata={"description": "The original's file name in seeds/sources/."},
    )
    sha256 = fields.Str(
        required=True, attribute="source_sha256", metadata={"description": "SHA-256 of the text."}
    )
    url = Link("/v1/responses/{id}/source", metadata={"description": "The stored text, as text/plain."})


class FoiResponseLinksSchema(ma.Schema):
    self = Link("/v1/responses/{id}")
    source = Link("/v1/responses/{id}/source")
    figures = Link("/v1/figures?response={id}")
    records = Link("/v1/records?response={id}")


class FoiResponseSummarySchema(ma.Schema):
    id = fields.Str(required=True)
    reference = fields.Str(required=True, metadata={"description": "The reference as written in the letter."})
    title = fields.Str(required=True)
    responding_body = fields.Str(required=True)
    forces = fields.List(
        fields.Nested(ForceRefSchema), required=True, metadata={"description": "The forces it reports for."}
    )
    responded = dated("response_date", "response_precision")
    links = Itself(FoiResponseLinksSchema, required=True)


class FoiResponseSchema(FoiResponseSummarySchema, ReleasedMixin):
    attribution_note = fields.Str(
        required=True, allow_none=True, metadata={"description": "Why the figures belong to these forces."}
    )
    received = dated("received_date", "received_precision")
    data_as_of = fields.Date(required=True, allow_none=True)
    recording_system = fields.Str(required=True, allow_none=True)
    questions = fields.List(fields.Nested(QuestionSchema), required=True)
    method = fields.Str(
        required=True,
        allow_none=True,
        metadata={"description": "The search method, as the letter describes it."},
    )
    scope = fields.Nested(
        ScopeSchema,
        required=True,
        allow_none=True,
        metadata={
            "description": "What defines its counts; null where the offence codes and period alone do."
        },
    )
    discrepancies = fields.List(
        fields.Nested(DiscrepancySchema),
        required=True,
        metadata={"description": "Where its own figures do not add up; the figures involved carry a caveat."},
    )
    exemptions = fields.List(fields.Nested(ExemptionSchema), required=True)
    caveats = fields.List(
        fields.Nested(CaveatSchema), required=True, metadata={"description": "Caveats on every figure of it."}
    )
    counts = Counts(
        {"figures": "figure_count", "derived_figures": "derived_figure_count", "records": "record_count"}
    )
    source = Itself(SourceDocumentSchema, required=True)
    documents = fields.List(
        fields.Nested(DocumentSchema),
        required=True,
        metadata={"description": "Every document it was read from, the main one first, with provenance."},
    )


class FoiResponseQueryArgsSchema(PageArgsSchema):
    force = id_list("Only responses reporting for these force ids.")


class FoiResponsePageSchema(ReleasedMixin):
    data = fields.List(fields.Nested(FoiResponseSummarySchema), required=True)
    pagination = fields.Nested(PaginationSchema, required=True)
    links = fields.Nested(PageLinksSchema, required=True)
