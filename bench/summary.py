"""What the bench makes of its measurements: wrk's output read, each case's spread over the passes
(min-max, never one figure), each ratio pass by pass against its target, and whether a run may
be recorded."""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
MIN_PASSES = 2  # a run of fewer passes shows no spread, and is never recorded


def parse_wrk(out: str) -> dict:
    """req/s, p50 and p99 (ms), requests and errors (socket errors and non-2xx/3xx responses) from
    the output of `wrk --latency`."""

    def latency(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return round(float(value) * UNITS[unit], 3)

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "p50_ms": latency("50%"),
        "p99_ms": latency("99%"),
        "requests": int(re.search(r"(\d+) requests in", out)[1]),
        "errors": (sum(int(n) for n in errors.groups()) if errors else 0)
        + (int(non_2xx[1]) if non_2xx else 0),
    }


def spread(values: list[float]) -> list[float]:
    return [round(min(values), 3), round(max(values), 3)]


def summarise(runs: list[dict]) -> dict:
    """Per case and number of connections: min-max of req/s, p50 and p99 over the passes, the
    errors of all of them, and how many of them were taken on a busy machine."""
    cases: dict[str, dict] = {}
    for run in runs:
        entry = cases.setdefault(
            f"{run['case']} | c={run['c']}", {"rps": [], "p50_ms": [], "p99_ms": [], "errors": 0, "busy": 0}
        )
        for key in ("rps", "p50_ms", "p99_ms"):
            entry[key].append(run[key])
        entry["errors"] += run["errors"]
        entry["busy"] += run["machine"]["busy"]
    return {
        name: {**e, **{k: spread(e[k]) for k in ("rps", "p50_ms", "p99_ms")}} for name, e in cases.items()
    }


@dataclass(frozen=True)
class Ratio:
    """numerator / denominator of one measure (req/s, or p50 for a ceiling), per pass."""

    name: str
    numerator: str
    denominator: str
    target: float | None  # None: shown for what it explains, with no target of its own
    key: str = "rps"
    at_most: bool = False  # the target is a ceiling, not a floor

    def met(self, value: float) -> bool:
        return value <= self.target if self.at_most else value >= self.target


def ratios(runs: list[dict], wanted: list[Ratio], connections: tuple[int, ...]) -> dict:
    """Each ratio at each number of connections, pass by pass, and whether it met its target in
    every pass (a target met in one pass of two is not met)."""
    at = {(r["pass"], r["case"], r["c"]): r for r in runs}
    passes = sorted({r["pass"] for r in runs})
    out = {}
    for ratio in wanted:
        out[ratio.name] = {"target": ratio.target and f"{'<=' if ratio.at_most else '>='} {ratio.target}"}
        for c in connections:
            per_pass = [
                at[p, ratio.numerator, c][ratio.key] / at[p, ratio.denominator, c][ratio.key] for p in passes
            ]
            out[ratio.name][f"c={c}"] = {"per_pass": [round(v, 3) for v in per_pass]}
            if ratio.target is not None:
                out[ratio.name][f"c={c}"]["met_in_every_pass"] = all(ratio.met(v) for v in per_pass)
    return out


def ratio_line(name: str, ratio: dict, connections: tuple[int, ...]) -> str:
    """One ratio as printed: its value in each pass at each number of connections, and its target."""
    per_c = []
    for c in (f"c={c}" for c in connections):
        met = ratio[c].get("met_in_every_pass")
        verdict = "" if met is None else (" met" if met else " NOT met")
        per_c.append(f"{c} {' / '.join(map(str, ratio[c]['per_pass']))}{verdict}")
    return f"{name} ({'target ' + ratio['target'] if ratio['target'] else 'no target'}): " + "; ".join(per_c)


def why_not_recorded(busy_cases: int, passes: int, load_measured: bool, forced: bool) -> str | None:
    """Why a run may not replace the recorded results (None when it may): measured on a busy
    machine (unless forced: it is then recorded, marked busy), in too few passes, or with the
    release's load time not measured."""
    if passes < MIN_PASSES:
        return f"{passes} pass{'es' if passes != 1 else ''} (at least {MIN_PASSES} are recorded)"
    if not load_measured:
        return "the databases were reused, so the load times were not measured"
    if busy_cases and not forced:
        return f"{busy_cases} measurements were taken on a busy machine (BENCH_RECORD_BUSY=1 records it, marked busy)"
    return None
