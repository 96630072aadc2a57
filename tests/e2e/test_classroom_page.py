"""A classroom in Chromium: A trains; B opens A's link and watches it live but cannot pause
it; the teacher's page shows both runs and opens one large."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import VIEWPORT, Watch
from tests.e2e.page_tools import by_testid, epoch, job_id_in_hash, open_page, wait_for_epoch
from tests.utils.server import Server, running_server

pytestmark = pytest.mark.browser
TEACHER_TOKEN = "teacher-secret-for-the-e2e-class"
SHOTS = Path("/work/shots/classroom")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    env = {"NNPLAYGROUND_KERNEL": "numpy", "NNPLAYGROUND_MULTI_USER": "1",
           "NNPLAYGROUND_TEACHER_TOKEN": TEACHER_TOKEN}
    with running_server(tmp_path_factory.mktemp("class") / "data", extra_env=env,
                        healthy_within=60) as server:
        yield server


def person(browser, server: Server):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(60_000)  # four pages and two runs share a loaded machine
    return context, page, Watch(page, server)


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name))


def job_status(server: Server, job_id: str) -> str:
    return httpx.get(f"{server.url}/api/jobs/{job_id}", timeout=5,
                     headers={"Authorization": f"Bearer {TEACHER_TOKEN}"}).json()["status"]


def test_a_trains_b_watches_the_teacher_sees_both(browser, server):
    context_a, page_a, watch_a = person(browser, server)
    context_b, page_b, _ = person(browser, server)
    context_t, page_t, watch_t = person(browser, server)
    try:
        open_page(page_a, f"{server.url}/#speed=10")  # slow: four pages share two cores
        by_testid(page_a, "nickname").fill("Ada")
        by_testid(page_a, "nickname").press("Enter")
        by_testid(page_a, "play").click()
        wait_for_epoch(page_a, lambda value: value >= 2)
        link = page_a.url
        job_id = job_id_in_hash(page_a)

        open_page(page_b, link)
        note = by_testid(page_b, "watch-note")
        note.wait_for(state="visible")
        assert "watching Ada's run" in note.inner_text()
        seen = epoch(page_b)
        wait_for_epoch(page_b, lambda value: value > seen)  # live
        assert by_testid(page_b, "play").is_disabled()
        page_b.keyboard.press(" ")  # the space bar plays or pauses: not someone else's run
        assert job_status(server, job_id) == "running"
        page_b.evaluate("() => window.scrollTo(0, 0)")
        shot(page_b, "watch-mode.png")
        page_b.close()

        own = context_b.new_page()
        open_page(own, f"{server.url}/#speed=10")
        by_testid(own, "play").click()
        wait_for_epoch(own, lambda value: value >= 1)
        assert by_testid(own, "watch-note").is_hidden()

        page_t.goto(f"{server.url}/teacher")
        by_testid(page_t, "teacher-token").fill(TEACHER_TOKEN)
        by_testid(page_t, "teacher-enter").click()
        tiles = by_testid(page_t, "class-tile")
        page_t.wait_for_function(
            "() => document.querySelectorAll('[data-testid=class-tile]').length >= 2")
        names = tiles.locator(".who").all_inner_texts()
        assert "Ada" in names and any(name.startswith("student-") for name in names)
        page_t.wait_for_function("() => [...document.querySelectorAll('.tile')].every("
                                 "t => t.dataset.drawn === '1')")
        shot(page_t, "teacher.png")

        tiles.filter(has_text="Ada").click()
        by_testid(page_t, "focus").wait_for(state="visible")
        page_t.wait_for_function(
            "() => document.getElementById('focus-boundary').data?.[0]?.type === 'heatmap'")
        assert "Ada's run" in by_testid(page_t, "focus-title").inner_text()
        shot(page_t, "teacher-focus.png")
        watch_a.assert_clean()
        watch_t.assert_clean()
    finally:
        for context in (context_a, context_b, context_t):
            context.close()
