"""bench/machine.py: what other work takes of the machine, and the busy-machine rule."""

from __future__ import annotations

from bench.machine import cpu_model, cpu_times, descendants, is_busy, others_share, process_cpu

PROC_STAT = "cpu  100 5 50 800 20 7 3 10 0 0\ncpu0 50 2 25 400 10 3 1 5 0 0\n"


def test_busy_time_counts_processes_and_steal_and_total_counts_every_state():
    # user + nice + system + steal; then idle, iowait, irq and softirq on top
    assert cpu_times(PROC_STAT) == (165, 165 + 800 + 20 + 7 + 3)


def test_a_processs_cpu_time_includes_its_reaped_children_and_survives_spaces_in_its_name():
    stat = "4242 (gunicorn: worker (x)) S 4100 4242 4242 0 -1 4194560 900 0 0 0 70 30 12 8 20 0 3 0 5000"
    assert process_cpu(stat) == (4100, 70 + 30 + 12 + 8)


def test_descendants_are_every_process_under_the_root_and_no_other():
    parents = {10: 1, 11: 10, 12: 11, 13: 10, 20: 1, 21: 20}
    assert descendants(10, parents) == {10, 11, 12, 13}


def test_other_work_is_the_busy_time_the_bench_did_not_use():
    assert others_share(busy=150, total=200, ours=100) == 0.25
    assert others_share(busy=90, total=200, ours=100) == 0  # ours counted a little ahead of /proc/stat
    assert others_share(busy=0, total=0, ours=0) == 0


def test_a_measurement_is_busy_when_other_work_took_more_than_the_limit_before_or_during_it():
    assert not is_busy(0.05, 0.1, limit=0.1)
    assert is_busy(0.11, 0.0, limit=0.1)
    assert is_busy(0.0, 0.4, limit=0.1)


def test_the_cpu_model_is_read_from_cpuinfo_and_unknown_where_it_gives_none():
    cpuinfo = (
        "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Processor\nflags\t: fpu\n"
    )
    assert cpu_model(cpuinfo) == "Intel(R) Xeon(R) Processor"
    assert cpu_model("processor\t: 0\nCPU implementer\t: 0x41\n") == "unknown"
