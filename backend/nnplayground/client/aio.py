"""The asyncio client: the same calls as `Client`, awaited; `async for event in
job.stream()` for live events."""

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
from websockets.asyncio.client import connect

from nnplayground.client import calls
from nnplayground.client.calls import Call
from nnplayground.client.errors import raise_for_problem
from nnplayground.client.sweep_result import SweepResult
from nnplayground.client.sync import POLL_SECONDS, auth_headers, stream_url
from nnplayground.client.table import Table


class AsyncClient:
    """`async with AsyncClient(url) as client: job = await client.create(spec)`."""

    def __init__(self, url: str = "http://127.0.0.1:8000", token: str | None = None,
                 timeout: float = 60.0):
        self.url = url.rstrip("/")
        self.token = token
        self.http = httpx.AsyncClient(base_url=self.url, headers=auth_headers(token),
                                      timeout=timeout)

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *_) -> None:
        await self.close()

    async def close(self) -> None:
        await self.http.aclose()

    async def send(self, call: Call) -> Any:
        response = await self.http.request(call.method, call.path, json=call.json,
                                           params=call.params, headers=call.headers)
        raise_for_problem(response)
        if call.binary:
            return response.content
        return None if response.status_code == 204 else response.json()

    async def create(self, spec: dict, tags: list[str] | None = None, name: str | None = None,
                     autostart: bool = False, idempotency_key: str | None = None
                     ) -> "AsyncJob":
        info = await self.send(calls.create_job(spec, name, tags, autostart, idempotency_key))
        return AsyncJob(self, info)

    async def job(self, job_id: str) -> "AsyncJob":
        return AsyncJob(self, await self.send(Call("GET", calls.job_path(job_id))))

    async def jobs(self, status=None, tag=None, q: str | None = None) -> list[dict]:
        items, cursor = [], None
        while True:
            page = await self.send(calls.list_jobs(status, tag, q, cursor))
            items += page["items"]
            cursor = page["next_cursor"]
            if cursor is None:
                return items

    async def delete_jobs(self, status=None, tag=None, q: str | None = None) -> list[str]:
        return (await self.send(calls.delete_jobs(status, tag, q)))["deleted"]

    async def sweep(self, base: dict, grid: dict | None = None, random: dict | None = None,
                    repeats: int = 1, max_parallel: int = 4, name: str | None = None,
                    tags: list[str] | None = None, wait: bool = True,
                    idempotency_key: str | None = None) -> SweepResult:
        sweep = await self.send(calls.create_sweep(base, grid, random, repeats, max_parallel,
                                                   name, tags, idempotency_key))
        while wait and sweep["status"] != "completed":
            await asyncio.sleep(POLL_SECONDS * 5)
            sweep = await self.send(Call("GET", f"/api/sweeps/{sweep['id']}"))
        curves = {m["job_id"]: await AsyncJob(self, {"id": m["job_id"]}).metrics()
                  for m in sweep["members"] if m["status"] is not None}
        return SweepResult(sweep, curves)


class AsyncJob:
    def __init__(self, client: AsyncClient, info: dict):
        self.client = client
        self.id: str = info["id"]
        self.info = info

    def __repr__(self) -> str:
        return f"AsyncJob({self.id!r}, status={self.info.get('status')!r})"

    async def _act(self, call: Call) -> "AsyncJob":
        self.info = await self.client.send(call)
        return self

    async def refresh(self) -> "AsyncJob":
        return await self._act(Call("GET", calls.job_path(self.id)))

    async def play(self) -> "AsyncJob":
        return await self._act(calls.action(self.id, "play"))

    async def pause(self) -> "AsyncJob":
        return await self._act(calls.action(self.id, "pause"))

    async def step(self, epochs: int | None = None, steps: int | None = None) -> "AsyncJob":
        return await self._act(calls.step(self.id, epochs, steps))

    async def reset(self, spec: dict | None = None) -> "AsyncJob":
        return await self._act(calls.action(self.id, "reset", {"spec": spec} if spec else {}))

    async def update(self, name: str | None = None, tags: list[str] | None = None,
                     **training) -> "AsyncJob":
        return await self._act(calls.update(self.id, name, tags, training))

    async def wait(self, status=None, epochs: int | None = None,
                   timeout: float | None = 60.0) -> "AsyncJob":
        async def until() -> None:
            while not calls.reached((await self.refresh()).info, status, epochs):
                await asyncio.sleep(POLL_SECONDS)

        await asyncio.wait_for(until(), timeout)
        return self

    async def metrics(self, since: int | None = None) -> Table:
        return Table(await self.client.send(calls.metrics(self.id, since)))

    async def model(self) -> dict:
        data = await self.client.send(Call("GET", calls.job_path(self.id, "/model"),
                                           params={"format": "npz"}, binary=True))
        return calls.model_arrays(data)

    async def predict(self, rows: list[list[float]]) -> dict:
        return await self.client.send(Call("POST", calls.job_path(self.id, "/predict"),
                                           {"points": [list(row) for row in rows]}))

    async def delete(self) -> None:
        await self.client.send(Call("DELETE", calls.job_path(self.id)))

    # --- pictures and exports, as the blocking Job's (calls.py draws and saves) ---------

    async def figure(self):
        """A Plotly figure of the loss (and accuracy) curves."""
        return calls.curves_figure(self.id, await self.client.send(calls.metrics(self.id)))

    async def boundary_figure(self, epoch: int | None = None, resolution: int = 50):
        """The decision boundary with the data, now or (`epoch`) at a snapshot."""
        boundary = await self.client.send(calls.boundary(self.id, epoch, resolution))
        job = (await self.refresh()).info
        points = await self.client.send(calls.sample(job["spec"]["dataset"]))
        return calls.boundary_figure(job, boundary, points, epoch)

    async def report(self, path) -> str:
        """Save the job's standalone HTML report to `path`; returns it."""
        return calls.saved(path, await self.client.send(calls.report(self.id)))

    async def export(self, path, format: str = "python") -> str:
        """Save the job as a script (`format`: "python" or "pytorch") to `path`; returns it."""
        return calls.saved(path, await self.client.send(calls.export(self.id, format)))

    async def stream(self, boundary: bool = False) -> AsyncIterator[dict]:
        """`async for event in job.stream():` the job's WebSocket events as dicts."""
        url = stream_url(self.client.url, self.id, boundary)
        async with connect(url, additional_headers=auth_headers(self.client.token)) as socket:
            async for text in socket:
                yield json.loads(text)
