"""The loader settles how a disclosure's figures add up (seeds/disclosure/sums.py): the parts and
totals it can see in the data, those a seed declares, and restatements, which must agree with the
figure they restate or stop the load."""

from __future__ import annotations

import re

import pytest

from seeds.loader import build_release
from seeds.yamlio import SeedErrors
from tests.helpers import replace_in, with_fixture

SUMS = "synthetic-sums"


def figures_of(release, response_id: str) -> dict:
    (bundle,) = [b for b in release.bundles if b.response.id == response_id]
    return {f.id: f for f in bundle.figures}


def test_a_derivation_grouped_by_more_keys_is_a_part_of_the_one_grouped_by_fewer(release):
    """004600/17: records per platform, year and offence within records per platform and year."""
    figures = figures_of(release, "norfolk-foi-004600-17")
    by_offence = [f for f in figures.values() if f.derived_from and "offence" in f.derived_from["derivation"]]
    assert by_offence
    for part in by_offence:
        (total_id,) = part.part_of
        total = figures[total_id]
        assert set(part.derived_from["records"]) <= set(total.derived_from["records"])
        assert (total.platform_id, total.period_start, total.breakdown) == (
            part.platform_id,
            part.period_start,
            "",
        )
        assert part.breakdown == "offence"


def test_the_figures_a_derivation_sums_are_its_parts(release):
    figures = figures_of(release, "norfolk-foi-004600-17")
    sums = [f for f in figures.values() if f.derived_from and "figures" in f.derived_from]
    assert sums
    for total in sums:
        for part_id in total.derived_from["figures"]:
            assert total.id in figures[part_id].part_of


def test_a_declared_total_makes_the_years_it_adds_up_parts_broken_down_by_period(release):
    figures = figures_of(release, "norfolk-foi-000763-16")
    total = figures["norfolk-foi-000763-16.q1.total"]
    years = [f for f in figures.values() if total.id in f.part_of]
    assert years and all(f.breakdown == "period" and f.period_kind == "calendar_year" for f in years)
    assert sum(f.value for f in years) == total.value


def test_a_restatement_whose_value_differs_stops_the_load(seeds_copy):
    seed, source = with_fixture(seeds_copy, SUMS)
    replace_in(source, "Sum\t14", "Sum\t15")
    replace_in(seed, 'value: 14\n        quote: "Sum\\t14"', 'value: 15\n        quote: "Sum\\t15"')
    message = f"restates {SUMS}.q1.total, but its value 15 is not that figure's 14"
    with pytest.raises(SeedErrors, match=re.escape(message)):
        build_release(seeds_copy)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("restates: q1.total", "restates: q1.missing", f"restates {SUMS}.q1.missing, which is not a figure"),
        ("restates: q1.total", "restates: q2.female", "but their gender differ"),
        ("keys: [q2.female, q2.male, q2.unknown]}\n", "keys: [q2.none]}\n", "total_of selects no figure"),
    ],
)
def test_a_declaration_the_data_contradicts_stops_the_load(seeds_copy, old, new, message):
    seed, _ = with_fixture(seeds_copy, SUMS)
    replace_in(seed, old, new)
    with pytest.raises(SeedErrors, match=re.escape(message)):
        build_release(seeds_copy)


def test_a_restatement_is_left_out_of_the_checks_that_select_by_measure(seeds_copy):
    """Summing every victim figure of 2024 gives the total and its genders (28), not the Sum row as
    well (42): a check selects a restatement only by its key."""
    seed, _ = with_fixture(seeds_copy, SUMS)
    replace_in(
        seed,
        "right: {figures: {keys: [q2.female, q2.male, q2.unknown]}",
        "right: {figures: {measure: victims, period_kind: calendar_year, keys: null}",
    )
    with pytest.raises(SeedErrors, match=re.escape("total: 14 on the left, 28 on the right")):
        build_release(seeds_copy)
