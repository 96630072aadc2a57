"""The training service under load: a real server on loopback, every job watched over WebSocket.

Run: `.venv/bin/python benchmarks/server_bench.py` (or `make bench`). It starts
`nnplayground serve` on 127.0.0.1 and, for 1, 8 and 32 jobs of one spec (spiral,
two tanh layers of 8, batch 10), each watched by its own WebSocket client:
0. times the raw engine (`Learner.run_steps` on the same data, in this process) while
   the server is idle, right before the load: the reference, in the same run;
1. plays every job and, for a window, measures steps/s per job and in total, the CPU
   the server process used, metrics and boundary messages/s per client, and the lag
   from a metrics message's publication (`published_at`) to its arrival;
2. for a second window, also reads the jobs over REST (GET /api/jobs/{id} every 10 ms,
   from a separate process so that the clients' JSON parsing does not inflate it):
   REST p50/p99, and the training rate meanwhile.

Targets (issue 5): one streamed job >= 80% of the raw engine; with 32 jobs no job
below half the mean; REST p99 < 50 ms."""

import argparse
import asyncio
import json
import multiprocessing
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "backend"))

from nnplayground.spec import JobSpec  # noqa: E402
from nnplayground.training import TrainingSession  # noqa: E402

SPEC = {
    "dataset": {"name": "spiral", "n_samples": 500, "noise": 10, "train_ratio": 50, "seed": 1},
    "network": {"hidden": [{"units": 8, "activation": "tanh"},
                           {"units": 8, "activation": "tanh"}]},
    "training": {"learning_rate": 0.03, "batch_size": 10},
}


# --- the reference, in this process ---------------------------------------------------------

def raw_rates(seconds: float) -> tuple[float, float]:
    """(engine steps/s, session steps/s) on SPEC, each timed for about `seconds`."""
    session = TrainingSession(JobSpec.model_validate(SPEC))
    learner, batch = session.learner, session.batch_size

    def engine(steps: int) -> None:
        learner.run_steps(session.X_train, session.Y_train, steps, batch)

    return rate(engine, seconds), rate(session.run, seconds)


def rate(train, seconds: float, chunk: int = 500) -> float:
    train(chunk)  # warm up
    steps, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        train(chunk)
        steps += chunk
    return steps / (time.perf_counter() - started)


# --- the server -----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data_dir: Path, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = open(data_dir.parent / "server.log", "w")  # noqa: SIM115 (lives with the server)
    process = subprocess.Popen(
        [sys.executable, "-m", "nnplayground", "serve", "--host", "127.0.0.1", "--port",
         str(port), "--data-dir", str(data_dir), "--workers", str(workers),
         "--kernel", "numpy"],  # its reference is the numpy engine; capacity_bench: compiled
        stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "backend")})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"server did not start; see {log.name}")


# --- the REST prober (own process) -------------------------------------------------------------

def probe(url: str, job_ids: list[str], seconds: float, every: float, out) -> None:
    latencies = []
    with httpx.Client(base_url=url, timeout=10) as client:
        client.get(f"/api/jobs/{job_ids[0]}")
        deadline, index = time.monotonic() + seconds, 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            response = client.get(f"/api/jobs/{job_ids[index % len(job_ids)]}")
            latencies.append(time.perf_counter() - started)
            response.raise_for_status()
            index += 1
            time.sleep(every)
    out.send(latencies)


# --- the WebSocket clients (this process) ------------------------------------------------------

@dataclass
class Client:
    counts: dict[str, int] = field(default_factory=dict)
    lags: list[float] = field(default_factory=list)
    counting: bool = False


async def watch(url: str, job_id: str, client: Client, stop: asyncio.Event) -> None:
    async with connect(f"{url.replace('http', 'ws')}/api/jobs/{job_id}/stream",
                       max_size=None) as socket_:
        while not stop.is_set():
            try:
                text = await asyncio.wait_for(socket_.recv(), timeout=0.5)
            except TimeoutError:
                continue
            received = time.time()
            message = json.loads(text)
            if not client.counting:
                continue
            kind = message["type"]
            client.counts[kind] = client.counts.get(kind, 0) + 1
            if kind == "metrics":
                client.lags.append(received - message["published_at"])


@dataclass
class Result:
    jobs: int
    engine: float  # raw engine steps/s, measured just before this load
    rates: list[float]
    rest: list[float]
    clients: list[Client]
    seconds: float
    server_cpu: float  # CPU seconds the server used per second of the window
    probed_total: float  # steps/s of all jobs together while REST was probed

    def row(self) -> dict:
        mean = statistics.fmean(self.rates)
        rest = sorted(self.rest)
        lags = sorted(lag for client in self.clients for lag in client.lags)
        per_client = [client.counts.get("metrics", 0) / self.seconds for client in self.clients]
        boundary = [client.counts.get("boundary", 0) / self.seconds for client in self.clients]
        return {
            "jobs": self.jobs, "engine": self.engine, "server_cpu": self.server_cpu,
            "probed_total": self.probed_total,
            "mean": mean, "min": min(self.rates), "total": sum(self.rates),
            "fair": min(self.rates) / mean if mean else 0.0,
            "rest_p50": percentile(rest, 50) * 1e3, "rest_p99": percentile(rest, 99) * 1e3,
            "rest_n": len(rest),
            "metrics_msgs": statistics.fmean(per_client), "metrics_min": min(per_client),
            "boundary_msgs": statistics.fmean(boundary),
            "lag_p50": percentile(lags, 50) * 1e3 if lags else float("nan"),
            "lag_p99": percentile(lags, 99) * 1e3 if lags else float("nan"),
        }


