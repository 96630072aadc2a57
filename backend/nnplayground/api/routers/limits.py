"""GET /api/limits: what this server allows (specs beyond it are refused with a 422)."""

from fastapi import APIRouter

from nnplayground.api.deps import LimitsDep
from nnplayground.limits import Limits

router = APIRouter(tags=["limits"])


@router.get("/limits", name="get_limits", summary="Every limit the server enforces")
async def limits(limits: LimitsDep) -> Limits:
    return limits
