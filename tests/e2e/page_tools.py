"""What the e2e tests read from and do to the page, by its stable data-testid hooks."""

import json
from pathlib import Path

import httpx
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from websockets.sync.client import connect

from tests.utils.patience import Budget, stretched

# Reading Plotly's graph divs: the traces the charts hold right now.
LOSS_TRACES = """el => el.data.filter(t => t.type === 'scatter')
  .map(t => ({name: t.name, x: Array.from(t.x), y: Array.from(t.y)}))"""
# A weighted checksum of the heatmap: changes whenever the boundary does.
HEATMAP = """el => {
  const h = (el.data || []).find(t => t.type === 'heatmap');
  if (!h) return null;
  let sum = 0, count = 0;
  for (const row of h.z) for (const v of row) {
    if (v !== null) { sum += v * (count % 7 + 1); count++; }
  }
  return {sum, count, type: h.type};
}"""
# DESIGN: the Plotly graph div sits inside the element that carries the data-testid.
PLOT = "[data-testid={}] .js-plotly-plot"
CHART_DATA = "(document.querySelector('" + PLOT + "')?.data || [])"
TRACE_TYPES = "el => (el.data || []).map(t => t.type)"


def by_testid(page, name: str):
    return page.get_by_test_id(name)


def plot(page, name: str):
    """The Plotly graph div inside the chart hook `name`."""
    return page.locator(PLOT.format(name))


def open_page(page, url: str) -> None:
    """Open the playground and wait until it has talked to the server and drawn the data."""
    page.goto(url)
    by_testid(page, "dataset-circle").wait_for(state="visible")
    page.wait_for_function(f"() => {CHART_DATA.format('boundary-chart')}.length > 0")
    page.wait_for_function(
        "() => !/Connecting/.test(document.querySelector('[data-testid=status]').textContent)")


def epoch(page) -> int:
    return int(by_testid(page, "epoch").inner_text())


def number(page, name: str) -> float:
    return float(by_testid(page, name).inner_text())


def wait_for_epoch(page, predicate, timeout: float = 20.0) -> int:
    """The epoch the page shows, once `predicate(epoch)` holds (checked as the page updates)."""
    budget = Budget(timeout)  # a quiet machine's seconds, stretched with the load
    while not budget.spent():
        value = epoch(page)
        if predicate(value):
            return value
        # Wake on the page's next change of the epoch element, not after a fixed sleep.
        try:
            page.wait_for_function(
                "n => document.querySelector('[data-testid=epoch]').textContent !== n",
                arg=str(value), timeout=max(1, budget.left_in_clock_seconds() * 1000))
        except PlaywrightTimeout:
            break
    raise AssertionError(f"epoch stayed at {epoch(page)} for {timeout}s of a quiet machine")


def wait_for_status(page, pattern: str, timeout: float = 15_000) -> str:
    page.wait_for_function(
        "p => new RegExp(p).test(document.querySelector('[data-testid=status]').textContent)",
        arg=pattern, timeout=stretched(timeout))
    return by_testid(page, "status").inner_text()


def loss_traces(page) -> dict[str, dict]:
    traces = plot(page, "loss-chart").evaluate(LOSS_TRACES)
    return {trace["name"]: trace for trace in traces}


def heatmap(page) -> dict | None:
    return plot(page, "boundary-chart").evaluate(HEATMAP)


def job_id_in_hash(page) -> str:
    fragment = page.evaluate("() => location.hash")
    for pair in fragment.lstrip("#").split("&"):
        key, _, value = pair.partition("=")
        if key == "job":
            return value
    return ""


def api_jobs(server) -> list[dict]:
    return httpx.get(f"{server.url}/api/jobs", timeout=5).json()["items"]


def screenshot(page, artifacts: Path, name: str, full_page: bool = False) -> Path:
    path = artifacts / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def api_job(server, job_id: str) -> dict:
    return httpx.get(f"{server.url}/api/jobs/{job_id}", timeout=5).json()


def settled_pause(page, server) -> int:
    """After pause: the server's job is paused (its epoch can no longer move) and the page
    shows that epoch."""
    wait_for_status(page, "^Paused")
    job = api_job(server, job_id_in_hash(page))
    assert job["status"] == "paused", job["status"]
    return wait_for_epoch(page, lambda shown: shown == job["epoch"])


def served_after_close(server, job_id: str) -> dict:
    """A new watcher of `job_id` gets its snapshot: the server is still serving the job after
    a page left it (the snapshot comes after the server dealt with what came before)."""
    with connect(f"{server.ws_url}/api/jobs/{job_id}/stream", open_timeout=5) as socket:
        message = json.loads(socket.recv(timeout=5))
    assert message["type"] == "snapshot", message
    return message
