"""What the loader writes from `seeds/disclosures/`: each disclosure (a Disclosure; the API says
response), its figures and the records it listed, and the data release they belong to."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from .base import (
    MAIN_DOCUMENT,
    Base,
    CopyKind,
    DatePrecision,
    FigureStatus,
    OffenceRole,
    PeriodKind,
    SourceFormat,
    UtcDateTime,
    stored_enum,
)
from .code_lists import AgeBand, Caveat, Force, Gender, Measure, OffenceCode, OutcomeType, Platform

# --- releases -------------------------------------------------------------------------------


class DataRelease(Base):
    """One successful load: what was loaded (a content hash) and when. The newest is the one served."""

    __tablename__ = "releases"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)  # first 12 hex digits of the hash
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    counts: Mapped[dict] = mapped_column(JSON)

    current: Mapped[bool] = query_expression()  # is it the release being served, where asked for


# --- disclosures ----------------------------------------------------------------------------


class DisclosureForce(Base):
    __tablename__ = "response_forces"

    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id"), primary_key=True)
    force_id: Mapped[str] = mapped_column(ForeignKey("forces.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class Disclosure(Base):
    """One FOI disclosure, as the responding body issued it. The API and the tables call it a
    response (/v1/responses, `response_id`), as forces do; in code it is a Disclosure, never to be
    mistaken for an HTTP response."""

    __tablename__ = "responses"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    reference: Mapped[str] = mapped_column(String(100))  # as written, e.g. "FOI 002539-18"
    title: Mapped[str] = mapped_column(String(300))
    responding_body: Mapped[str] = mapped_column(String(300))
    attribution_note: Mapped[str | None] = mapped_column(Text)
    received_date: Mapped[dt.date | None] = mapped_column(Date)
    received_precision: Mapped[DatePrecision | None] = mapped_column(stored_enum(DatePrecision))
    response_date: Mapped[dt.date | None] = mapped_column(Date)
    response_precision: Mapped[DatePrecision | None] = mapped_column(stored_enum(DatePrecision))
    data_as_of: Mapped[dt.date | None] = mapped_column(Date)
    recording_system: Mapped[str | None] = mapped_column(String(200))
    method: Mapped[str | None] = mapped_column(Text)  # verbatim from the letter
    # What defines its counts (a Scope: phrase, quote, keywords, reviewed); every citation prints it.
    scope: Mapped[dict | None] = mapped_column(JSON)
    # Where its own figures do not add up, declared in its seed file: [{check, group, left, right, reading}].
    discrepancies: Mapped[list | None] = mapped_column(JSON)
    # Its main document's file name and its text's SHA-256 (the text itself is in `documents`).
    source_file: Mapped[str] = mapped_column(String(300))
    source_sha256: Mapped[str] = mapped_column(String(64))

    forces: Mapped[list[Force]] = relationship(
        secondary="response_forces", order_by="DisclosureForce.position", viewonly=True
    )
    questions: Mapped[list[Question]] = relationship(
        order_by="Question.position", cascade="all, delete-orphan"
    )
    exemptions: Mapped[list[Exemption]] = relationship(cascade="all, delete-orphan")
    # By id: a response's caveats are a set, and both databases must list them alike.
    caveats: Mapped[list[Caveat]] = relationship(
        secondary="response_caveats", order_by="Caveat.id", viewonly=True
    )
    # Every document it was read from, the main one first (a letter, then its spreadsheet).
    documents: Mapped[list[ResponseDocument]] = relationship(
        order_by="ResponseDocument.position", cascade="all, delete-orphan"
    )

    @property
    def main_document(self) -> ResponseDocument:
        return self.documents[0]

    # Counted by the query that asks for them (with_expression), never stored.
    figure_count: Mapped[int] = query_expression()
    derived_figure_count: Mapped[int] = query_expression()
    record_count: Mapped[int] = query_expression()


class ResponseDocument(Base):
    """One document a response was read from, with its provenance: the original file as published
    and the text extracted from it, which quotes are checked against and lines number."""

    __tablename__ = "response_documents"

    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(50), primary_key=True)  # "main", "spreadsheet"
    position: Mapped[int] = mapped_column(Integer)  # 0: the main document
    file: Mapped[str] = mapped_column(String(300))  # the original's name in seeds/sources/
    format: Mapped[SourceFormat] = mapped_column(stored_enum(SourceFormat))
    media_type: Mapped[str] = mapped_column(String(100))
    origin_url: Mapped[str | None] = mapped_column(Text)  # where it was published
    published: Mapped[dt.date | None] = mapped_column(Date)
    retrieved: Mapped[dt.date | None] = mapped_column(Date)
    copy: Mapped[CopyKind] = mapped_column(stored_enum(CopyKind))
    excerpt_note: Mapped[str | None] = mapped_column(Text)  # what an excerpt covers, in our words
    original_sha256: Mapped[str] = mapped_column(String(64))
    text_sha256: Mapped[str] = mapped_column(String(64))
    # Read only where asked for: a response's representation needs the provenance, not the files.
    text: Mapped[str] = mapped_column(Text, deferred=True)
    original: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)

    @property
    def text_file(self) -> str:
        """The text's file name in a release's download: the original's, or beside it as `.txt`."""
        return self.file if self.format == SourceFormat.TEXT else f"{self.file}.txt"


