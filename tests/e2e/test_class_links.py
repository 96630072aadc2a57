"""The page's classroom features (issue 12, item 8) and the leftovers of issue 13: hide=,
present=1, Copy link, loss smoothing, the diagram at 800 px, the multi-class boundary."""

import itertools
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Watch
from tests.e2e.page_tools import (
    CHART_DATA,
    by_testid,
    job_id_in_hash,
    open_page,
    plot,
    screenshot,
    wait_for_epoch,
    wait_for_status,
)


def hash_value(page, key: str) -> str:
    pairs = dict(pair.partition("=")[::2] for pair in page.evaluate("() => location.hash")
                 .lstrip("#").split("&"))
    return pairs.get(key, "")


def test_hide_hides_what_it_names_keeps_the_values_and_warns_of_unknown_names(
        page, watch, server, artifacts):
    warnings = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    open_page(page, f"{server.url}/#learningRate=0.3&hide=learningRate,percTrainData,neurons,"
                    "noSuchControl,sweep")
    for hidden in ("#learning-rate", "#train-ratio", "#sweep-panel", "[data-action=add-neuron]"):
        expect(page.locator(hidden).first).to_be_hidden()
    for shown in ("#optimizer", "#noise", "[data-testid=play]", "[data-layer-field=activation]"):
        expect(page.locator(shown).first).to_be_visible()
    # A hidden control keeps the value the link gives it, and the job gets it.
    assert page.locator("#learning-rate").input_value() == "0.3"
    assert hash_value(page, "learningRate") == "0.3"
    assert hash_value(page, "hide") == "learningRate,percTrainData,neurons,noSuchControl,sweep"
    page.wait_for_function("() => document.body.dataset.hidden !== undefined")
    assert any("noSuchControl" in text for text in warnings), warnings
    expect(page.locator("#notice")).to_be_hidden()  # a warning, not a complaint
    screenshot(page, artifacts, "20-hidden-controls")
    # The class-link maker builds such a link.
    page.locator("#hide-helper summary").click()
    page.locator("#hide-helper input[value=noise]").check()
    link = page.locator("[data-class-link=link]").input_value()
    assert re.search(r"[#&]hide=noise(&|$)", link) and "job=&" in link, link
    watch.assert_clean()


def boundary_box(page):
    return page.locator("[data-testid=boundary-chart] .js-plotly-plot").bounding_box()


def test_presentation_layout_draws_the_boundary_larger(browser, server, artifacts):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        watch = Watch(page, server)
        open_page(page, server.url)
        normal = boundary_box(page)
        by_testid(page, "present-toggle").click()
        expect(page.locator("body")).to_have_class(re.compile(r"\bpresent\b"))
        assert hash_value(page, "present") == "1"
        page.wait_for_function(
            "w => document.querySelector('[data-testid=boundary-chart] .js-plotly-plot')"
            ".getBoundingClientRect().width > w", arg=normal["width"] + 1)
        large = boundary_box(page)
        grown = large["width"] / normal["width"], large["height"] / normal["height"]
        assert min(grown) > 1.2, (normal, large)
        expect(page.locator(".data-panel")).to_be_hidden()
        output = page.locator("#network .output-node").bounding_box()
        panel = page.locator("#network").bounding_box()
        assert output["x"] + output["width"] <= panel["x"] + panel["width"] + 1, (output, panel)
        screenshot(page, artifacts, "21-present-1280x720")
        page.reload()  # the hash keeps it
        expect(page.locator("body")).to_have_class(re.compile(r"\bpresent\b"))
        watch.assert_clean()
    finally:
        context.close()


def test_copy_link_carries_the_setup_and_the_job(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800},
                                  permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        watch = Watch(page, server)
        open_page(page, f"{server.url}/#dataset=xor&learningRate=0.1")
        by_testid(page, "step").click()
        wait_for_epoch(page, lambda e: e == 1)
        wait_for_status(page, "^Paused")
        job_id = job_id_in_hash(page)
        by_testid(page, "copy-link").click()
        expect(by_testid(page, "copy-link")).to_have_text("Copied")
        link = page.evaluate("() => navigator.clipboard.readText()")
        assert link == by_testid(page, "copy-link").get_attribute("data-link")
        assert f"job={job_id}" in link and "dataset=xor" in link and "learningRate=0.1" in link
        other = context.new_page()
        other_watch = Watch(other, server)
        open_page(other, link)  # the recipient sees that run
        wait_for_epoch(other, lambda e: e == 1)
        assert job_id_in_hash(other) == job_id
        expect(other.locator("[data-testid=dataset-xor]")).to_have_attribute("aria-pressed", "true")
        watch.assert_clean()
        other_watch.assert_clean()
    finally:
        context.close()


