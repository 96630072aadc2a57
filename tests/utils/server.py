"""A real nnplayground server process on loopback, for tests that cross the wire."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.utils.patience import Budget


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    data_dir: Path
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10.0) -> float:
        """Send `sig` and wait; returns the seconds the process took to exit."""
        if self.process.poll() is not None:
            return 0.0
        started = time.monotonic()
        self.process.send_signal(sig)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"server did not stop within {timeout}s of signal {sig}") from None
        return time.monotonic() - started


def start_server(data_dir: Path, workers: int = 2, extra_env: dict | None = None,
                 extra_args: tuple[str, ...] = (), healthy_within: float = 20.0,
                 port: int | None = None) -> Server:
    """A server on `port` (default: a free one; the same as before: a restart)."""
    port = port or free_port()
    env = {**os.environ, **(extra_env or {})}
    command = [sys.executable, "-m", "nnplayground", "serve", "--host", "127.0.0.1",
               "--port", str(port), "--data-dir", str(data_dir), "--workers", str(workers),
               *extra_args]
    # A file, not a pipe: a chatty server must never block on a full pipe buffer.
    log_path = Path(data_dir).parent / f"server-{port}.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server(process, port, Path(data_dir), log_path)
    wait_until_healthy(server, healthy_within)
    return server


def wait_until_healthy(server: Server, timeout: float = 20.0) -> None:
    """`timeout`: a quiet machine's seconds, stretched with the load (patience.py)."""
    budget = Budget(timeout)
    while not budget.spent():
        if server.process.poll() is not None:
            raise AssertionError(
                f"server exited with {server.process.returncode}:\n{server.log()}")
        try:
            if httpx.get(f"{server.url}/api/health", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    server.stop(signal.SIGKILL)
    raise AssertionError(f"server on port {server.port} not healthy after {timeout}s")


@contextmanager
def running_server(data_dir: Path, workers: int = 2, extra_env: dict | None = None,
                   extra_args: tuple[str, ...] = (), healthy_within: float = 20.0
                   ) -> Iterator[Server]:
    server = start_server(data_dir, workers, extra_env, extra_args, healthy_within)
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def serving_in_process(settings) -> Iterator[str]:
    """The app with `settings` served by uvicorn on loopback in a thread of this process
    (for settings the command line does not take); yields its base URL."""
    import uvicorn

    from nnplayground.api.app import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                           log_level="warning", ws_per_message_deflate=False))
    thread = threading.Thread(target=server.run, daemon=True, name="uvicorn-in-test")
    thread.start()
    budget = Budget(20)
    while not server.started and thread.is_alive() and not budget.spent():
        time.sleep(0.02)
    assert server.started, "the in-process server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(20)


def send_request(url: str, method: str, path: str, body: dict | None = None) -> socket.socket:
    """Send one HTTP request on a new socket and leave the answer unread (the caller may
    close the socket to walk away, as a client that gives up does)."""
    host, port = url.removeprefix("http://").split(":")
    data = b"" if body is None else json.dumps(body).encode()
    sock = socket.create_connection((host, int(port)))
    sock.sendall(f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                 f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
                 .encode() + data)
    return sock
