"""GET /api/choices: the allowed values of every enumerated spec field (features, ...)."""

from fastapi import APIRouter

from nnplayground.choices import CHOICES, Choices

router = APIRouter(tags=["choices"])


@router.get("/choices", name="get_choices")
async def choices() -> Choices:
    """Features, activations, inits, optimizers, regularizations and problem kinds a job
    spec accepts (datasets are `GET /api/datasets`, limits `GET /api/limits`)."""
    return CHOICES
