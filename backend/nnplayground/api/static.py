"""The page and Plotly, gzipped and with ETags: a reload revalidates and downloads nothing again.

The page's files are the package data of `nnplayground.frontend` (the top-level `frontend/`
folder of the source tree; an editable install serves that folder live). Plotly's bundle
comes from the plotly package itself, so nothing is fetched from a CDN.
"""

import gzip
import hashlib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import plotly
from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.routing import APIRoute
from starlette.routing import Match
from starlette.types import Scope

FRONTEND_DIR = Path(str(files("nnplayground.frontend")))
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"

# What the page may serve; anything else (the package's __init__.py, say) is a 404.
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}
COMPRESSED_SUFFIXES = {".html", ".css", ".js", ".svg"}
# The page revalidates on every load (a 304 when unchanged), so a new version shows at once.
PAGE_CACHE = "no-cache"
# The file changes only with the plotly package, i.e. with a new install.
VENDOR_CACHE = "public, max-age=31536000, immutable"

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes | None  # None: not worth compressing (images)
    etag: str
    media_type: str
    version: tuple[int, int]  # (mtime_ns, size) of the file it was read from


class AssetCache:
    """Reads, hashes and gzips each file once per version of it (its mtime and size)."""

    def __init__(self) -> None:
        self._assets: dict[Path, Asset] = {}

    def get(self, path: Path) -> Asset:
        stat = path.stat()
        version = (stat.st_mtime_ns, stat.st_size)
        asset = self._assets.get(path)
        if asset is None or asset.version != version:
            asset = read_asset(path, version)
            self._assets[path] = asset
        return asset


def read_asset(path: Path, version: tuple[int, int]) -> Asset:
    body = path.read_bytes()
    gzipped = (gzip.compress(body, compresslevel=6, mtime=0)
               if path.suffix in COMPRESSED_SUFFIXES else None)
    etag = hashlib.sha256(body).hexdigest()[:32]
    return Asset(body, gzipped, etag, MEDIA_TYPES[path.suffix], version)


ASSETS = AssetCache()


def respond(request: Request, asset: Asset, cache_control: str) -> Response:
    """The asset (gzipped if the client takes it), or 304 if the client's copy is current."""
    zipped = asset.gzipped is not None and accepts_gzip(request.headers.get("accept-encoding"))
    etag = f'"{asset.etag}-gzip"' if zipped else f'"{asset.etag}"'
    headers = {"ETag": etag, "Cache-Control": cache_control, "Vary": "Accept-Encoding"}
    if etag in client_etags(request.headers.get("if-none-match")):
        return Response(status_code=304, headers=headers)
    if zipped:
        headers["Content-Encoding"] = "gzip"
    return Response(asset.gzipped if zipped else asset.body, headers=headers,
                    media_type=asset.media_type)


def accepts_gzip(accept_encoding: str | None) -> bool:
    for part in (accept_encoding or "").split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def client_etags(if_none_match: str | None) -> set[str]:
    # A weak comparison, as RFC 9110 asks for If-None-Match: W/"x" matches "x".
    return {tag.strip().removeprefix("W/") for tag in (if_none_match or "").split(",")}


@router.api_route("/vendor/plotly.min.js", methods=["GET", "HEAD"])
def plotly_js(request: Request) -> Response:
    return respond(request, ASSETS.get(PLOTLY_JS), VENDOR_CACHE)


class PageRoute(APIRoute):
    """The page's catch-all, kept off `/api/...` so that unknown API routes and wrong
    methods there get the API's JSON 404 and 405 (with `Allow`), not the page's."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        path = scope.get("path", "")
        if path == "/api" or path.startswith("/api/"):
            return Match.NONE, {}
        return super().matches(scope)


def page_file(path: str, request: Request) -> Response:
    return respond(request, ASSETS.get(find_page_file(path)), PAGE_CACHE)


router.add_api_route("/{path:path}", page_file, methods=["GET", "HEAD"],
                     route_class_override=PageRoute)


def find_page_file(path: str) -> Path:
    root = FRONTEND_DIR.resolve()
    target = (root / path).resolve()
    if target.is_dir():
        target = target / "index.html"
    if not target.is_relative_to(root) or target.suffix not in MEDIA_TYPES \
            or not target.is_file():
        raise HTTPException(404, f"no page file at /{path}")
    return target
