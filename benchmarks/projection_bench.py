"""The projection chart with every row of digits (1,797): how long a draw takes in the page.

Run: `.venv/bin/python benchmarks/projection_bench.py [--redraws 10]`. It starts `nnplayground
serve` on 127.0.0.1, trains a digits job for one epoch, fetches its projection and, in headless
Chromium (Debian's), draws it with the page's own module (frontend/js/projection-chart.js)
into a chart of the page's size: the first draw, then redraws whose predictions changed (what
a training job sends once a second), and the same for the first 500 rows (the page's old cap),
each until the next frame is painted. Compare the two as a ratio within one run: the
machine's load moves both."""

import argparse
import sys
import tempfile
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.utils.server import running_server

DRAWS = """async ({points, names, redraws}) => {
  const { drawProjection } = await import('/js/projection-chart.js');
  const element = document.createElement('div');
  element.style.cssText = 'width: 520px; height: 420px';
  document.body.append(element);
  const painted = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
  const timed = async (shown) => {
    const started = performance.now();
    drawProjection(element, {points: shown, names, kind: 'classification'});
    await painted();
    return performance.now() - started;
  };
  const first = await timed(points);
  const again = [];
  for (let r = 0; r < redraws; r += 1) {
    const predicted = points.predicted
      .map((p, i) => ((i + r) % 7 === 0 ? (p + 1) % names.length : p));
    again.push(await timed({...points, predicted}));
  }
  element.remove();
  again.sort((a, b) => a - b);
  return {first, median: again[again.length >> 1], rows: points.label.length};
}"""


def digits_projection(url: str) -> dict:
    spec = {"dataset": {"name": "digits"},
            "network": {"hidden": [{"units": 16, "activation": "relu"}]},
            "training": {"optimizer": "adam", "learning_rate": 0.003}, "name": "digits"}
    with httpx.Client(timeout=120) as client:
        job = client.post(f"{url}/api/jobs", json=spec).raise_for_status().json()
        client.post(f"{url}/api/jobs/{job['id']}/step", json={"epochs": 1}).raise_for_status()
        return client.get(f"{url}/api/jobs/{job['id']}/projection").raise_for_status().json()


def first_rows(points: dict, n: int) -> dict:
    rows = len(points["label"])
    return {key: value[:n] if isinstance(value, list) and len(value) == rows else value
            for key, value in points.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--redraws", type=int, default=10)
    args = parser.parse_args()
    with running_server(Path(tempfile.mkdtemp()) / "data") as server, sync_playwright() as p:
        points = digits_projection(server.url)
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(server.url)
        page.wait_for_function("() => window.Plotly")
        names = points["class_names"]
        results = {}
        for label, shown in (("500 rows", first_rows(points, 500)), ("all rows", points)):
            results[label] = page.evaluate(DRAWS, {"points": shown, "names": names,
                                                   "redraws": args.redraws})
            row = results[label]
            print(f"{label:>9} ({row['rows']}): first draw {row['first']:.0f} ms, "
                  f"redraw (median of {args.redraws}) {row['median']:.0f} ms")
        ratio = results["all rows"]["median"] / results["500 rows"]["median"]
        print(f"redraw of all rows / redraw of 500: {ratio:.2f}")
        browser.close()


if __name__ == "__main__":
    main()