class DisclosureCaveat(Base):
    __tablename__ = "response_caveats"

    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id"), primary_key=True)
    caveat_id: Mapped[str] = mapped_column(ForeignKey("caveats.id"), primary_key=True)


class Question(Base):
    __tablename__ = "questions"

    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id"), primary_key=True)
    number: Mapped[str] = mapped_column(String(16), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)  # verbatim, unless paraphrased
    paraphrased: Mapped[bool] = mapped_column(default=False)  # the document does not print the question
    scope: Mapped[dict | None] = mapped_column(JSON)  # what narrows the disclosure's scope for this question


class Exemption(Base):
    __tablename__ = "exemptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id"), index=True)
    section: Mapped[str] = mapped_column(String(32))  # "40(2)", "23(5)"
    title: Mapped[str] = mapped_column(String(200))
    covers: Mapped[str] = mapped_column(Text)  # what it was applied to, in our words
    quote: Mapped[str] = mapped_column(Text)


# What a figure can be broken down by, in the order its `breakdown` writes them ("age_band+gender").
BREAKDOWN_DIMENSIONS = ("offence", "platform", "period", "age_band", "gender", "outcome")


def breakdown_key(dimensions) -> str:
    """Dimensions as a figure's `breakdown` column holds them: "+"-joined in a fixed order."""
    return "+".join(d for d in BREAKDOWN_DIMENSIONS if d in set(dimensions))


