"""Consistency checks a seed file declares: two totals over its figures or records must agree.

Each side selects the records of one table (counted) or figures (summed, skipping those with no
value), grouped by the same keys. A side that selects nothing is itself an error, so a check can
never pass by comparing two empty sets.
"""

from __future__ import annotations

from collections import Counter


def run(check: dict, bundle) -> list[str]:
    try:
        left = _totals(check["left"], bundle)
        right = _totals(check["right"], bundle)
    except LookupError as exc:
        return [str(exc)]
    return [
        f"{_describe(key)}: {left.get(key, 0)} on the left, {right.get(key, 0)} on the right"
        for key in sorted(set(left) | set(right), key=str)
        if left.get(key, 0) != right.get(key, 0)
    ]


def _totals(side: dict, bundle) -> Counter:
    totals: Counter = Counter()
    if side["records"]:
        items = [(r, 1) for r in bundle.records if bundle.origin.get(r.id) == side["records"]]
    else:
        items = [
            (f, f.value)
            for f in bundle.figures
            if _selected(f, side["figures"], bundle) and f.value is not None
        ]
    if not items:
        raise LookupError(f"a side of the check selects nothing: {side}")
    for item, value in items:
        totals[tuple((k, _group_value(item, k)) for k in side["group_by"])] += value
    return totals


def _selected(figure, selector: dict, bundle) -> bool:
    origin = bundle.origin.get(figure.id)
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
