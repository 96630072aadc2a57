"""A preview builds a training session: it takes its memory from the same budget as jobs,
and is refused as they are (429 naming the numbers) when that memory is not there."""

from nnplayground.limits import Limits
from tests.utils.factories import spec


def test_a_preview_beyond_the_memory_budget_is_429_and_leaves_none_held(make_client):
    client = make_client(limits=Limits(max_memory_mb=3))
    job = client.post("/api/jobs", json={**spec(), "autostart": True}).json()
    manager = client.app.state.manager
    held = manager.residency.budget.used_mb()
    assert 0 < held < 3  # the running job's session

    refused = client.post("/api/preview", json=spec())
    assert refused.status_code == 429, refused.text
    assert refused.headers["retry-after"]
    message = refused.json()["message"]
    assert message.startswith("a preview needs about") and "(max_memory_mb)" in message

    client.post(f"/api/jobs/{job['id']}/pause")
    assert client.post("/api/preview", json=spec()).status_code == 200  # the idle one left
    assert manager.residency.budget.used_mb() == 0  # and the preview holds nothing after
