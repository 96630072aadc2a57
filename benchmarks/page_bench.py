"""The page under a long run: render rate, frames per second, JS heap, responsiveness.

Run: `.venv/bin/python benchmarks/page_bench.py [--minutes 3] [--epochs 50000]`. It starts
`nnplayground serve` on 127.0.0.1 and, in headless Chromium (Debian's), opens the page on
1. a synthetic long history: a job of tiny data trained by `POST /step` to `--epochs`
   epochs (one step per epoch), opened at rest and measured while the page idles, then
2. the same job played at `--speed` (default max) for `--minutes`, every 30 s:
   loss-chart redraws per second, animation frames per second, the JS heap, points per
   drawn loss trace, the main thread's long-task share, and the round trip of a trivial
   evaluate (how long a click would wait). Screenshots go to test-artifacts/bench/.
Numbers are for one machine at one time: compare them within a run, not across runs."""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.utils.server import running_server

OUT = Path(__file__).resolve().parents[1] / "test-artifacts" / "bench"
PROBES = """() => {
  window.__bench = {redraws: 0, frames: 0, longTasks: 0};
  const chart = document.querySelector('[data-testid=loss-chart] .js-plotly-plot');
  chart.on('plotly_afterplot', () => { window.__bench.redraws += 1; });
  const frame = () => { window.__bench.frames += 1; requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.longTasks += entry.duration;
  }).observe({type: 'longtask', buffered: false});
}"""
SAMPLE = """() => {
  const b = window.__bench;
  const taken = {...b, heap: performance.memory.usedJSHeapSize,
    points: Math.max(...document.querySelector('[data-testid=loss-chart] .js-plotly-plot').data
      .map(t => t.x.length)),
    epoch: Number(document.querySelector('[data-testid=epoch]').textContent)};
  b.redraws = 0; b.frames = 0; b.longTasks = 0;
  return taken;
}"""


def long_history(url: str, epochs: int) -> str:
    spec = {"dataset": {"name": "circle", "n_samples": 20, "seed": 1},
            "training": {"batch_size": 10}, "name": "long history"}
    job = httpx.post(f"{url}/api/jobs", json=spec).json()
    with httpx.Client(timeout=60) as client:
        for _ in range(epochs // 100):
            client.post(f"{url}/api/jobs/{job['id']}/step", json={"epochs": 100})
    return job["id"]


def measure(page, seconds: float) -> dict:
    page.evaluate(SAMPLE)
    time.sleep(seconds)
    started = time.perf_counter()
    page.evaluate("() => 1")
    round_trip = (time.perf_counter() - started) * 1000
    taken = page.evaluate(SAMPLE)
    return {"redraws/s": taken["redraws"] / seconds, "frames/s": taken["frames"] / seconds,
            "long tasks %": 100 * taken["longTasks"] / 1000 / seconds,
            "heap MB": taken["heap"] / 2**20, "points/trace": taken["points"],
            "epoch": taken["epoch"], "evaluate ms": round_trip}


def show(label: str, row: dict) -> None:
    print(f"{label:>14}: " + "  ".join(f"{key} {value:.1f}" if isinstance(value, float)
                                      else f"{key} {value}" for key, value in row.items()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--epochs", type=int, default=50_000)
    parser.add_argument("--speed", default="max", choices=["1", "10", "60", "max"])
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    print("load average at the start: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    with running_server(Path(tempfile.mkdtemp()) / "data") as server, sync_playwright() as p:
        started = time.perf_counter()
        job = long_history(server.url, args.epochs)
        print(f"built a history of {args.epochs} epochs in {time.perf_counter() - started:.0f} s")
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--enable-precise-memory-info"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{server.url}/#dataset=circle&samples=20&dataSeed=1&job={job}")
        page.wait_for_function("() => document.querySelector('[data-testid=loss-chart] "
                               ".js-plotly-plot')?.data?.[0]?.x?.length > 100")
        page.evaluate(PROBES)
        show("at rest", measure(page, 10))
        page.screenshot(path=str(OUT / "long-history.png"))
        page.get_by_test_id("speed").select_option(args.speed)
        page.get_by_test_id("play").click()
        samples = []
        for second in range(30, int(args.minutes * 60) + 1, 30):
            samples.append(measure(page, 30))
            show(f"playing {second} s", samples[-1])
        if len(samples) > 1:
            first, last = samples[0], samples[-1]
            keys = ("redraws/s", "frames/s", "heap MB")
            print("last / first: " + "  ".join(
                f"{key} {last[key] / first[key]:.2f}" for key in keys if first[key]))
        page.screenshot(path=str(OUT / "long-history-playing.png"))
        page.get_by_test_id("play").click()
        browser.close()
    print("load average at the end: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
