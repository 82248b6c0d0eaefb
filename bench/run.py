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
`explore` requests each of the explorer's pages on the seeds once and prints their wall and CPU time
per page (bench/README.md). `soak` runs 60 s at 64 connections and prints the errors and each worker's memory before and after.
`memory` streams thousands of distinct cache keys (distinct URLs, each with a different long Accept
header) at one worker with its response cache off and then capped at 4 MB, and prints what keeping
responses adds to its peak memory.

Tools it needs and installs when missing (as root, from Debian): wrk, nginx; Datasette goes into
its own virtualenv (bench/.venv-datasette) so it cannot disturb the project's.
"""

from __future__ import annotations

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
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
BIN = Path(sys.executable).parent
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = (32, 8)
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
    port = free_port()
    env = {"DATABASE_URL": f"sqlite:///{database}", "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2",
           "GUNICORN_THREADS": "1", "RESPONSE_CACHE": "on" if cache else "off", "PATH": f"{BIN}:{os.environ['PATH']}",
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


def api_cases(base: str) -> dict[str, tuple[str, str | None]]:
    headers, body = fetch(base + PAGE)
    figure_id = json.loads(body)["data"][0]["id"]
    return {
        "platform-mentions page": (PAGE, None),
        "victim-age-bands query": (AGE_QUERY, None),
        "one figure": (f"/v1/figures/{figure_id}", None),
        "CSV export": (CSV_EXPORT, None),
        "304 revalidation": (PAGE, f"If-None-Match: {headers['ETag']}"),
    }


def measure_api(database: Path, cache: bool, results: dict, label: str) -> None:
    with api_server(database, cache) as server:
        base = server.url.removesuffix("/readyz")
        for case, (path, header) in api_cases(base).items():
            for connections in CONNECTIONS:
                wrk(base + path, connections, "2s", header)  # warm every worker's cache and pages
                results[f"{label} | {case} | c={connections}"] = wrk(base + path, connections, header=header)


def measure_peers(results: dict, datasette: Path) -> bytes:
    with api_server(WORK / "synthetic.sqlite3", cache=True) as server:
        _, page = fetch(server.url.removesuffix("/readyz") + PAGE)
    ids = ",".join(f["id"] for f in json.loads(page)["data"])
    shutil.copy(WORK / "synthetic.sqlite3", WORK / "datasette.sqlite3")
    port = free_port()
    # Datasette at its best: no per-request row count and no facet suggestions.
    url = f"http://127.0.0.1:{port}/datasette/figures.json?id__in={ids}&_size=50&_nocount=1&_nofacet=1"
    with Server([str(datasette), "serve", str(WORK / "datasette.sqlite3"), "-p", str(port), "--setting", "num_sql_threads", "2"],
                f"http://127.0.0.1:{port}/-/versions.json"):  # fmt: skip
        assert len(json.loads(fetch(url)[1])["rows"]) == 50
        for connections in CONNECTIONS:
            wrk(url, connections, "2s")
            results[f"datasette | same 50 figures | c={connections}"] = wrk(url, connections)
    static = WORK / "nginx"
    static.mkdir(exist_ok=True)
    (static / "page.json").write_bytes(page)
    port = free_port()
    conf = WORK / "nginx.conf"
    conf.write_text(
        f"worker_processes 2; pid {WORK / 'nginx.pid'}; error_log {WORK / 'nginx-error.log'}; daemon off;\n"
        "events { worker_connections 1024; }\n"
        f"http {{ access_log off; server {{ listen 127.0.0.1:{port}; root {static}; "
        "location / { default_type application/json; } } }\n"
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    with Server([nginx, "-c", str(conf)], f"http://127.0.0.1:{port}/page.json"):
        for connections in CONNECTIONS:
            wrk(f"http://127.0.0.1:{port}/page.json", connections, "2s")
            results[f"nginx | same bytes, static | c={connections}"] = wrk(
                f"http://127.0.0.1:{port}/page.json", connections
            )
    return page


def report(timings: dict, results: dict) -> dict:
    print("\n" + load_line(timings))
    print(f"\n{'case':72} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, r in results.items():
        print(f"{name:72} {r['rps']:>9.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} {r['errors']:>7}")
    ratios = {}
    for c in CONNECTIONS:
        page = f"platform-mentions page | c={c}"
        nginx, datasette = (
            results[f"nginx | same bytes, static | c={c}"],
            results[f"datasette | same 50 figures | c={c}"],
        )
        cached, uncached = results[f"100k, cache on | {page}"], results[f"100k, cache off | {page}"]
        ratios[f"c={c}"] = {
            "cached page / nginx req/s": round(cached["rps"] / nginx["rps"], 3),
            "cached page p99 ms": cached["p99_ms"],
            "uncached page / datasette req/s": round(uncached["rps"] / datasette["rps"], 2),
            "uncached page p50 at 100k / p50 on the seeds": round(uncached["p50_ms"] / results[f"seeds, cache off | {page}"]["p50_ms"], 2),
        }  # fmt: skip
    print("\nratios (targets: cached >= 0.2 of nginx with p99 <= 10 ms at c=32; uncached >= 3x Datasette; "
          "100k p50 <= 1.5x seeds; load targets above)")  # fmt: skip
    for c, values in ratios.items():
        print(f"  {c}: " + "; ".join(f"{k} {v}" for k, v in values.items()))
    return ratios


def run_all() -> None:
    datasette = ensure_tools()
    timings = prepare()
    results: dict = {}
    measure_api(WORK / "seeds.sqlite3", cache=False, results=results, label="seeds, cache off")
    measure_api(WORK / "synthetic.sqlite3", cache=False, results=results, label="100k, cache off")
    measure_api(WORK / "synthetic.sqlite3", cache=True, results=results, label="100k, cache on")
    measure_peers(results, datasette)
    ratios = report(timings, results)
    machine = {"cpus": os.cpu_count(), "python": sys.version.split()[0], "duration": DURATION}
    out = ROOT / "bench" / "results.json"
    out.write_text(
        json.dumps({"machine": machine, "load": timings, "cases": results, "ratios": ratios}, indent=2) + "\n"
    )
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


if __name__ == "__main__":
    modes = {"all": run_all, "soak": run_soak, "memory": run_memory, "explore": run_explore}
    modes[sys.argv[1] if len(sys.argv) > 1 else "all"]()
