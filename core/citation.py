"""A plain-English sentence a newsroom can print for any figure: the force, the figure, the period,
the disclosure reference and the most important caveat. Wording per measure lives in
seeds/reference/measures.yaml (`citation`)."""

from __future__ import annotations

import datetime as dt

from .models import Figure, FigureStatus, PeriodKind


def _date(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def period_phrase(f: Figure) -> str:
    if f.period_kind == PeriodKind.CALENDAR_YEAR and f.period_start.year == f.period_end.year:
        return f"in {f.period_start.year}"
    if f.period_kind == PeriodKind.FINANCIAL_YEAR and (f.period_start.month, f.period_end.month) == (4, 3):
        return f"in the financial year {f.period_start.year}/{f.period_end.year % 100:02d}"
    return f"between {_date(f.period_start)} and {_date(f.period_end)}"


def _codes(codes: list[str]) -> str:
    if len(codes) == 1:
        return codes[0]
    return ", ".join(codes[:-1]) + " and " + codes[-1]


def _offence_phrase(f: Figure) -> str:
    counted = [o for o in f.offences if o.role.value == "counted"]
    codes = list(dict.fromkeys(o.code for o in counted if o.code))
    wordings = [f"'{o.as_written}'" for o in counted if not o.code]
    parts = []
    if codes:
        parts.append(f"under Home Office code{'s' if len(codes) > 1 else ''} {_codes(codes)}")
    if wordings:
        parts.append(f"recorded as {_codes(wordings)}")
    return " " + " and ".join(parts) if parts else ""


def _age_phrase(f: Figure) -> str:
    band = f.age_band
    if band is None:
        return ""
    if band.kind == "unknown":
        return " of unknown age"
    return f" aged {band.label.lower().removeprefix('aged ')}"


def _placeholders(f: Figure) -> dict[str, str]:
    linked = [o.code or o.as_written for o in f.offences if o.role.value == "linked"]
    platform = f.platform.name if f.platform else "a platform"
    return {
        "s": "" if f.value == 1 else "s",
        "offences": _offence_phrase(f),
        "linked": _codes(linked) if linked else "another offence",
        "platform": platform,
        "mentioning": f" in records mentioning {platform}" if f.platform else "",
        "age_band": _age_phrase(f),
        "gender": f" ({f.gender.label.lower()})" if f.gender else "",
    }


def citation(f: Figure) -> str:
    words = _placeholders(f)
    force = f.force.name if f.force.kind != "unidentified" else "A police force not named in its response"
    with_value = f.measure.citation_with_value.format(value=f.value, **words)
    subject = f.measure.citation_subject.format(**words)
    period = period_phrase(f)
    sentence = {
        FigureStatus.REPORTED: f"{force} reported {with_value} {period}",
        FigureStatus.NIL_RETURN: f"{force} gave a nil return (none) for {subject} {period}",
        FigureStatus.WITHHELD: f"{force} withheld {subject} {period} under section {f.exemption_section} of the FOI Act",
        FigureStatus.NOT_IN_DOCUMENT: f"{force} gave {subject} {period} only in an enclosure that was not published",
        FigureStatus.NOT_FOUND: f"{force} did not find {subject} {period} in its review",
        FigureStatus.NOT_GIVEN: f"{force} did not state {subject} {period}",
        FigureStatus.DERIVED: f"The records {force} disclosed give {with_value} {period} (counted by foi-stats)",
    }[f.status]
    caveat = f.caveat_links[0].caveat.text if f.caveat_links else ""
    return f"{sentence}, according to FOI response {f.response.reference}." + (
        f" Caveat: {caveat}" if caveat else ""
    )
