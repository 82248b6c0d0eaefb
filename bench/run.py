"""The benchmark: `make bench` (or `.venv/bin/python bench/run.py [all|soak]`).

On this machine, with bounded load generators on 127.0.0.1 only:
  1. writes a deterministic synthetic release (every force, ten years, ~110,000 figures) and loads
     it through the same loader, timing that load and the load of the five real disclosures;
  2. starts the API under gunicorn (2 workers) and measures with wrk (-d DURATION, 32 and 8
     connections) a 50-figure /v1/platform-mentions page filtered by platform, a
     /v1/victim-age-bands query, one /v1/figures/{id}, a CSV export and a 304 revalidation, first
     with the response cache disabled, then enabled;
  3. measures Datasette serving the same 50 figures (JSON) from a copy of the same SQLite file,
     and nginx serving the exact bytes of our page as a static file;
  4. prints req/s, p50 and p99 for every case and the ratios against Datasette and nginx, and
     writes them to bench/results.json.
`soak` runs 60 s at 64 connections and prints the errors and each worker's memory before and after.
`memory` streams thousands of distinct cache keys (distinct URLs, each with a different long Accept
header) at one worker with its response cache off and then capped at 4 MB, and prints what keeping
responses adds to its peak memory.

Tools it needs and installs when missing (as root, from Debian): wrk, nginx; Datasette goes into
its own virtualenv (bench/.venv-datasette) so it cannot disturb the project's.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # deploy/local.py runs the shipped proxy configuration here
from deploy import local  # noqa: E402

WORK = ROOT / "bench" / "work"
BIN = Path(sys.executable).parent
DURATION = os.environ.get("BENCH_DURATION", "10s")
WARM_UP = "1s"
PASSES = int(os.environ.get("BENCH_PASSES", 2))
CONNECTIONS = (32, 8)
# Before each measurement the bench waits up to BENCH_QUIET_WAIT seconds until other work uses at
# most BENCH_QUIET_CPU of the machine's CPU time, and takes a measurement during which other work
# used more again (BENCH_ATTEMPTS in all); a run with a measurement still that busy is not recorded.
QUIET_CPU = float(os.environ.get("BENCH_QUIET_CPU", 0.1))
QUIET_WAIT = float(os.environ.get("BENCH_QUIET_WAIT", 300))
ATTEMPTS = int(os.environ.get("BENCH_ATTEMPTS", 3))
PAGE = "/v1/platform-mentions?platform=snapchat&page_size=50"
AGE_QUERY = "/v1/victim-age-bands?force=kent&age_band=13&gender=female&page_size=50"
CSV_EXPORT = "/v1/figures?force=kent&page_size=500&format=csv"
SEED_LOAD_TARGET_S = 2
SYNTHETIC_LOAD_TARGET_S = 20  # the whole `seeds load` command, interpreter start-up included


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def fetch(url: str, headers: dict | None = None) -> tuple[dict, bytes]:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as response:
        return dict(response.headers), response.read()


# --- tools ---------------------------------------------------------------------------------------


def ensure_tools() -> Path:
    missing = [
        tool for tool in ("wrk", "nginx") if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists()
    ]
    if missing:
        if os.geteuid() != 0:
            sys.exit(f"bench: install {' and '.join(missing)} first (Debian packages)")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", *missing],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    venv = ROOT / "bench" / ".venv-datasette"
    if not (venv / "bin" / "datasette").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "datasette==0.65.*"], check=True)
    return venv / "bin" / "datasette"


# --- loading -------------------------------------------------------------------------------------


def load(database: Path, seeds_dir: Path | None = None) -> float:
    if database.exists():
        database.unlink()
    command = [str(BIN / "flask"), "--app", "api", "seeds", "load"] + (
        ["--seeds-dir", str(seeds_dir)] if seeds_dir else []
    )
    started = time.perf_counter()
    subprocess.run(
        command,
        check=True,
        cwd=ROOT,
        capture_output=True,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{database}"},
    )
    return time.perf_counter() - started


def load_seeds_in_process_seconds() -> float:
    """The five real disclosures: validation and write, without interpreter start-up."""
    code = (
        "import time; from sqlalchemy import create_engine; from core.migrate import upgrade;"
        "from seeds.loader import build_release, write_release;"
        f"e = create_engine('sqlite:///{WORK / 'timing.sqlite3'}'); upgrade(e);"
        "t = time.perf_counter(); write_release(e, build_release()); print(time.perf_counter() - t)"
    )
    (WORK / "timing.sqlite3").unlink(missing_ok=True)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


# --- servers -------------------------------------------------------------------------------------


class Server:
    def __init__(self, command: list[str], url: str, env: dict | None = None, cwd: Path = ROOT):
        self.url = url
        self.process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})},
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip

    def __enter__(self):
        wait_for(self.url)
        return self

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def api_server(database: Path, cache: bool, **settings: str) -> Server:
    """The API as in production (scripts/entrypoint), with 2 workers of 2 threads: gunicorn's
    threaded worker keeps connections alive, as every other server measured does (its sync worker,
    with 1 thread, closes each after one response, and served a third as many cached pages)."""
    port = free_port()
    env = {"DATABASE_URL": f"sqlite:///{database}", "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2",
           "GUNICORN_THREADS": "2", "RESPONSE_CACHE": "on" if cache else "off", "PATH": f"{BIN}:{os.environ['PATH']}",
           **settings}  # fmt: skip
    return Server([str(ROOT / "scripts" / "entrypoint")], f"http://127.0.0.1:{port}/readyz", env)


def worker_rss_kb(server: Server) -> dict[int, int]:
    children = subprocess.run(
        ["ps", "-o", "pid=,rss=", "--ppid", str(server.process.pid)], capture_output=True, text=True
    )
    return {int(pid): int(rss) for pid, rss in (line.split() for line in children.stdout.splitlines())}


# --- wrk -----------------------------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, connections: int, duration: str = DURATION, header: str | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency", url]
    if header:
        command[1:1] = ["-H", header]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout

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


# --- the run -------------------------------------------------------------------------------------


def prepare() -> dict:
    WORK.mkdir(parents=True, exist_ok=True)
    timings = {"seed_load_s": round(min(load_seeds_in_process_seconds() for _ in range(3)), 3)}
    timings["seed_load_cli_s"] = round(load(WORK / "seeds.sqlite3"), 2)
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "synthetic.py"), str(WORK / "synthetic-seeds")],
        check=True,
        cwd=ROOT,
    )
    timings["synthetic_load_s"] = round(load(WORK / "synthetic.sqlite3", WORK / "synthetic-seeds"), 1)
    with sqlite3.connect(WORK / "synthetic.sqlite3") as db:
        timings["synthetic_figures"] = db.execute("select count(*) from figures").fetchone()[0]
    print(load_line(timings), flush=True)
    return timings


def load_line(timings: dict) -> str:
    return (
        f"load: five seed disclosures {timings['seed_load_s']} s in process ({timings['seed_load_cli_s']} s by the CLI; "
        f"target < {SEED_LOAD_TARGET_S} s); synthetic release of {timings['synthetic_figures']:,} figures "
        f"{timings['synthetic_load_s']} s by the CLI (target <= {SYNTHETIC_LOAD_TARGET_S} s)"
    )


# --- the machine ---------------------------------------------------------------------------------


def cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of every CPU since boot, from /proc/stat. Busy is time spent in
    processes (which own_cpu can attribute) and stolen by other virtual machines; interrupts are
    left out, being mostly the bench's own loopback traffic, which no process is charged for."""
    user, nice, system, idle, iowait, irq, softirq, steal = (
        int(v) for v in Path("/proc/stat").read_text().split()[1:9]
    )
    busy = user + nice + system + steal
    return busy, busy + idle + iowait + irq + softirq


