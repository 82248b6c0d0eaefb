"""How a figure reads on a page: its status in words, its value or why there is none, and what
tells it apart from the figures beside it. Every status has words, so no cell is ever blank."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from core.models import FigureStatus

# Short words for a table cell, and a sentence for a reader who wants the meaning.
STATUS_WORDS = {
    FigureStatus.REPORTED: ("Reported", "Stated by the force."),
    FigureStatus.DERIVED: ("Derived", "Computed by foi-stats from the rows the force disclosed."),
    FigureStatus.NIL_RETURN: ("Nil return", "The force answered that there were none."),
    FigureStatus.WITHHELD: ("Withheld", "Held by the force but withheld under an exemption."),
    FigureStatus.SUPPRESSED: ("Suppressed", "A small number the force hid to protect people."),
    FigureStatus.REFUSED_COST: ("Refused (cost)", "Refused under section 12: answering would cost too much."),
    FigureStatus.NOT_HELD: ("Not held", "The force holds no such information."),
    FigureStatus.NOT_IN_DOCUMENT: ("Not in the document", "Given in an enclosure that foi-stats does not have."),
    FigureStatus.OUTSIDE_EXCERPT: ("Outside our copy", "In a part of the document that foi-stats's copy does not include."),
    FigureStatus.NOT_FOUND: ("Not found", "Asked about, but absent from the force's own review."),
    FigureStatus.NOT_GIVEN: ("Not given", "Asked about, but the answer does not state it."),
}  # fmt: skip
# Statuses whose value is a number to show and draw; every other status is a gap.
HAS_VALUE = {FigureStatus.REPORTED, FigureStatus.DERIVED, FigureStatus.NIL_RETURN}


def status_words(figure: dict) -> str:
    """The status in words, with the exemption where one was cited: "Withheld (section 40(2))"."""
    words = STATUS_WORDS[FigureStatus(figure["status"])][0]
    return f"{words} (section {figure['exemption']})" if figure.get("exemption") else words


def status_meaning(status: str) -> str:
    return STATUS_WORDS[FigureStatus(status)][1]


def is_gap(figure: dict) -> bool:
    return FigureStatus(figure["status"]) not in HAS_VALUE or figure["value"] is None


def value_text(figure: dict) -> str:
    """The value as a reader should see it: a number, a range the force gave, or why there is none."""
    if not is_gap(figure):
        return f"{figure['value']:,}"
    lower, upper = figure.get("value_lower"), figure.get("value_upper")
    if lower is not None and upper is not None:
        bounds = f"between {lower:,} and {upper:,}"
    elif upper is not None or lower is not None:
        bounds = f"at most {upper:,}" if upper is not None else f"at least {lower:,}"
    else:
        return f"no figure: {status_words(figure).lower()}"
    return f"{status_words(figure).lower()}: {bounds}"  # "suppressed: between 1 and 4"


def offences_text(figure: dict) -> str:
    """'21, 22B; linked to 86/2': the offences a figure counts, then any it was linked to."""
    by_role: dict[str, list[str]] = {}
    for offence in figure["dimensions"]["offences"]:
        by_role.setdefault(offence["role"], []).append(offence["id"] or offence["as_written"])
    counted = ", ".join(by_role.pop("counted", []))
    others = [f"{role} to {', '.join(codes)}" for role, codes in by_role.items()]
    return "; ".join([counted, *others] if counted else others)


def dimension_label(dimension: dict | None) -> str | None:
    if dimension is None:
        return None
    return dimension["label"] or dimension["as_written"]


def describing_parts(figure: dict, measures: dict[str, tuple[str, str]]) -> dict[str, str]:
    """What a figure is about, part by part, in the order a reader names them."""
    dimensions = figure["dimensions"]
    parts = {
        "measure": measures[figure["measure"]][0],
        "force": figure["force"]["name"],
        "period": figure["period"]["label"],
        "platform": dimension_label(dimensions["platform"]),
        "offences": offences_text(figure),
        "age band": dimension_label(dimensions["age_band"]),
        "gender": dimension_label(dimensions["gender"]),
        "outcome": dimension_label(dimensions["outcome"]),
    }
    return {name: text for name, text in parts.items() if text}


def source_href(figure: dict) -> str:
    """The explorer's page of the figure's source, its quoted lines highlighted."""
    source = figure["source"]
    href = f"/explore/responses/{quote(source['response_id'], safe='')}/source?figure={quote(figure['id'], safe='')}"
    return href + (f"#L{source['line']}" if source["line"] else "")


@dataclass(frozen=True)
class Row:
    """A figure as a table row shows it, worked out once so the template only writes it out."""

    figure: dict
    parts: dict[str, str]
    value: str
    gap: bool
    status: str
    meaning: str
    source_href: str


def row(figure: dict, measures: dict[str, tuple[str, str]]) -> Row:
    return Row(
        figure=figure,
        parts=describing_parts(figure, measures),
        value=value_text(figure),
        gap=is_gap(figure),
        status=status_words(figure),
        meaning=status_meaning(figure["status"]),
        source_href=source_href(figure),
    )
