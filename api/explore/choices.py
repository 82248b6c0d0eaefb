"""What the explorer's form offers: the measures, and the forces, platforms, offence codes and
financial years that figures of the release have, read once per release (api/releases.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from api.database import db_session
from api.releases import loaded_release
from core.models import Figure, FigureOffence, Force, Measure, OffenceCode, Platform

from .present import STATUS_WORDS


@dataclass(frozen=True)
class Choices:
    measures: dict[str, tuple[str, str]]  # id: (label, unit)
    forces: list[tuple[str, str]]  # (id, name)
    platforms: list[tuple[str, str]]
    offences: list[tuple[str, str]]  # (code, "22B: title")
    financial_years: list[str]  # 2016/17
    statuses: list[tuple[str, str]]

    @property
    def measure_options(self) -> list[tuple[str, str]]:
        return [(id_, label) for id_, (label, _) in self.measures.items()]

    @property
    def financial_year_options(self) -> list[tuple[str, str]]:
        return [(year, year) for year in self.financial_years]


def choices() -> Choices:
    return loaded_release().derived("explore_choices", _read_choices)


def _read_choices() -> Choices:
    session = db_session()

    def named(id_column, name_column, used) -> list[tuple[str, str]]:
        stmt = select(id_column, name_column).where(id_column.in_(select(used))).order_by(name_column)
        return [tuple(row) for row in session.execute(stmt)]

    measures = session.execute(select(Measure.id, Measure.label, Measure.unit).order_by(Measure.label))
    first, last = session.execute(select(func.min(Figure.period_start), func.max(Figure.period_end))).one()
    return Choices(
        measures={id_: (label, unit) for id_, label, unit in measures},
        forces=named(Force.id, Force.name, Figure.force_id),
        platforms=named(Platform.id, Platform.name, Figure.platform_id),
        offences=[
            (code, f"{code}: {title}")
            for code, title in session.execute(
                select(OffenceCode.code, OffenceCode.title)
                .where(OffenceCode.code.in_(select(FigureOffence.code)))
                .order_by(OffenceCode.code)
            )
        ],
        financial_years=financial_years(first, last) if first else [],
        statuses=[(status.value, words) for status, (words, _) in STATUS_WORDS.items()],
    )


def financial_years(first, last) -> list[str]:
    """Every financial year (April to March) that overlaps first..last, as 2016/17."""
    start = first.year if first.month >= 4 else first.year - 1
    end = last.year if last.month >= 4 else last.year - 1
    return [f"{year}/{(year + 1) % 100:02d}" for year in range(start, end + 1)]
