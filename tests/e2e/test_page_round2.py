"""The page, round 2 (issue 13): what a student and a teacher found, each fixed in the
browser. Screenshots of the new states go to test-artifacts/e2e."""

import re
import signal
from pathlib import Path

import httpx
from playwright.sync_api import expect

from tests.e2e.page_tools import (
    CHART_DATA,
    api_job,
    api_jobs,
    by_testid,
    job_id_in_hash,
    open_page,
    plot,
    screenshot,
    wait_for_epoch,
    wait_for_status,
)
from tests.utils.factories import wait_for
from tests.utils.server import running_server, start_server

MODEL = ("() => fetch('/api/jobs/' + location.hash.match(/job=([^&]*)/)[1] + '/model')"
         ".then(r => r.json())")


def test_the_untrained_network_shows_at_epoch_0_with_every_feature(page, watch, server, artifacts):
    open_page(page, server.url)
    page.wait_for_function(f"() => {CHART_DATA.format('boundary-chart')}[0]?.type === 'heatmap'")
    # Every feature tile and neuron has its picture before any training, used or not.
    expect(page.locator("#network .node.blank")).to_have_count(0)
    assert page.locator("#network .node.feature").count() == 7
    expect(page.locator("#network .node.plain")).to_have_count(0)  # plain: only for wide data
    expect(page.locator("#legend-plane")).to_be_visible()
    expect(page.locator("#legend-wide")).to_be_hidden()
    expect(page.locator("#boundary-caption")).to_contain_text("untrained")
    screenshot(page, artifacts, "10-epoch-0")
    assert api_jobs(server) == [] or all(job["status"] != "running" for job in api_jobs(server))
    watch.assert_clean()


def test_speed_is_paced_by_the_server_and_reset_draws_new_weights(page, watch, server, artifacts):
    open_page(page, server.url)
    by_testid(page, "speed").select_option("10")
    page.wait_for_function("() => /(^|&|#)speed=10(&|$)/.test(location.hash)")
    by_testid(page, "play").click()
    wait_for_status(page, "^Running")
    job_id = job_id_in_hash(page)
    assert api_job(server, job_id)["spec"]["training"]["speed"] == 10
    wait_for_epoch(page, lambda e: e >= 3)
    screenshot(page, artifacts, "11-speed-10")
    by_testid(page, "speed").select_option("max")  # a live change: the same job goes on
    wait_for(lambda: api_job(server, job_id)["spec"]["training"]["speed"] is None,
             what="speed max on the job")
    by_testid(page, "play").click()
    wait_for_status(page, "^Paused")
    assert job_id_in_hash(page) == job_id
    before = page.evaluate(MODEL)["layers"][0]["weights"]

    expect(by_testid(page, "seed-shown")).to_have_text("0")
    by_testid(page, "reset").click()
    expect(by_testid(page, "seed-shown")).to_have_text("1")
    page.wait_for_function("() => /(^|&|#)seed=1(&|$)/.test(location.hash)")
    wait_for_epoch(page, lambda e: e == 0)
    reset = page.evaluate(MODEL)["layers"][0]["weights"]
    assert reset != before, "reset drew the same weights"
    assert api_job(server, job_id)["spec"]["training"]["seed"] == 1
    by_testid(page, "step").click()
    wait_for_epoch(page, lambda e: e == 1)
    page.locator("#keep-seed").check()
    by_testid(page, "reset").click()
    wait_for_epoch(page, lambda e: e == 0)
    expect(by_testid(page, "seed-shown")).to_have_text("1")
    assert page.evaluate(MODEL)["layers"][0]["weights"] == reset, "keep seed drew other weights"
    watch.assert_clean()


def test_a_weight_and_a_bias_are_set_by_clicking_and_four_classes_read_apart(
        page, watch, server, artifacts):
    open_page(page, server.url)
    by_testid(page, "dataset-blobs").click()
    page.locator("#classes").fill("4")
    page.locator("#classes").dispatch_event("change")
    expect(page.locator("#class-legend .legend-item")).to_have_count(4)
    by_testid(page, "step").click()
    wait_for_epoch(page, lambda e: e == 1)
    # The middle of the link from x1 to the first neuron, where a person would click it.
    middle = page.evaluate("""() => {
      const path = document.querySelector('#network path.hit');
      const point = path.getPointAtLength(path.getTotalLength() / 2);
      const box = path.ownerSVGElement.getBoundingClientRect();
      return {x: box.left + point.x, y: box.top + point.y};
    }""")
    page.mouse.click(middle["x"], middle["y"])
    editor = page.locator("#weight-editor")
    expect(editor).to_be_visible()
    expect(editor).to_contain_text("Weight x1")
    by_testid(page, "weight-value").fill("2.5")
    by_testid(page, "weight-value").press("Enter")
    wait_for(lambda: page.evaluate(MODEL)["layers"][0]["weights"][0][0] == 2.5, what="weight 2.5")
    page.locator("#network .node.neuron").first.click()
    expect(editor).to_contain_text("Bias of layer 1, neuron 1")
    by_testid(page, "weight-value").fill("-100")
    by_testid(page, "weight-value").press("Enter")
    wait_for(lambda: page.evaluate(MODEL)["layers"][0]["bias"][0] == -100, what="bias -100")
    screenshot(page, artifacts, "12-edited-weight")
    page.locator("#show-test-data").check()
    screenshot(page, artifacts, "13-four-classes")
    watch.assert_clean()


