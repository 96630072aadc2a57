"""The page's static files at `/`, kept off `/api/...` so that unknown API routes and
wrong methods there get the API's JSON 404 and 405 (with `Allow`), not the page's."""

from pathlib import Path

from fastapi.staticfiles import StaticFiles
from starlette.routing import Match, Mount
from starlette.types import Scope


class PageFiles(Mount):
    def __init__(self, directory: Path):
        super().__init__("/", app=StaticFiles(directory=directory, html=True), name="frontend")

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        path = scope.get("path", "")
        if scope["type"] != "http" or path == "/api" or path.startswith("/api/"):
            return Match.NONE, {}
        return super().matches(scope)
