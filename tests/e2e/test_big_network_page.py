"""The biggest network the limits allow, on the page (issue 13, item 15): 16 hidden layers of
256 units show real neuron pictures, fitted in the panel, asking the server only for the units
the diagram shows."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import Watch
from tests.e2e.page_tools import by_testid, open_page, screenshot, wait_for_epoch

BIGGEST = ",".join(["256:relu"] * 16)
FITS = ("() => document.querySelector('#network').scrollWidth"
        " <= document.querySelector('#network').clientWidth")


def test_a_16x256_network_shows_its_neuron_pictures_in_the_panel(browser, server, artifacts):
    for width, height in ((1280, 800), (1920, 1080)):
        context = browser.new_context(viewport={"width": width, "height": height})
        try:
            page = context.new_page()
            watch = Watch(page, server)
            with page.expect_response(re.compile(r"/api/preview\?"), timeout=90_000) as preview:
                open_page(page, f"{server.url}/#layers={BIGGEST}")
            assert "units_per_layer=4" in preview.value.url  # the summary shows 4 a layer
            expect(page.locator("#network .node.neuron")).to_have_count(16 * 4)
            # Real pictures, no dashed "no picture yet" tile; a dead neuron is hatched instead.
            expect(page.locator("#network .node.blank")).to_have_count(0, timeout=60_000)
            for dead in page.locator("#network .node.neuron.dead").all():
                assert "dead neuron" in dead.get_attribute("title")
            expect(page.locator("#network .output-node")).to_be_in_viewport()
            assert page.evaluate(FITS)
            screenshot(page, artifacts, f"30-biggest-network-{width}")
            watch.assert_clean()
        finally:
            context.close()


def test_the_stream_of_a_big_network_sends_the_units_shown(page, watch, server):
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    open_page(page, f"{server.url}/#layers=256:relu,256:relu")
    by_testid(page, "step").click()
    wait_for_epoch(page, lambda e: e == 1)
    assert any("units_per_layer=4" in url for url in sockets), sockets
    expect(page.locator("#network .node.blank")).to_have_count(0)
    watch.assert_clean()
