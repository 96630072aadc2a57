"""Slow and stuck clients on a real uvicorn server on loopback (issue 10, items 9 and 10).

The server runs in a thread of this process with short timeouts, so that the test can
also look at uvicorn's own count of open connections.
"""

import socket
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import httpx
import pytest
import uvicorn

from nnplayground.api.app import create_app
from nnplayground.api.connections import uvicorn_options
from nnplayground.settings import Settings
from tests.utils.factories import wait_for
from tests.utils.server import free_port

pytestmark = pytest.mark.slow


@contextmanager
def guarded_server(tmp_path, **options) -> Iterator[uvicorn.Server]:
    timeouts = {"header_timeout_seconds": 1.0, "body_timeout_seconds": 1.0,
                "write_stall_seconds": 1.0, **options}
    settings = Settings(data_dir=tmp_path / "data", **timeouts)
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=free_port(),
                            log_level="error", **uvicorn_options(settings))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, what="server started")
    try:
        yield server
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def open_connections(server: uvicorn.Server) -> int:
    return len(server.server_state.connections)


def connect(server: uvicorn.Server, receive_buffer: int | None = None) -> socket.socket:
    sock = socket.socket()
    if receive_buffer:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.connect(("127.0.0.1", server.config.port))
    return sock


def closed_by_server(sock: socket.socket, timeout: float = 10.0) -> bool:
    sock.settimeout(timeout)
    try:
        while sock.recv(65536):
            pass
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False
    return True


def health(server: uvicorn.Server) -> int:
    return httpx.get(f"http://127.0.0.1:{server.config.port}/api/health").status_code


def test_slow_header_sockets_are_closed(tmp_path):
    with guarded_server(tmp_path) as server, ExitStack() as stack:
        sockets = [stack.enter_context(connect(server)) for _ in range(200)]
        for sock in sockets:
            sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never ends
        assert all(closed_by_server(sock) for sock in sockets)
        wait_for(lambda: open_connections(server) == 0, what="no connection left")
        assert health(server) == 200


def test_a_body_that_never_comes_is_cut_off(tmp_path):
    with guarded_server(tmp_path) as server, connect(server) as sock:
        sock.sendall(b"POST /api/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"data")
        assert closed_by_server(sock)
        assert health(server) == 200


def test_connections_past_the_cap_are_closed(tmp_path):
    with guarded_server(tmp_path, max_connections=5, header_timeout_seconds=60) as server, \
            ExitStack() as stack:
        held = [stack.enter_context(connect(server)) for _ in range(5)]
        wait_for(lambda: open_connections(server) == 5, what="5 connections open")
        extra = stack.enter_context(connect(server))
        assert closed_by_server(extra)
        assert open_connections(server) == 5
        for sock in held:
            sock.close()
        wait_for(lambda: open_connections(server) == 0, what="held connections gone")
        assert health(server) == 200


def test_a_peer_that_reads_nothing_is_cut_off(tmp_path):
    with guarded_server(tmp_path) as server, connect(server, receive_buffer=4096) as sock:
        sock.sendall(b"GET /vendor/plotly.min.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        wait_for(lambda: open_connections(server) == 1, what="the download started")
        wait_for(lambda: open_connections(server) == 0, timeout=15,
                 what="the stalled connection aborted")
        assert health(server) == 200


def test_a_websocket_client_that_stops_reading_is_closed(tmp_path):
    with guarded_server(tmp_path) as server, connect(server, receive_buffer=4096) as sock:
        api = f"http://127.0.0.1:{server.config.port}/api/jobs"
        job = httpx.post(api, json={"dataset": {"name": "spiral", "n_samples": 1000},
                                    "training": {"batch_size": 1}}).json()
        sock.sendall(f"GET /api/jobs/{job['id']}/stream?resolution=200 HTTP/1.1\r\n"
                     "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     "Sec-WebSocket-Version: 13\r\n\r\n".encode())
        wait_for(lambda: open_connections(server) == 1, what="the socket open")
        assert httpx.post(f"{api}/{job['id']}/play").status_code == 200
        # Big boundary pictures a few times a second fill every buffer; the client reads
        # nothing, so the server must give up on it rather than hold it forever.
        wait_for(lambda: open_connections(server) == 0, timeout=60,
                 what="the stalled WebSocket closed")
        assert httpx.post(f"{api}/{job['id']}/pause").json()["status"] == "paused"
