"""The harmonised data model.

Every table keeps what a force wrote (`*_as_written`) beside the value we harmonised it to, so
nothing a force said is overwritten. Code lists (forces, offence codes, outcome types, platforms,
age bands, genders, caveats, measures) are loaded from `seeds/reference/`; responses, figures and
disclosed records from `seeds/disclosures/`.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, Date, DateTime, Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


def _enum(cls: type[enum.Enum]) -> Enum:
    # Store the enum's value (e.g. "nil_return"), not its Python name, so SQL readers see the API word.
    return Enum(cls, values_callable=lambda e: [m.value for m in e], native_enum=False, length=32)


class FigureStatus(enum.StrEnum):
    """Why a figure has the value it has. Absence has kinds; they are never folded into 0 or null."""

    REPORTED = "reported"  # the force stated the figure (0 where it wrote "-" or "None")
    NIL_RETURN = "nil_return"  # the force answered "NIL RETURN" for it
    WITHHELD = "withheld"  # held but withheld under an exemption (no value)
    NOT_IN_DOCUMENT = "not_in_document"  # given in an enclosure we do not hold (no value)
    NOT_FOUND = "not_found"  # asked about, but absent from the force's own review (no value)
    NOT_GIVEN = "not_given"  # asked about, and the force's answer does not state it (no value)
    DERIVED = "derived"  # computed by this project from disclosed rows, see derived_from


class PeriodKind(enum.StrEnum):
    FINANCIAL_YEAR = "financial_year"
    CALENDAR_YEAR = "calendar_year"
    RANGE = "range"


class DatePrecision(enum.StrEnum):
    DAY = "day"
    MONTH = "month"


class CaveatKind(enum.StrEnum):
    METHOD = "method"
    SCOPE = "scope"
    QUALITY = "quality"
    DISCLOSURE = "disclosure"
    COUNTING = "counting"


class OffenceRole(enum.StrEnum):
    COUNTED = "counted"  # the offences this figure counts
    LINKED = "linked"  # an offence the counted ones were linked to (e.g. "connected to 086/02")


# --- code lists -------------------------------------------------------------------------------


class Force(Base):
    __tablename__ = "forces"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # police.uk id
    name: Mapped[str] = mapped_column(String(200))
    ons_code: Mapped[str | None] = mapped_column(String(16))  # ONS Police Force Area code
    ons_name: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))  # territorial, special, unidentified
    note: Mapped[str | None] = mapped_column(Text)


class OffenceCode(Base):
    __tablename__ = "offence_codes"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)  # canonical: 22B, 71/17, 86/2
    title: Mapped[str] = mapped_column(String(300))
    group: Mapped[str | None] = mapped_column(String(200))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("offence_codes.code"))
    umbrella: Mapped[bool] = mapped_column(default=False)
    legislation: Mapped[str | None] = mapped_column(String(300))
    confidence: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)

    parent: Mapped[OffenceCode | None] = relationship(remote_side=[code], back_populates="children")
    children: Mapped[list[OffenceCode]] = relationship(back_populates="parent")
    variants: Mapped[list[OffenceCodeVariant]] = relationship(cascade="all, delete-orphan")


class OffenceCodeVariant(Base):
    """A way a code has been written that plain normalisation cannot recover (e.g. `7117`)."""

    __tablename__ = "offence_code_variants"

    variant: Mapped[str] = mapped_column(String(32), primary_key=True)
    code: Mapped[str] = mapped_column(ForeignKey("offence_codes.code"))


class OutcomeType(Base):
    """Home Office outcome types 0-22 (framework) and legacy labels that map to none of them."""

    __tablename__ = "outcome_types"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # "15", "1A", "legacy-undetected"
    title: Mapped[str] = mapped_column(String(400))
    short_label: Mapped[str | None] = mapped_column(String(200))
    framework: Mapped[bool] = mapped_column(default=True)
    nearest_type: Mapped[str | None] = mapped_column(String(8))
    introduced: Mapped[dt.date | None] = mapped_column(Date)
    confidence: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)


class Platform(Base):
    __tablename__ = "platforms"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str | None] = mapped_column(String(200))
    successor_id: Mapped[str | None] = mapped_column(ForeignKey("platforms.id"))
    history: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[str] = mapped_column(String(16))

    aliases: Mapped[list[PlatformAlias]] = relationship(cascade="all, delete-orphan")


class PlatformAlias(Base):
    __tablename__ = "platform_aliases"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # normalised form, see core.harmonise
    alias: Mapped[str] = mapped_column(String(200))
    platform_id: Mapped[str] = mapped_column(ForeignKey("platforms.id"))


class AgeBand(Base):
    __tablename__ = "age_bands"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # "0-11", "12-15", "13", "unknown"
    label: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))  # band, single_year, unknown
    lower: Mapped[int | None] = mapped_column(Integer)  # inclusive; None = no lower bound known
    upper: Mapped[int | None] = mapped_column(Integer)  # inclusive; None = open-ended
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)


class Gender(Base):
    __tablename__ = "genders"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    label: Mapped[str] = mapped_column(String(100))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)


class Caveat(Base):
    __tablename__ = "caveats"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[CaveatKind] = mapped_column(_enum(CaveatKind))
    text: Mapped[str] = mapped_column(Text)


# The figure collections a measure can be listed by, besides /v1/figures (Measure.view).
MEASURE_VIEWS = ("offences", "platform-mentions", "victim-age-bands")


class Measure(Base):
    __tablename__ = "measures"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(64))
    view: Mapped[str] = mapped_column(String(32))  # the figure collection that serves it
    description: Mapped[str] = mapped_column(Text)
    citation_with_value: Mapped[str] = mapped_column(Text)
    citation_subject: Mapped[str] = mapped_column(Text)


# --- releases -------------------------------------------------------------------------------


class DataRelease(Base):
    """One successful load: what was loaded (a content hash) and when. The newest is the one served."""

    __tablename__ = "releases"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)  # first 12 hex digits of the hash
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    counts: Mapped[dict] = mapped_column(JSON)


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
    received_precision: Mapped[DatePrecision | None] = mapped_column(_enum(DatePrecision))
    response_date: Mapped[dt.date | None] = mapped_column(Date)
    response_precision: Mapped[DatePrecision | None] = mapped_column(_enum(DatePrecision))
    data_as_of: Mapped[dt.date | None] = mapped_column(Date)
    recording_system: Mapped[str | None] = mapped_column(String(200))
    method: Mapped[str | None] = mapped_column(Text)  # verbatim from the letter
    source_file: Mapped[str] = mapped_column(String(300))
    source_sha256: Mapped[str] = mapped_column(String(64))
    source_text: Mapped[str] = mapped_column(Text)

    forces: Mapped[list[Force]] = relationship(
        secondary="response_forces", order_by="DisclosureForce.position", viewonly=True
    )
    questions: Mapped[list[Question]] = relationship(
        order_by="Question.position", cascade="all, delete-orphan"
    )
    exemptions: Mapped[list[Exemption]] = relationship(cascade="all, delete-orphan")
    caveats: Mapped[list[Caveat]] = relationship(secondary="response_caveats", viewonly=True)


class DisclosureCaveat(Base):
    __tablename__ = "response_caveats"

    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id"), primary_key=True)
    caveat_id: Mapped[str] = mapped_column(ForeignKey("caveats.id"), primary_key=True)


class Question(Base):
    __tablename__ = "questions"

    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id"), primary_key=True)
    number: Mapped[str] = mapped_column(String(16), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)  # verbatim


class Exemption(Base):
    __tablename__ = "exemptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id"), index=True)
    section: Mapped[str] = mapped_column(String(32))  # "40(2)", "23(5)"
    title: Mapped[str] = mapped_column(String(200))
    covers: Mapped[str] = mapped_column(Text)  # what it was applied to, in our words
    quote: Mapped[str] = mapped_column(Text)


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
    status: Mapped[FigureStatus] = mapped_column(_enum(FigureStatus))
    exemption_section: Mapped[str | None] = mapped_column(String(32))
    force_id: Mapped[str] = mapped_column(ForeignKey("forces.id"))

    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    period_label: Mapped[str] = mapped_column(String(100))  # as written
    period_kind: Mapped[PeriodKind] = mapped_column(_enum(PeriodKind))

    platform_id: Mapped[str | None] = mapped_column(ForeignKey("platforms.id"))
    platform_as_written: Mapped[str | None] = mapped_column(String(200))
    age_band_id: Mapped[str | None] = mapped_column(ForeignKey("age_bands.id"))
    age_band_as_written: Mapped[str | None] = mapped_column(String(100))
    gender_id: Mapped[str | None] = mapped_column(ForeignKey("genders.id"))
    gender_as_written: Mapped[str | None] = mapped_column(String(100))

    quote: Mapped[str] = mapped_column(Text)  # verbatim source text the figure was read from
    source_line: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)  # how we read it, where that needed a decision
    derived_from: Mapped[dict | None] = mapped_column(JSON)

    response: Mapped[Disclosure] = relationship()
    force: Mapped[Force] = relationship()
    measure: Mapped[Measure] = relationship()
    platform: Mapped[Platform | None] = relationship()
    age_band: Mapped[AgeBand | None] = relationship()
    gender: Mapped[Gender | None] = relationship()
    offences: Mapped[list[FigureOffence]] = relationship(
        order_by="FigureOffence.position", cascade="all, delete-orphan"
    )
    caveat_links: Mapped[list[FigureCaveat]] = relationship(
        order_by="FigureCaveat.position", cascade="all, delete-orphan"
    )

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
        ),
        Index("ix_figures_platform", "platform_id", "measure_id", "response_id", "position", "id"),
        Index("ix_figures_response", "response_id", "position"),
        Index("ix_figures_period", "period_start", "period_end"),
    )


class FigureDocument(Base):
    """A figure's JSON representation, rendered once per release (schema/figure_documents.py). Kept apart
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
    role: Mapped[OffenceRole] = mapped_column(_enum(OffenceRole))
    note: Mapped[str | None] = mapped_column(Text)

    offence: Mapped[OffenceCode | None] = relationship()


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
    period_kind: Mapped[PeriodKind] = mapped_column(_enum(PeriodKind))
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
