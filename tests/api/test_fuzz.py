"""Schemathesis over every operation of the OpenAPI schema, against a live loopback server:
no request it makes up may get a 5xx answer (issue 10). Bounded: a fixed number of
examples per operation and a fixed seed, well under a minute."""

import subprocess
import sys
from pathlib import Path

import pytest

from nnplayground.limits import Limits
from tests.api.test_connections import guarded_server
from tests.utils.patience import stretched

pytestmark = pytest.mark.slow
# Small limits keep every generated job, step and picture cheap.
FUZZ_LIMITS = Limits(max_hidden_layers=3, max_units=16, max_samples=300, max_running_jobs=4,
                     max_stored_jobs=60, max_epochs_per_step=2, max_picture_values=20_000)
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def test_no_generated_request_gets_a_5xx_answer(tmp_path):
    with guarded_server(tmp_path, limits=FUZZ_LIMITS) as server:
        url = f"http://127.0.0.1:{server.config.port}/openapi.json"
        run = subprocess.run(
            [str(SCHEMATHESIS), "run", url, "--checks", "not_a_server_error",
             "--phases", "examples,coverage,fuzzing", "--max-examples", "6", "--seed", "1",
             "--request-timeout", str(round(stretched(20))), "--generation-database", "none",
             "--no-color"],
            capture_output=True, text=True, timeout=stretched(150), cwd=tmp_path)
    report = run.stdout[-6000:] + run.stderr[-2000:]
    assert run.returncode == 0, report
    assert "No issues found" in run.stdout or "passed" in run.stdout, report