class Figure(Base):
    """One observation: a measure's value for a force, a period and a set of dimensions."""

    __tablename__ = "figures"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)  # load order, the default sort
    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id"))
    question_number: Mapped[str] = mapped_column(String(16))
    measure_id: Mapped[str] = mapped_column(ForeignKey("measures.id"))
    value: Mapped[int | None] = mapped_column(Integer)
    value_as_written: Mapped[str | None] = mapped_column(String(100))
    # A suppressed figure's bounds, inclusive, where the force states them ("1-4", "<5": 0 to 4).
    value_lower: Mapped[int | None] = mapped_column(Integer)
    value_upper: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[FigureStatus] = mapped_column(stored_enum(FigureStatus))
    exemption_section: Mapped[str | None] = mapped_column(String(32))
    force_id: Mapped[str] = mapped_column(ForeignKey("forces.id"))

    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    period_label: Mapped[str] = mapped_column(String(100))  # as written
    period_kind: Mapped[PeriodKind] = mapped_column(stored_enum(PeriodKind))

    platform_id: Mapped[str | None] = mapped_column(ForeignKey("platforms.id"))
    platform_as_written: Mapped[str | None] = mapped_column(String(200))
    age_band_id: Mapped[str | None] = mapped_column(ForeignKey("age_bands.id"))
    age_band_as_written: Mapped[str | None] = mapped_column(String(100))
    gender_id: Mapped[str | None] = mapped_column(ForeignKey("genders.id"))
    gender_as_written: Mapped[str | None] = mapped_column(String(100))
    outcome_id: Mapped[str | None] = mapped_column(ForeignKey("outcome_types.id"))
    outcome_as_written: Mapped[str | None] = mapped_column(String(300))

    quote: Mapped[str] = mapped_column(Text)  # verbatim source text the figure was read from
    source_line: Mapped[int | None] = mapped_column(Integer)
    # The response's document it was read from (null: the main one), and for a spreadsheet its cell.
    source_document: Mapped[str | None] = mapped_column(String(50))
    source_cell: Mapped[str | None] = mapped_column(String(100))

    @property
    def document_name(self) -> str:
        return self.source_document or MAIN_DOCUMENT

    note: Mapped[str | None] = mapped_column(Text)  # how we read it, where that needed a decision
    derived_from: Mapped[dict | None] = mapped_column(JSON)
    # What it is broken down by beyond its measure's own dimensions, joined by "+" in a fixed order
    # ("offence", "age_band+gender"; "" for a total): seeds/disclosure/sums.py.
    breakdown: Mapped[str] = mapped_column(String(100))
    # The id of the figure it restates (a Sum row equal to an earlier answer), declared in its seed:
    # listed only when asked for, and never to be summed with the figure it restates.
    restates: Mapped[str | None] = mapped_column(String(200), index=True)

    response: Mapped[Disclosure] = relationship()
    force: Mapped[Force] = relationship()
    measure: Mapped[Measure] = relationship()
    platform: Mapped[Platform | None] = relationship()
    age_band: Mapped[AgeBand | None] = relationship()
    gender: Mapped[Gender | None] = relationship()
    outcome: Mapped[OutcomeType | None] = relationship()
    offences: Mapped[list[FigureOffence]] = relationship(
        order_by="FigureOffence.position", cascade="all, delete-orphan"
    )
    caveat_links: Mapped[list[FigureCaveat]] = relationship(
        order_by="FigureCaveat.position", cascade="all, delete-orphan"
    )
    # The totals this figure is a part of (each also a figure), nearest first.
    total_links: Mapped[list[FigurePart]] = relationship(
        foreign_keys="FigurePart.part_id", order_by="FigurePart.position", cascade="all, delete-orphan"
    )

    @property
    def caveats(self) -> list[Caveat]:
        """The caveats themselves, most important first. (A plain list, not an association proxy:
        making a proxy was a tenth of rendering a figure's document.)"""
        return [link.caveat for link in self.caveat_links]

    @property
    def breakdown_dimensions(self) -> list[str]:
        return self.breakdown.split("+") if self.breakdown else []

    @property
    def part_of(self) -> list[str]:
        return [link.total_id for link in self.total_links]

    __table_args__ = (
        # Covering indexes for the common filters: a page's ids come from the index alone.
        Index(
            "ix_figures_measure_force",
            "measure_id",
            "force_id",
            "age_band_id",
            "gender_id",
            "response_id",
            "position",
            "id",
            "restates",  # every list filters on it (restatements are left out)
        ),
        Index(
            "ix_figures_platform", "platform_id", "measure_id", "response_id", "position", "id", "restates"
        ),
        Index("ix_figures_response", "response_id", "position"),
        Index("ix_figures_period", "period_start", "period_end"),
    )


class FigureDocument(Base):
    """A figure's JSON representation, rendered once per release (schema/figures.py). Kept apart
    from `figures` so that filtering and sorting figures never reads these large texts."""

    __tablename__ = "figure_documents"

    figure_id: Mapped[str] = mapped_column(ForeignKey("figures.id"), primary_key=True)
    document: Mapped[str] = mapped_column(Text)


