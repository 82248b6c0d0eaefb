"""The machine the bench measures on: its load averages, and the share of its CPU time that other
work takes (the load average cannot tell the bench's own servers and wrk from other people's
work; /proc can). A measurement during which other work took more than a set share is busy."""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path


def cpu_times(proc_stat: str) -> tuple[int, int]:
    """(busy, total) jiffies of every CPU since boot, from the text of /proc/stat. Busy is time
    spent in processes (which own_cpu can attribute) and stolen by other virtual machines;
    interrupts are left out, being mostly the bench's own loopback traffic, which no process is
    charged for."""
    user, nice, system, idle, iowait, irq, softirq, steal = (int(v) for v in proc_stat.split()[1:9])
    busy = user + nice + system + steal
    return busy, busy + idle + iowait + irq + softirq


def process_cpu(stat: str) -> tuple[int, int]:
    """(parent pid, jiffies) from the text of /proc/PID/stat: the process's own time and that of
    the children it has reaped. (The command name, in parentheses, may hold spaces.)"""
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[1]), sum(int(v) for v in fields[11:15])  # ppid; utime, stime, cutime, cstime


def descendants(root: int, parents: dict[int, int]) -> set[int]:
    """`root` and every process under it, from each process's parent."""
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    ours, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid not in ours:
            ours.add(pid)
            todo += children.get(pid, [])
    return ours


def own_cpu() -> int:
    """Jiffies used so far by this process and every process it started (the servers, wrk), those
    that ended included."""
    parents, times = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)], times[int(stat.parent.name)] = process_cpu(stat.read_text())
        except OSError:
            continue  # it ended meanwhile
    return sum(times.get(pid, 0) for pid in descendants(os.getpid(), parents))


def others_share(busy: int, total: int, ours: int) -> float:
    """The share of `total` jiffies that went to other work: all the `busy` ones less `ours`."""
    return max(0, busy - ours) / max(1, total)


def is_busy(others_before: float, others_during: float, limit: float) -> bool:
    """Busy: other work took more than `limit` of the CPU just before a measurement or during it."""
    return max(others_before, others_during) > limit


class OthersCpu:
    """The share of the machine's CPU time other work uses between start() and share()."""

    def start(self) -> None:
        (self.busy, self.total), self.ours = cpu_times(Path("/proc/stat").read_text()), own_cpu()

    def share(self) -> float:
        (busy, total), ours = cpu_times(Path("/proc/stat").read_text()), own_cpu()
        return others_share(busy - self.busy, total - self.total, ours - self.ours)


def others_cpu(seconds: float = 1.0) -> float:
    """What other work takes of the machine over `seconds`."""
    others = OthersCpu()
    others.start()
    time.sleep(seconds)
    return others.share()


def quiet_machine(limit: float, wait: float) -> dict:
    """Taken before each measurement: the load averages (the 1-minute one still holds the bench's
    previous case) and the CPU share other work uses, waiting up to `wait` seconds for that share
    to fall to `limit`; and how long it waited."""
    started = time.monotonic()
    others = others_cpu()
    if others > limit and wait > 0:
        print(f"  other work uses {others:.0%} of the CPU: waiting up to {wait:.0f} s for a quiet machine", flush=True)  # fmt: skip
    while others > limit and time.monotonic() < started + wait:
        time.sleep(2)
        others = others_cpu()
    return {"loadavg": [round(x, 2) for x in os.getloadavg()], "others_cpu_before": round(others, 3),
            "waited_s": round(max(0.0, time.monotonic() - started - 1), 1)}  # fmt: skip


def cpu_model(cpuinfo: str) -> str:
    """The processor's name, from the text of /proc/cpuinfo ("unknown" where it gives none)."""
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "model name":
            return value.strip()
    return "unknown"


def python_speed_ms(repeats: int = 5) -> float:
    """The best of `repeats` timings of a fixed piece of pure-Python work (dict, string and list
    operations, as the loader does), in ms: the same code measured on two machines, or on one
    machine on two days, can only be compared beside this."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        rows = [{"key": f"figure-{i}", "value": i % 97} for i in range(200_000)]
        sorted(rows, key=lambda row: (row["value"], row["key"]))
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def facts() -> dict:
    """What a recorded figure needs beside it to be compared with another machine's."""
    try:
        model = cpu_model(Path("/proc/cpuinfo").read_text())
    except OSError:
        model = platform.processor() or "unknown"
    return {"cpus": os.cpu_count(), "cpu_model": model, "python": sys.version.split()[0],
            "python_speed_ms": python_speed_ms()}  # fmt: skip
