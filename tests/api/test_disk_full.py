"""A full data disk (a real, small tmpfs): failed writes change nothing or pause the job
saying why, answer 507, free running slots; deletes still work; when space returns, jobs
play again. Mounting needs root (CI runs as root); elsewhere these tests skip."""

import os
import subprocess
from pathlib import Path

import pytest

from tests.api.test_datasets_api import message, upload
from tests.utils.factories import create_job, spec, wait_for, wait_for_step

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")
BIG = {"network": {"hidden": [{"units": 64}] * 4}}  # checkpoints of ~100 KB


@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=True)


def fill(disk: Path) -> Path:
    """A file that takes every free byte of `disk`."""
    filler = disk / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (1 << 20, 1 << 16, 1 << 12, 1 << 9, 1):
            try:
                while True:
                    os.write(descriptor, bytes(size))
            except OSError:
                pass
    finally:
        os.close(descriptor)
    return filler


def test_a_full_disk_pauses_running_jobs_and_answers_507(make_client, small_disk):
    client = make_client(data_dir=small_disk / "data", checkpoint_seconds=0.05)
    running = create_job(client, **BIG)["id"]
    waiting = create_job(client)["id"]
    client.post(f"/api/jobs/{running}/play")
    wait_for_step(client, running, 1)
    filler = fill(small_disk)

    paused = wait_for(lambda: (job := client.get(f"/api/jobs/{running}").json())["status"]
                      == "paused" and job, what="the running job paused by the full disk")
    assert paused["error"].startswith("storage: the data directory refused a write")
    refused = client.post("/api/jobs", json=spec(**BIG))
    assert message(refused, 507).startswith("storage: ")
    assert {job["id"] for job in client.get("/api/jobs").json()["items"]} == {running, waiting}
    assert message(upload(client), 507).startswith("storage: ")
    for _ in range(3):
        played = client.post(f"/api/jobs/{running}/play")
        assert message(played, 507).startswith("storage: ")
        assert client.get(f"/api/jobs/{running}").json()["status"] == "paused"

    assert client.delete(f"/api/jobs/{waiting}").status_code == 204
    filler.unlink()  # space returns
    played = client.post(f"/api/jobs/{running}/play")
    assert played.status_code == 200, played.text
    assert (played.json()["status"], played.json()["error"]) == ("running", None)
    wait_for_step(client, running, paused["step"] + 1)