SMOOTHED = f"() => {CHART_DATA.format('loss-chart')}.map(t => t.name)"


def test_loss_smoothing_draws_the_raw_curves_faint_and_stays_in_the_hash(page, watch, server):
    open_page(page, f"{server.url}/#dataset=xor&speed=max&maxEpochs=30")
    by_testid(page, "play").click()
    wait_for_status(page, "^(Finished|Completed|Done)|completed", timeout=60_000)
    slider = by_testid(page, "smoothing")
    slider.evaluate("el => { el.value = '0.9'; el.dispatchEvent(new Event('change')); }")
    # Read in the same call that sees the raw curves: a render may come between two calls.
    drawn = page.wait_for_function(
        f"() => {{ const data = {CHART_DATA.format('loss-chart')}; return data.some("
        "t => t.name === 'Train loss (raw)') && data.map(t => ({name: t.name, "
        "y: Array.from(t.y), opacity: t.opacity})); }")
    traces = {t["name"]: t for t in drawn.json_value()}
    raw, smooth = traces["Train loss (raw)"]["y"], traces["Train loss"]["y"]
    assert traces["Train loss (raw)"]["opacity"] < 0.5
    steps = lambda ys: sum(abs(b - a) for a, b in itertools.pairwise(ys))  # noqa: E731
    assert steps(smooth) < steps(raw), "the smoothed curve moves less than the raw one"
    assert hash_value(page, "smoothing") == "0.9"
    page.reload()
    open_page(page, page.url)
    assert by_testid(page, "smoothing").input_value() == "0.9"
    page.wait_for_function(f"() => {SMOOTHED}().includes('Test loss (raw)')")
    watch.assert_clean()


FOUR_LAYERS = "8:tanh,8:tanh,8:tanh,8:tanh"
SIXTEEN_LAYERS = ",".join(["8:tanh"] * 16)


@pytest.mark.parametrize("height", [900, 600])
def test_at_800_px_the_network_diagram_fits_its_panel(browser, server, artifacts, height):
    context = browser.new_context(viewport={"width": 800, "height": height})
    try:
        page = context.new_page()
        watch = Watch(page, server)
        # Beyond 3 hidden layers the columns cannot squeeze any further: the diagram scales.
        for layers in ("4:tanh,2:tanh", "6:relu,6:relu,4:relu", FOUR_LAYERS, SIXTEEN_LAYERS):
            open_page(page, f"{server.url}/#layers={layers}")
            page.wait_for_function("n => document.querySelectorAll('#network .layer-controls')"
                                   ".length === n", arg=layers.count(",") + 1)
            panel = page.locator("#network").bounding_box()
            for node in page.locator("#network .output-node, #network .layer-controls").all():
                box = node.bounding_box()
                right = panel["x"] + panel["width"]
                assert panel["x"] - 1 <= box["x"] and box["x"] + box["width"] <= right + 1, (
                    layers, box, panel)
            assert page.evaluate("() => document.querySelector('#network').scrollWidth"
                                 " <= document.querySelector('#network').clientWidth"
                                 " && document.documentElement.scrollWidth <= innerWidth")
            if layers == FOUR_LAYERS:
                screenshot(page, artifacts, f"22-network-800x{height}-four-layers")
        watch.assert_clean()
    finally:
        context.close()


def test_a_multi_class_boundary_is_drawn_on_a_finer_grid(page, watch, server, artifacts):
    open_page(page, f"{server.url}/#dataset=spiral&classes=4&layers=8:tanh,8:tanh")
    page.wait_for_function(f"() => {CHART_DATA.format('boundary-chart')}[0]?.type === 'heatmap'")
    heat = plot(page, "boundary-chart").evaluate(
        "el => ({n: el.data[0].x.length, smooth: el.data[0].zsmooth})")
    boundary = page.evaluate("() => fetch('/api/preview?resolution=50', {method: 'POST', "
                             "headers: {'content-type': 'application/json'}, body: JSON.stringify("
                             "{dataset: {name: 'spiral', classes: 4}})}).then(r => r.json())")
    coarse = len(boundary["boundary"]["x"])
    assert heat["n"] == (coarse - 1) * 4 + 1 and heat["smooth"] is False, (heat, coarse)
    screenshot(page, artifacts, "23-spiral-4-classes")
    watch.assert_clean()
