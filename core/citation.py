"""A plain-English sentence a newsroom can print for any figure: the force, the figure, the period,
the scope that defines the count, the disclosure reference and the caveat that most limits what
the number means. Wording per measure lives in seeds/reference/measures.yaml (`citation`); the
rules are in docs/citations.md.
"""

from __future__ import annotations

import datetime as dt
import re

from .harmonise import Unresolved, normalise_offence_code
from .models import (
    Caveat,
    CaveatKind,
    Figure,
    FigureOffence,
    FigureStatus,
    ForceKind,
    OffenceRole,
    PeriodKind,
    Question,
)

# The caveat a citation prints is the first of these kinds the figure carries: what limits the
# meaning of the number (who and what was counted, how) before how it may be added up or how it
# was disclosed. Within a kind, the figure's own order (its specific caveats first).
CAVEAT_PRECEDENCE = (
    CaveatKind.SCOPE,
    CaveatKind.METHOD,
    CaveatKind.QUALITY,
    CaveatKind.COUNTING,
    CaveatKind.DISCLOSURE,
)


def _date(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def period_phrase(f: Figure) -> str:
    if f.period_kind == PeriodKind.CALENDAR_YEAR and f.period_start.year == f.period_end.year:
        return f"in {f.period_start.year}"
    if f.period_kind == PeriodKind.FINANCIAL_YEAR and (f.period_start.month, f.period_end.month) == (4, 3):
        return f"in the financial year {f.period_start.year}/{f.period_end.year % 100:02d}"
    return f"in the period {_date(f.period_start)} to {_date(f.period_end)}"


def question_of(f: Figure) -> Question | None:
    """The question of its disclosure that the figure answers."""
    return next((q for q in f.response.questions if q.number == f.question_number), None)


def scopes_of(f: Figure) -> list[dict]:
    """The disclosure's scope, then its question's narrower one, where they are given."""
    question = question_of(f)
    return [s for s in (f.response.scope, question and question.scope) if s]


# The functions below take the figure's scopes when the caller has them (`citation` reads them
# once per figure, not once per phrase: a release renders ~100,000 citations).


def scope_phrase(f: Figure, scopes: list[dict] | None = None) -> str:
    return ", ".join(s["phrase"] for s in (scopes_of(f) if scopes is None else scopes))


def force_reviewed(f: Figure, scopes: list[dict] | None = None) -> bool | None:
    """Whether the force reviewed the records it counted by hand (None: it does not say)."""
    scopes = scopes_of(f) if scopes is None else scopes
    stated = [s["reviewed"] for s in scopes if s.get("reviewed") is not None]
    return stated[-1] if stated else None


def citation_caveat(f: Figure, scopes: list[dict] | None = None) -> Caveat | None:
    """The caveat the sentence prints: by CAVEAT_PRECEDENCE, leaving out the ones its scope phrase
    already states."""
    scopes = scopes_of(f) if scopes is None else scopes
    stated = {c for s in scopes for c in s.get("caveats", [])}
    candidates = [c for c in f.caveats if c.id not in stated]
    if not candidates:
        return None
    return min(candidates, key=lambda c: CAVEAT_PRECEDENCE.index(c.kind))


def _codes(codes: list[str]) -> str:
    if len(codes) == 1:
        return codes[0]
    return ", ".join(codes[:-1]) + " and " + codes[-1]


def written_code(o: FigureOffence) -> bool:
    """Did the force write the code itself ('22B (Sexual activity...)', '7117 - ENGAGE...', '88/1 and
    88/2 (...)'), rather than a title foi-stats mapped to a code, or a code we read another way
    (088/02 as 86/2)?"""
    variants = {v.variant.upper(): v.code for v in o.offence.variants} if o.offence else {}
    for token in re.split(r"[\s(),\-–]+", o.as_written.split("(")[0]):
        try:
            if token and normalise_offence_code(token, variants) == o.code:
                return True
        except Unresolved:
            continue
    return False


def _offence_phrase(f: Figure) -> str:
    """The codes a figure counts as the force wrote them; a code foi-stats read from a title is
    printed as our reading, beside the force's words."""
    counted = [o for o in f.offences if o.role == OffenceRole.COUNTED]
    codes = list(dict.fromkeys(o.code for o in counted if o.code and written_code(o)))
    read = list(
        dict.fromkeys(
            f"'{o.as_written}' (read by foi-stats as Home Office code {o.code})"
            for o in counted
            if o.code and not written_code(o)
        )
    )
    wordings = list(dict.fromkeys(f"'{o.as_written}'" for o in counted if not o.code))
    parts = []
    if codes:
        parts.append(f"under Home Office code{'s' if len(codes) > 1 else ''} {_codes(codes)}")
    if read or wordings:
        parts.append(f"recorded as {_codes(read + wordings)}")
    return " " + " and ".join(parts) if parts else ""


def _age_phrase(f: Figure) -> str:
    band = f.age_band
    if band is None:
        return ""
    if band.kind == "unknown":
        return " of unknown age"
    return f" aged {band.label.lower().removeprefix('aged ')}"


def _placeholders(f: Figure) -> dict[str, str]:
    linked = [o.code or o.as_written for o in f.offences if o.role == OffenceRole.LINKED]
    platform = f.platform.name if f.platform else "a platform"
    offences = _offence_phrase(f)
    return {
        "s": "" if f.value == 1 else "s",
        "offences": offences,
        "of_offences": f" of offences{offences}" if offences else "",
        "linked": _codes(linked) if linked else "another offence",
        "platform": platform,
        "mentioning": f" in records mentioning {platform}" if f.platform else "",
        "age_band": _age_phrase(f),
        "gender": f" ({f.gender.label.lower()})" if f.gender else "",
        "outcome": _outcome_phrase(f),
    }


def _outcome_phrase(f: Figure) -> str:
    """ " with outcome type 18 (Investigation complete, no suspect identified)", or the force's words
    where they map to no outcome type."""
    if f.outcome is not None and f.outcome.framework:
        return f" with outcome type {f.outcome.id} ({f.outcome.short_label or f.outcome.title})"
    if f.outcome_as_written:
        return f" with the outcome recorded as '{f.outcome_as_written}'"
    return ""


def _as_written(f: Figure) -> str:
    """How the force wrote a value that is not plain digits ("referenced", "-"), so a number read
    from words says so."""
    written = f.value_as_written
    return (
        "" if f.value is None or written is None or written.strip().isdigit() else f" (written '{written}')"
    )


def _bounds(f: Figure) -> str:
    """A suppressed figure's range where the force states it: " (between 1 and 4)"."""
    if f.value_lower is None and f.value_upper is None:
        return ""
    if f.value_upper is None:
        return f" (at least {f.value_lower})"
    return f" (between {f.value_lower or 0} and {f.value_upper})"


def force_name(f: Figure) -> str:
    return (
        f.force.name if f.force.kind != ForceKind.UNIDENTIFIED else "A police force not named in its response"
    )


def statement(f: Figure, scopes: list[dict] | None = None) -> str:
    """What the force said (or what its records give), for the figure's status."""
    words = _placeholders(f)
    force = force_name(f)
    period = period_phrase(f)

    def with_value() -> str:
        return (
            f.measure.citation_with_value.format(value=f.value, **words) + words["outcome"] + _as_written(f)
        )

    def subject() -> str:
        return f.measure.citation_subject.format(**words) + words["outcome"]

    def not_found() -> str:
        if force_reviewed(f, scopes):
            return f"{force} did not find {subject()} {period} in its review"
        return f"{force} did not report {subject()} {period}"

    # Each sentence is written only for its own status: a release renders ~100,000 of them.
    sentences = {
        FigureStatus.REPORTED: lambda: f"{force} reported {with_value()} {period}",
        FigureStatus.NIL_RETURN: lambda: f"{force} gave a nil return (none) for {subject()} {period}",
        FigureStatus.WITHHELD: lambda: (
            f"{force} withheld {subject()} {period} under section {f.exemption_section} of the FOI Act"
        ),
        FigureStatus.NOT_IN_DOCUMENT: lambda: (
            f"{force} gave {subject()} {period} only in an enclosure that was not published"
        ),
        FigureStatus.OUTSIDE_EXCERPT: lambda: (
            f"{force} gave {subject()} {period} in a part of its "
            "response that the copy held by foi-stats (an excerpt) does not include"
        ),
        FigureStatus.NOT_FOUND: not_found,
        FigureStatus.NOT_GIVEN: lambda: f"{force} did not state {subject()} {period}",
        FigureStatus.SUPPRESSED: lambda: (
            f"{force} gave {subject()} {period} only as a small number, "
            f"written '{f.value_as_written}'" + _bounds(f)
        ),
        FigureStatus.REFUSED_COST: lambda: (
            f"{force} refused to give {subject()} {period} under section 12 "
            "of the FOI Act, as finding it would exceed the cost limit"
        ),
        FigureStatus.NOT_HELD: lambda: f"{force} said it does not hold {subject()} {period}",
        FigureStatus.DERIVED: lambda: (
            f"The records {force} disclosed give {with_value()} {period} (counted by foi-stats)"
        ),
    }
    return sentences[f.status]()


def citation(f: Figure) -> str:
    scopes = scopes_of(f)
    scope = scope_phrase(f, scopes)
    caveat = citation_caveat(f, scopes)
    return (
        statement(f, scopes)
        + (f", {scope}" if scope else "")
        + f", according to FOI response {f.response.reference}."
        + (f" This restates figure {f.restates}: count one of them, never both." if f.restates else "")
        + (f" Caveat: {caveat.text}" if caveat else "")
    )
