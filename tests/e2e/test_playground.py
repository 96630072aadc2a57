"""The playground page in headless Chromium, against a real server: what a person does."""

import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.page_tools import (
    CHART_DATA,
    TRACE_TYPES,
    api_job,
    api_jobs,
    by_testid,
    epoch,
    heatmap,
    job_id_in_hash,
    loss_traces,
    number,
    open_page,
    plot,
    screenshot,
    served_after_close,
    settled_pause,
    wait_for_epoch,
    wait_for_status,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Every hidden neuron shows a picture and every link a weight (a stroke opacity).
NETWORK_DRAWN = """() => {
  const neurons = [...document.querySelectorAll('#network .node.neuron canvas')];
  const links = [...document.querySelectorAll('#network svg.links path:not(.hit)')];
  return neurons.length > 0 && neurons.every(c => c.width > 1)
    && links.length > 0 && links.every(l => l.hasAttribute('stroke-opacity'));
}"""

CATALOGUE = ["circle", "xor", "gauss", "spiral", "plane", "multi_gauss", "moons", "checkerboard",
             "blobs"]


def inside_viewport(page, name: str) -> bool:
    box = by_testid(page, name).bounding_box()
    size = page.viewport_size
    return box is not None and box["x"] >= 0 and box["y"] >= 0 \
        and box["x"] + box["width"] <= size["width"] and box["y"] + box["height"] <= size["height"]


def test_opening_the_page_is_clean_and_trains_nothing(page, watch, server, artifacts):
    jobs_before = len(api_jobs(server))
    open_page(page, server.url)
    for name in CATALOGUE:
        assert by_testid(page, f"dataset-{name}").is_visible(), name
    pressed = [name for name in CATALOGUE
               if by_testid(page, f"dataset-{name}").get_attribute("aria-pressed") == "true"]
    assert pressed == ["circle"]
    for name in ["play", "step", "add-layer", "dataset-circle", "dataset-blobs"]:
        assert inside_viewport(page, name), f"{name} is not visible at 1280x800 without scrolling"
    assert by_testid(page, "epoch").inner_text() == "0"
    assert re.match(r"Ready", wait_for_status(page, "Ready"))
    # Charts are SVG Plotly plots: the untrained network's output (issue 13, item 9) under
    # the points, no WebGL trace anywhere.
    page.wait_for_function(f"() => {CHART_DATA.format('boundary-chart')}.length === 2")
    assert plot(page, "boundary-chart").evaluate(TRACE_TYPES) == ["heatmap", "scatter"]
    assert page.locator("[data-testid=boundary-chart] canvas").count() == 0
    page.wait_for_load_state("networkidle")  # the thumbnails' samples are in
    screenshot(page, artifacts, "01-opened")
    screenshot(page, artifacts, "01-opened-full", full_page=True)
    assert len(api_jobs(server)) == jobs_before, "opening the page created a job"
    watch.assert_clean()


def test_train_spiral_pause_step_and_reload(page, watch, server, artifacts):
    open_page(page, server.url)
    by_testid(page, "dataset-spiral").click()
    expect(by_testid(page, "dataset-spiral")).to_have_attribute("aria-pressed", "true")
    expect(by_testid(page, "dataset-circle")).to_have_attribute("aria-pressed", "false")
    by_testid(page, "add-layer").click()
    page.wait_for_function("() => /layers=4:tanh,2:tanh,2:tanh(&|$)/.test(location.hash)")
    expect(page.locator("#layer-count")).to_have_text("3 hidden layers")

    by_testid(page, "play").click()
    wait_for_status(page, "^Running")
    requests_while_running = []
    page.on("request", lambda request: requests_while_running.append((request.method, request.url)))
    page.wait_for_function(
        f"() => {CHART_DATA.format('boundary-chart')}.some(t => t.type === 'heatmap')")
    # Weights and neuron pictures come over the socket too: links take colours, neurons pictures.
    page.wait_for_function(NETWORK_DRAWN)
    first_heatmap = heatmap(page)
    first_epoch = wait_for_epoch(page, lambda e: e >= 2)
    job_id = job_id_in_hash(page)
    assert job_id, "the hash carries no job id while training"

    # A live change goes into the running job: same job, new learning rate.
    by_testid(page, "learning-rate").select_option("0.1")
    page.wait_for_function("() => /learningRate=0.1(&|$)/.test(location.hash)")
    wait_for_epoch(page, lambda e: e >= first_epoch + 30, timeout=40)
    assert job_id_in_hash(page) == job_id
    later_heatmap = heatmap(page)
    assert later_heatmap["type"] == "heatmap"
    assert later_heatmap != first_heatmap, "the boundary did not change while training"
    losses = loss_traces(page)
    train = [y for y in losses["Train loss"]["y"] if y is not None]
    assert len(train) >= 10
    assert min(train[-3:]) < max(train[:3]), f"the loss did not fall: {train[:3]} ... {train[-3:]}"
    assert number(page, "train-loss") >= 0 and number(page, "test-loss") >= 0
    screenshot(page, artifacts, "02-training")

    # The job is an ordinary API job with the spec the page shows.
    jobs = {job["id"]: job for job in api_jobs(server)}
    assert job_id in jobs
    spec = httpx.get(f"{server.url}/api/jobs/{job_id}", timeout=5).json()["spec"]
    assert spec["dataset"]["name"] == "spiral"
    assert [layer["units"] for layer in spec["network"]["hidden"]] == [4, 2, 2]
    shown_rate = float(by_testid(page, "learning-rate").input_value())
    assert spec["training"]["learning_rate"] == shown_rate
    assert spec["features"] == ["x1", "x2"]

    # While it ran, the socket was the one channel: no polling of the job, its model or pictures.
    polled = [url for method, url in requests_while_running if method == "GET"
              and re.search(rf"/api/jobs/{job_id}(/(model|neurons|boundary))?($|\?)", url)]
    assert polled == [], polled

    # Space toggles play: pause, then step moves the epoch by exactly one.
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Space")
    paused_at = settled_pause(page, server)
    by_testid(page, "step").click()
    assert wait_for_epoch(page, lambda e: e != paused_at) == paused_at + 1
    assert api_job(server, job_id)["epoch"] == paused_at + 1 == epoch(page)
    points_before_reload = len(loss_traces(page)["Train loss"]["x"])
    hash_before_reload = page.evaluate("() => location.hash")
    screenshot(page, artifacts, "03-paused-after-step")

    # Reload: same settings, same job, its epoch and whole history; step continues it.
    page.reload()
    open_page_after_reload(page)
    assert page.evaluate("() => location.hash") == hash_before_reload
    assert job_id_in_hash(page) == job_id
    expect(by_testid(page, "dataset-spiral")).to_have_attribute("aria-pressed", "true")
    wait_for_epoch(page, lambda e: e == paused_at + 1)
    page.wait_for_function(
        f"n => {CHART_DATA.format('loss-chart')}.find(t => t.name === 'Train loss').x.length >= n",
        arg=points_before_reload)
    wait_for_status(page, "^Paused")
    by_testid(page, "step").click()
    assert wait_for_epoch(page, lambda e: e != paused_at + 1) == paused_at + 2
    assert len(api_jobs(server)) == len(jobs), "reload or step created another job"
    screenshot(page, artifacts, "04-reloaded")
    # Closing the tab with its socket open is clean on both ends.
    page.close()
    served_after_close(server, job_id)
    watch.assert_clean()
    assert "Traceback" not in server.log()


def open_page_after_reload(page) -> None:
    by_testid(page, "dataset-circle").wait_for(state="visible")
    page.wait_for_function(f"() => {CHART_DATA.format('loss-chart')}.length > 0")


def test_a_link_reproduces_the_setup_in_a_fresh_browser(page, watch, server, browser, artifacts):
    open_page(page, server.url)
    by_testid(page, "dataset-xor").click()
    by_testid(page, "remove-layer").click()
    by_testid(page, "learning-rate").select_option("0.3")
    page.get_by_role("button", name="Feature x1*x2").click()
    page.locator("#noise").fill("25")
    page.locator("#noise").dispatch_event("change")
    page.get_by_role("button", name="Regenerate").click()
    page.wait_for_function("() => /dataSeed=1(&|$)/.test(location.hash)")
    link = page.url

    fresh = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        other = fresh.new_page()
        open_page(other, link)
        assert other.evaluate("() => location.hash") == page.evaluate("() => location.hash")
        expect(by_testid(other, "dataset-xor")).to_have_attribute("aria-pressed", "true")
        expect(by_testid(other, "learning-rate")).to_have_value("0.3")
        expect(other.locator("#layer-count")).to_have_text("1 hidden layer")
        feature = other.get_by_role("button", name="Feature x1*x2")
        expect(feature).to_have_attribute("aria-pressed", "true")
        expect(other.locator("#noise")).to_have_value("25")
        expect(other.locator("#data-seed")).to_have_text("1")
        # The same data: the same points drawn.
        points = f"() => {CHART_DATA.format('boundary-chart')}[0].x.slice(0, 20)"
        assert other.evaluate(points) == page.evaluate(points)
        screenshot(other, artifacts, "05-from-link")
    finally:
        fresh.close()
    watch.assert_clean()


def test_a_bad_csv_upload_shows_its_error(page, watch, server, artifacts):
    open_page(page, server.url)
    page.locator("#upload-box summary").click()
    # Issue 17: a column of text is a category now; a word among numbers is still an error.
    rows = b"".join(b"%d,%d,%d\n" % (i, 2 * i, i % 2) for i in range(12))
    page.locator("#upload-file").set_input_files(
        {"name": "broken.csv", "mimeType": "text/csv",
         "buffer": b"x1,x2,label\n1,2,0\n3,oops,1\n" + rows})
    page.locator("#upload-submit").click()
    error = page.locator("[data-error-for=upload]")
    error.wait_for(state="visible")
    text = error.inner_text()
    assert "oops" in text or "line" in text.lower(), text
    assert "422" not in text or len(text) > 20
    screenshot(page, artifacts, "06-bad-csv", full_page=True)
    # The only complaint of the session is the server's refusal of that file.
    assert [r for r in watch.bad_status if "/api/datasets" not in r] == []
    assert all("422" in message for message in watch.console_errors), watch.console_errors
    assert not watch.failed and not watch.foreign


def test_a_good_csv_upload_trains(page, watch, server):
    open_page(page, server.url)
    page.locator("#upload-box summary").click()
    rows = "\n".join(f"{x / 10},{(x * 7 % 13) / 3 - 2},{int(x % 2)}" for x in range(-60, 60))
    page.locator("#upload-file").set_input_files(
        {"name": "mine.csv", "mimeType": "text/csv", "buffer": f"a,b,label\n{rows}\n".encode()})
    page.locator("#upload-submit").click()
    page.wait_for_function("() => /upload=[A-Za-z0-9_-]+/.test(location.hash)")
    expect(by_testid(page, "dataset-circle")).to_have_attribute("aria-pressed", "false")
    by_testid(page, "step").click()
    assert wait_for_epoch(page, lambda e: e >= 1) == 1
    job_id = job_id_in_hash(page)
    job = httpx.get(f"{server.url}/api/jobs/{job_id}", timeout=5).json()
    assert job["spec"]["dataset"]["id"] in page.evaluate("() => location.hash")
    watch.assert_clean()


def test_points_placed_by_hand_and_the_csv_download(page, watch, server, artifacts):
    open_page(page, server.url)
    by_testid(page, "dataset-gauss").click()
    page.locator("#edit-points").check()
    page.locator("#point-class").select_option("1")
    plane = page.locator("[data-testid=boundary-chart] .nsewdrag").bounding_box()

    def click_at(x1: float, x2: float) -> None:  # plane coordinates on [-6, 6]^2
        page.mouse.click(plane["x"] + (x1 + 6) / 12 * plane["width"],
                         plane["y"] + (6 - x2) / 12 * plane["height"])

    click_at(-4.5, 4.5)
    page.wait_for_function("() => /points=[^&]/.test(location.hash)")
    points = hand_points(page)
    x1, x2, label, is_train = points[-1]
    # A hand point goes to the training split (issue 13, item 6): it shows with test data off.
    assert abs(x1 + 4.5) < 0.1 and abs(x2 - 4.5) < 0.1 and label == 1 and is_train == 1, points[-1]
    # A plain click on it adds another; only a shift-click removes one (with test data
    # shown, every point is clickable).
    click_at(x1, x2)
    page.wait_for_function(
        "n => location.hash.match(/points=([^&]*)/)[1].split(';').length === n + 1",
        arg=len(points))
    points = hand_points(page)
    page.locator("#show-test-data").check()
    page.wait_for_function(
        f"() => {CHART_DATA.format('boundary-chart')}.some(t => t.name === 'test data')")
    page.keyboard.down("Shift")
    click_at(x1, x2)
    page.keyboard.up("Shift")
    page.wait_for_function(
        "n => location.hash.match(/points=([^&]*)/)[1].split(';').length === n - 1",
        arg=len(points))
    assert hand_points(page).count(points[-1]) == points.count(points[-1]) - 1
    count = len(points)
    expect(page.locator("#data-source-text")).to_contain_text(f"{count - 1} points")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    lines = Path(download.value.path()).read_text().strip().splitlines()
    assert lines[0].split(",")[-2:] == ["label", "split"]
    assert len(lines) == count  # header + the points left
    watch.assert_clean()


def hand_points(page) -> list[list[float]]:
    text = page.evaluate("() => location.hash.match(/points=([^&]*)/)[1]")
    return [[float(v) for v in point.split(",")] for point in text.split(";")]