def own_cpu() -> int:
    """Jiffies used so far by this process and every process it started (the servers, wrk), those
    that ended included: each process's own time and that of its children it has reaped."""
    parents, times = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended meanwhile
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        times[pid] = sum(int(v) for v in fields[11:15])  # utime, stime, cutime, cstime
    ours, todo = set(), [os.getpid()]
    while todo:
        pid = todo.pop()
        ours.add(pid)
        todo += [child for child, parent in parents.items() if parent == pid and child not in ours]
    return sum(times.get(pid, 0) for pid in ours)


class OthersCpu:
    """The share of the machine's CPU time other work uses between start() and share(): all the
    busy time /proc/stat counts, less what the bench and its servers used."""

    def start(self) -> None:
        (self.busy, self.total), self.ours = cpu_times(), own_cpu()

    def share(self) -> float:
        (busy, total), ours = cpu_times(), own_cpu()
        return max(0, (busy - self.busy) - (ours - self.ours)) / max(1, total - self.total)


def others_cpu(seconds: float = 1.0) -> float:
    """What other work takes of the machine over `seconds`."""
    others = OthersCpu()
    others.start()
    time.sleep(seconds)
    return others.share()


def quiet_machine() -> dict:
    """Taken before each measurement: the load averages (the 1-minute one still holds the bench's
    previous case) and the CPU share other work uses. Waits up to QUIET_WAIT s for that share to
    fall to QUIET_CPU."""
    deadline = time.monotonic() + QUIET_WAIT
    others = others_cpu()
    if others > QUIET_CPU:
        print(f"  other work uses {others:.0%} of the CPU: waiting up to {QUIET_WAIT:.0f} s for a quiet machine", flush=True)  # fmt: skip
    while others > QUIET_CPU and time.monotonic() < deadline:
        time.sleep(2)
        others = others_cpu()
    return {"loadavg": [round(x, 2) for x in os.getloadavg()], "others_cpu_before": round(others, 3)}


