"""bench/summary.py: wrk's output read, min-max over passes, ratios per pass, the recording rule."""

from __future__ import annotations

import pytest

from bench.summary import Ratio, parse_wrk, ratio_line, ratios, spread, summarise, why_not_recorded

WRK_OUT = """Running 2s test @ http://127.0.0.1:18765/page.json
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.27ms    7.64ms  49.55ms   87.89%
    Req/Sec   648.55    222.14     1.13k    72.73%
  Latency Distribution
     50%  812.00us
     75%    6.39ms
     90%   15.16ms
     99%    1.20s
  30412 requests in 2.00s, 4.90GB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:  15198.43
Transfer/sec:      2.45GB
"""


def test_wrks_output_is_read_in_milliseconds_with_every_kind_of_error_counted():
    assert parse_wrk(WRK_OUT) == {
        "rps": 15198.43,
        "p50_ms": 0.812,
        "p99_ms": 1200.0,
        "requests": 30412,
        "errors": 9,
    }


def test_a_clean_run_has_no_errors():
    clean = WRK_OUT.replace("  Socket errors: connect 0, read 3, write 0, timeout 2\n", "")
    assert parse_wrk(clean.replace("  Non-2xx or 3xx responses: 4\n", ""))["errors"] == 0


def run(n: int, case: str, c: int, rps: float, p50: float = 1.0, busy: bool = False) -> dict:
    return {"pass": n, "case": case, "c": c, "rps": rps, "p50_ms": p50, "p99_ms": p50 * 3, "errors": n - 1,
            "machine": {"busy": busy}}  # fmt: skip


def test_each_case_is_summarised_as_its_spread_over_the_passes_never_one_figure():
    runs = [
        run(1, "page", 32, 900.0, 2.0),
        run(2, "page", 32, 1100.0, 1.5, busy=True),
        run(1, "page", 8, 500.0),
    ]
    cases = summarise(runs)
    assert cases["page | c=32"] == {"rps": [900.0, 1100.0], "p50_ms": [1.5, 2.0], "p99_ms": [4.5, 6.0],
                                    "errors": 1, "busy": 1}  # fmt: skip
    assert cases["page | c=8"]["rps"] == [500.0, 500.0] and cases["page | c=8"]["busy"] == 0
    assert spread([3.14159, 2.71828, 2.9]) == [2.718, 3.142]


def test_a_ratio_is_met_only_when_it_is_met_in_every_pass():
    runs = [
        run(1, "ours", 8, 300.0),
        run(1, "theirs", 8, 100.0),
        run(2, "ours", 8, 270.0),
        run(2, "theirs", 8, 100.0),
    ]
    result = ratios(runs, [Ratio("ours / theirs", "ours", "theirs", 3.0)], (8,))
    assert result == {
        "ours / theirs": {"target": ">= 3.0", "c=8": {"per_pass": [3.0, 2.7], "met_in_every_pass": False}}
    }
    runs[2]["rps"] = 310.0
    assert ratios(runs, [Ratio("r", "ours", "theirs", 3.0)], (8,))["r"]["c=8"]["met_in_every_pass"] is True


def test_a_ceiling_ratio_is_met_at_or_below_its_target():
    runs = [run(1, "big", 32, 1.0, p50=3.0), run(1, "small", 32, 1.0, p50=2.0)]
    ceiling = Ratio("p50", "big", "small", 1.5, key="p50_ms", at_most=True)
    assert ratios(runs, [ceiling], (32,))["p50"] == {
        "target": "<= 1.5",
        "c=32": {"per_pass": [1.5], "met_in_every_pass": True},
    }
    assert not ceiling.met(1.51) and Ratio("floor", "a", "b", 1.5).met(1.51)


@pytest.mark.parametrize(
    ("busy", "passes", "load_measured", "forced", "reason"),
    [
        (0, 2, True, False, None),
        (3, 2, True, True, None),  # recorded, marked busy
        (3, 2, True, False, "3 measurements were taken on a busy machine"),
        (0, 1, True, False, "1 pass (at least 2 are recorded)"),
        (3, 1, True, True, "1 pass"),
        (0, 2, False, False, "the databases were reused"),
    ],
)
def test_only_a_quiet_run_of_two_passes_or_more_with_its_load_measured_is_recorded_unless_forced(
    busy, passes, load_measured, forced, reason
):
    why = why_not_recorded(busy, passes, load_measured, forced)
    assert why is None if reason is None else why.startswith(reason)


def test_a_ratio_is_printed_pass_by_pass_with_its_verdict_and_one_without_a_target_with_none():
    runs = [run(1, "a", c, 300.0) for c in (32, 8)] + [run(1, "b", c, 100.0) for c in (32, 8)]
    runs += [run(2, "a", c, 250.0) for c in (32, 8)] + [run(2, "b", c, 100.0) for c in (32, 8)]
    both = ratios(runs, [Ratio("a / b", "a", "b", 3.0), Ratio("shown", "a", "b", None)], (32, 8))
    assert (
        ratio_line("a / b", both["a / b"], (32, 8))
        == "a / b (target >= 3.0): c=32 3.0 / 2.5 NOT met; c=8 3.0 / 2.5 NOT met"
    )
    assert ratio_line("shown", both["shown"], (32,)) == "shown (no target): c=32 3.0 / 2.5"
    assert "met_in_every_pass" not in both["shown"]["c=32"]
