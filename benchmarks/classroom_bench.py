"""The teacher's view of a class: 30 students, each with a running job, one teacher page.

Run: `.venv/bin/python benchmarks/classroom_bench.py [--students 30] [--seconds 10]`.
It starts `nnplayground serve --multi-user` on 127.0.0.1, lets each of N students (their
own bearer token) create and play one job (circle, two tanh layers of 4 and 2; numpy
kernel), then measures two windows of equal length:
1. training alone: total steps/s of the class and the server's CPU (from /proc);
2. the same while one client polls GET /api/teacher/overview as the teacher page does
   (every 800 ms, less the request's own time): refreshes/s, the request's time at the
   client (p50/p99), the server's own time per refresh (the answer's `milliseconds`), the
   answer's size, and the class's steps/s meanwhile as a ratio of window 1.
3. training alone again, for the machine's own noise.
The server's cost of the overview as a share of one core: CPU ms per refresh (the
answer's `cpu_milliseconds`, the thread's own CPU time) x refreshes/s.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.utils.server import running_server  # noqa: E402

TEACHER = "benchmark-teacher-token-0123456789"
JOB = {"dataset": {"name": "circle", "n_samples": 200},
       "network": {"hidden": [{"units": 4}, {"units": 2}]}, "autostart": True}
REFRESH_S = 0.8  # as frontend/js/teacher.js


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def total_steps(teacher: httpx.Client) -> int:
    return sum(item["step"] for item in teacher.get("/api/jobs?limit=500").json()["items"])


def window(server, teacher: httpx.Client, seconds: float, poll: bool) -> dict:
    steps, cpu, started = total_steps(teacher), cpu_seconds(server.process.pid), time.monotonic()
    latencies, server_ms, cpu_ms, sizes = [], [], [], []
    while time.monotonic() - started < seconds:
        if not poll:
            time.sleep(0.2)
            continue
        begun = time.perf_counter()
        answer = teacher.get("/api/teacher/overview")
        latencies.append((time.perf_counter() - begun) * 1000)
        server_ms.append(answer.json()["milliseconds"])
        cpu_ms.append(answer.json()["cpu_milliseconds"])
        sizes.append(len(answer.content))
        time.sleep(max(0.0, REFRESH_S - (time.perf_counter() - begun)))
    wall = time.monotonic() - started
    result = {"steps_per_s": (total_steps(teacher) - steps) / wall,
              "cpu_share": (cpu_seconds(server.process.pid) - cpu) / wall}
    if poll:
        latencies.sort()
        result.update(refreshes_per_s=len(latencies) / wall,
                      client_p50_ms=statistics.median(latencies),
                      client_p99_ms=latencies[min(len(latencies) - 1,
                                                  int(0.99 * len(latencies)))],
                      server_ms_mean=statistics.mean(server_ms),
                      server_ms_max=max(server_ms), cpu_ms_mean=statistics.mean(cpu_ms),
                      bytes=statistics.mean(sizes))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    env = {"NNPLAYGROUND_MULTI_USER": "1", "NNPLAYGROUND_TEACHER_TOKEN": TEACHER,
           "NNPLAYGROUND_KERNEL": "numpy", "NNPLAYGROUND_IDLE_PAUSE_S": "3600"}
    with tempfile.TemporaryDirectory() as data, \
            running_server(Path(data) / "data", extra_env=env) as server, \
            httpx.Client(base_url=server.url, timeout=30,
                         headers={"Authorization": f"Bearer {TEACHER}"}) as teacher:
        for student in range(args.students):
            token = f"student-{student:02d}-" + "x" * 32
            created = httpx.post(f"{server.url}/api/jobs", json=JOB, timeout=30,
                                 headers={"Authorization": f"Bearer {token}"})
            created.raise_for_status()
        teacher.get("/api/teacher/overview")  # draws every picture once
        alone = window(server, teacher, args.seconds, poll=False)
        polled = window(server, teacher, args.seconds, poll=True)
        again = window(server, teacher, args.seconds, poll=False)  # the noise of the machine
    print(f"{args.students} running jobs, {args.seconds:.0f} s windows, "
          f"{os.cpu_count()} cores")
    print(f"training alone:     {alone['steps_per_s']:9.0f} steps/s, server CPU "
          f"{alone['cpu_share']:.2f} cores")
    print(f"training alone again: {again['steps_per_s']:7.0f} steps/s "
          f"({again['steps_per_s'] / alone['steps_per_s']:.2f} of the first), server CPU "
          f"{again['cpu_share']:.2f} cores")
    print(f"with teacher view:  {polled['steps_per_s']:9.0f} steps/s "
          f"({polled['steps_per_s'] / alone['steps_per_s']:.2f} of alone), server CPU "
          f"{polled['cpu_share']:.2f} cores")
    core_percent = polled["cpu_ms_mean"] * polled["refreshes_per_s"] / 10
    print(f"teacher view: {polled['refreshes_per_s']:.2f} refreshes/s; request "
          f"p50 {polled['client_p50_ms']:.1f} ms, p99 {polled['client_p99_ms']:.1f} ms at "
          f"the client; {polled['server_ms_mean']:.1f} ms (max {polled['server_ms_max']:.1f})"
          f" in the server per refresh, of it {polled['cpu_ms_mean']:.1f} ms CPU = "
          f"{core_percent:.1f}% of one core; "
          f"{polled['bytes'] / 1024:.1f} KiB an answer")


if __name__ == "__main__":
    main()