# --- the servers measured and their cases ------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    url: str
    header: str | None = None


def static_server(root: Path) -> Server:
    """nginx serving `root` as a production static server would: sendfile, tcp_nopush, keep-alive
    connections kept for 100,000 requests (as the shipped proxy keeps them), no access log."""
    port = free_port()
    site = (f"server {{ listen 127.0.0.1:{port}; sendfile on; tcp_nopush on; keepalive_requests 100000; "
            f"root {root}; location / {{ default_type application/json; }} }}")  # fmt: skip
    conf = WORK / "static" / "nginx.conf"
    conf.write_text(local.main_config(WORK / "static", site))
    return Server([local.nginx_binary(), "-c", str(conf)], f"http://127.0.0.1:{port}/page.json")


def proxy_server(upstream: Server) -> Server:
    """deploy/nginx.conf as shipped (deploy/local.py), in front of `upstream`, with an empty cache."""
    shutil.rmtree(WORK / "proxy", ignore_errors=True)
    port = free_port()
    conf = local.write_proxy_config(WORK / "proxy", f"127.0.0.1:{port}", upstream.url.split("/")[2])
    return Server([local.nginx_binary(), "-c", str(conf)], f"http://127.0.0.1:{port}/healthz")


def datasette_server(datasette: Path) -> Server:
    shutil.copy(WORK / "synthetic.sqlite3", WORK / "datasette.sqlite3")
    port = free_port()
    return Server([str(datasette), "serve", str(WORK / "datasette.sqlite3"), "-p", str(port), "--setting", "num_sql_threads", "2"],
                  f"http://127.0.0.1:{port}/-/versions.json")  # fmt: skip


def base(server: Server) -> str:
    return "/".join(server.url.split("/")[:3])


def api_cases(label: str, server: Server) -> list[Case]:
    url = base(server)
    headers, body = fetch(url + PAGE)
    figure_id = json.loads(body)["data"][0]["id"]
    return [
        Case(f"{label} | page", url + PAGE),
        Case(f"{label} | victim-age-bands query", url + AGE_QUERY),
        Case(f"{label} | one figure", f"{url}/v1/figures/{figure_id}"),
        Case(f"{label} | CSV export", url + CSV_EXPORT),
        Case(f"{label} | 304 revalidation", url + PAGE, f"If-None-Match: {headers['ETag']}"),
    ]


def page_bytes(page: bytes) -> tuple[dict, bytes]:
    """The page's size as served (pretty-printed) and as compact JSON, each also gzip'd (at
    flask-compress's level, 6); and the compact bytes."""
    compact = json.dumps(json.loads(page), ensure_ascii=False, separators=(",", ":")).encode()
    sizes = {"pretty": len(page), "pretty_gzip": len(gzip.compress(page, 6)),
             "compact": len(compact), "compact_gzip": len(gzip.compress(compact, 6))}  # fmt: skip
    return sizes, compact


