"""A server that cannot serve WebSockets says so once at startup, and the page says so in
words instead of "reconnecting" forever.

The server runs with its WebSocket libraries hidden: a folder on PYTHONPATH whose
`websockets` and `wsproto` refuse to import, as when they are not installed.
"""

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.page_tools import (
    by_testid,
    epoch,
    open_page,
    screenshot,
    wait_for_epoch,
    wait_for_status,
)
from tests.utils.server import running_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROBLEM = "this server has no WebSocket library"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    hidden = tmp_path_factory.mktemp("no-websockets")
    for name in ("websockets", "wsproto"):
        (hidden / name).mkdir()
        (hidden / name / "__init__.py").write_text(f"raise ImportError('{name} is hidden')\n")
    data = tmp_path_factory.mktemp("unavailable") / "data"
    with running_server(data, extra_env={"PYTHONPATH": str(hidden)}) as server:
        yield server


def unavailable_lines(server) -> list[str]:
    return [line for line in server.log().splitlines() if "live updates are unavailable" in line]


def test_health_and_the_log_say_why_once(server):
    health = httpx.get(f"{server.url}/api/health").json()
    assert health["live_updates"] is False
    assert health["live_updates_problem"].startswith(PROBLEM)
    assert unavailable_lines(server) == [
        f"ERROR:    live updates are unavailable: {health['live_updates_problem']}"]


def test_the_page_says_so_and_stops_trying(page, server, artifacts):
    sockets = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    open_page(page, server.url)
    by_testid(page, "step").click()
    expect(page.locator("#notice")).to_contain_text(f"Live updates are unavailable: {PROBLEM}")
    wait_for_status(page, "^Live updates are unavailable$")
    screenshot(page, artifacts, "live-updates-unavailable")
    # REST still works: step trains one epoch, and no socket is tried again meanwhile.
    assert wait_for_epoch(page, lambda e: e >= 1) == 1
    by_testid(page, "step").click()
    wait_for_epoch(page, lambda e: e >= 2)
    assert epoch(page) == 2
    assert len(sockets) == 1, sockets
    assert len(unavailable_lines(server)) == 1
