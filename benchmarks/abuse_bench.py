"""What one abusive client costs the server: a real server on loopback, bounded in time.

Run: `.venv/bin/python benchmarks/abuse_bench.py` (not a test; about 2-4 minutes).
`--backend DIR` serves another checkout's `backend/` (e.g. main, for "before" figures).
It starts `nnplayground serve` with default settings and measures, in turn:

1. RSS of the server process with `--jobs` (10) jobs of the largest allowed shape
   (16x256, 5,000 samples, batch 1,000, Adam): created and idle, running, and after
   deleting them;
2. the longest `/api/health` answer (polled every 10 ms from another thread) while a
   big JSON body is posted: the invalid one of issue 10 (1.75 MiB of `points` of
   strings), 0.7 MB of 49,999 such points (under the length cap), 1.8 MiB of
   40,000 valid points, and a valid `/predict` of 10,000 rows;
3. `GET /api/jobs` size and time with 500 stored jobs of 5,000 hand points each;
4. how long the process takes to exit on SIGTERM while a long `/step` trains.

Every wait is bounded; a phase that hits its bound reports "> bound".
"""

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
LARGEST = {
    "dataset": {"name": "spiral", "n_samples": 5000, "seed": 1},
    "network": {"hidden": [{"units": 256, "activation": "relu"}] * 16},
    "training": {"batch_size": 1000, "optimizer": "adam", "learning_rate": 0.001},
}
SMALL = {"dataset": {"name": "circle", "n_samples": 200},
         "network": {"hidden": [{"units": 4}]}}
MIB = 2**20


class Server:
    def __init__(self, backend: Path, data_dir: Path):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        env = {**os.environ, "PYTHONPATH": str(backend)}
        self.log = open(data_dir.parent / f"{data_dir.name}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "nnplayground", "serve", "--host", "127.0.0.1",
             "--port", str(self.port), "--data-dir", str(data_dir)],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"
        self.client = httpx.Client(base_url=self.url, timeout=120.0)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.client.get("/api/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise SystemExit("the server did not start")

    def rss_mib(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self, bound: float = 60.0) -> float | None:
        """SIGTERM; the seconds until the process exited, or None past `bound` (then killed)."""
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=bound)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None
        return time.monotonic() - started


def memory(server: Server, jobs: int) -> dict:
    result = {"rss_start_mib": server.rss_mib()}
    ids = []
    for _ in range(jobs):
        response = server.client.post("/api/jobs", json=LARGEST)
        if response.status_code != 201:
            result["refused"] = f"{response.status_code} {response.text[:200]}"
            break
        ids.append(response.json()["id"])
    result["jobs"] = len(ids)
    result["rss_idle_mib"] = server.rss_mib()
    for job_id in ids:
        server.client.post(f"/api/jobs/{job_id}/play")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not all(
            server.client.get(f"/api/jobs/{job_id}").json()["step"] >= 2 for job_id in ids):
        time.sleep(0.5)
    result["rss_running_mib"] = server.rss_mib()
    for job_id in ids:
        server.client.post(f"/api/jobs/{job_id}/pause")
        server.client.delete(f"/api/jobs/{job_id}")
    time.sleep(2)
    result["rss_after_delete_mib"] = server.rss_mib()
    return result


class HealthProbe:
    """Polls /api/health every 10 ms in a thread; the longest answer since `ready()`."""

    def __init__(self, url: str):
        self.url, self.longest, self.answers, self.running = url, 0.0, 0, True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=120.0) as client:
            while self.running:
                started = time.monotonic()
                client.get("/api/health")
                self.longest = max(self.longest, time.monotonic() - started)
                self.answers += 1
                time.sleep(0.01)

    def ready(self) -> None:
        """After a few answers (the client connected), measure from now on."""
        while self.answers < 3:
            time.sleep(0.01)
        self.longest = 0.0

    def stop(self) -> float:
        self.running = False
        self.thread.join()
        return self.longest


def big_body(server: Server, path: str, body: bytes) -> dict:
    probe = HealthProbe(server.url)
    time.sleep(0.3)
    started = time.monotonic()
    try:
        response = server.client.post(path, content=body,
                                      headers={"content-type": "application/json"})
        answer = {"status": response.status_code, "answer_bytes": len(response.content)}
    except httpx.TransportError as error:
        answer = {"status": f"transport error: {error!r}"[:120]}
    answer["seconds"] = round(time.monotonic() - started, 3)
    answer["body_bytes"] = len(body)
    answer["longest_health_ms"] = round(probe.stop() * 1000, 1)
    return answer


