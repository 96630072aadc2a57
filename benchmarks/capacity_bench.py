"""Capacity: how many people at TF Playground's pace one server carries, compiled vs numpy.

Run: `.venv/bin/python benchmarks/capacity_bench.py` (about two minutes). It starts two
servers at once, `--kernel numpy` and `--kernel compiled` (workers: one per core), and for
1, 8 and 30 jobs of the page's default spec (circle, x1 x2, 4-2 tanh, batch 10, ratio 50%),
each watched by its own WebSocket client, measures each kernel in turn (so both see the
same machine): steps/s per job and in total, the slowest job's epochs/s, REST p50/p99
(GET /api/jobs/{id} every 10 ms from another process, during the window) and the server's
RSS per job, and steps per CPU-second of the server (on a machine that others load, the
share of a CPU each server gets in its window varies; per CPU-second it does not). First
it times a cold start of the compiled server (an empty numba cache): when /api/health
answers, and when the kernel has compiled.

Targets (issue 11): 30 jobs total steps/s compiled >= 5x numpy; one job alone >= 10x;
REST p99 < 50 ms; the slowest job's epochs/s (>= 60 on a two-core laptop) is printed.
"""

import argparse
import asyncio
import multiprocessing
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server_bench import Client, cpu_seconds, free_port, percentile, probe, steps_of, watch

ROOT = Path(__file__).resolve().parents[1]
SPEC = {"dataset": {"name": "circle", "n_samples": 500, "noise": 0, "train_ratio": 50},
        "features": ["x1", "x2"],
        "network": {"hidden": [{"units": 4, "activation": "tanh"},
                               {"units": 2, "activation": "tanh"}]},
        "training": {"learning_rate": 0.03, "batch_size": 10}}
STEPS_PER_EPOCH = 25  # 250 training rows, batch 10


@dataclass
class Server:
    kernel: str
    process: subprocess.Popen
    url: str
    started: float  # monotonic time of the launch
    healthy_after: float = 0.0
    ready_after: float = 0.0


def launch(data_dir: Path, kernel: str, env: dict | None = None) -> Server:
    port = free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    log = open(data_dir.parent / f"server-{kernel}-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "nnplayground", "serve", "--host", "127.0.0.1", "--port",
         str(port), "--data-dir", str(data_dir), "--kernel", kernel],
        stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "backend"), **(env or {})})
    return Server(kernel, process, f"http://127.0.0.1:{port}", time.monotonic())


def wait_ready(server: Server, timeout: float = 300) -> Server:
    """Until /api/health answers, then until it reports the wanted kernel."""
    deadline = server.started + timeout
    while time.monotonic() < deadline:
        try:
            health = httpx.get(f"{server.url}/api/health", timeout=1).json()
        except httpx.TransportError:
            time.sleep(0.05)
            continue
        if not server.healthy_after:
            server.healthy_after = time.monotonic() - server.started
        if health["kernel"] == server.kernel:
            server.ready_after = time.monotonic() - server.started
            return server
        if health["kernel"] == "unavailable":
            raise SystemExit("the compiled kernel is unavailable: see the server log")
        time.sleep(0.05)
    raise SystemExit(f"the {server.kernel} server was not ready after {timeout}s")


def stop(server: Server) -> None:
    server.process.send_signal(signal.SIGTERM)
    server.process.wait(timeout=30)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def measure(server: Server, n_jobs: int, warmup: float, window: float) -> dict:
    url, pid = server.url, server.process.pid
    async with httpx.AsyncClient(base_url=f"{url}/api", timeout=30) as rest:
        rss_before = rss_mib(pid)
        ids = [(await rest.post("/jobs", json={**SPEC, "name": f"capacity {i}"})).json()["id"]
               for i in range(n_jobs)]
        clients, stop_watching = [Client() for _ in ids], asyncio.Event()
        watchers = [asyncio.create_task(watch(url, job_id, client, stop_watching))
                    for job_id, client in zip(ids, clients, strict=True)]
        for job_id in ids:
            await rest.post(f"/jobs/{job_id}/play")
        await asyncio.sleep(warmup)
        kernels = {(await rest.get(f"/jobs/{job_id}")).json()["kernel"] for job_id in ids}
        receiver, sender = multiprocessing.Pipe(duplex=False)
        prober = multiprocessing.get_context("spawn").Process(
            target=probe, args=(url, ids, window, 0.01, sender))
        prober.start()
        before, started, cpu_before = await steps_of(rest, ids), time.monotonic(), cpu_seconds(pid)
        latencies = await asyncio.to_thread(receiver.recv)
        after, elapsed = await steps_of(rest, ids), time.monotonic() - started
        cpu = (cpu_seconds(pid) - cpu_before) / elapsed
        rss_after = rss_mib(pid)
        prober.join()
        stop_watching.set()
        await asyncio.gather(*watchers)
        for job_id in ids:
            await rest.delete(f"/jobs/{job_id}")
    rates = [(b - a) / elapsed for a, b in zip(before, after, strict=True)]
    ordered = sorted(latencies)
    return {"kernel": server.kernel, "jobs": n_jobs, "total": sum(rates),
            "mean": statistics.fmean(rates), "min": min(rates),
            "fair": min(rates) / statistics.fmean(rates) if sum(rates) else 0.0,
            "slowest_epochs": min(rates) / STEPS_PER_EPOCH,
            "rest_p50": percentile(ordered, 50) * 1e3, "rest_p99": percentile(ordered, 99) * 1e3,
            "cpu": cpu, "per_cpu": sum(rates) / cpu if cpu else 0.0,
            "rss_per_job": (rss_after - rss_before) / n_jobs,
            "rss": rss_after, "kernels": ",".join(sorted(kernels))}


