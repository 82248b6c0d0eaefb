"""The code lists in `seeds/reference/`, validated, as model rows plus the resolver built on them
(core/code_lists.py, the one the API resolves query values with)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import marshmallow as ma

from core.code_lists import (
    ID_COLUMNS,
    SINGLE_YEAR,
    CodeListResolver,
    label_spellings,
    offence_children,
    platform_spellings,
    variant_key,
)
from core.harmonise import Unresolved, label_key, normalise_offence_code
from core.models import (
    AgeBand,
    Caveat,
    Force,
    Gender,
    Measure,
    OffenceCode,
    OffenceCodeVariant,
    OutcomeType,
    Platform,
    PlatformAlias,
)
from schema.seed_files import reference as sf

from .inserts import overlong
from .yamlio import SeedFileError, flatten_errors, read_yaml

REFERENCE_FILES = {
    "forces": sf.ForcesFileSchema,
    "offence_codes": sf.OffenceCodesFileSchema,
    "outcome_types": sf.OutcomesFileSchema,
    "platforms": sf.PlatformsFileSchema,
    "age_bands": sf.AgeBandsFileSchema,
    "genders": sf.GendersFileSchema,
    "caveats": sf.CaveatsFileSchema,
    "measures": sf.MeasuresFileSchema,
}


def _validated(path: Path, schema_cls) -> dict:
    try:
        return schema_cls().load(read_yaml(path))
    except ma.ValidationError as exc:
        raise SeedFileError(path, flatten_errors(exc.messages)) from None


def _unique(path: Path, ids: list[str], what: str) -> None:
    seen, dupes = set(), []
    for i in ids:
        if i in seen:
            dupes.append(i)
        seen.add(i)
    if dupes:
        raise SeedFileError(path, [f"duplicate {what}: {', '.join(sorted(set(dupes)))}"])


@dataclass
class CodeLists:
    forces: dict[str, Force] = field(default_factory=dict)
    offence_codes: dict[str, OffenceCode] = field(default_factory=dict)
    offence_variants: dict[str, str] = field(default_factory=dict)
    outcomes: dict[str, OutcomeType] = field(default_factory=dict)
    outcome_aliases: dict[str, str] = field(default_factory=dict)
    platforms: dict[str, Platform] = field(default_factory=dict)
    platform_aliases: dict[str, str] = field(default_factory=dict)
    age_bands: dict[str, AgeBand] = field(default_factory=dict)
    age_band_aliases: dict[str, str] = field(default_factory=dict)
    genders: dict[str, Gender] = field(default_factory=dict)
    gender_aliases: dict[str, str] = field(default_factory=dict)
    caveats: dict[str, Caveat] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)

    def rows(self) -> list:
        """Every code-list row, parents before children, ready to add to a session."""
        codes = sorted(self.offence_codes.values(), key=lambda c: c.parent_code is not None)
        platforms = sorted(self.platforms.values(), key=lambda p: p.successor_id is not None)
        return [
            *self.forces.values(),
            *codes,
            *self.outcomes.values(),
            *platforms,
            *self.age_bands.values(),
            *self.genders.values(),
            *self.caveats.values(),
            *self.measures.values(),
        ]

    @cached_property
    def resolver(self) -> CodeListResolver:
        """The resolver over these lists; read once they are loaded."""
        rows = self.rows()
        return CodeListResolver(
            ids={
                name: sorted(getattr(row, column.key) for row in rows if isinstance(row, column.class_))
                for name, column in ID_COLUMNS.items()
            },
            offence_variants=self.offence_variants,
            offence_children=offence_children((c.code, c.parent_code) for c in self.offence_codes.values()),
            platform_aliases=self.platform_aliases,
            outcome_aliases=self.outcome_aliases,
            age_band_aliases=self.age_band_aliases,
            gender_aliases=self.gender_aliases,
            canonical_age_bands=[b.id for b in self.age_bands.values() if b.kind != SINGLE_YEAR],
        )

    # --- resolvers: as written -> harmonised id ---
    # A release resolves the same few labels ~100,000 times: each is worked out once. Only what
    # resolves is kept, so a label that does not raises (and is reported) wherever it occurs.

    @cached_property
    def _resolved(self) -> dict[tuple[str, str], str]:
        return {}

    def _resolve(self, kind: str, written: str) -> str:
        try:
            return self._resolved[kind, written]
        except KeyError:
            found = self._resolved[kind, written] = getattr(self.resolver, kind)(written)
            return found

    def offence_code(self, written: str) -> str:
        return self._resolve("offence_code", written)

    def platform(self, written: str) -> str:
        return self._resolve("platform", written)

    def outcome(self, written: str) -> str:
        return self._resolve("outcome", written)

    def age_band(self, written: str) -> str:
        return self._resolve("age_band", written)

    def gender(self, written: str) -> str:
        return self._resolve("gender", written)


def _add_alias(table: dict[str, str], key: str, target: str, path: Path, what: str) -> None:
    if table.get(key, target) != target:
        raise SeedFileError(path, [f"{what} alias '{key}' points at both {table[key]} and {target}"])
    table[key] = target


def load_code_lists(reference_dir: Path) -> CodeLists:
    data = {
        name: _validated(reference_dir / f"{name}.yaml", schema) for name, schema in REFERENCE_FILES.items()
    }
    lists = CodeLists()
    path = lambda name: reference_dir / f"{name}.yaml"  # noqa: E731

    _unique(path("forces"), [f["id"] for f in data["forces"]["forces"]], "force id")
    for f in data["forces"]["forces"]:  # the schema's keys are the model's columns
        lists.forces[f["id"]] = Force(**f)

    _load_offence_codes(lists, data["offence_codes"]["codes"], path("offence_codes"))
    _load_outcomes(lists, data["outcome_types"]["outcomes"], path("outcome_types"))
    _load_platforms(lists, data["platforms"]["platforms"], path("platforms"))
    _load_age_bands(lists, data["age_bands"], path("age_bands"))

    for g in data["genders"]["genders"]:
        gender = lists.genders[g["id"]] = Gender(id=g["id"], label=g["label"], aliases=g["aliases"])
        for alias in label_spellings(gender):
            _add_alias(lists.gender_aliases, label_key(alias), g["id"], path("genders"), "gender")

    _unique(path("caveats"), [c["id"] for c in data["caveats"]["caveats"]], "caveat id")
    for c in data["caveats"]["caveats"]:
        lists.caveats[c["id"]] = Caveat(id=c["id"], kind=c["kind"], text=c["text"])
    for m in data["measures"]["measures"]:
        citation = m.pop("citation")
        lists.measures[m["id"]] = Measure(
            **m, citation_with_value=citation["with_value"], citation_subject=citation["subject"]
        )
    if problems := overlong(lists.rows()):
        raise SeedFileError(reference_dir, problems)
    return lists


def _load_offence_codes(lists: CodeLists, codes: list[dict], path: Path) -> None:
    problems = []
    for c in codes:
        try:
            canonical = normalise_offence_code(c["code"])
        except Unresolved as exc:
            problems.append(str(exc))
            continue
        if canonical != c["code"]:
            problems.append(f"code '{c['code']}' is not in canonical form (write '{canonical}')")
        lists.offence_codes[c["code"]] = OffenceCode(
            code=c["code"],
            title=c["title"],
            group=c["group"],
            parent_code=c["parent"],
            umbrella=c["umbrella"],
            legislation=c["legislation"],
            confidence=c["confidence"],
            note=c["note"],
            variants=[OffenceCodeVariant(variant=v, code=c["code"]) for v in c["variants"]],
        )
        for v in c["variants"]:
            lists.offence_variants[variant_key(v)] = c["code"]
    problems += [
        f"code {c.code} has parent {c.parent_code}, which is not listed"
        for c in lists.offence_codes.values()
        if c.parent_code and c.parent_code not in lists.offence_codes
    ]
    if problems:
        raise SeedFileError(path, problems)


def _load_outcomes(lists: CodeLists, outcomes: list[dict], path: Path) -> None:
    _unique(path, [o["id"] for o in outcomes], "outcome id")
    for o in outcomes:
        outcome = lists.outcomes[o["id"]] = OutcomeType(**o)
        for alias in label_spellings(outcome):
            _add_alias(lists.outcome_aliases, label_key(alias), o["id"], path, "outcome")


def _load_platforms(lists: CodeLists, platforms: list[dict], path: Path) -> None:
    _unique(path, [p["id"] for p in platforms], "platform id")
    ids = {p["id"] for p in platforms}
    problems = [
        f"{p['id']}: successor '{p['successor']}' is not listed"
        for p in platforms
        if p["successor"] and p["successor"] not in ids
    ]
    if problems:
        raise SeedFileError(path, problems)
    for p in platforms:
        aliases = platform_spellings(p["name"], p["aliases"])
        for key in aliases:
            _add_alias(lists.platform_aliases, key, p["id"], path, "platform")
        lists.platforms[p["id"]] = Platform(
            id=p["id"],
            name=p["name"],
            owner=p["owner"],
            successor_id=p["successor"],
            history=p["history"],
            confidence=p["confidence"],
            aliases=[PlatformAlias(key=k, alias=a, platform_id=p["id"]) for k, a in aliases.items()],
        )


def _load_age_bands(lists: CodeLists, data: dict, path: Path) -> None:
    bands = [dict(b) for b in data["bands"]]
    years = data["single_years"]
    bands += [
        {
            "id": str(age),
            "label": f"Aged {age}",
            "kind": SINGLE_YEAR,
            "lower": age,
            "upper": age,
            "aliases": [],
        }
        for age in range(years["from_"], years["to"] + 1)
    ]
    _unique(path, [b["id"] for b in bands], "age band id")
    problems = [
        f"{b['id']}: lower bound above upper bound"
        for b in bands
        if b["lower"] is not None and b["upper"] is not None and b["lower"] > b["upper"]
    ]
    if problems:
        raise SeedFileError(path, problems)
    for b in bands:
        band = lists.age_bands[b["id"]] = AgeBand(**b)
        for alias in label_spellings(band):
            _add_alias(lists.age_band_aliases, label_key(alias), b["id"], path, "age band")
