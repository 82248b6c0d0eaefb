"""Figures this project computes from disclosed rows: always status `derived`, always saying how.

A `derive:` entry in a seed file names its source (the records or figures of one table), the
measure, and what to group by. Records are counted; figures are summed. Grouping by age band maps
each single age to the one canonical band that contains it, and bands with no one in them are
emitted as 0 for every group the source covers, because the force's listing is complete; `complete`
does the same for other keys (a year the table covers in which a platform has no rows).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from core.harmonise import period_slug
from core.models import Figure, FigureOffence, FigureStatus

from .context import DisclosureContext
from .offences import figure_offences


class DeriveError(ValueError):
    pass


@dataclass
class _Group:
    key: dict  # group_by name -> value
    members: list
    sample: object  # a member, or for an empty group a member of a sibling differing only in filled keys
    period_sample: object  # a member (of any group) with this group's period


def derive(spec: dict, ctx: DisclosureContext) -> list[Figure]:
    """The figures one `derive:` entry makes from what the context's bundle holds so far."""
    bundle = ctx.bundle
    ((source_kind, source_name),) = spec["from_"].items()
    items = _source_items(bundle, source_kind, source_name)
    group_by = ["force", *spec["group_by"]]
    band_of = _band_mapper(spec["age_bands"], ctx.lists) if "age_band" in group_by else None

    groups: dict[tuple, list] = {}
    for item in items:
        groups.setdefault(tuple(_key(item, k, band_of) for k in group_by), []).append(item)
    filled = [group_by.index(k) for k in spec["complete"] if k in group_by]
    if band_of:
        _add_empty_bands(groups, group_by.index("age_band"), spec["age_bands"])
        filled.append(group_by.index("age_band"))
    for index in filled:
        if group_by[index] != "age_band":
            _fill_in(groups, index)

    where = f"derive {spec['name']}"
    line = ctx.quote_line(spec["quote"], where)
    shared_offences = figure_offences(ctx, spec["offences"], where) if spec["offences"] else []
    figures = []
    for key in sorted(groups, key=_sort_key):
        sample = _sample(groups, key, filled)
        group = _Group(
            dict(zip(group_by, key, strict=True)), groups[key], sample, _period_sample(groups, key, group_by)
        )
        figures.append(_figure(spec, bundle.response.id, group, source_kind, shared_offences, line))
    return figures


def _source_items(bundle, kind: str, name: str) -> list:
    pool = bundle.records if kind == "records" else bundle.figures
    items = [x for x in pool if bundle.origin.get(x.id) == name]
    if kind == "figures":
        items = [f for f in items if f.status == FigureStatus.REPORTED]
    if not items:
        raise DeriveError(f"no {kind} come from '{name}'")
    return items


def _key(item, name: str, band_of) -> object:
    if name == "force":
        return item.force_id
    if name == "platform":
        return item.platform_id
    if name == "period":
        return (item.period_start, item.period_end, item.period_kind)
    if name == "offence":
        if not hasattr(item, "offence_code"):
            raise DeriveError("grouping figures by offence is not supported")
        return item.offence_code or f"unmapped:{item.offence_as_written}"
    if name == "gender":
        return getattr(item, "victim_gender_id", None) or getattr(item, "gender_id", None)
    if name == "age_band":
        return band_of(item)
    if name == "outcome":
        return item.outcome_id or f"unmapped:{item.outcome_as_written}"
    raise DeriveError(f"cannot group by {name}")


def _band_mapper(band_ids: list[str] | None, lists):
    if not band_ids:
        raise DeriveError("grouping by age_band needs `age_bands`: the canonical bands to map ages into")
    unknown = [b for b in band_ids if b not in lists.age_bands]
    if unknown:
        raise DeriveError(f"unknown age bands {unknown}")

    def band_for_age(age: int | None) -> str:
        if age is None:
            if "unknown" not in band_ids:
                raise DeriveError("an age is not known, but `age_bands` has no 'unknown' band")
            return "unknown"
        fits = [b for b in band_ids if _contains(lists.age_bands[b], age)]
        if len(fits) != 1:
            raise DeriveError(
                f"age {age} falls in {len(fits)} of the bands {band_ids}; it must fall in exactly one"
            )
        return fits[0]

    def band_of(item) -> str:
        if hasattr(item, "victim_age"):
            return band_for_age(item.victim_age)
        band = lists.age_bands.get(item.age_band_id)
        if band is None or band.kind == "unknown":
            return band_for_age(None)
        if band.kind == "single_year":
            return band_for_age(band.lower)
        if band.id in band_ids:
            return band.id
        raise DeriveError(f"band {band.id} is not a single year and not one of {band_ids}")

    return band_of


