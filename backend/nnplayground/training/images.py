"""What an image dataset's model shows: first-layer weights as pictures, a gallery of test
images with their predictions (mistakes first), and predictions for drawn images.

Images are rows of raw pixel columns (`image_shape` row-major), as the dataset holds them;
they reach the network through the job's own `InputPipeline`, as any row does.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nnplayground.data import digits
from nnplayground.engine import Learner, Linear, Sequential
from nnplayground.errors import FieldError

from .inputs import PreparedData
from .pictures import NotDrawableError
from .prediction import predict
from .problem import Problem

GALLERY_LIMIT = 200
IMAGE_DATASETS = {"digits": (digits.IMAGE_SHAPE, digits.MAX_PIXEL)}


class NotImageError(NotDrawableError):
    """An image picture was asked of a job whose data are not images (409)."""


def image_format(data: PreparedData) -> tuple[tuple[int, int], int] | None:
    """`(image_shape, max_pixel)` of the job's data, or None when they are not images."""
    return IMAGE_DATASETS.get(data.dataset.name)


def checked_format(data: PreparedData) -> tuple[tuple[int, int], int]:
    found = image_format(data)
    if found is None:
        raise NotImageError(f"dataset {data.dataset.name!r} is not an image dataset; "
                            f"image pictures need one ({', '.join(IMAGE_DATASETS)})")
    return found


def first_layer(model: Sequential, data: PreparedData) -> dict:
    """Each neuron of the first layer (hidden, or the output if there is none): the weight
    of every pixel, as an image `(rows, cols)`."""
    shape, _ = checked_format(data)
    linear = next(layer for layer in model.layers if isinstance(layer, Linear))
    W = linear.weights.tensor  # (pixels, units)
    return {"image_shape": list(shape),
            "units": [W[:, unit].reshape(shape) for unit in range(W.shape[1])]}


def gallery(learner: Learner, data: PreparedData, problem: Problem, limit: int) -> dict:
    """Test images with label, prediction and its probability: mistakes first (the most
    confident first), then the right ones (the least confident first)."""
    shape, _ = checked_format(data)
    test = ~data.is_train
    pixels, labels = data.dataset.X[test], data.dataset.y[test]
    with np.errstate(all="ignore"):
        probabilities = problem.probabilities(learner.predict(data.X_test))
    predicted = probabilities.argmax(axis=1)
    confidence = probabilities.max(axis=1)
    wrong = predicted != labels
    order = np.lexsort((np.where(wrong, -confidence, confidence), ~wrong))[:limit]
    return {
        "image_shape": list(shape),
        "n_test": int(test.sum()),
        "n_mistakes": int(wrong.sum()),
        "items": [{"index": int(np.flatnonzero(test)[i]),
                   "pixels": pixels[i].reshape(shape),
                   "label": int(labels[i]),
                   "prediction": int(predicted[i]),
                   "probability": float(confidence[i])} for i in order],
    }


def drawings(learner: Learner, data: PreparedData, problem: Problem,
             images: Sequence[Sequence[float]]) -> dict:
    """Predictions for drawn images, each a flat row of pixels in the dataset's range."""
    found = image_format(data)
    if found is None:
        columns = data.dataset.columns
        shown = ", ".join(columns[:4]) + (", …" if len(columns) > 4 else "")
        raise FieldError("images", f"dataset {data.dataset.name!r} is not an image dataset, "
                                   "so this job cannot be asked about a drawing; it takes "
                                   f"rows of {len(columns)} numbers ({shown})")
    shape, most = found
    size = shape[0] * shape[1]
    for index, image in enumerate(images):
        if len(image) != size:
            raise FieldError("images", f"image {index}: expected {size} pixels "
                                       f"({shape[0]}x{shape[1]}, row by row), got {len(image)}")
        if min(image) < 0 or max(image) > most:
            raise FieldError("images", f"image {index}: pixels must be in 0..{most}")
    return predict(learner, data, problem, images)
