"""The page after issue 13, followed up in the browser: classes named in the confusion matrix,
tables and the projection redrawn only when what they show changes, every digits row in the
projection, and the presentation layout at a projector's 1280x720. Screenshots go to
test-artifacts/e2e (and /work/shots/pagefx when that folder exists)."""

import shutil
from pathlib import Path

import httpx
from playwright.sync_api import expect

from tests.e2e.page_tools import (
    CHART_DATA,
    by_testid,
    job_id_in_hash,
    open_page,
    screenshot,
    wait_for_epoch,
    wait_for_status,
)

SHOTS = Path("/work/shots/pagefx")
PROJECTION = CHART_DATA.format("projection-chart")
HEADERS = """() => [...document.querySelectorAll('#confusion-matrix thead th:not(.corner)')]
  .map(th => th.textContent.trim())"""
# Counts every rebuild of the two tables and every redraw of the projection from now on.
COUNT_REDRAWS = """() => {
  window.__redraws = {report: 0, matrix: 0, projection: 0};
  const count = (id, key) => new MutationObserver(() => { window.__redraws[key] += 1; })
    .observe(document.getElementById(id), {childList: true});
  count('class-report', 'report');
  count('confusion-matrix', 'matrix');
  document.querySelector('[data-testid=projection-chart] .js-plotly-plot')
    .on('plotly_afterplot', () => { window.__redraws.projection += 1; });
}"""


def keep_shot(path: Path) -> None:
    if SHOTS.parent.is_dir():  # the screenshots asked for; test-artifacts/ has them anyway
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, SHOTS / path.name)


def test_iris_names_its_classes_and_redraws_only_what_changed(page, watch, server, artifacts):
    open_page(page, server.url)
    by_testid(page, "dataset-iris").click()
    by_testid(page, "projection-chart").wait_for(state="visible")
    page.select_option("#optimizer", "adam")
    by_testid(page, "step").click()
    wait_for_epoch(page, lambda e: e >= 1)
    page.wait_for_function(f"() => {HEADERS}().length === 3")
    assert page.evaluate(HEADERS) == ["setosa", "versicolor", "virginica"]
    by_testid(page, "class-report").wait_for(state="visible")
    page.wait_for_function(f"() => {PROJECTION}.some(t => /^wrong/.test(t.name))")

    # Live changes from elsewhere: each is a new job object in the page, nothing else changes.
    page.evaluate(COUNT_REDRAWS)
    job = job_id_in_hash(page)
    with page.expect_request(lambda request: request.url.endswith("/projection")) as refetched:
        for rate in ("0.3", "0.1", "0.03"):
            answer = httpx.patch(f"{server.url}/api/jobs/{job}",
                                 json={"training": {"learning_rate": float(rate)}})
            assert answer.status_code == 200, answer.text
            expect(by_testid(page, "learning-rate")).to_have_value(rate)
    # The page has the projection again (the same) once the answer is in and a frame passed.
    refetched.value.response().finished()
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))")
    assert page.evaluate("() => window.__redraws") == {"report": 0, "matrix": 0, "projection": 0}
    keep_shot(screenshot(page, artifacts, "confusion-matrix-names", full_page=True))
    watch.assert_clean()


def test_digits_projection_draws_every_row(page, watch, server, artifacts):
    open_page(page, f"{server.url}/#layers=16:relu&optimizer=adam&learningRate=0.003")
    by_testid(page, "dataset-digits").click()
    by_testid(page, "projection-chart").wait_for(state="visible")
    by_testid(page, "step").click()
    wait_for_epoch(page, lambda e: e >= 1)
    page.wait_for_function(f"() => {PROJECTION}.some(t => /^wrong/.test(t.name))", timeout=30_000)
    legend = page.evaluate(f"() => {PROJECTION}.filter(t => !/^wrong/.test(t.name))"
                           ".map(t => [t.name, t.marker.color])")
    assert [name for name, _ in legend] == [str(d) for d in range(10)]
    assert len({color for _, color in legend}) == 10  # ten classes, ten colours
    # Every row is painted into the chart's one image (no 500-row cap).
    chart = page.locator("#projection-chart")
    assert chart.get_attribute("data-rows") == "1797"
    images = chart.evaluate("el => el.layout.images.map(i => i.source.slice(0, 22))")
    assert images == ["data:image/png;base64,"]
    # A narrower page repaints the rows for the new plot area (not a stretched old picture).
    painted = chart.evaluate("el => el.layout.images[0].source")
    page.set_viewport_size({"width": 1100, "height": 800})
    page.wait_for_function("old => document.getElementById('projection-chart')"
                           ".layout.images[0].source !== old", arg=painted)
    headers = page.evaluate(HEADERS)
    assert headers == [str(d) for d in range(10)]
    # Ten classes' matrix stays inside the output panel (it scrolls there when names are long).
    matrix = page.locator("#confusion-matrix").bounding_box()
    panel = page.locator(".output-panel").bounding_box()
    assert matrix["x"] + matrix["width"] <= panel["x"] + panel["width"], (matrix, panel)
    keep_shot(screenshot(page, artifacts, "digits-projection", full_page=True))
    watch.assert_clean()


# Per layer control of the diagram: its width, the width it needs to show its chosen text whole,
# and its box.
LAYER_SELECTS = """() => [...document.querySelectorAll('#network .layer-controls select')]
  .map(select => {
  const natural = select.cloneNode(true);
  natural.style.cssText = 'position: absolute; width: auto; max-width: none; visibility: hidden';
  [...natural.options].filter(option => option.value !== select.value)
    .forEach(option => option.remove());
  select.parentElement.append(natural);
  const needed = natural.getBoundingClientRect().width;
  natural.remove();
  const box = select.getBoundingClientRect();
  return {label: select.getAttribute('aria-label'), text: select.selectedOptions[0].text,
          width: box.width, needed, left: box.left, right: box.right, visible: box.width > 0};
})"""


def test_presentation_at_1280x720_shows_the_layer_controls_whole(browser, server, artifacts):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        page.goto(f"{server.url}/#present=1&layers=4:leaky_relu:0.1,2:sigmoid:0.3")
        page.wait_for_function(f"() => {CHART_DATA.format('boundary-chart')}.length > 0")
        page.wait_for_selector("#network .layer-controls select")
        selects = page.evaluate(LAYER_SELECTS)
        assert len(selects) == 4 and all(s["visible"] for s in selects), selects
        for select in selects:
            assert select["width"] >= select["needed"] - 0.5, f"{select['label']} clipped: {select}"
        panel = page.locator(".network-panel").bounding_box()
        for select in selects:
            inside = panel["x"] <= select["left"] and select["right"] <= panel["x"] + panel["width"]
            assert inside, (select, panel)
        boundary = page.locator("[data-testid=boundary-chart]").bounding_box()
        assert boundary["width"] >= 400, boundary  # the projector's picture stays large
        by_testid(page, "play").click()
        wait_for_status(page, "^Running")
        by_testid(page, "play").click()
        keep_shot(screenshot(page, artifacts, "present-1280x720"))
    finally:
        context.close()
