"""What the page shows before a job trains: the untrained network of a spec (its boundary,
neuron pictures and weights at epoch 0) and a picture of every input feature, used or not.

Feature pictures are drawn by the one definition of the features (data/features.py) over
the plane of the spec's data; the used ones are the network inputs (standardized if asked).
"""

import numpy as np

from nnplayground.data import grid
from nnplayground.data.features import FEATURES, compute_features

from .inputs import PreparedData
from .pictures import rounded
from .session import TrainingSession


def feature_pictures(data: PreparedData, resolution: int) -> dict:
    """`{"x", "y", "features": [{"name", "z"}]}` of every feature (2-D data only)."""
    xs, ys, points = grid(resolution, data.x_range, data.y_range)
    values = compute_features(points, FEATURES)
    used = dict(zip(data.pipeline.names, data.pipeline.transform(points).T, strict=True))
    shape = (len(ys), len(xs))
    return {"x": xs, "y": ys, "features": [
        {"name": name, "z": np.asarray(used.get(name, values[:, i])).reshape(shape)}
        for i, name in enumerate(FEATURES)]}


FEATURES_RESOLUTION = 20
PICTURE_DECIMALS = 4  # as the stream sends them


def preview(session: TrainingSession, resolution: int, neurons_resolution: int | None,
            units_per_layer: int | None = None) -> dict:
    """The untrained network of `session` as the stream would show it (neurons None: not
    drawn; of a big network the first `units_per_layer` units of each layer), plus every
    feature."""
    model = session.model_json(units_per_layer)
    if not session.data.drawable:
        return {"boundary": None, "neurons": None, "features": None, "model": model}
    neurons = (None if neurons_resolution is None else
               rounded(session.neurons(neurons_resolution, units_per_layer), PICTURE_DECIMALS))
    return {"boundary": session.boundary(resolution),
            "neurons": neurons,
            "features": feature_pictures(session.data, neurons_resolution or FEATURES_RESOLUTION),
            "model": model}
