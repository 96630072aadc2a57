"""GET /api/health: the server is up, and whether it can stream live updates."""

from fastapi import APIRouter, Request

from nnplayground import __version__
from nnplayground.api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health")
async def health(request: Request) -> Health:
    problem = request.app.state.live_updates_problem
    return Health(version=__version__, live_updates=problem is None, live_updates_problem=problem)
