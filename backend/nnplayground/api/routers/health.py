"""GET /api/health: the server is up and not stuck (503 with a message otherwise), and
whether it can stream live updates.

Answering at all shows the event loop turns; it also checks that a request thread is free
within a moment and that no training worker is stuck in one slice (slices last ms).
"""

import anyio
from fastapi import APIRouter, Request

from nnplayground import __version__
from nnplayground.api.errors import plain
from nnplayground.api.schemas import ErrorBody, Health

router = APIRouter(tags=["health"])
THREAD_WAIT_SECONDS = 2.0


@router.get("/health", name="get_health", summary="Liveness and version",
            responses={503: {"model": ErrorBody, "description": "stuck"}})
async def health(request: Request) -> Health:
    problem = await service_problem(request)
    if problem is not None:
        return plain(503, problem)
    live_problem = request.app.state.live_updates_problem
    return Health(version=__version__, live_updates=live_problem is None,
                  live_updates_problem=live_problem,
                  kernel=request.app.state.manager.kernels.state)


async def service_problem(request: Request) -> str | None:
    stall_seconds = request.app.state.settings.stall_seconds
    stalled = request.app.state.manager.runner.stalled_seconds()
    if stalled > stall_seconds:
        return f"a training worker has been in one slice for {stalled:.0f} s"
    with anyio.move_on_after(THREAD_WAIT_SECONDS) as waited:
        await anyio.to_thread.run_sync(lambda: None, abandon_on_cancel=True)
    if waited.cancelled_caught:
        return f"no request thread became free within {THREAD_WAIT_SECONDS:g} s"
    return None
