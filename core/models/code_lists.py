"""The code lists figures are harmonised to: forces, offence codes, outcome types, platforms,
age bands, genders, caveats and measures (loaded from `seeds/reference/`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from .base import Base, CaveatKind, stored_enum


class Force(Base):
    __tablename__ = "forces"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # police.uk id
    name: Mapped[str] = mapped_column(String(200))
    ons_code: Mapped[str | None] = mapped_column(String(16))  # ONS Police Force Area code
    ons_name: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))  # a ForceKind
    note: Mapped[str | None] = mapped_column(Text)

    # Counted by the query that asks for them (with_expression), never stored.
    response_count: Mapped[int] = query_expression()
    figure_count: Mapped[int] = query_expression()


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
    children: Mapped[list[OffenceCode]] = relationship(back_populates="parent", order_by="OffenceCode.code")
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
    successor: Mapped[Platform | None] = relationship(remote_side=[id], back_populates="predecessors")
    predecessors: Mapped[list[Platform]] = relationship(back_populates="successor", order_by="Platform.id")


class PlatformAlias(Base):
    __tablename__ = "platform_aliases"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # normalised form, see core.harmonise
    alias: Mapped[str] = mapped_column(String(200))
    platform_id: Mapped[str] = mapped_column(ForeignKey("platforms.id"))


class AgeBand(Base):
    __tablename__ = "age_bands"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # "0-11", "12-15", "13", "unknown"
    label: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))  # an AgeBandKind
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
    kind: Mapped[CaveatKind] = mapped_column(stored_enum(CaveatKind))
    text: Mapped[str] = mapped_column(Text)

    figure_count: Mapped[int] = query_expression()  # how many figures carry it, where asked for


# The figure collections a measure can be listed by, besides /v1/figures (Measure.view).
MEASURE_VIEWS = ("offences", "platform-mentions", "victim-age-bands")


class Measure(Base):
    __tablename__ = "measures"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(64))
    view: Mapped[str | None] = mapped_column(String(32))  # its own collection; None: /v1/figures only
    description: Mapped[str] = mapped_column(Text)
    citation_with_value: Mapped[str] = mapped_column(Text)
    citation_subject: Mapped[str] = mapped_column(Text)
