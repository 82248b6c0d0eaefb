"""One resolver over the code lists (core/code_lists.py): the loader builds it from the seed files,
the API from a release's rows, and both resolve a spelling the same way."""

from __future__ import annotations

import pytest

from api import filters
from core.code_lists import CodeListResolver
from core.harmonise import Unresolved
from seeds.loader import SEEDS_DIR
from seeds.reference import load_code_lists


@pytest.fixture(scope="module")
def loaded() -> CodeListResolver:
    """The resolver the loader reads what forces wrote with."""
    return load_code_lists(SEEDS_DIR / "reference").resolver


@pytest.fixture(scope="module")
def served(app) -> CodeListResolver:
    """The resolver the API reads what users type with, built from the loaded release's rows."""
    with app.test_request_context("/v1/figures"):
        app.preprocess_request()
        return filters.resolver()


@pytest.fixture()
def small() -> CodeListResolver:
    return CodeListResolver(
        ids={
            "offence": ["71/17", "88A"],
            "platform": ["liveme"],
            "outcome": ["1", "legacy-charge"],
            "age_band": ["13", "12-15"],
            "gender": ["female"],
        },  # fmt: skip
        offence_variants={"7117": "71/17"},
        offence_children={"88A": ["71/17"]},
        platform_aliases={"liveme": "liveme"},
        outcome_aliases={"charge": "legacy-charge"},
        age_band_aliases={"12 to 15": "12-15"},
        gender_aliases={"f": "female"},
    )


def test_each_list_resolves_its_spellings(small):
    assert small.offence_code("7117") == small.offence_code("071/17") == "71/17"
    assert small.platform("Live.me") == small.platform("LIVE ME") == "liveme"
    assert small.outcome("Charge") == "legacy-charge"
    assert small.outcome("Type 01") == "1"
    assert small.age_band("12 To 15") == "12-15"
    assert small.age_band("013") == "13"
    assert small.gender("F") == "female"
    assert small.descendants(["88A"]) == ["71/17"]


@pytest.mark.parametrize(
    ("method", "written", "message"),
    [
        ("offence_code", "88B", "offence code '88B' (read as 88B) is not in offence_codes.yaml"),
        ("offence_code", "abc", "'abc' is not a Home Office offence code"),
        ("platform", "Live.ly", "platform 'Live.ly' matches no alias in platforms.yaml"),
        (
            "outcome",
            "Charged",
            "outcome 'Charged' has no type number and matches no alias in outcome_types.yaml",
        ),
        ("age_band", "14", "age band '14' matches no alias in age_bands.yaml"),
        ("gender", "x", "gender 'x' matches no alias in genders.yaml"),
    ],
)
def test_an_unknown_spelling_is_unresolved_with_what_to_add(small, method, written, message):
    with pytest.raises(Unresolved) as exc:
        getattr(small, method)(written)
    assert str(exc.value) == message


def test_a_platform_id_resolves_only_where_ids_are_accepted():
    resolver = CodeListResolver(ids={"platform": ["x-1"]}, platform_aliases={})
    assert resolver.platform("x-1", or_id=True) == "x-1"
    with pytest.raises(Unresolved):
        resolver.platform("x-1")  # a force's spelling must be an alias


def test_the_api_and_the_loader_build_the_same_resolver(loaded, served):
    assert served.offence_variants == loaded.offence_variants
    assert served.platform_aliases == loaded.platform_aliases
    assert served.outcome_aliases == loaded.outcome_aliases
    assert served.age_band_aliases == loaded.age_band_aliases
    assert served.gender_aliases == loaded.gender_aliases
    assert {k: sorted(v) for k, v in served.offence_children.items()} == {
        k: sorted(v) for k, v in loaded.offence_children.items()
    }
    assert sorted(served.canonical_age_bands) == sorted(loaded.canonical_age_bands)
    for name, ids in loaded.ids.items():
        assert sorted(served.ids[name]) == sorted(ids), name


@pytest.mark.parametrize(
    ("method", "written"),
    [
        ("offence_code", "7117"),
        ("offence_code", "086/02"),
        ("offence_code", "022b"),
        ("platform", "Live Me"),
        ("platform", "live.me"),
        ("outcome", "Caution – Youth"),
        ("outcome", "18. No suspect identified"),
        ("age_band", "11 and under"),
        ("age_band", "16+"),
        ("age_band", "013"),
        ("gender", "F"),
        ("gender", "Not Stated"),
    ],
)
def test_a_forces_spelling_and_a_users_resolve_the_same(loaded, served, method, written):
    assert getattr(served, method)(written) == getattr(loaded, method)(written)


def test_the_api_answers_a_users_spelling_as_the_loader_reads_a_forces(client, loaded):
    assert client.get("/v1/platforms/Live Me").get_json()["id"] == loaded.platform("Live Me")
    assert client.get("/v1/offence-codes/7117").get_json()["code"] == loaded.offence_code("7117")
