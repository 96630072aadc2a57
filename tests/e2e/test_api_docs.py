"""The API's own documentation works offline, as the page does."""

import pytest

from tests.e2e.page_tools import screenshot

pytestmark = pytest.mark.browser


def test_swagger_ui_renders_every_operation_from_this_server_alone(page, watch, server,
                                                                  artifacts):
    page.goto(server.url + "/docs")
    operations = page.locator(".opblock-summary-path")
    operations.first.wait_for(state="visible")
    paths = set(operations.all_inner_texts())
    assert {"/api/jobs", "/api/jobs/{job_id}/step", "/api/datasets/sample"} <= paths
    screenshot(page, artifacts, "docs")
    watch.assert_clean()