def start_servers(stack: ExitStack, datasette: Path) -> tuple[list[Case], dict]:
    """Every server measured, all running for the whole run so that passes can interleave them;
    the cases in the order of a pass (the headline comparisons side by side), and the page's sizes."""
    synthetic = WORK / "synthetic.sqlite3"
    cached = stack.enter_context(api_server(synthetic, cache=True))
    uncached = stack.enter_context(api_server(synthetic, cache=False))
    seeds = stack.enter_context(api_server(WORK / "seeds.sqlite3", cache=False))
    proxy = stack.enter_context(proxy_server(cached))
    _, page = fetch(base(cached) + PAGE)
    sizes, compact = page_bytes(page)
    (WORK / "static").mkdir(parents=True, exist_ok=True)
    (WORK / "static" / "page.json").write_bytes(page)
    (WORK / "static" / "compact.json").write_bytes(compact)
    static = base(stack.enter_context(static_server(WORK / "static")))
    ids = ",".join(f["id"] for f in json.loads(page)["data"])
    # Datasette at its best: no per-request row count and no facet suggestions.
    datasette_url = f"{base(stack.enter_context(datasette_server(datasette)))}/datasette/figures.json?id__in={ids}&_size=50&_nocount=1&_nofacet=1"  # fmt: skip
    assert len(json.loads(fetch(datasette_url)[1])["rows"]) == 50
    assert fetch(base(proxy) + PAGE)[1] == page
    cached_cases, uncached_cases = api_cases(CACHED, cached), api_cases(UNCACHED, uncached)
    headline = [
        Case(STATIC, f"{static}/page.json"),
        Case(PROXIED, base(proxy) + PAGE),
        cached_cases[0],
        uncached_cases[0],
        Case(DATASETTE, datasette_url),
        Case(f"{UNCACHED}, the five seed disclosures | page", base(seeds) + PAGE),
        Case("nginx, static | the same figures as compact JSON", f"{static}/compact.json"),
    ]
    return headline + cached_cases[1:] + uncached_cases[1:], sizes


# --- the run -----------------------------------------------------------------------------------------

STATIC = "nginx, static | the page's bytes"
PROXIED = "proxy (deploy/nginx.conf), cached | page"
CACHED = "app alone, response cache on"
UNCACHED = "app alone, response cache off"
DATASETTE = "Datasette 0.65 | the same 50 figures"
# (name, numerator, denominator, target): each ratio of req/s (or of p50 for "at most"), per pass.
RATIOS = [
    ("proxy / static nginx", PROXIED, STATIC, "rps", 0.8),
    ("app alone (cached) / static nginx", f"{CACHED} | page", STATIC, "rps", 0.25),
    ("uncached / Datasette", f"{UNCACHED} | page", DATASETTE, "rps", 3.0),
    ("uncached p50, 100k / seeds", f"{UNCACHED} | page", f"{UNCACHED}, the five seed disclosures | page", "p50_ms", -1.5),
]  # fmt: skip


def measure(cases: list[Case]) -> list[dict]:
    """Every case at each number of connections, in PASSES interleaved passes (every other one in
    reverse order, so that no case always follows the same neighbour), each measurement after a
    look at the machine's load; one during which other work took over QUIET_CPU of the CPU is
    taken again (up to ATTEMPTS times in all), then marked busy."""
    runs, others = [], OthersCpu()
    for n in range(1, PASSES + 1):
        print(f"\npass {n} of {PASSES}", flush=True)
        for case in cases if n % 2 else cases[::-1]:
            for connections in CONNECTIONS:
                for attempt in range(1, ATTEMPTS + 1):  # again while other work took the CPU
                    load = quiet_machine()
                    wrk(case.url, connections, WARM_UP, case.header)  # warm caches and connections
                    others.start()
                    result = wrk(case.url, connections, header=case.header)
                    load["others_cpu_during"] = round(others.share(), 3)
                    load["busy"] = max(load["others_cpu_before"], load["others_cpu_during"]) > QUIET_CPU
                    load["attempt"] = attempt
                    if not load["busy"]:
                        break
                runs.append({"pass": n, "case": case.name, "c": connections, "machine": load, **result})
                print(f"  {case.name:58} c={connections:<2} {result['rps']:>8.0f} req/s  p99 {result['p99_ms']:>7.2f} ms"
                      f"  | load {' '.join(map(str, load['loadavg']))}; others {load['others_cpu_before']:.0%} before, "
                      f"{load['others_cpu_during']:.0%} during" + (" BUSY" if load["busy"] else ""), flush=True)  # fmt: skip
    return runs


def spread(values: list[float]) -> list[float]:
    return [round(min(values), 3), round(max(values), 3)]


