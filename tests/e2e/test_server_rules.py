"""The page takes its limits and choices from the server it talks to, not from a copy."""

import threading
from collections.abc import Iterator
from types import SimpleNamespace

import httpx
import pytest
import uvicorn
from playwright.sync_api import expect

from nnplayground.api.app import create_app
from nnplayground.limits import Limits
from nnplayground.settings import Settings
from tests.e2e.conftest import Watch
from tests.e2e.page_tools import by_testid, open_page
from tests.utils.factories import wait_for
from tests.utils.server import free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SMALL = Limits(max_hidden_layers=3, max_units=6)


@pytest.fixture
def small_server(tmp_path) -> Iterator[SimpleNamespace]:
    """A real server on loopback (in a thread: its limits are set in code) with small limits."""
    app = create_app(Settings(data_dir=tmp_path / "data", limits=SMALL))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(),
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, what="the server starting")
    try:
        yield SimpleNamespace(url=f"http://127.0.0.1:{server.config.port}")
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_the_page_keeps_to_the_servers_limits_and_choices(page, small_server):
    watch = Watch(page, small_server)
    open_page(page, small_server.url + "/#layers=2:tanh,2:tanh,2:tanh,2:tanh")
    # A link beyond the limit is refused with this server's number, not a copied one.
    expect(page.locator("#notice")).to_contain_text("layers=")
    expect(page.locator("#notice")).to_contain_text(f"at most {SMALL.max_hidden_layers} hidden")
    expect(page.locator("#layer-count")).to_have_text("2 hidden layers")
    by_testid(page, "add-layer").click()
    expect(page.locator("#layer-count")).to_have_text("3 hidden layers")
    expect(by_testid(page, "add-layer")).to_be_disabled()

    add_neuron = page.get_by_role("button", name="Add a neuron to hidden layer 1")
    for _ in range(SMALL.max_units - 4):  # the first layer starts with 4
        add_neuron.click()
    expect(page.get_by_role("button", name="Add a neuron to hidden layer 1")).to_be_disabled()

    # The menus list the server's choices, in its order.
    choices = httpx.get(f"{small_server.url}/api/choices", timeout=5).json()
    for menu, values in [("init", choices["inits"]), ("optimizer", choices["optimizers"]),
                         ("problem", choices["problems"])]:
        options = page.locator(f"#{menu} option").evaluate_all("os => os.map(o => o.value)")
        assert options == values, menu
    features = page.locator("#network [data-feature]").evaluate_all(
        "nodes => nodes.map(n => n.dataset.feature)")
    assert features == choices["features"]
    watch.assert_clean()
