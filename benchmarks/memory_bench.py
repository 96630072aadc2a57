"""Memory of the largest jobs in a real server process (issue 10, item 1). Not a test.

Run: `.venv/bin/python benchmarks/memory_bench.py [--source DIR] [--jobs 10]`. It starts
a server (the code under `--source`, default this checkout's backend) on loopback with a
2 s idle-session time where the code has that setting, then reads the process's RSS:
after start; with N jobs of the largest allowed shape (16x256, 5,000 samples, batch
1,000, Adam) created; while all of them run; paused; once the idle sessions were
unloaded; after deleting every job. Point `--source` at an older checkout to compare.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
LARGEST = {
    "dataset": {"name": "spiral", "n_samples": 5000},
    "network": {"hidden": [{"units": 256, "activation": "tanh"}] * 16},
    "training": {"batch_size": 1000, "optimizer": "adam", "learning_rate": 0.001},
}
LAUNCH = """
import sys, uvicorn
from pathlib import Path
from nnplayground.api.app import create_app
from nnplayground.limits import Limits
from nnplayground.settings import Settings
names = set(Settings.model_fields)
options = {"idle_session_seconds": 2.0} if "idle_session_seconds" in names else {}
limits = Limits(max_running_jobs=64)
uvicorn.run(create_app(Settings(data_dir=Path(sys.argv[1]), limits=limits, **options)),
            host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, timeout: float = 300.0, every: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        time.sleep(every)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", type=Path, default=ROOT / "backend")
    parser.add_argument("--jobs", type=int, default=10)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "PYTHONPATH": str(args.source)}
        server = subprocess.Popen([sys.executable, "-c", LAUNCH, data, str(port)], env=env)
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120)
        try:
            wait_until(lambda: healthy(client), timeout=30)
            figures = measure(client, server.pid, args.jobs)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
    print(f"source: {args.source}")
    for stage, megabytes in figures:
        print(f"  {stage:<34} RSS {megabytes:8.0f} MB")


def healthy(client: httpx.Client) -> bool:
    try:
        return client.get("/api/health").status_code == 200
    except httpx.TransportError:
        return False


def measure(client: httpx.Client, pid: int, n: int) -> list[tuple[str, float]]:
    figures = [("started", rss_mb(pid))]
    ids = []
    for _ in range(n):
        answer = client.post("/api/jobs", json=LARGEST)
        answer.raise_for_status()
        ids.append(answer.json()["id"])
    figures.append((f"{n} largest jobs created", rss_mb(pid)))
    for job_id in ids:
        client.post(f"/api/jobs/{job_id}/play").raise_for_status()
    wait_until(lambda: all(client.get(f"/api/jobs/{i}").json()["step"] >= 3 for i in ids))
    figures.append((f"{n} running (3+ steps each)", rss_mb(pid)))
    for job_id in ids:
        client.post(f"/api/jobs/{job_id}/pause").raise_for_status()
    figures.append((f"{n} paused", rss_mb(pid)))
    time.sleep(6)  # the idle time (2 s) and the unloader's turn
    figures.append((f"{n} paused, 6 s later", rss_mb(pid)))
    for job_id in ids:
        client.delete(f"/api/jobs/{job_id}").raise_for_status()
    figures.append(("all deleted", rss_mb(pid)))
    return figures


if __name__ == "__main__":
    main()
