"""Who may use the server from a browser, and the headers that keep other sites out.

- Host: by DNS rebinding an attacker's name resolves to 127.0.0.1, and the browser then
  gives that site full access to a local server, sending `Host: attacker.example`. Only
  the names the server is reached under are answered: the loopback names, the address
  the connection came in on, and `allowed_hosts` (`"*"`: any). Others get 400.
- Origin: browsers name the page behind a request. A WebSocket handshake or a request
  that changes state (not GET, HEAD, OPTIONS) from another origin gets 403, unless
  `allowed_origins` lists it. Clients that send no Origin (scripts, curl) pass.
- Every HTTP answer carries a Content-Security-Policy with no external source
  (frame-ancestors 'none'), nosniff, and a Referrer-Policy.
"""

import base64
import hashlib
import re
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nnplayground.api.responses import SafeJSONResponse

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Swagger UI (/docs) starts with an inline script: it is allowed by its hash, nothing else.
INLINE_SCRIPT_PAGES = frozenset({"/docs", "/docs/oauth2-redirect"})
INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)
# Plotly and Swagger UI set inline styles; images may be data: URLs (icons, exports).
CSP = ("default-src 'self'; script-src 'self'{scripts}; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
       "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def host_name(host: str) -> str:
    """`"[::1]:8000"` -> `"::1"`, `"Example.org.:80"` -> `"example.org"`."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0].rstrip(".") if host.count(":") == 1 else host.rstrip(".")


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, allowed_hosts: tuple[str, ...] = (),
                 allowed_origins: tuple[str, ...] = ()):
        self.app = app
        self.any_host = "*" in allowed_hosts
        self.allowed_hosts = LOOPBACK_NAMES | {host_name(h) for h in allowed_hosts}
        self.allowed_origins = {origin.rstrip("/").lower() for origin in allowed_origins}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        problem = self.refusal(scope, headers)
        if problem is not None:
            await refuse(*problem, scope, receive, send)
        elif scope["type"] == "websocket":
            await self.app(scope, receive, send)
        elif scope["path"] in INLINE_SCRIPT_PAGES:
            await self.app(scope, receive, HashingSender(send))
        else:
            await self.app(scope, receive, with_headers(send))

    def refusal(self, scope: Scope, headers: Headers) -> tuple[int, str] | None:
        host = headers.get("host")
        if host is not None and not self.host_allowed(host_name(host), scope):
            return 400, (f"host {host[:100]!r} is not served here; start the server with "
                         "--allowed-hosts to add it")
        origin = headers.get("origin")
        changes_state = scope["type"] == "websocket" or scope["method"] not in SAFE_METHODS
        if origin is not None and changes_state and not self.origin_allowed(origin, host):
            return 403, (f"requests from origin {origin[:100]!r} are not allowed; start the "
                         "server with --allowed-origins to add it")
        return None

    def host_allowed(self, name: str, scope: Scope) -> bool:
        server = scope.get("server") or ("",)
        return self.any_host or name in self.allowed_hosts or name == str(server[0]).lower()

    def origin_allowed(self, origin: str, host: str | None) -> bool:
        origin = origin.rstrip("/").lower()
        if origin in self.allowed_origins or "*" in self.allowed_origins:
            return True
        parts = urlsplit(origin)
        return (host is not None and parts.scheme in ("http", "https")
                and parts.netloc == host.lower())


def with_headers(send: Send, scripts: str = "") -> Send:
    async def sender(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            headers.setdefault("Content-Security-Policy", CSP.format(scripts=scripts))
            for name, value in HEADERS.items():
                headers.setdefault(name, value)
        await send(message)
    return sender


class HashingSender:
    """Holds a small generated page back until its inline scripts are hashed into the CSP."""

    def __init__(self, send: Send):
        self.send = send
        self.start: Message | None = None
        self.body = b""

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.start = message
            return
        if message["type"] != "http.response.body" or self.start is None:
            await self.send(message)
            return
        self.body += message.get("body", b"")
        if message.get("more_body", False):
            return
        hashes = "".join(f" 'sha256-{digest(script)}'" for script in
                         INLINE_SCRIPT.findall(self.body))
        send = with_headers(self.send, hashes)
        await send(self.start)
        await send({"type": "http.response.body", "body": self.body})


def digest(script: bytes) -> str:
    return base64.b64encode(hashlib.sha256(script).digest()).decode()


async def refuse(status: int, text: str, scope: Scope, receive: Receive, send: Send) -> None:
    response = SafeJSONResponse(status_code=status, content={"detail": text, "message": text})
    if scope["type"] == "http":
        await response(scope, receive, with_headers(send))
    elif "websocket.http.response" in scope.get("extensions", {}):
        await response(scope, receive, send)  # Starlette sends it as a handshake denial
    else:
        await send({"type": "websocket.close", "code": 1008, "reason": text[:120]})