class FigureOffence(Base):
    __tablename__ = "figure_offences"

    figure_id: Mapped[str] = mapped_column(ForeignKey("figures.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str | None] = mapped_column(ForeignKey("offence_codes.code"), index=True)
    as_written: Mapped[str] = mapped_column(String(300))
    role: Mapped[OffenceRole] = mapped_column(stored_enum(OffenceRole))
    note: Mapped[str | None] = mapped_column(Text)

    offence: Mapped[OffenceCode | None] = relationship()


class FigurePart(Base):
    """A figure that is a part of another (its total): summing both double counts. Every total a
    part belongs to has a row, not only the nearest, so a list finds its double counting in one join."""

    __tablename__ = "figure_parts"

    part_id: Mapped[str] = mapped_column(ForeignKey("figures.id"), primary_key=True)
    total_id: Mapped[str] = mapped_column(ForeignKey("figures.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer)  # 0 = the nearest total


class FigureCaveat(Base):
    __tablename__ = "figure_caveats"

    figure_id: Mapped[str] = mapped_column(ForeignKey("figures.id"), primary_key=True)
    caveat_id: Mapped[str] = mapped_column(ForeignKey("caveats.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)  # 0 = the most important for this figure

    caveat: Mapped[Caveat] = relationship()


class DisclosedRecord(Base):
    """One crime record a force listed row by row, with each field as written and harmonised."""

    __tablename__ = "disclosed_records"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id"), index=True)
    question_number: Mapped[str] = mapped_column(String(16))
    force_id: Mapped[str] = mapped_column(ForeignKey("forces.id"))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    period_label: Mapped[str] = mapped_column(String(100))
    period_kind: Mapped[PeriodKind] = mapped_column(stored_enum(PeriodKind))
    offence_as_written: Mapped[str | None] = mapped_column(String(300))
    offence_code: Mapped[str | None] = mapped_column(ForeignKey("offence_codes.code"))
    offence_note: Mapped[str | None] = mapped_column(Text)
    outcome_as_written: Mapped[str | None] = mapped_column(String(300))
    outcome_id: Mapped[str | None] = mapped_column(ForeignKey("outcome_types.id"))
    platform_as_written: Mapped[str | None] = mapped_column(String(200))
    platform_id: Mapped[str | None] = mapped_column(ForeignKey("platforms.id"))
    victim_age_as_written: Mapped[str | None] = mapped_column(String(50))
    victim_age: Mapped[int | None] = mapped_column(Integer)
    victim_gender_as_written: Mapped[str | None] = mapped_column(String(50))
    victim_gender_id: Mapped[str | None] = mapped_column(ForeignKey("genders.id"))
    description: Mapped[str | None] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text)  # the source line, verbatim
    source_line: Mapped[int] = mapped_column(Integer)

    force: Mapped[Force] = relationship()
    response: Mapped[Disclosure] = relationship()
    offence: Mapped[OffenceCode | None] = relationship()
    outcome: Mapped[OutcomeType | None] = relationship()
    platform: Mapped[Platform | None] = relationship()
    gender: Mapped[Gender | None] = relationship()
    caveat_links: Mapped[list[RecordCaveat]] = relationship(
        order_by="RecordCaveat.position", cascade="all, delete-orphan"
    )
    # Its table's caveats, then its disclosure's.
    caveats: AssociationProxy[list[Caveat]] = association_proxy("caveat_links", "caveat")


class RecordCaveat(Base):
    __tablename__ = "record_caveats"

    record_id: Mapped[str] = mapped_column(ForeignKey("disclosed_records.id"), primary_key=True)
    caveat_id: Mapped[str] = mapped_column(ForeignKey("caveats.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)

    caveat: Mapped[Caveat] = relationship()
