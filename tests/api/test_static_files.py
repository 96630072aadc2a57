"""The page and Plotly: package data, gzip for text, ETags so that a reload downloads nothing."""

import os
from pathlib import Path

from nnplayground.api import static

ROOT = Path(__file__).resolve().parents[2]


def test_the_page_comes_from_the_package_data_of_this_source_tree(client):
    # An editable install (make run, make test) serves frontend/ itself, live.
    assert static.FRONTEND_DIR.resolve() == (ROOT / "frontend").resolve()
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.content == (ROOT / "frontend" / "index.html").read_bytes()
    script = client.get("/js/main.js")
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert script.content == (ROOT / "frontend" / "js" / "main.js").read_bytes()


def test_text_is_gzipped_for_clients_that_take_it(client):
    raw = client.get("/vendor/plotly.min.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in raw.headers
    assert raw.headers["vary"] == "Accept-Encoding"
    zipped = client.get("/vendor/plotly.min.js", headers={"Accept-Encoding": "gzip, br"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < len(raw.content) / 3
    assert zipped.content == raw.content  # the client unzips it
    refused = client.get("/js/api.js", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in refused.headers


def test_a_reload_revalidates_and_gets_304_without_a_body(client):
    for path, cache in [("/vendor/plotly.min.js", "max-age=31536000"), ("/", "no-cache"),
                        ("/css/playground.css", "no-cache")]:
        first = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert cache in first.headers["cache-control"], path
        etag = first.headers["etag"]
        again = client.get(path, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
        assert again.status_code == 304, path
        assert again.content == b""
        assert again.headers["etag"] == etag
        # The other encoding is another representation, with its own tag.
        plain = client.get(path, headers={"Accept-Encoding": "identity", "If-None-Match": etag})
        assert plain.status_code == 200
        assert plain.headers["etag"] != etag


def test_an_edited_file_gets_a_new_etag(client, tmp_path, monkeypatch):
    page = tmp_path / "frontend"
    (page / "js").mkdir(parents=True)
    script = page / "js" / "x.js"
    script.write_text("export const x = 1;\n")
    monkeypatch.setattr(static, "FRONTEND_DIR", page)
    first = client.get("/js/x.js")
    script.write_text("export const x = 22;\n")
    os.utime(script, ns=(1, 1))  # a new mtime, whatever the clock's resolution
    second = client.get("/js/x.js", headers={"If-None-Match": first.headers["etag"]})
    assert second.status_code == 200
    assert second.text == "export const x = 22;\n"


def test_only_page_files_are_served(client):
    for path in ["/__init__.py", "/package.json", "/../pyproject.toml", "/js/nothing.js",
                 "/%2e%2e/%2e%2e/pyproject.toml"]:
        assert client.get(path).status_code == 404, path
    assert client.get("/api/nothing").json()["message"] == "no such route: /api/nothing"

