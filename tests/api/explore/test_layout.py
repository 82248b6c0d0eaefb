"""The explorer's pure parts: the chart's scale, and the lines a quote covers."""

from itertools import pairwise

import pytest

from api.explore.chart import nice_top, tick_values
from api.explore.source import lines_asked, quoted_lines


@pytest.mark.parametrize(
    ("top", "scale"), [(0, 1), (1, 1), (3, 5), (7, 10), (10, 10), (11, 20), (68, 100), (100, 100), (101, 200)]
)
def test_the_scale_ends_at_the_next_round_number(top, scale):
    assert nice_top(top) == scale


@pytest.mark.parametrize("scale", [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000])
def test_ticks_run_evenly_from_zero_to_the_end_of_the_scale(scale):
    ticks = tick_values(scale)
    assert ticks[0] == 0 and ticks[-1] == scale and 2 <= len(ticks) <= 6
    assert len({b - a for a, b in pairwise(ticks)}) == 1


LINES = ["Platform\tCount", "MusicaL.ly", "", "NIL RETURN", "Instagram\t3", "Instagram 3 again"]


@pytest.mark.parametrize(
    ("first", "quote", "covered"),
    [
        (2, "MusicaL.ly\nNIL RETURN", [2, 3, 4]),  # over a blank line, white space aside
        (5, "Instagram 3", [5]),
        (1, "Count", [1]),  # a quote may start inside its line
        (6, "not in the document at all", [6]),
    ],
)
def test_a_quote_covers_its_first_line_through_the_line_its_last_words_end_on(first, quote, covered):
    assert list(quoted_lines(LINES, first, quote)) == covered


def test_lines_asked_for_stay_within_the_document():
    assert list(lines_asked("2-4", 6)) == [2, 3, 4]
    assert list(lines_asked("5", 6)) == [5]
    assert list(lines_asked("5-90", 6)) == [5, 6]
    assert list(lines_asked("0-1", 6)) == [1]
