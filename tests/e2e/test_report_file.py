"""The report opens offline: from a file:// path, zero console errors, nothing fetched from
any host, every graph drawn."""

import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nnplayground.api.app import create_app
from nnplayground.settings import Settings
from tests.e2e.page_tools import by_testid, job_id_in_hash, open_page, wait_for_epoch

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("NNPLAYGROUND_SHOTS", "/work/shots/exports"))
SPIRAL = {"dataset": {"name": "spiral", "n_samples": 300, "noise": 10, "seed": 1},
          "network": {"hidden": [{"units": 8, "activation": "tanh"},
                                 {"units": 4, "activation": "tanh"}]},
          "training": {"learning_rate": 0.03}}


def report_file(tmp_path: Path, spec: dict, epochs: int) -> Path:
    settings = Settings(data_dir=tmp_path / "data", kernel="numpy")
    with TestClient(create_app(settings)) as client:
        job = client.post("/api/jobs", json=spec).json()
        client.post(f"/api/jobs/{job['id']}/step", json={"epochs": epochs})
        response = client.get(f"/api/jobs/{job['id']}/report")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    path = tmp_path / "report.html"
    path.write_bytes(response.content)
    return path


def test_the_report_opens_offline_with_its_graphs(browser, tmp_path):
    path = report_file(tmp_path, SPIRAL, 30)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors, fetched = [], []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.on("request", lambda request: request.url.startswith(("file:", "data:", "blob:"))
            or fetched.append(request.url))
    try:
        page.goto(path.as_uri())
        # curves, final boundary, confusion matrix, strip: each a drawn Plotly graph
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg')"
                               ".length >= 4", timeout=30_000)
        assert page.locator(".js-plotly-plot .heatmaplayer").count() >= 3
        assert page.locator(".js-plotly-plot .scatterlayer .trace").count() >= 4
        assert '"spiral"' in page.locator("#spec").inner_text()
        assert page.locator("#network tr").count() == 1 + 4  # header, inputs, 2 hidden, output
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "report.png"), full_page=True)
    finally:
        context.close()
    assert errors == []
    assert fetched == []


def test_the_page_downloads_the_scripts_and_the_report(page, watch, server, tmp_path):
    open_page(page, server.url)
    by_testid(page, "step").click()
    wait_for_epoch(page, lambda e: e == 1)
    job_id = job_id_in_hash(page)
    saved = {}
    for name in ("export-python", "export-pytorch", "export-report"):
        with page.expect_download() as download:
            by_testid(page, name).click()
        saved[name] = download.value.suggested_filename
        download.value.save_as(tmp_path / saved[name])
    assert saved == {"export-python": f"job-{job_id}.py",
                     "export-pytorch": f"job-{job_id}-pytorch.py",
                     "export-report": f"report-{job_id}.html"}
    assert "trainer.fit(X_train, Y_train" in (tmp_path / f"job-{job_id}.py").read_text()
    assert f"nnplayground job {job_id}" in (tmp_path / f"report-{job_id}.html").read_text()
    watch.assert_clean()
