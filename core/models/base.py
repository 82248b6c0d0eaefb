"""The declarative base, column types and the enums the model's columns take."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import DateTime, Enum, TypeDecorator
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


def stored_enum(cls: type[enum.Enum]) -> Enum:
    # Store the enum's value (e.g. "nil_return"), not its Python name, so SQL readers see the API word.
    return Enum(cls, values_callable=lambda e: [m.value for m in e], native_enum=False, length=32)


class UtcDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every engine: SQLite hands back naive ones, and the
    loader always writes UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value, dialect):
        return value if value is None or value.tzinfo else value.replace(tzinfo=dt.UTC)


class FigureStatus(enum.StrEnum):
    """Why a figure has the value it has. Absence has kinds; they are never folded into 0 or null."""

    REPORTED = "reported"  # the force stated the figure (0 where it wrote "-" or "None")
    NIL_RETURN = "nil_return"  # the force answered that there were none ("NIL RETURN", "None")
    WITHHELD = "withheld"  # held but withheld under an exemption (no value)
    NOT_IN_DOCUMENT = "not_in_document"  # given in an enclosure we do not hold (no value)
    # The answer is in a part of the document our copy does not include (an excerpt; no value).
    OUTSIDE_EXCERPT = "outside_excerpt"
    NOT_FOUND = "not_found"  # asked about, but absent from the force's own review (no value)
    NOT_GIVEN = "not_given"  # asked about, and the force's answer does not state it (no value)
    SUPPRESSED = "suppressed"  # a small number hidden ("*", "<5", "1-4"); bounds where the force gives them
    REFUSED_COST = "refused_cost"  # refused under section 12, the cost limit: a refusal, not an exemption
    NOT_HELD = "not_held"  # the force holds no such information, or records no such field (no value)
    DERIVED = "derived"  # computed by this project from disclosed rows, see derived_from


class SourceFormat(enum.StrEnum):
    """The format of a stored source document, which decides how its text is extracted."""

    TEXT = "text"
    HTML = "html"
    PDF = "pdf"
    XLSX = "xlsx"


# The name of a response's main document (its letter or page); attachments have names of their own.
MAIN_DOCUMENT = "main"


class CopyKind(enum.StrEnum):
    """Whether our stored copy of a document is the whole of it or an excerpt."""

    COMPLETE = "complete"
    EXCERPT = "excerpt"


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


class Confidence(enum.StrEnum):
    """How sure a code list is of an entry (REFERENCE.md gives the sources)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class ForceKind(enum.StrEnum):
    TERRITORIAL = "territorial"  # the 43 forces of England and Wales
    SPECIAL = "special"  # e.g. British Transport Police
    UNIDENTIFIED = "unidentified"  # a letter that names no force


class AgeBandKind(enum.StrEnum):
    BAND = "band"
    UNKNOWN = "unknown"  # "age not recorded"
    SINGLE_YEAR = "single_year"  # one year of age ("13"), for forces that give ages one by one
