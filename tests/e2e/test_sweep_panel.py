"""The sweep panel in headless Chromium: choose an axis, start, watch the members' curves
overlaid, the parallel-coordinates chart, and open a member."""

import httpx
import pytest

from tests.e2e.page_tools import by_testid, job_id_in_hash, open_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TRACES = "(sel) => (document.querySelector(sel)?.data || []).map(t => [t.type, t.name])"


def test_a_sweep_from_the_page(page, watch, server, artifacts):
    open_page(page, server.url)
    panel = by_testid(page, "sweep-panel")
    panel.locator("summary").click()
    panel.get_by_label("Sweep axis 1").select_option("training.learning_rate")
    panel.get_by_label("Values of axis 1").fill("0.03, 0.1")
    panel.get_by_label("Sweep axis 2").select_option("network.hidden")
    panel.get_by_label("Values of axis 2").fill("2, 4-4")
    panel.locator("[data-sweep=max-epochs]").fill("3")
    panel.locator("[data-sweep=start]").click()
    status = panel.locator("[data-sweep=status]")
    status.filter(has_text="completed").wait_for(timeout=60_000)
    assert "4 completed" in status.inner_text()

    curves = page.evaluate(TRACES, "[data-sweep=curves]")
    assert [kind for kind, _ in curves] == ["scatter"] * 4
    assert {name for _, name in curves} == {
        "learning_rate=0.03 hidden=2", "learning_rate=0.03 hidden=4-4",
        "learning_rate=0.1 hidden=2", "learning_rate=0.1 hidden=4-4"}
    parallel = page.evaluate(TRACES, "[data-sweep=parallel]")
    assert [kind for kind, _ in parallel] == ["parcoords"]
    panel.scroll_into_view_if_needed()
    screenshot(page, artifacts, "sweep-panel", full_page=True)

    sweep_id = status.inner_text().split()[1].rstrip(":")
    assert len(sweep_id) == 8
    first = panel.get_by_role("button", name="Open sweep member learning_rate=0.1 hidden=4-4")
    first.click()
    page.wait_for_function("() => /job=[0-9a-f]+/.test(location.hash)")
    job = httpx.get(f"{server.url}/api/jobs/{job_id_in_hash(page)}", timeout=5).json()
    assert job["name"] == "learning_rate=0.1 hidden=4-4"
    assert [layer["units"] for layer in job["spec"]["network"]["hidden"]] == [4, 4]
    watch.assert_clean()
