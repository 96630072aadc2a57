"""How long a big valid JSON body holds the event loop, against a small one, in one server.

Run: `.venv/bin/python benchmarks/body_stall_bench.py` (not a test; about a minute).
`--backend DIR` serves another checkout's `backend/` (e.g. main, for "before" figures).

A real server on loopback; /api/health is polled every 10 ms from another thread while
each body is posted (`--repeats` times). The stall of a post is the longest health answer
meanwhile; the table gives the least and the median stall per body (other load only adds
to a stall, so the least is the body's own) and their ratios to the small body's (ratios,
not milliseconds, compare across machines and loads).
"""

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from abuse_bench import ROOT, SMALL, HealthProbe, Server


def points(n: int, rng: random.Random) -> list[list[float]]:
    return [[rng.uniform(-6, 6), rng.uniform(-6, 6), rng.randint(0, 1)] for _ in range(n)]


def bodies(job_id: str) -> dict[str, tuple[str, str, bytes]]:
    """name -> (method, path, body): a small create, then the biggest valid bodies."""
    rng = random.Random(0)
    most = {"dataset": {"points": points(5000, rng)}, "network": {"hidden": [{"units": 4}]}}
    predict = {"points": [[rng.uniform(-6, 6), rng.uniform(-6, 6)] for _ in range(10_000)]}
    # Valid for the spec models, then refused by the configured max_samples (5,000).
    beyond = {"dataset": {"points": points(40_000, rng)}}
    return {
        "small create": ("POST", "/api/jobs", json.dumps(SMALL).encode()),
        "create, 5,000 points": ("POST", "/api/jobs", json.dumps(most).encode()),
        "predict, 10,000 rows": ("POST", f"/api/jobs/{job_id}/predict",
                                 json.dumps(predict).encode()),
        "40,000 points (422)": ("POST", "/api/jobs", json.dumps(beyond).encode()),
    }


def stall(server: Server, method: str, path: str, body: bytes) -> tuple[float, int]:
    """The longest /api/health answer (ms) while the body is posted, and the status."""
    probe = HealthProbe(server.url)
    probe.ready()
    response = server.client.request(method, path, content=body,
                                     headers={"content-type": "application/json"})
    time.sleep(0.02)
    longest = probe.stop()
    if response.status_code == 201:
        server.client.delete(f"/api/jobs/{response.json()['id']}")
    return longest * 1000, response.status_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", type=Path, default=ROOT / "backend")
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        server = Server(args.backend.resolve(), Path(scratch) / "data")
        try:
            job_id = server.client.post("/api/jobs", json=SMALL).json()["id"]
            rows = []
            for name, (method, path, body) in bodies(job_id).items():
                runs = [stall(server, method, path, body) for _ in range(args.repeats)]
                stalls = [ms for ms, _ in runs]
                rows.append((name, len(body), runs[0][1], min(stalls),
                             statistics.median(stalls)))
        finally:
            server.stop()
    least, median = rows[0][3], rows[0][4]
    print(f"{'body':24} {'KiB':>6} {'status':>6} {'least ms':>9} {'x small':>8} "
          f"{'median ms':>10} {'x small':>8}")
    for name, size, status, low, middle in rows:
        print(f"{name:24} {size / 1024:6.0f} {status:6} {low:9.1f} {low / least:8.1f} "
              f"{middle:10.1f} {middle / median:8.1f}")


if __name__ == "__main__":
    main()
