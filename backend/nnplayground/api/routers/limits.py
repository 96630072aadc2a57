"""GET /api/limits: what this server allows (specs beyond it are refused with a 422)."""

from fastapi import APIRouter, Request
from pydantic import Field

from nnplayground.api.deps import LimitsDep
from nnplayground.classroom.quotas import QuotaSizes
from nnplayground.limits import Limits

router = APIRouter(tags=["limits"])


class LimitsPublic(Limits):
    """The limits, and in multi-user mode the classroom's too (absent in single-user mode)."""

    quotas: QuotaSizes | None = Field(None, description="with --multi-user: per person")
    teacher_login_failures_per_minute: int | None = Field(
        None, description="with --multi-user: wrong teacher tokens one address may send in a "
                          "minute before it must wait (429)")


@router.get("/limits", name="get_limits", summary="Every limit the server enforces",
            response_model=LimitsPublic, response_model_exclude_none=True)
async def limits(limits: LimitsDep, request: Request) -> LimitsPublic:
    classroom = request.app.state.classroom
    if classroom is None:
        return LimitsPublic.model_validate(limits.model_dump())
    return LimitsPublic.model_validate(
        {**limits.model_dump(), "quotas": classroom.quotas.sizes(),
         "teacher_login_failures_per_minute": classroom.logins.most})
