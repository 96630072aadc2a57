"""The timeline: drag back through a job's training, replay it, and it still works after a
reload (snapshots persist with the job)."""

import shutil
from pathlib import Path

import httpx
from playwright.sync_api import expect

from tests.e2e.page_tools import (
    by_testid,
    heatmap,
    job_id_in_hash,
    open_page,
    plot,
    screenshot,
    settled_pause,
    wait_for_epoch,
    wait_for_status,
)

SHOTS = Path("/work/shots/snapshots")
TIMELINE = "[data-testid=timeline]"
MARKER = "el => (el.layout.shapes || []).map(s => s.x0)"
# One link's colour and width: they follow the weights shown.
LINKS = """() => [...document.querySelectorAll('#network svg.links path:not(.hit)')]
  .map(l => `${l.getAttribute('stroke')}/${l.getAttribute('stroke-width')}`).join(';')"""


def drag_to(page, fraction: float) -> None:
    """Drag the slider's thumb from its end to `fraction` of its track, by mouse."""
    box = by_testid(page, "timeline-slider").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] - 4, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * fraction, y, steps=8)
    page.mouse.up()


def scrubbed(page) -> int:
    """The epoch shown once the page has drawn a past epoch."""
    page.wait_for_function(f"""() => {{
      const t = document.querySelector('{TIMELINE}');
      return t.dataset.state === 'past' && !/…/.test(t.textContent);
    }}""")
    return int(page.locator(TIMELINE).get_attribute("data-epoch"))


def check_scrub(page, server, live_heatmap, live_links, paused_at: int) -> int:
    drag_to(page, 0.1)
    shown = scrubbed(page)
    assert 0 <= shown < paused_at
    snapshots = httpx.get(f"{server.url}/api/jobs/{job_id_in_hash(page)}/snapshots").json()
    assert shown in [snapshot["epoch"] for snapshot in snapshots]
    page.wait_for_function(f"() => document.querySelector('[data-testid=loss-chart] "
                           f".js-plotly-plot').layout.shapes?.[0]?.x0 === {shown}")
    assert plot(page, "loss-chart").evaluate(MARKER) == [shown]
    page.wait_for_function("h => { const el = document.querySelector("
                           "'[data-testid=boundary-chart] .js-plotly-plot');"
                           "const t = el.data.find(t => t.type === 'heatmap');"
                           "return t && JSON.stringify(t.z) !== h; }",
                           arg=live_heatmap)
    assert page.evaluate(LINKS) != live_links, "the link weights did not go back"
    expect(by_testid(page, "timeline-epoch")).to_contain_text(f"epoch {shown}")
    return shown


def heatmap_z(page) -> str:
    return plot(page, "boundary-chart").evaluate(
        "el => JSON.stringify(el.data.find(t => t.type === 'heatmap').z)")


def test_scrub_replay_and_reload(page, watch, server, artifacts):
    open_page(page, server.url + "/#speed=10")  # paced: a few dozen epochs, each kept
    by_testid(page, "dataset-spiral").click()
    by_testid(page, "play").click()
    wait_for_status(page, "^Running")
    wait_for_epoch(page, lambda e: e >= 40, timeout=60)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    by_testid(page, "play").click()
    paused_at = settled_pause(page, server)
    page.wait_for_function(f"() => document.querySelector('{TIMELINE}').dataset.epoch === "
                           f"'{paused_at}'")
    assert heatmap(page)["type"] == "heatmap"
    live_heatmap, live_links = heatmap_z(page), page.evaluate(LINKS)

    check_scrub(page, server, live_heatmap, live_links, paused_at)
    screenshot(page, artifacts, "timeline-scrubbed")
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(artifacts / "timeline-scrubbed.png", SHOTS / "scrubbed.png")

    # Live again: the button brings back the job as it is.
    by_testid(page, "timeline-live").click()
    page.wait_for_function(f"() => document.querySelector('{TIMELINE}').dataset.state === 'live'")
    page.wait_for_function("h => JSON.stringify(document.querySelector("
                           "'[data-testid=boundary-chart] .js-plotly-plot').data"
                           ".find(t => t.type === 'heatmap').z) === h", arg=live_heatmap)
    assert plot(page, "loss-chart").evaluate(MARKER) == []

    # Replay: from epoch 0 through the snapshots to now, then live.
    page.locator("#timeline-speed").select_option("fast")
    by_testid(page, "timeline-replay").click()
    page.wait_for_function(f"() => document.querySelector('{TIMELINE}').dataset.epoch === '0'")
    page.wait_for_function(f"() => document.querySelector('{TIMELINE}').dataset.replaying "
                           "=== 'false'", timeout=60_000)
    timeline = page.locator(TIMELINE)
    assert timeline.get_attribute("data-state") == "live"
    assert timeline.get_attribute("data-epoch") == str(paused_at)
    assert by_testid(page, "timeline-slider").input_value() == str(paused_at)

    # After a reload the same job scrubs as before.
    page.reload()
    open_page(page, server.url + "/" + page.evaluate("() => location.hash"))
    wait_for_epoch(page, lambda e: e == paused_at)
    page.wait_for_function(f"() => document.querySelector('{TIMELINE}').dataset.epoch === "
                           f"'{paused_at}'")
    page.wait_for_function("() => document.querySelector('[data-testid=boundary-chart] "
                           ".js-plotly-plot').data.some(t => t.type === 'heatmap')")
    check_scrub(page, server, heatmap_z(page), page.evaluate(LINKS), paused_at)
    screenshot(page, artifacts, "timeline-after-reload")
    shutil.copy(artifacts / "timeline-after-reload.png", SHOTS / "after-reload.png")

    # While the job runs on, the page stays at the epoch dragged to, until "live".
    by_testid(page, "play").click()
    wait_for_status(page, "^Running")
    drag_to(page, 0.1)
    shown = scrubbed(page)
    wait_for_epoch(page, lambda e: e >= paused_at + 5, timeout=60)
    timeline = page.locator(TIMELINE)
    assert (timeline.get_attribute("data-state"), timeline.get_attribute("data-epoch")) == (
        "past", str(shown))
    screenshot(page, artifacts, "timeline-running")
    by_testid(page, "timeline-live").click()
    page.wait_for_function(f"() => document.querySelector('{TIMELINE}').dataset.state === 'live'")
    by_testid(page, "play").click()
    settled_pause(page, server)
    watch.assert_clean()
