"""Consistency checks a seed file declares: two totals over its figures or records must agree.

Each side selects the records of one table (counted) or figures (summed, skipping those with no
value), grouped by the same keys. A side that selects nothing is itself an error, so a check can
never pass by comparing two empty sets.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Mismatch:
    key: tuple  # ((group key, value), ...)
    left: int
    right: int
    members: list = field(default_factory=list)  # the figures and records on both sides

    def __str__(self) -> str:
        return f"{_describe(self.key)}: {self.left} on the left, {self.right} on the right"


def run(check: dict, bundle) -> list[Mismatch]:
    """The groups where the two sides disagree (LookupError: a side selects nothing)."""
    left, left_members = _totals(check["left"], bundle)
    right, right_members = _totals(check["right"], bundle)
    return [
        Mismatch(
            key, left.get(key, 0), right.get(key, 0), left_members.get(key, []) + right_members.get(key, [])
        )
        for key in sorted(set(left) | set(right), key=str)
        if left.get(key, 0) != right.get(key, 0)
    ]


def group_key(key) -> frozenset:
    """A group, whether a mismatch's key or a declared discrepancy's mapping, in a form that
    compares equal whatever the order of its keys."""
    return frozenset(key.items() if isinstance(key, dict) else key)


def _totals(side: dict, bundle) -> tuple[Counter, dict[tuple, list]]:
    totals: Counter = Counter()
    members: dict[tuple, list] = {}
    if side["records"]:
        items = [(r, 1) for r in bundle.records if bundle.origin.get(r.id) == side["records"]]
    else:
        items = [
            (f, f.value)
            for f in bundle.figures
            if selected(f, side["figures"], bundle) and f.value is not None
        ]
    if not items:
        raise LookupError(f"a side of the check selects nothing: {side}")
    for item, value in items:
        key = tuple((k, _group_value(item, k)) for k in side["group_by"])
        totals[key] += value
        members.setdefault(key, []).append(item)
    return totals, members


def selected(figure, selector: dict, bundle) -> bool:
    """Does a figure match a selector (SelectorSchema)? A restatement only where it is named by
    its key: it repeats a figure the selector already finds."""
    origin = bundle.origin.get(figure.id)
    if figure.restates and selector["keys"] is None:
        return False
    return (
        (selector["table"] is None or origin == selector["table"])
        and (selector["derivation"] is None or origin == selector["derivation"])
        and (selector["measure"] is None or figure.measure_id == selector["measure"])
        and (selector["status"] is None or figure.status == selector["status"])
        and (selector["period_kind"] is None or figure.period_kind == selector["period_kind"])
        and (selector["keys"] is None or figure.id in {f"{bundle.response.id}.{k}" for k in selector["keys"]})
    )


def _group_value(item, key: str):
    if key == "period":
        return f"{item.period_start.isoformat()}..{item.period_end.isoformat()}"
    if key == "offence":
        return getattr(item, "offence_code", None)
    attribute = {
        "force": "force_id",
        "platform": "platform_id",
        "age_band": "age_band_id",
        "gender": "gender_id",
        "outcome": "outcome_id",
    }[key]
    return getattr(item, attribute, None)


def _describe(key: tuple) -> str:
    return ", ".join(f"{k}={v}" for k, v in key) or "total"