def summarise(runs: list[dict]) -> tuple[dict, dict]:
    """Per case and number of connections: min-max of req/s, p50 and p99 over the passes, and the
    errors; per ratio and number of connections: min-max over the passes (each pass's ratio)."""
    cases: dict[str, dict] = {}
    for run in runs:
        entry = cases.setdefault(
            f"{run['case']} | c={run['c']}", {"rps": [], "p50_ms": [], "p99_ms": [], "errors": 0}
        )
        for key in ("rps", "p50_ms", "p99_ms"):
            entry[key].append(run[key])
        entry["errors"] += run["errors"]
    at = {(r["pass"], r["case"], r["c"]): r for r in runs}
    ratios = {}
    for name, numerator, denominator, key, target in RATIOS:
        ratios[name] = {"target": f"<= {-target}" if target < 0 else f">= {target}"}
        for c in CONNECTIONS:
            per_pass = [at[p, numerator, c][key] / at[p, denominator, c][key] for p in range(1, PASSES + 1)]
            met = all(v <= -target for v in per_pass) if target < 0 else all(v >= target for v in per_pass)
            ratios[name][f"c={c}"] = {"per_pass": [round(v, 3) for v in per_pass], "met_in_every_pass": met}
    return {
        name: {**e, **{k: spread(e[k]) for k in ("rps", "p50_ms", "p99_ms")}} for name, e in cases.items()
    }, ratios


def report(timings: dict, sizes: dict, cases: dict, ratios: dict) -> None:
    print("\n" + load_line(timings))
    print(f"the page: {sizes['pretty']:,} bytes as served ({sizes['pretty_gzip']:,} gzip'd); "
          f"as compact JSON {sizes['compact']:,} ({sizes['compact_gzip']:,} gzip'd)")  # fmt: skip
    print(
        f"\n{'case (min-max over ' + str(PASSES) + ' passes)':66} {'req/s':>15} {'p50 ms':>13} {'p99 ms':>15} {'errors':>6}"
    )
    for name, r in cases.items():
        rps = "{:,.0f}-{:,.0f}".format(*r["rps"])
        p50, p99 = ("{:.2f}-{:.2f}".format(*r[key]) for key in ("p50_ms", "p99_ms"))
        print(f"{name:66} {rps:>15} {p50:>13} {p99:>15} {r['errors']:>6}")
    print("\nratios, each pass's (target: met in every pass)")
    for name, r in ratios.items():
        print(f"  {name} (target {r['target']}): " + "; ".join(
            f"{c} {' / '.join(map(str, r[c]['per_pass']))} {'met' if r[c]['met_in_every_pass'] else 'NOT met'}"
            for c in (f"c={c}" for c in CONNECTIONS)))  # fmt: skip


def run_all() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("bench: stopped"))  # the servers stop with it
    datasette = ensure_tools()
    timings = prepare()
    with ExitStack() as stack:
        cases, sizes = start_servers(stack, datasette)
        runs = measure(cases)
    summary, ratios = summarise(runs)
    report(timings, sizes, summary, ratios)
    busy = sorted({f"{r['case']} | c={r['c']}" for r in runs if r["machine"]["busy"]})
    machine = {"cpus": os.cpu_count(), "python": sys.version.split()[0], "duration": DURATION, "passes": PASSES,
               "quiet_cpu": QUIET_CPU, "busy_cases": busy}  # fmt: skip
    results = {
        "machine": machine,
        "load": timings,
        "page_bytes": sizes,
        "cases": summary,
        "ratios": ratios,
        "runs": runs,
    }
    out = ROOT / "bench" / "results.json"
    if busy and os.environ.get("BENCH_RECORD_BUSY") != "1":
        out = WORK / "results-busy.json"
        print(f"\n{len(busy)} measurements were taken while other work used over {QUIET_CPU:.0%} of the CPU: "
              f"not recorded in bench/results.json (BENCH_RECORD_BUSY=1 records it, marked)")  # fmt: skip
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten to {out.relative_to(ROOT)}")


