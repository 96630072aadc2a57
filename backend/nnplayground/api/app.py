"""The FastAPI app: wires routers, the job manager's lifespan and the static page."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi_offline import FastAPIOffline

from nnplayground import __version__
from nnplayground.api import errors, http_errors, openapi, static
from nnplayground.api.body_limit import BodyLimitMiddleware
from nnplayground.api.classroom_gate import ClassroomGate
from nnplayground.api.idempotency import IdempotencyCache
from nnplayground.api.job_lines import JobLines
from nnplayground.api.responses import SafeJSONResponse
from nnplayground.api.routers import (
    choices,
    classroom,
    datasets,
    exports,
    health,
    images,
    jobs,
    limits,
    preview,
    snapshots,
    stream,
    sweeps,
)
from nnplayground.api.security import SecurityMiddleware
from nnplayground.classroom.room import Classroom
from nnplayground.jobs import EventHub, JobManager, Store, Timing, UploadLibrary
from nnplayground.jobs.memory import settle_heap
from nnplayground.jobs.runners import build_runner
from nnplayground.jobs.sweep_manager import SweepManager
from nnplayground.jobs.sweep_store import SweepStore
from nnplayground.kernel import KernelChoice
from nnplayground.settings import Settings


def build_manager(settings: Settings) -> JobManager:
    runner, limits = build_runner(settings)
    store = Store(settings.data_dir)
    timing = Timing(checkpoint_seconds=settings.checkpoint_seconds,
                    boundary_seconds=settings.boundary_seconds,
                    idle_seconds=settings.idle_session_seconds)
    uploads = UploadLibrary(store, settings.limits.max_uploads)
    return JobManager(store, uploads, EventHub(), runner, limits, timing,
                      KernelChoice(settings.kernel))


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings = app.state.settings
    manager = build_manager(settings)
    await run_in_threadpool(manager.start)
    settle_heap()
    app.state.manager = manager
    app.state.sweeps = SweepManager(manager, SweepStore(manager.store.path))
    await run_in_threadpool(app.state.sweeps.start)
    app.state.job_lines = JobLines()
    flusher = asyncio.create_task(manager.hub.run(settings.stream_messages_per_second))
    tasks = [flusher]
    if settings.multi_user:
        app.state.classroom = Classroom(settings, manager)
        tasks.append(asyncio.create_task(app.state.classroom.idle.run(app.state.job_lines)))
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        if app.state.classroom is not None:
            app.state.classroom.close()
        await run_in_threadpool(app.state.sweeps.stop)
        await run_in_threadpool(manager.shutdown)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    # FastAPIOffline: /docs loads Swagger UI from the package, not a CDN. No /redoc: ReDoc
    # still fetches its logo from its own CDN.
    app = FastAPIOffline(title="nnplayground", version=__version__, lifespan=lifespan,
                  redoc_url=None,
                  default_response_class=SafeJSONResponse,
                  generate_unique_id_function=openapi.operation_id,
                  openapi_tags=openapi.tags_metadata(),
                  description="Train small neural networks step by step; stream their "
                              "metrics. Errors carry a one-line `message`.")
    app.state.settings = settings
    app.state.idempotency = IdempotencyCache()
    # Set by the server that runs the app when it cannot serve WebSockets (cli.serve).
    app.state.live_updates_problem = None
    app.state.classroom = None  # multi-user mode: set by the lifespan (classroom/room.py)
    http_errors.install(app)
    errors.install(app)
    if settings.multi_user:
        app.add_middleware(ClassroomGate)  # inside the body limit and the host checks
    app.add_middleware(BodyLimitMiddleware, max_json_bytes=settings.limits.max_json_body_bytes,
                       max_upload_bytes=settings.limits.max_upload_bytes,
                       max_points=settings.limits.max_samples)
    app.add_middleware(SecurityMiddleware, allowed_hosts=settings.allowed_hosts,
                       allowed_origins=settings.allowed_origins)
    api = APIRouter(prefix="/api")
    for module in (health, limits, choices, datasets, jobs, snapshots, exports, images, sweeps,
                   preview, stream, classroom):
        api.include_router(module.router)
    app.include_router(api)
    app.include_router(classroom.pages)
    openapi.add_summaries(app)
    app.include_router(static.router)  # last: its catch-all serves the page's files
    return app