def _contains(band, age: int) -> bool:
    return band.lower is not None and band.lower <= age and (band.upper is None or age <= band.upper)


def _add_empty_bands(groups: dict, band_index: int, band_ids: list[str]) -> None:
    for key in list(groups):
        for band in band_ids:
            groups.setdefault(key[:band_index] + (band,) + key[band_index + 1 :], [])


def _fill_in(groups: dict, index: int) -> None:
    """Every value the source shows for one key, for every group (as empty groups where missing)."""
    values = {key[index] for key in groups}
    for key in list(groups):
        for value in values:
            groups.setdefault(key[:index] + (value,) + key[index + 1 :], [])


def _sample(groups: dict, key: tuple, filled: list[int]):
    """A member of this group, or of a sibling differing only in the filled-in keys (an empty age
    band, a year with no rows): it gives the labels the group shares with its siblings."""
    if groups[key]:
        return groups[key][0]

    def unfilled(k: tuple) -> tuple:
        return tuple(part for i, part in enumerate(k) if i not in filled)

    return next(m[0] for k, m in groups.items() if m and unfilled(k) == unfilled(key))


def _period_sample(groups: dict, key: tuple, group_by: list[str]):
    """A member with this group's period, from whichever group has one (for its period columns)."""
    if "period" not in group_by:
        return next(m[0] for m in groups.values() if m)
    i = group_by.index("period")
    return next(m[0] for k, m in groups.items() if m and k[i] == key[i])


def _sort_key(key: tuple) -> tuple:
    return tuple(str(part) for part in key)


def _figure(spec, response_id: str, group: _Group, source_kind: str, shared_offences, line) -> Figure:
    key, members, sample, period = group.key, group.members, group.sample, group.period_sample
    value = len(members) if source_kind == "records" else sum(m.value for m in members)
    offences = [
        FigureOffence(position=i, code=o.code, as_written=o.as_written, role=o.role, note=o.note)
        for i, o in enumerate(shared_offences)
    ]
    if "offence" in key:
        for label in sorted({m.offence_as_written for m in members}):
            offences.append(
                FigureOffence(
                    position=len(offences),
                    code=members[0].offence_code,
                    as_written=label,
                    role="counted",
                    note=members[0].offence_note,
                )
            )
    platform_labels = sorted({m.platform_as_written for m in members or [sample] if m.platform_as_written})
    outcome_labels = sorted({m.outcome_as_written for m in members or [sample] if m.outcome_as_written})
    outcome_id = key.get("outcome")
    slugs = [_id_part(name, value_, period) for name, value_ in key.items() if name != "force"]
    return Figure(
        id=".".join([response_id, "derived", spec["name"], key["force"], *slugs]),
        response_id=response_id,
        question_number=spec["question"],
        measure_id=spec["measure"],
        value=value,
        value_as_written=None,
        status=FigureStatus.DERIVED,
        force_id=key["force"],
        period_start=period.period_start,
        period_end=period.period_end,
        period_label=period.period_label,
        period_kind=period.period_kind,
        platform_id=key.get("platform"),
        platform_as_written="; ".join(platform_labels) if "platform" in key else None,
        age_band_id=key.get("age_band"),
        age_band_as_written=None,
        gender_id=key.get("gender"),
        gender_as_written=None,
        outcome_id=None if outcome_id is None or outcome_id.startswith("unmapped:") else outcome_id,
        outcome_as_written="; ".join(outcome_labels) if "outcome" in key else None,
        quote=spec["quote"],
        source_line=line,
        offences=offences,
        derived_from={
            "derivation": spec["name"],
            "method": spec["method"],
            source_kind: [m.id for m in members],
        },
    )


def _id_part(name: str, value, rep) -> str:
    if name == "period":
        return period_slug(rep.period_start, rep.period_end, rep.period_kind)
    if name in ("offence", "outcome") and str(value).startswith("unmapped:"):
        return "unmapped-" + hashlib.sha1(str(value).encode()).hexdigest()[:8]
    return str(value).replace("/", "-") if value is not None else "none"
