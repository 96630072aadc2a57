"""GET /api/health: the server is up."""

from fastapi import APIRouter

from nnplayground import __version__
from nnplayground.api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", name="get_health", summary="Liveness and version")
async def health() -> Health:
    return Health(version=__version__)