def test_a_relu_neuron_killed_by_its_bias_looks_dead_not_blank(page, watch, server):
    open_page(page, server.url)
    page.locator("#network select[data-layer-field=activation]").first.select_option("relu")
    page.wait_for_function("() => /layers=4:relu/.test(location.hash)")
    by_testid(page, "step").click()
    wait_for_epoch(page, lambda e: e == 1)
    page.locator("#network .node.neuron").first.click()
    by_testid(page, "weight-value").fill("-50")
    by_testid(page, "weight-value").press("Enter")
    dead = page.locator("#network .node.neuron").first
    expect(dead).to_have_class(re.compile(r"\bdead\b"))
    assert "dead" in dead.get_attribute("title")
    expect(page.locator("#network .node.neuron.blank")).to_have_count(0)
    watch.assert_clean()


def test_two_pages_follow_one_live_setting_and_a_reload_keeps_the_jobs(
        page, watch, server, browser):
    open_page(page, server.url)
    by_testid(page, "speed").select_option("1")
    by_testid(page, "play").click()
    wait_for_status(page, "^Running")
    stale_link = page.url
    other_context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        other = other_context.new_page()
        open_page(other, stale_link)
        wait_for_status(other, "^Running")
        by_testid(other, "learning-rate").select_option("0.3")
        expect(by_testid(page, "learning-rate")).to_have_value("0.3")
        page.wait_for_function("() => /learningRate=0.3(&|$)/.test(location.hash)")
    finally:
        other_context.close()
    # A link written before the change: the job's value wins, nothing is pushed back.
    page.goto("about:blank")
    open_page(page, stale_link)
    wait_for_status(page, "^Running")
    expect(by_testid(page, "learning-rate")).to_have_value("0.3")
    assert api_job(server, job_id_in_hash(page))["spec"]["training"]["learning_rate"] == 0.3
    by_testid(page, "play").click()
    wait_for_status(page, "^Paused")
    watch.assert_clean()


