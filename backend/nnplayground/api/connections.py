"""Connection guards uvicorn lacks: read timeouts, a connection cap, and peers that stop reading.

uvicorn waits forever for a request's headers and body (200 sockets sending a header
line every 10 s all stay open), accepts any number of connections, and a peer that stops
reading keeps its socket: closing a transport waits for its write buffer to drain. So:

- a request's headers must arrive within `header_timeout_seconds` of its first byte (or
  of the connection), its body within `body_timeout_seconds` of the headers;
- past `max_connections` open connections (HTTP and WebSocket), new ones are closed;
- a peer that takes none of our bytes for `write_stall_seconds` is aborted.
"""

import asyncio
import logging

from uvicorn.protocols.http.h11_impl import H11Protocol

from nnplayground.settings import Settings

log = logging.getLogger(__name__)


class StallGuard:
    """Aborts the transport if writing stays paused (the peer reads nothing) too long."""

    write_stall_seconds = 10.0
    max_connections = 500
    transport: asyncio.Transport
    connections: set

    _stall: asyncio.TimerHandle | None = None

    def over_capacity(self) -> bool:
        if len(self.connections) <= self.max_connections:
            return False
        log.warning("refusing a connection: %d open (max_connections %d)",
                    len(self.connections), self.max_connections)
        self.transport.close()
        return True

    def pause_writing(self) -> None:
        super().pause_writing()
        if self._stall is None:
            loop = asyncio.get_running_loop()
            self._stall = loop.call_later(self.write_stall_seconds, self.abort_stalled)

    def resume_writing(self) -> None:
        super().resume_writing()
        self.cancel_stall()

    def cancel_stall(self) -> None:
        if self._stall is not None:
            self._stall.cancel()
            self._stall = None

    def abort_stalled(self) -> None:
        self._stall = None
        log.warning("aborting a connection whose peer read nothing for %ss",
                    self.write_stall_seconds)
        self.transport.abort()

    def connection_lost(self, exc: Exception | None) -> None:
        self.cancel_stall()
        super().connection_lost(exc)


class WebSocketGuard(StallGuard):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self.over_capacity()


def websocket_protocol() -> type | None:
    """uvicorn's WebSocket protocol, or None without a WebSocket library: the server then
    still serves the page and the REST API, and says live updates are unavailable (cli.py)."""
    try:
        from uvicorn.protocols.websockets.websockets_sansio_impl import (
            WebSocketsSansIOProtocol,
        )
    except ImportError:
        return None
    return WebSocketsSansIOProtocol


class GuardedH11Protocol(StallGuard, H11Protocol):
    header_timeout_seconds = 10.0
    body_timeout_seconds = 60.0

    _read_timer: asyncio.TimerHandle | None = None
    _timed_cycle: object = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if not self.over_capacity():
            self.arm(self.header_timeout_seconds, "headers")

    def data_received(self, data: bytes) -> None:
        if self._read_timer is None and (self.cycle is None or self.cycle.response_complete):
            self.arm(self.header_timeout_seconds, "headers")  # a new request begins
        super().data_received(data)

    def handle_events(self) -> None:
        super().handle_events()
        cycle = self.cycle
        if cycle is None or (cycle.response_complete and cycle is self._timed_cycle):
            return
        if cycle.more_body and cycle is not self._timed_cycle:
            self.arm(self.body_timeout_seconds, "body")  # headers complete
        elif not cycle.more_body:
            self.disarm()  # the whole request is in
        self._timed_cycle = cycle

    def handle_websocket_upgrade(self, event) -> None:
        self.disarm()
        self.cancel_stall()
        super().handle_websocket_upgrade(event)

    def connection_lost(self, exc: Exception | None) -> None:
        self.disarm()
        super().connection_lost(exc)

    def arm(self, seconds: float, part: str) -> None:
        self.disarm()
        self._read_timer = self.loop.call_later(seconds, self.read_timed_out, part, seconds)

    def disarm(self) -> None:
        if self._read_timer is not None:
            self._read_timer.cancel()
            self._read_timer = None

    def read_timed_out(self, part: str, seconds: float) -> None:
        self._read_timer = None
        if not self.transport.is_closing():
            log.warning("closing a connection: request %s not received within %ss",
                        part, seconds)
            self.transport.close()


def uvicorn_options(settings: Settings) -> dict:
    """Keyword arguments of `uvicorn.run` that put these guards in place."""
    guards = {"write_stall_seconds": settings.write_stall_seconds,
              "max_connections": settings.max_connections}
    http = type("HTTPProtocol", (GuardedH11Protocol,), {
        **guards, "header_timeout_seconds": settings.header_timeout_seconds,
        "body_timeout_seconds": settings.body_timeout_seconds})
    options = {"http": http, "ws_max_size": settings.limits.max_json_body_bytes}
    base = websocket_protocol()
    if base is not None:
        options["ws"] = type("WebSocketProtocol", (WebSocketGuard, base), guards)
    return options
