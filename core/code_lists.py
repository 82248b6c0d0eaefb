"""One resolver over the code lists, for what a force wrote and what a user types alike.

The loader builds it from the seed files (seeds/reference.py) and the API from a release's rows
(api/filters.py); both then resolve a spelling the same way. Each resolver raises `Unresolved`
for a value no entry accounts for, with the message the loader reports.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from .harmonise import Unresolved, alias_key, label_key, normalise_offence_code, outcome_number
from .models import AgeBand, AgeBandKind, Caveat, Force, Gender, Measure, OffenceCode, OutcomeType, Platform

SINGLE_YEAR = AgeBandKind.SINGLE_YEAR  # one year of age ("13"); it has no aliases

# Each code list by name (the name of the query parameter that takes its ids), and its id column.
ID_COLUMNS = {
    "force": Force.id,
    "measure": Measure.id,
    "gender": Gender.id,
    "caveat": Caveat.id,
    "outcome": OutcomeType.id,
    "platform": Platform.id,
    "offence": OffenceCode.code,
    "age_band": AgeBand.id,
}


def platform_spellings(name: str, aliases: list[str]) -> dict[str, str]:
    """Alias key -> spelling, for a platform's name and aliases (matched ignoring punctuation)."""
    return {alias_key(a): a for a in [name, *aliases]}


def variant_key(variant: str) -> str:
    """The key an offence code variant is matched on (normalise_offence_code upper-cases)."""
    return variant.upper()


def offence_children(parents: Iterable[tuple[str, str | None]]) -> dict[str, list[str]]:
    """Code -> its sub-codes, from (code, parent code) pairs."""
    children: dict[str, list[str]] = {}
    for code, parent in parents:
        if parent:
            children.setdefault(parent, []).append(code)
    return children


def label_spellings(entry: OutcomeType | AgeBand | Gender) -> list[str]:
    """What resolves to an outcome, age band or gender, matched on `label_key`: an outcome's title,
    short label and aliases (its number resolves it too), a band's or gender's label and aliases."""
    if isinstance(entry, OutcomeType):
        return [entry.title, *([entry.short_label] if entry.short_label else []), *entry.aliases]
    if isinstance(entry, AgeBand) and entry.kind == SINGLE_YEAR:
        return []
    return [entry.label, *entry.aliases]


def did_you_mean(written: str, choices) -> str:
    """ "; did you mean 'snapchat'?" for the choice nearest to what was written, or ""."""
    by_key = {label_key(c): c for c in choices}
    close = difflib.get_close_matches(label_key(str(written)), list(by_key), n=1, cutoff=0.6)
    return f"; did you mean '{by_key[close[0]]}'?" if close else ""


@dataclass(frozen=True)
class CodeListResolver:
    """Every id of each code list, and the spellings that resolve to them."""

    ids: dict[str, list[str]]  # list name (force, offence, platform, ...) -> its ids
    offence_variants: dict[str, str] = field(default_factory=dict)  # variant_key -> canonical code
    offence_children: dict[str, list[str]] = field(default_factory=dict)  # code -> its sub-codes
    platform_aliases: dict[str, str] = field(default_factory=dict)  # alias_key -> platform id
    outcome_aliases: dict[str, str] = field(default_factory=dict)  # label_key -> outcome id
    age_band_aliases: dict[str, str] = field(default_factory=dict)  # label_key -> age band id
    gender_aliases: dict[str, str] = field(default_factory=dict)  # label_key -> gender id
    canonical_age_bands: list[str] = field(default_factory=list)  # the bands other than single years
    _members: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_members", {name: frozenset(ids) for name, ids in self.ids.items()})

    def has(self, name: str, value: str | None) -> bool:
        """Whether `value` is an id of the list `name`."""
        return value in self._members[name]

    def unknown(self, name: str, values: list[str]) -> list[str]:
        """The values that are not ids of the list `name`, in order."""
        return [v for v in values if not self.has(name, v)]

    def did_you_mean(self, name: str, written: str) -> str:
        """ "; did you mean 'snapchat'?" for the id of list `name` nearest to what was written, or ""."""
        return did_you_mean(written, self.ids.get(name, []))

    def offence_code(self, written: str) -> str:
        code = normalise_offence_code(written, self.offence_variants)
        if not self.has("offence", code):
            raise Unresolved(f"offence code '{written}' (read as {code}) is not in offence_codes.yaml")
        return code

    def descendants(self, codes: list[str]) -> list[str]:
        """The sub-codes of the codes, and theirs, nearest first."""
        found, frontier = [], list(codes)
        while frontier:
            frontier = [child for code in frontier for child in self.offence_children.get(code, [])]
            found += frontier
        return found

    def platform(self, written: str, *, or_id: bool = False) -> str:
        """The platform an alias names (ignoring case, spaces and punctuation), or with `or_id`
        the platform an id names first."""
        if or_id and self.has("platform", written):
            return written
        try:
            return self.platform_aliases[alias_key(written)]
        except KeyError:
            raise Unresolved(f"platform '{written}' matches no alias in platforms.yaml") from None

    def outcome(self, written: str) -> str:
        if (key := label_key(written)) in self.outcome_aliases:
            return self.outcome_aliases[key]
        number = outcome_number(written)
        if self.has("outcome", number):
            return number
        raise Unresolved(f"outcome '{written}' has no type number and matches no alias in outcome_types.yaml")

    def age_band(self, written: str) -> str:
        key = label_key(written)
        if key in self.age_band_aliases:
            return self.age_band_aliases[key]
        if key.isdigit() and self.has("age_band", str(int(key))):
            return str(int(key))
        raise Unresolved(f"age band '{written}' matches no alias in age_bands.yaml")

    def gender(self, written: str) -> str:
        try:
            return self.gender_aliases[label_key(written)]
        except KeyError:
            raise Unresolved(f"gender '{written}' matches no alias in genders.yaml") from None