def percentile(ordered: list[float], q: float) -> float:
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


async def measure(url: str, pid: int, n_jobs: int, warmup: float, window: float) -> Result:
    async with httpx.AsyncClient(base_url=f"{url}/api", timeout=30) as rest:
        for job in (await rest.get("/jobs")).json():
            await rest.delete(f"/jobs/{job['id']}")
        # The machine is shared: time the reference right before, with the server idle.
        engine, _ = raw_rates(2.0)
        ids = [(await rest.post("/jobs", json={**SPEC, "name": f"bench {i}"})).json()["id"]
               for i in range(n_jobs)]
        clients, stop = [Client() for _ in ids], asyncio.Event()
        watchers = [asyncio.create_task(watch(url, job_id, client, stop))
                    for job_id, client in zip(ids, clients, strict=True)]
        await asyncio.sleep(0.5)
        for job_id in ids:
            await rest.post(f"/jobs/{job_id}/play")
        await asyncio.sleep(warmup)

        # Phase 1: training and streaming only.
        before = await steps_of(rest, ids)
        started, cpu_before = time.monotonic(), cpu_seconds(pid)
        for client in clients:
            client.counting = True
        await asyncio.sleep(window)
        for client in clients:
            client.counting = False
        elapsed = time.monotonic() - started
        cpu = (cpu_seconds(pid) - cpu_before) / elapsed
        after = await steps_of(rest, ids)

        # Phase 2: the same, while a prober process reads jobs over REST.
        receiver, sender = multiprocessing.Pipe(duplex=False)
        prober = multiprocessing.get_context("spawn").Process(
            target=probe, args=(url, ids, window, 0.01, sender))
        prober.start()
        probed_before, probe_started = await steps_of(rest, ids), time.monotonic()
        latencies = await asyncio.to_thread(receiver.recv)
        probed_after = await steps_of(rest, ids)
        probed = (sum(probed_after) - sum(probed_before)) / (time.monotonic() - probe_started)
        prober.join()

        for job_id in ids:
            await rest.post(f"/jobs/{job_id}/pause")
        stop.set()
        await asyncio.gather(*watchers)
    rates = [(b - a) / elapsed for a, b in zip(before, after, strict=True)]
    return Result(n_jobs, engine, rates, latencies, clients, elapsed, cpu, probed)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def steps_of(rest: httpx.AsyncClient, ids: list[str]) -> list[int]:
    return [(await rest.get(f"/jobs/{job_id}")).json()["step"] for job_id in ids]


# --- report ----------------------------------------------------------------------------------

def report(engine: float, session: float, rows: list[dict]) -> str:
    lines = [
        f"Raw engine (Learner.run_steps, this process): {engine:,.0f} steps/s; "
        f"bare TrainingSession.run: {session:,.0f} steps/s ({session / engine:.0%}). "
        "Each load is compared with the raw engine timed just before it.",
        "",
        "| jobs | steps/s per job (mean) | min / mean | total steps/s | total vs raw engine "
        "| server CPU (cores) | metrics msgs/s per client (min) | boundary msgs/s "
        "| lag p50 / p99 ms | REST p50 / p99 ms (n) | total steps/s while probed |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['jobs']} | {row['mean']:,.0f} | {row['fair']:.2f} | {row['total']:,.0f} "
            f"| {row['total'] / row['engine']:.0%} | {row['server_cpu']:.2f} "
            f"| {row['metrics_msgs']:.1f} ({row['metrics_min']:.1f}) "
            f"| {row['boundary_msgs']:.1f} | {row['lag_p50']:.0f} / {row['lag_p99']:.0f} "
            f"| {row['rest_p50']:.1f} / {row['rest_p99']:.1f} ({row['rest_n']}) "
            f"| {row['probed_total']:,.0f} |")
    lines += ["", "Targets:"]
    one = next((row for row in rows if row["jobs"] == 1), None)
    if one:
        share = one["mean"] / one["engine"]
        lines.append(f"- one streamed job >= 80% of the raw engine: {share:.0%} "
                     f"{verdict(share >= 0.8)}")
    many = max(rows, key=lambda row: row["jobs"])
    lines.append(f"- with {many['jobs']} jobs no job below half the mean: min/mean "
                 f"{many['fair']:.2f} {verdict(many['fair'] >= 0.5)}")
    worst = max(row["rest_p99"] for row in rows)
    lines.append(f"- REST p99 < 50 ms: worst {worst:.1f} ms {verdict(worst < 50)}")
    return "\n".join(lines)


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--window", type=float, default=8.0, help="seconds measured per load")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--workers", type=int, default=1, help="the server's --workers")
    args = parser.parse_args()

    engine, session = raw_rates(2.0)
    with tempfile.TemporaryDirectory() as tmp:
        process, url = start_server(Path(tmp) / "data", args.workers)
        try:
            rows = [asyncio.run(measure(url, process.pid, n, args.warmup, args.window)).row()
                    for n in args.jobs]
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)
    print(report(engine, session, rows))


if __name__ == "__main__":
    main()