def cold_start(tmp: Path) -> Server:
    """A compiled server on an empty numba cache: health first, the kernel when compiled."""
    cold = launch(tmp / "cold" / "data", "compiled", {"NUMBA_CACHE_DIR": str(tmp / "numba")})
    try:
        return wait_ready(cold)
    finally:
        stop(cold)


def report(rows: list[dict], cold: Server, warm: Server, load: tuple[float, float]) -> str:
    lines = [f"Machine: {os.cpu_count()} cores, load average {load[0]:.1f} before and "
             f"{load[1]:.1f} after the run (the machine is shared: compare within a row pair).",
             f"Cold start (empty numba cache): /api/health answered after "
             f"{cold.healthy_after:.1f} s, the kernel compiled after {cold.ready_after:.1f} s.",
             f"Warm start (numba cache): health after {warm.healthy_after:.1f} s, kernel ready "
             f"after {warm.ready_after:.1f} s.", "",
             "| jobs | kernel | total steps/s | per job (min) | min/mean | slowest job epochs/s "
             "| REST p50 / p99 ms | server CPU | steps per CPU-s | RSS MiB (per job) |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        lines.append(
            f"| {row['jobs']} | {row['kernel']} ({row['kernels']}) | {row['total']:,.0f} "
            f"| {row['mean']:,.0f} ({row['min']:,.0f}) | {row['fair']:.2f} "
            f"| {row['slowest_epochs']:,.0f} | {row['rest_p50']:.1f} / {row['rest_p99']:.1f} "
            f"| {row['cpu']:.2f} | {row['per_cpu']:,.0f} "
            f"| {row['rss']:.0f} ({row['rss_per_job']:.2f}) |")
    by = {(row["jobs"], row["kernel"]): row for row in rows}
    lines += ["", "Targets:"]
    for jobs, target, what in ((max(j for j, _ in by), 5, "total steps/s"),
                               (1, 10, "one job alone")):
        if (jobs, "numpy") in by and (jobs, "compiled") in by:
            ratio = by[jobs, "compiled"]["total"] / by[jobs, "numpy"]["total"]
            per_cpu = by[jobs, "compiled"]["per_cpu"] / by[jobs, "numpy"]["per_cpu"]
            lines.append(f"- {what} ({jobs} jobs), compiled vs numpy: {ratio:.1f}x "
                         f"(target >= {target}x) {'met' if ratio >= target else 'MISSED'}; "
                         f"per server CPU-second {per_cpu:.1f}x")
    worst = max(row["rest_p99"] for row in rows)
    lines.append(f"- REST p99 < 50 ms: worst {worst:.1f} ms {'met' if worst < 50 else 'MISSED'}")
    most = max(j for j, _ in by)
    if (most, "compiled") in by:
        lines.append(f"- slowest of {most} compiled jobs: "
                     f"{by[most, 'compiled']['slowest_epochs']:.0f} epochs/s (TF Playground: ~60)")
    lines.append(f"- /api/health within 2 s of start: cold {cold.healthy_after:.1f} s "
                 f"{'met' if cold.healthy_after < 2 else 'MISSED'}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 8, 30])
    parser.add_argument("--window", type=float, default=5.0, help="seconds measured per load")
    parser.add_argument("--warmup", type=float, default=1.5)
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-compile start")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cold = Server("compiled", None, "", 0.0) if args.no_cold else cold_start(tmp)
        servers = [wait_ready(launch(tmp / kernel / "data", kernel))
                   for kernel in ("numpy", "compiled")]
        try:
            rows = [asyncio.run(measure(server, n, args.warmup, args.window))
                    for n in args.jobs for server in servers]
        finally:
            for server in servers:
                stop(server)
    print(report(rows, cold, servers[1], (load_before, os.getloadavg()[0])))


if __name__ == "__main__":
    main()