def quiet_health(server: Server, seconds: float = 3.0) -> float:
    """The longest /api/health answer with no big body: this machine's own noise."""
    probe = HealthProbe(server.url)
    time.sleep(seconds)
    return round(probe.stop() * 1000, 1)


def bodies(server: Server) -> dict:
    rows = (2 * MIB - 40) // 16  # `["a","b","c"],` is 16 bytes
    invalid = json.dumps({"dataset": {"points": [["a", "b", "c"]] * rows}},
                         separators=(",", ":")).encode()
    job_id = server.client.post("/api/jobs", json=SMALL).json()["id"]
    value = 0.1234567890123456
    predict = json.dumps({"points": [[value, -value]] * 10_000}).encode()
    # Valid for the spec models (then refused by the configured max_samples): all parsed
    # and validated.
    points = json.dumps({"dataset": {"points": [[value, -value, 1]] * 40_000}}).encode()
    # Within every length cap: 150,000 element errors to build.
    under_cap = json.dumps({"dataset": {"points": [["a", "b", "c"]] * 49_999}}).encode()
    result = {"no_body_health_ms": quiet_health(server),
              "invalid_points": big_body(server, "/api/jobs", invalid),
              "invalid_under_cap": big_body(server, "/api/jobs", under_cap),
              "valid_points": big_body(server, "/api/jobs", points),
              "valid_predict": big_body(server, f"/api/jobs/{job_id}/predict", predict)}
    server.client.delete(f"/api/jobs/{job_id}")
    return result


def job_list(server: Server, count: int) -> dict:
    points = [[(i % 100) / 50 - 1, (i // 100) / 25 - 1, i % 2] for i in range(5000)]
    spec = {"dataset": {"points": points}, "network": {"hidden": [{"units": 4}]}}
    body = json.dumps(spec).encode()
    created = 0
    for _ in range(count):
        response = server.client.post("/api/jobs", content=body,
                                      headers={"content-type": "application/json"})
        if response.status_code != 201:
            return {"created": created, "refused": f"{response.status_code} "
                                                   f"{response.text[:200]}"}
        created += 1
    started = time.monotonic()
    response = server.client.get("/api/jobs")
    return {"created": created, "status": response.status_code,
            "answer_mib": round(len(response.content) / MIB, 2),
            "seconds": round(time.monotonic() - started, 3)}


def sigterm_during_step(server: Server) -> dict:
    spec = {**LARGEST, "training": {**LARGEST["training"], "batch_size": 1}}
    job_id = server.client.post("/api/jobs", json=spec).json()["id"]

    def step() -> None:
        with contextlib.suppress(httpx.HTTPError):  # the server goes away mid-step
            server.client.post(f"/api/jobs/{job_id}/step", json={"epochs": 100}, timeout=90)

    threading.Thread(target=step, daemon=True).start()
    time.sleep(2)
    seconds = server.stop(bound=60)
    return {"sigterm_exit_seconds": round(seconds, 2) if seconds is not None else "> 60"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", type=Path, default=ROOT / "backend",
                        help="the backend/ folder whose code the server runs")
    parser.add_argument("--jobs", type=int, default=10, help="largest jobs for the RSS part")
    parser.add_argument("--list-jobs", type=int, default=500)
    parser.add_argument("--only", choices=["memory", "bodies", "job_list", "sigterm"],
                        action="append", help="run only these phases (repeatable)")
    args = parser.parse_args()
    wanted = set(args.only or ["memory", "bodies", "job_list", "sigterm"])
    phases = [(name, phase) for name, phase in (
        ("memory", lambda server: memory(server, args.jobs)), ("bodies", bodies),
        ("job_list", lambda server: job_list(server, args.list_jobs))) if name in wanted]
    last = [("sigterm", sigterm_during_step)] if "sigterm" in wanted else []
    results = {}
    with tempfile.TemporaryDirectory(prefix="abuse-bench-") as tmp:
        for data_dir, run in ((Path(tmp) / "data", phases), (Path(tmp) / "data2", last)):
            if not run:
                continue
            data_dir.mkdir()
            server = Server(args.backend.resolve(), data_dir)
            try:
                for name, phase in run:
                    results[name] = phase(server)
                    print(name, json.dumps(results[name]), flush=True)
            finally:
                if server.process.poll() is None:
                    server.process.kill()
    print(json.dumps(results, indent=2))

if __name__ == "__main__":
    main()
