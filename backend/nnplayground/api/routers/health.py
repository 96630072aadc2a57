"""GET /api/health: the server is up."""

from fastapi import APIRouter

from nnplayground import __version__
from nnplayground.api.deps import ManagerDep
from nnplayground.api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health")
async def health(manager: ManagerDep) -> Health:
    return Health(version=__version__, kernel=manager.kernels.state)