def test_the_confusion_matrix_moves_while_training_and_exports_download(
        page, watch, server, artifacts):
    open_page(page, server.url)
    by_testid(page, "play").click()
    wait_for_status(page, "^Running")
    # While it runs, the matrix agrees with the accuracy next to it: both classes predicted.
    page.wait_for_function("""() => {
      const cells = [...document.querySelectorAll('#confusion-matrix td')]
        .map(td => Number(td.textContent));
      return /^Running/.test(document.querySelector('[data-testid=status]').textContent)
        && cells.length === 4 && cells[0] > 0 && cells[3] > 0;
    }""")
    by_testid(page, "play").click()
    wait_for_status(page, "^Paused")
    with page.expect_download() as loss_png:
        page.locator("#export-loss").click()
    assert loss_png.value.suggested_filename == "loss.png"
    assert Path(loss_png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as boundary_png:
        page.locator("#export-boundary").click()
    assert boundary_png.value.suggested_filename == "boundary.png"
    with page.expect_download() as csv:
        by_testid(page, "export-metrics").click()
    lines = Path(csv.value.path()).read_text().strip().split("\n")
    assert lines[0].startswith("step,epoch,train_loss")
    history = httpx.get(f"{server.url}/api/jobs/{job_id_in_hash(page)}/metrics").json()
    assert len(lines) == 1 + len(history["step"])
    with page.expect_download() as npz:
        page.locator("#export-model-npz").click()
    assert npz.value.suggested_filename.endswith(".npz")
    expect(page.locator("#export-model-json")).to_have_attribute("href", re.compile(r"/model$"))
    watch.assert_clean()


def test_jobs_rows_update_in_place_and_runs_compare_apart(page, watch, server, artifacts):
    open_page(page, server.url)
    regression = httpx.post(f"{server.url}/api/jobs", json={
        "dataset": {"name": "plane"}, "training": {"max_epochs": 5}, "autostart": True,
        "name": "plane regression"}).json()
    by_testid(page, "learning-rate").select_option("0.3")
    by_testid(page, "step").click()
    wait_for_epoch(page, lambda e: e == 1)
    first = job_id_in_hash(page)
    by_testid(page, "learning-rate").select_option("0.03")
    page.locator("#learning-rate").dispatch_event("change")
    by_testid(page, "dataset-xor").click()
    by_testid(page, "play").click()
    wait_for_status(page, "^Running")
    page.locator("#refresh-jobs").click()
    tick = page.get_by_label(re.compile("Compare the loss of .*lr 0.3"))
    tick.focus()
    tick.evaluate("el => { el.dataset.marked = '1'; }")
    start = wait_for_epoch(page, lambda e: e >= 1)
    wait_for_epoch(page, lambda e: e >= start + 20)  # many renders of the table meanwhile
    assert page.evaluate("() => document.activeElement.dataset.marked") == "1"
    page.keyboard.press("Space")  # ticks the box; does not pause the training
    expect(tick).to_be_checked()
    assert api_job(server, job_id_in_hash(page))["status"] == "running"
    names = [job["name"] for job in api_jobs(server) if job["id"] != regression["id"]]
    assert len(set(names)) == len(names) and any("lr 0.3" in n for n in names), names
    page.get_by_label(re.compile("Compare the loss of plane")).check()
    page.wait_for_function(
        f"() => {CHART_DATA.format('loss-chart')}.some(t => t.yaxis === 'y2')")
    legend_y = plot(page, "loss-chart").evaluate("el => el.layout.legend.y")
    assert legend_y < 0, "the legend sits below the plot"
    screenshot(page, artifacts, "14-compare")
    by_testid(page, "play").click()
    wait_for_status(page, "^Paused")

    row = page.locator(f"tr[data-job='{first}']")
    row.get_by_role("button", name=re.compile("^Rename")).click()
    row.locator("input[type=text]").fill("baseline")
    row.locator("input[type=text]").press("Enter")
    expect(row.locator(".job-name")).to_have_text("baseline")
    assert api_job(server, first)["name"] == "baseline"
    delete = row.get_by_role("button", name=re.compile("^Delete"))
    delete.click()
    expect(delete).to_have_text("delete?")
    delete.click()
    expect(page.locator(f"tr[data-job='{first}']")).to_have_count(0)
    assert all(job["id"] != first for job in api_jobs(server))
    watch.assert_clean()


def test_problem_type_choices_and_messages_use_the_labels_shown(page, watch, server):
    open_page(page, server.url)
    by_testid(page, "dataset-plane").click()
    expect(page.locator("#problem option[value=classification]")).to_be_disabled()
    by_testid(page, "dataset-circle").click()
    page.locator("#problem").select_option("regression")
    page.locator("#edit-points").check()
    expect(page.locator("#point-value-field")).to_be_visible()
    expect(page.locator("#point-class-field")).to_be_hidden()
    page.locator(".advanced summary").click()
    page.locator("#max-epochs").fill("0")
    page.locator("#max-epochs").dispatch_event("change")
    expect(page.locator("[data-error-for=training]")).to_have_text(
        re.compile(r"^Stop after epochs: expected 1 to"))
    watch.assert_clean()


def test_layouts_at_1920_and_800_and_a_big_network_summarised(browser, server, artifacts):
    wide = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        page = wide.new_page()
        open_page(page, server.url)
        box = page.locator("[data-testid=boundary-chart]").bounding_box()
        assert box["width"] >= 450 and box["height"] >= 450, box
        screenshot(page, artifacts, "15-layout-1920")
        layers = ",".join(["256:relu"] * 16)
        page.goto(f"{server.url}/#layers={layers}")
        page.wait_for_selector("#network .network-canvas.summary")
        canvas = page.locator("#network .network-canvas").bounding_box()
        panel = page.locator("#network").bounding_box()
        assert canvas["width"] <= panel["width"] + 1, (canvas, panel)
        screenshot(page, artifacts, "16-big-network")
    finally:
        wide.close()
    narrow = browser.new_context(viewport={"width": 800, "height": 900})
    try:
        page = narrow.new_page()
        open_page(page, server.url)
        for name in ("play", "boundary-chart", "loss-chart"):
            box = page.locator(f"[data-testid={name}]").bounding_box()
            assert box["y"] + box["height"] / 2 < 900, f"{name} is below the fold: {box}"
        screenshot(page, artifacts, "17-layout-800")
    finally:
        narrow.close()


def test_after_a_restart_the_page_says_it_restored_from_the_checkpoint(
        page, tmp_path, artifacts):
    data_dir = tmp_path / "data"
    with running_server(data_dir) as first:
        open_page(page, first.url)
        by_testid(page, "speed").select_option("10")
        by_testid(page, "step").click()
        wait_for_epoch(page, lambda e: e == 1)  # the step checkpointed epoch 1
        by_testid(page, "play").click()
        wait_for_epoch(page, lambda e: e >= 4)
        first.stop(signal.SIGKILL)  # no last checkpoint: the job goes back
        wait_for_status(page, "unreachable|reconnecting", timeout=30_000)
        second = start_server(data_dir, port=first.port)
        try:
            expect(page.locator("#notice")).to_contain_text(
                re.compile(r"restored from the checkpoint at epoch \d+"), timeout=30_000)
            expect(page.locator("[data-error-for=run]")).to_be_hidden()
            wait_for_status(page, "^Paused")
            screenshot(page, artifacts, "18-restored")
        finally:
            second.stop()
