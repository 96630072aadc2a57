"""POST /api/preview: the untrained network of a spec, drawn, without creating a job."""

from typing import Annotated

from fastapi import APIRouter, Body, Query

from nnplayground.api.deps import LimitsDep, ManagerDep
from nnplayground.api.errors import INVALID
from nnplayground.api.json_body import JSONRoute
from nnplayground.api.picture_options import DEFAULT_UNITS_PER_LAYER, UnitsPerLayer
from nnplayground.api.responses import SafeJSONResponse
from nnplayground.errors import FieldError
from nnplayground.spec import JOB_EXAMPLE, JobSpec
from nnplayground.training.preview import preview as draw_preview

router = APIRouter(tags=["preview"], route_class=JSONRoute)
PREVIEW_EXAMPLES = {"spiral": {"summary": "two tanh layers on the spiral",
                               "value": {key: value for key, value in JOB_EXAMPLE.items()
                                         if key not in ("name", "tags", "autostart")}}}


@router.post("/preview", responses=INVALID)
def preview(spec: Annotated[JobSpec, Body(openapi_examples=PREVIEW_EXAMPLES)],
            limits: LimitsDep, manager: ManagerDep,
            resolution: Annotated[int, Query(ge=10, le=200)] = 50,
            neurons_resolution: Annotated[int, Query(ge=5, le=100)] = 20,
            units_per_layer: UnitsPerLayer = DEFAULT_UNITS_PER_LAYER):
    """Boundary, neuron pictures and weights at epoch 0 (what `reset` gives a job of this
    spec), and a picture of every input feature over the plane, used or not. Of a big
    network, the first `units_per_layer` units of each hidden layer, as the stream sends it.
    Neuron pictures beyond the server's picture limit are left out (`neurons` is null). Its
    session takes memory from the jobs' budget while it is drawn (429 if there is none)."""
    limits.check_spec(spec)
    with manager.residency.passing(spec) as session:
        try:
            limits.check_pictures(spec, session.summary.n_inputs, neurons_resolution,
                                  units_per_layer)
        except FieldError:  # too many neurons to draw at this resolution: as the stream, none
            neurons_resolution = None
        drawn = draw_preview(session, resolution, neurons_resolution, units_per_layer)
    return SafeJSONResponse(drawn)