def run_soak(seconds: int = 60, connections: int = 64) -> None:
    ensure_tools()
    WORK.mkdir(parents=True, exist_ok=True)
    if not (WORK / "seeds.sqlite3").exists():
        load(WORK / "seeds.sqlite3")
    with api_server(WORK / "seeds.sqlite3", cache=True) as server:
        base = server.url.removesuffix("/readyz")
        wrk(base + PAGE, 8, "3s")
        before = worker_rss_kb(server)
        result = wrk(base + PAGE, connections, f"{seconds}s")
        after = worker_rss_kb(server)
    print(f"soak: {seconds} s at {connections} connections: {result['requests']} requests, {result['errors']} errors, "
          f"{result['rps']:.0f} req/s, p99 {result['p99_ms']} ms")  # fmt: skip
    for pid in sorted(before):
        print(f"  worker {pid}: {before[pid]} KB before, {after.get(pid, 'gone')} KB after")
    out = ROOT / "bench" / "soak.json"
    out.write_text(
        json.dumps({"result": result, "rss_kb_before": before, "rss_kb_after": after}, indent=2) + "\n"
    )
    if result["errors"]:
        sys.exit("soak: errors seen")


def memory_growth_kb(urls_for, requests: int, cap_mb: int) -> tuple[int, int]:
    """One worker (2 threads) with RESPONSE_CACHE_MB=cap_mb: its RSS after warm-up and at its peak
    while `requests` distinct URLs stream in, each with its own Accept header of up to 8 KB (small
    bodies and big headers: the case where what an entry holds besides its body matters most)."""
    from concurrent.futures import ThreadPoolExecutor

    settings = {"WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "2", "RESPONSE_CACHE_MB": str(cap_mb)}
    with api_server(WORK / "seeds.sqlite3", cache=True, **settings) as server:
        base = server.url.removesuffix("/readyz")
        for size in range(1, 21):  # warm every code path once
            fetch(f"{base}/v1/figures?page_size={size}&caveat=manual-review")
        (pid,) = worker_rss_kb(server)
        baseline, peak = worker_rss_kb(server)[pid], 0
        urls = urls_for(base)[:requests]

        def one(i: int) -> None:
            accept = "application/json, " + ", ".join(f"x-{i}/y{n};q=0.1" for n in range(i % 400))
            fetch(urls[i], {"Accept": accept[:8000]})

        with ThreadPoolExecutor(4) as pool:
            for start in range(0, len(urls), 500):
                list(pool.map(one, range(start, min(start + 500, len(urls)))))
                peak = max(peak, worker_rss_kb(server)[pid])
    return baseline, peak


def run_memory(requests: int = 4500, cap_mb: int = 4) -> None:
    """The response cache's memory bound under streams of distinct keys, each run twice: at a
    worker whose cache keeps nothing (RESPONSE_CACHE_MB=0) and at one capped at cap_mb. The
    difference in peak RSS is what keeping responses costs: the entries, and the allocator's
    fragmentation as they churn. Small pages stress what an entry holds besides its body (keys,
    headers, objects); large pages stress the allocator."""
    WORK.mkdir(parents=True, exist_ok=True)
    if not (WORK / "seeds.sqlite3").exists():
        load(WORK / "seeds.sqlite3")
    sorts = ["id", "-id", "period", "-period", "value", "-value", "response", "-response", "force", "-force"]
    streams = {
        "one-figure pages (about 4 KB)": lambda base: [
            f"{base}/v1/figures?page_size=1&page={page}&sort={sort}&derived={derived}"
            for page in range(1, 151) for sort in sorts for derived in ("include", "exclude", "only")
        ],
        "pages of 1-50 figures (4-200 KB)": lambda base: [
            f"{base}/v1/figures?page_size={size}&page={page}&sort={sort}&derived={derived}"
            for derived in ("include", "exclude", "only") for sort in sorts for page in (1, 2, 3)
            for size in range(1, 51)
        ],
    }  # fmt: skip
    results = {}
    for stream, urls_for in streams.items():
        peaks = {}
        for cap in (0, cap_mb):
            baseline, peaks[cap] = memory_growth_kb(urls_for, requests, cap)
            results[f"{stream}, cap {cap} MB"] = {"rss_kb_after_warm_up": baseline, "rss_kb_peak": peaks[cap]}
        print(f"memory: {requests} distinct keys, {stream}: peak RSS {peaks[0] / 1024:.1f} MB with no cache, "
              f"{peaks[cap_mb] / 1024:.1f} MB with a {cap_mb} MB cache (+{(peaks[cap_mb] - peaks[0]) / 1024:.1f} MB)")  # fmt: skip
    out = ROOT / "bench" / "memory.json"
    out.write_text(json.dumps({"requests": requests, "cap_mb": cap_mb, "runs": results}, indent=2) + "\n")


if __name__ == "__main__":
    {"all": run_all, "soak": run_soak, "memory": run_memory}[sys.argv[1] if len(sys.argv) > 1 else "all"]()
