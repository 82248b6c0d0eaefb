"""The benchmark: `make bench` (or `.venv/bin/python bench/run.py [all|load|soak|memory|explore]`).

On this machine, with bounded load generators on 127.0.0.1 only:
  1. writes a deterministic synthetic release (every force, ten years, ~110,000 figures) and loads
     it through the same loader, timing that load and the load of the five real disclosures, each
     printed against its target;
  2. starts every server measured, all kept running for the whole run: the API under gunicorn
     (scripts/entrypoint, 2 workers of 2 threads) with its response cache on and off; the shipped
     proxy (deploy/nginx.conf) in front of the cached one; nginx serving the exact bytes of our
     page, and the same figures as compact JSON, as a production static server would (sendfile,
     tcp_nopush, long keep-alive, cached file descriptors, no access log): the ceiling; Datasette serving the same 50
     figures from a copy of the same SQLite file. Every one keeps connections alive;
  3. measures with wrk (-d BENCH_DURATION after a 1 s warm-up, 32 and 8 connections) a 50-figure
     /v1/platform-mentions page through each, and for the app alone a /v1/victim-age-bands query,
     one /v1/figures/{id}, a CSV export and a 304 revalidation, in BENCH_PASSES interleaved passes;
     before each measurement it prints the load averages and the CPU share other work takes
     (bench/machine.py), and takes a busy measurement again;
  4. prints the page's bytes (pretty and compact, gzip'd or not), every case's min-max over the
     passes and each ratio pass by pass against its target (bench/summary.py), and writes them to
     bench/results.json, unless the run was busy (BENCH_RECORD_BUSY=1 records it, marked), had
     fewer than two passes or reused databases (BENCH_REUSE=1): those go to bench/work/.
`load` is step 1 alone, written to bench/load.json. `explore` requests each of the explorer's pages on the seeds once and prints their wall and CPU time
per page (bench/README.md). `soak` runs 60 s at 64 connections and prints the errors and each worker's memory before and after.
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
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # deploy/local.py runs the shipped proxy configuration here
from bench import machine, summary  # noqa: E402
from bench.summary import Ratio  # noqa: E402
from deploy import local  # noqa: E402

WORK = ROOT / "bench" / "work"
BIN = Path(sys.executable).parent
DURATION = os.environ.get("BENCH_DURATION", "10s")
WARM_UP = "1s"
PASSES = int(os.environ.get("BENCH_PASSES", 2))
CONNECTIONS = (32, 8)
# Before each measurement the bench waits until other work uses at most BENCH_QUIET_CPU of the
# machine's CPU time, and takes a measurement during which other work used more again
# (BENCH_ATTEMPTS in all), for BENCH_QUIET_WAIT seconds in all over the run: once they are spent,
# a machine that stays busy is measured as it is and marked. A run with a measurement still that
# busy is not recorded.
QUIET_CPU = float(os.environ.get("BENCH_QUIET_CPU", 0.1))
QUIET_WAIT = float(os.environ.get("BENCH_QUIET_WAIT", 900))
ATTEMPTS = int(os.environ.get("BENCH_ATTEMPTS", 3))
# For trying the bench out: reuse bench/work's databases (no load times; such a run is not recorded).
REUSE = os.environ.get("BENCH_REUSE") == "1"
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


def fetch(url: str, headers: dict | None = None, timeout: float = 30) -> tuple[dict, bytes]:
    with urllib.request.urlopen(
        urllib.request.Request(url, headers=headers or {}), timeout=timeout
    ) as response:
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


def bare_gunicorn(body: Path) -> Server:
    """gunicorn with the API's settings and workers, serving `body` from bench/bare_wsgi.py."""
    port = free_port()
    env = {"BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "2",
           "BENCH_BARE_BODY": str(body)}  # fmt: skip
    command = [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", "bench.bare_wsgi:app"]
    return Server(command, f"http://127.0.0.1:{port}/", env)


def worker_rss_kb(server: Server) -> dict[int, int]:
    children = subprocess.run(
        ["ps", "-o", "pid=,rss=", "--ppid", str(server.process.pid)], capture_output=True, text=True
    )
    return {int(pid): int(rss) for pid, rss in (line.split() for line in children.stdout.splitlines())}


# --- wrk -----------------------------------------------------------------------------------------


def wrk(url: str, connections: int, duration: str = DURATION, header: str | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency", url]
    if header:
        command[1:1] = ["-H", header]
    return summary.parse_wrk(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


# --- the releases measured -----------------------------------------------------------------------


def prepare() -> dict | None:
    """The load times (None when BENCH_REUSE=1 found the databases of an earlier run to reuse)."""
    WORK.mkdir(parents=True, exist_ok=True)
    if REUSE and all((WORK / name).exists() for name in ("seeds.sqlite3", "synthetic.sqlite3")):
        print(load_line(None), flush=True)
        return None
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


def load_line(timings: dict | None) -> str:
    if timings is None:
        return "load: not measured (BENCH_REUSE=1: the databases of an earlier run in bench/work/ are reused)"
    return (
        f"load: five seed disclosures {timings['seed_load_s']} s in process ({timings['seed_load_cli_s']} s by the CLI; "
        f"target < {SEED_LOAD_TARGET_S} s); synthetic release of {timings['synthetic_figures']:,} figures "
        f"{timings['synthetic_load_s']} s by the CLI (target <= {SYNTHETIC_LOAD_TARGET_S} s)"
    )


# --- the servers measured and their cases ------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    url: str
    header: str | None = None


def static_server(root: Path) -> Server:
    """nginx serving `root` as a production static server would: sendfile, tcp_nopush, keep-alive
    connections kept for 100,000 requests and open files' descriptors cached (as the shipped proxy
    keeps both), no access log."""
    port = free_port()
    site = (f"server {{ listen 127.0.0.1:{port}; sendfile on; tcp_nopush on; keepalive_requests 100000; "
            f"open_file_cache max=10000 inactive=60s; open_file_cache_valid 1s; root {root}; location / {{ default_type application/json; }} }}")  # fmt: skip
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
    bare = base(stack.enter_context(bare_gunicorn(WORK / "static" / "page.json")))
    ids = ",".join(f["id"] for f in json.loads(page)["data"])
    # Datasette at its best: no per-request row count and no facet suggestions.
    datasette_url = f"{base(stack.enter_context(datasette_server(datasette)))}/datasette/figures.json?id__in={ids}&_size=50&_nocount=1&_nofacet=1"  # fmt: skip
    assert len(json.loads(fetch(datasette_url)[1])["rows"]) == 50
    assert fetch(base(proxy) + PAGE)[1] == page
    offset = copy_cache_file(WORK / "proxy" / "cache", page, WORK / "static" / "cache-file")
    cached_cases, uncached_cases = api_cases(CACHED, cached), api_cases(UNCACHED, uncached)
    headline = [
        Case(STATIC, f"{static}/page.json"),
        Case(PROXIED, base(proxy) + PAGE),
        Case(STATIC_AT_OFFSET, f"{static}/cache-file", f"Range: bytes={offset}-"),
        cached_cases[0],
        Case(BARE, f"{bare}/page.json"),
        uncached_cases[0],
        Case(DATASETTE, datasette_url),
        Case(f"{UNCACHED}, the five seed disclosures | page", base(seeds) + PAGE),
        Case("nginx, static | the same figures as compact JSON", f"{static}/compact.json"),
    ]
    return headline + cached_cases[1:] + uncached_cases[1:], sizes


def copy_cache_file(cache: Path, page: bytes, to: Path) -> int:
    """Copy the proxy's cache file that holds `page` to `to`; the offset of the page in it. A hit
    sends the body from there by sendfile: sent from an offset that is not a multiple of the page
    size (4 KB), the same bytes cost the kernel markedly more than sent from the start of a file,
    so static nginx sending them from that offset is the most a cache hit could do."""
    deadline = time.monotonic() + 10  # nginx renames the file into the cache as the response ends
    while time.monotonic() < deadline:
        for path in cache.rglob("*"):
            if path.is_file() and path.read_bytes().endswith(page):
                shutil.copy(path, to)
                return path.stat().st_size - len(page)
        time.sleep(0.1)
    raise RuntimeError(f"no file in {cache} holds the page")


def proxy_cache_statuses(log: Path) -> dict[str, int]:
    """How many of the proxy's responses were cache hits, misses and so on, from its access log."""
    counts: dict[str, int] = {}
    with log.open(encoding="utf-8") as lines:
        for line in lines:
            status = json.loads(line)["cache"] or "none"
            counts[status] = counts.get(status, 0) + 1
    return counts


# --- the run -----------------------------------------------------------------------------------------

STATIC = "nginx, static | the page's bytes"
STATIC_AT_OFFSET = "nginx, static | the page's bytes from the cache file's offset"
PROXIED = "proxy (deploy/nginx.conf), cached | page"
CACHED = "app alone, response cache on"
BARE = "gunicorn alone, a bare WSGI app | the page's bytes"
UNCACHED = "app alone, response cache off"
DATASETTE = "Datasette 0.65 | the same 50 figures"
SEEDS_PAGE = f"{UNCACHED}, the five seed disclosures | page"
RATIOS = [
    Ratio("proxy / static nginx", PROXIED, STATIC, 0.8),
    Ratio(
        "static nginx at the cache file's offset / static nginx (the proxy's limit)",
        STATIC_AT_OFFSET,
        STATIC,
        None,
    ),
    Ratio("proxy / static nginx at the cache file's offset", PROXIED, STATIC_AT_OFFSET, None),
    Ratio("app alone (cached) / static nginx", f"{CACHED} | page", STATIC, 0.25),
    Ratio("gunicorn alone / static nginx (the app alone's limit)", BARE, STATIC, None),
    Ratio("app alone (cached) / gunicorn alone", f"{CACHED} | page", BARE, None),
    Ratio("uncached / Datasette", f"{UNCACHED} | page", DATASETTE, 3.0),
    Ratio("uncached p50, 100k / seeds", f"{UNCACHED} | page", SEEDS_PAGE, 1.5, key="p50_ms", at_most=True),
]


def machine_line(load: dict) -> str:
    return f"load {' '.join(map(str, load['loadavg']))}, others {load['others_cpu_before']:.0%}"


def drain(case: Case, requests: int = 4) -> None:
    """Waits for the requests a server still has queued from the case before (an uncached CSV
    export at 32 connections leaves seconds of them): one request at a time, as many as it has
    threads, each answered only after those queued ahead of it on its worker."""
    for _ in range(requests):
        with suppress(urllib.error.HTTPError):  # a 304 is an answer too
            fetch(case.url, dict([case.header.split(": ", 1)]) if case.header else None, timeout=300)


def measure(cases: list[Case]) -> list[dict]:
    """Every case at each number of connections, in PASSES interleaved passes (every other one in
    reverse order, so that no case always follows the same neighbour), each measurement after a
    look at the machine's load, printed before it is taken; one during which other work took over
    QUIET_CPU of the CPU is taken again (up to ATTEMPTS times in all, while the run's patience
    lasts), then marked busy."""
    runs, others, patience = [], machine.OthersCpu(), QUIET_WAIT
    for n in range(1, PASSES + 1):
        print(f"\npass {n} of {PASSES}", flush=True)
        for case in cases if n % 2 else cases[::-1]:
            for connections in CONNECTIONS:
                for attempt in range(1, ATTEMPTS + 1):  # again while other work took the CPU
                    load = machine.quiet_machine(QUIET_CPU, patience)
                    patience -= load["waited_s"]
                    print(
                        f"  {case.name:66} c={connections:<2} {machine_line(load):>28} |", end="", flush=True
                    )
                    drain(case)
                    wrk(case.url, connections, WARM_UP, case.header)  # warm caches and connections
                    others.start()
                    result = wrk(case.url, connections, header=case.header)
                    load["others_cpu_during"] = round(others.share(), 3)
                    load["busy"] = machine.is_busy(
                        load["others_cpu_before"], load["others_cpu_during"], QUIET_CPU
                    )
                    load["attempt"] = attempt
                    print(f" {result['rps']:>8.0f} req/s, p99 {result['p99_ms']:>7.2f} ms; others {load['others_cpu_during']:.0%} during"
                          + (f"; {result['errors']} errors" if result["errors"] else "")
                          + (" BUSY" if load["busy"] else ""), flush=True)  # fmt: skip
                    if not load["busy"] or patience <= 0:
                        break
                runs.append({"pass": n, "case": case.name, "c": connections, "machine": load, **result})
    return runs


def report(timings: dict | None, sizes: dict, cases: dict, ratios: dict, proxy_cache: dict) -> None:
    print("\n" + load_line(timings))
    print(f"the page: {sizes['pretty']:,} bytes as served, pretty-printed ({sizes['pretty_gzip']:,} gzip'd); "
          f"as compact JSON {sizes['compact']:,} ({sizes['compact_gzip']:,} gzip'd)")  # fmt: skip
    print(
        "the proxy's responses by cache status: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(proxy_cache.items()))
    )
    print(
        f"\n{'case (min-max over ' + str(PASSES) + ' passes)':66} {'req/s':>15} {'p50 ms':>13} {'p99 ms':>15} {'errors':>6}"
    )
    for name, r in cases.items():
        rps = "{:,.0f}-{:,.0f}".format(*r["rps"])
        p50, p99 = ("{:.2f}-{:.2f}".format(*r[key]) for key in ("p50_ms", "p99_ms"))
        busy = f"  BUSY in {r['busy']} of {PASSES}" if r["busy"] else ""
        print(f"{name:66} {rps:>15} {p50:>13} {p99:>15} {r['errors']:>6}{busy}")
    print("\nratios, each pass's (target: met in every pass)")
    for name, r in ratios.items():
        print("  " + summary.ratio_line(name, r, CONNECTIONS))


def run_all() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("bench: stopped"))  # the servers stop with it
    datasette = ensure_tools()
    facts = print_facts()
    timings = prepare()
    with ExitStack() as stack:
        cases, sizes = start_servers(stack, datasette)
        runs = measure(cases)
    cases_summary, ratios = summary.summarise(runs), summary.ratios(runs, RATIOS, CONNECTIONS)
    proxy_cache = proxy_cache_statuses(WORK / "proxy" / "access.log")
    report(timings, sizes, cases_summary, ratios, proxy_cache)
    busy = sorted({f"{r['case']} | c={r['c']}" for r in runs if r["machine"]["busy"]})
    machine_facts = {**facts, "duration": DURATION,
                     "passes": PASSES, "quiet_cpu": QUIET_CPU, "busy": bool(busy), "busy_cases": busy}  # fmt: skip
    results = {"machine": machine_facts, "load": timings, "page_bytes": sizes, "proxy_cache_statuses": proxy_cache,
               "cases": cases_summary, "ratios": ratios, "runs": runs}  # fmt: skip
    out = ROOT / "bench" / "results.json"
    forced = os.environ.get("BENCH_RECORD_BUSY") == "1"
    why_not = summary.why_not_recorded(len(busy), PASSES, timings is not None, forced)
    if why_not:
        out = WORK / "results-unrecorded.json"
        print(f"\nnot recorded in bench/results.json: {why_not}")
    elif busy:
        print(f"\nrecorded although {len(busy)} measurements were taken on a busy machine: marked busy")
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


def explore_urls(base: str) -> list[str]:
    """The explorer pages a reader reaches from its form on the seeds, each distinct: every measure
    with every force and with every financial year, then each response's source with a figure's
    quote highlighted."""
    _, form = fetch(f"{base}/explore")
    selects = dict(re.findall(r'<select id="f-\w+" name="(\w+)">(.*?)</select>', form.decode(), re.S))
    offered = {name: re.findall(r'<option value="([^"]+)"', html) for name, html in selects.items()}

    def page(**chosen: str) -> str:
        return f"{base}/explore?{urllib.parse.urlencode({k: v for k, v in chosen.items() if v})}"

    urls = [page(measure=m, force=f) for m in ["", *offered["measure"]] for f in ["", *offered["force"]]]
    urls += [page(measure=m, financial_year=y) for m in offered["measure"] for y in offered["financial_year"]]
    for response in json.loads(fetch(f"{base}/v1/responses")[1])["data"]:
        figure = json.loads(fetch(f"{base}/v1/figures?response={response['id']}&page_size=1")[1])["data"][0]
        urls.append(f"{base}/explore/responses/{response['id']}/source?figure={figure['id']}")
    return urls


def cpu_seconds(pid: int) -> float:
    """The CPU time a process has used (user and system), which other load on the machine does
    not inflate the way it does wall time."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_explore() -> None:
    """Each explorer page on the seeds requested once, in sequence, from one gunicorn worker:
    nothing is cached for these pages but what every page of a release shares (the code lists
    and the form's choices, built by one warm-up request), so each is rendered from its queries."""
    WORK.mkdir(parents=True, exist_ok=True)
    load(WORK / "seeds.sqlite3")
    with api_server(WORK / "seeds.sqlite3", cache=True, WEB_CONCURRENCY="1") as server:
        base = server.url.removesuffix("/readyz")
        urls = explore_urls(base)  # the warm-up: /explore, the JSON lists it reads choices from
        (worker,) = worker_rss_kb(server)
        timings, cpu_before = [], cpu_seconds(worker)
        for url in urls:
            started = time.perf_counter()
            fetch(url)
            timings.append((time.perf_counter() - started) * 1000)
        cpu_ms = (cpu_seconds(worker) - cpu_before) * 1000 / len(urls)
    timings.sort()
    result = {"pages": len(urls), "p50_ms": round(timings[len(timings) // 2], 1),
              "p95_ms": round(timings[int(len(timings) * 0.95)], 1), "max_ms": round(timings[-1], 1),
              "worker_cpu_ms_per_page": round(cpu_ms, 1), "load_average": os.getloadavg()[0]}  # fmt: skip
    print(f"explore: {result['pages']} distinct pages, each requested once: p50 {result['p50_ms']} ms, "
          f"p95 {result['p95_ms']} ms, max {result['max_ms']} ms; the worker's CPU {cpu_ms:.1f} ms a page "
          f"(load average {result['load_average']:.1f})")  # fmt: skip
    (ROOT / "bench" / "explore.json").write_text(json.dumps(result, indent=2) + "\n")


def print_facts() -> dict:
    facts = machine.facts()
    print(f"{facts['cpus']} CPUs, {facts['cpu_model']}; Python {facts['python']}, "
          f"{facts['python_speed_ms']} ms for bench/machine.py's fixed pure-Python work", flush=True)  # fmt: skip
    return facts


def run_load() -> None:
    """`make bench`'s first step alone: the five seed disclosures and the synthetic release, loaded
    and timed exactly as the whole run does, in a minute or two rather than twenty; written to
    bench/load.json with the machine's state before it."""
    if REUSE:
        sys.exit("bench: `load` times the loads, so it reuses nothing: unset BENCH_REUSE")
    facts = print_facts()
    before = machine.quiet_machine(QUIET_CPU, 60)
    print(
        f"load averages {before['loadavg']}, other work {before['others_cpu_before']:.0%} of the CPU",
        flush=True,
    )
    timings = prepare()
    result = {
        "machine": {**facts, **before},
        "load": timings,
    }
    (ROOT / "bench" / "load.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    modes = {"all": run_all, "load": run_load, "soak": run_soak, "memory": run_memory, "explore": run_explore}
    modes[sys.argv[1] if len(sys.argv) > 1 else "all"]()
