"""Neuron pictures of the biggest network the limits allow (16 hidden layers of 256 units):
the preview's size and time, and the stream's model messages, with every unit drawn and
with the page's cap of units per layer.

Run: `.venv/bin/python -m benchmarks.big_network_bench` (not a test; under a minute). It
starts a real server on loopback; compare the two rows of one run (the machine's load moves
both alike), e.g. as the ratio it prints.
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from tests.utils.server import running_server
from websockets.asyncio.client import connect

SPEC = {"dataset": {"name": "circle", "n_samples": 500},
        "network": {"hidden": [{"units": 256, "activation": "relu"}] * 16}}


def preview(client: httpx.Client, cap: int | None, repeats: int) -> tuple[int, float]:
    """Bytes of the preview's answer and its median milliseconds."""
    query = "" if cap is None else f"?units_per_layer={cap}"
    sizes, times = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        answer = client.post(f"/api/preview{query}", json=SPEC)
        times.append((time.perf_counter() - started) * 1000)
        answer.raise_for_status()
        sizes.append(len(answer.content))
    return sizes[-1], statistics.median(times)


async def model_messages(ws_url: str, job_id: str, cap: int | None, count: int) -> list[int]:
    """Sizes of the first `count` model messages of a running job's stream."""
    query = "" if cap is None else f"?units_per_layer={cap}"
    sizes = []
    async with connect(f"{ws_url}/api/jobs/{job_id}/stream{query}", max_size=None) as ws:
        await ws.send('{"action": "play"}')
        while len(sizes) < count:
            text = await ws.recv()
            if text.startswith('{"type":"model"') or '"type": "model"' in text[:30]:
                sizes.append(len(text))
        await ws.send('{"action": "pause"}')
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cap", type=int, default=16, help="units per layer the page draws")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory, running_server(
            Path(directory) / "data") as server, httpx.Client(base_url=server.url,
                                                              timeout=120) as client:
        print("16x256 ReLU on circle: POST /api/preview (bytes, median ms)")
        rows = {}
        for label, cap in (("every unit", 256), (f"{args.cap} per layer", args.cap)):
            rows[label] = preview(client, cap, args.repeats)
            print(f"  {label:>14}: {rows[label][0]:>11,} bytes {rows[label][1]:>8.0f} ms")
        (big, big_ms), (small, small_ms) = rows.values()
        print(f"  ratio: {big / small:.0f}x smaller, {big_ms / small_ms:.0f}x faster")
        job_id = client.post("/api/jobs", json=SPEC).json()["id"]
        print("stream: model messages while it trains (bytes each)")
        for label, cap in (("every unit", 256), (f"{args.cap} per layer", args.cap)):
            sizes = asyncio.run(model_messages(server.ws_url, job_id, cap, 3))
            print(f"  {label:>14}: " + ", ".join(f"{size:,}" for size in sizes))


if __name__ == "__main__":
    main()
