"""Image datasets' views of a job's model: first-layer weights as pictures, a gallery of
test images with their predictions, and predictions for drawn images.

A job whose data are not images answers 409 to the pictures and 422 (naming `images`)
to a drawing.
"""

from typing import Annotated

from fastapi import APIRouter, Body, Path, Query
from pydantic import BaseModel, Field

from nnplayground.api.deps import LinesDep, ManagerDep
from nnplayground.api.errors import CONFLICT, INVALID, NOT_FOUND
from nnplayground.api.responses import SafeJSONResponse
from nnplayground.api.schemas import Grid, Predictions
from nnplayground.jobs.record import Number
from nnplayground.spec import Float, StrictModel, number_rows
from nnplayground.training.images import GALLERY_LIMIT

router = APIRouter(prefix="/jobs", tags=["images"])

JobId = Annotated[str, Path(description="the job's id")]
MAX_DRAWINGS = 100
# The first image of the digits set (a 0), as ink counts row by row.
A_ZERO = [0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0,
          0, 4, 12, 0, 0, 8, 8, 0, 0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0,
          0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0]
DRAWING_EXAMPLES = {"a zero": {"summary": "the digits set's first image, a 0",
                               "value": {"images": [A_ZERO]}}}


class DrawingRequest(StrictModel):
    images: Annotated[list[list[Float]], number_rows(MAX_DRAWINGS, "image", most_width=4096)
                      ] = Field(min_length=1, description=(
                          "images as flat rows of pixels, row by row, in the dataset's range "
                          "(digits: 64 values in 0..16)"), examples=[[A_ZERO]])


class FirstLayer(BaseModel):
    image_shape: list[int] = Field(description="(rows, cols) of each picture")
    units: list[Grid] = Field(description="units[u][r][c]: the weight from pixel (r, c) into "
                                          "neuron u of the first layer")


class GalleryItem(BaseModel):
    index: int = Field(description="the image's row in the dataset")
    pixels: Grid
    label: int
    prediction: int
    probability: Number = Field(description="the predicted class's probability")


class Gallery(BaseModel):
    image_shape: list[int]
    n_test: int
    n_mistakes: int
    items: list[GalleryItem] = Field(description="mistakes first (most confident first), "
                                                 "then right answers (least confident first)")


@router.get("/{job_id}/first-layer", responses={**NOT_FOUND, **CONFLICT},
            response_model=FirstLayer)
async def get_first_layer(job_id: JobId, manager: ManagerDep, lines: LinesDep):
    """Each first-layer neuron's weights as a picture (image datasets only, else 409)."""
    return SafeJSONResponse(await lines.call(job_id, manager.first_layer, job_id))


@router.get("/{job_id}/gallery", responses={**NOT_FOUND, **CONFLICT}, response_model=Gallery)
async def get_gallery(job_id: JobId, manager: ManagerDep, lines: LinesDep,
                      limit: Annotated[int, Query(ge=1, le=GALLERY_LIMIT)] = 40):
    """Test images with their label and prediction, mistakes first (image datasets only)."""
    return SafeJSONResponse(await lines.call(job_id, manager.gallery, job_id, limit))


@router.post("/{job_id}/drawing", responses={**NOT_FOUND, **INVALID}, response_model=Predictions)
async def predict_drawing(job_id: JobId, manager: ManagerDep, lines: LinesDep,
                          request: Annotated[DrawingRequest,
                                             Body(openapi_examples=DRAWING_EXAMPLES)]):
    """Class probabilities for drawn images (422 naming `images` if the job's data are not
    images, or an image has the wrong size or range)."""
    return SafeJSONResponse(await lines.call(job_id, manager.drawings, job_id, request.images))
