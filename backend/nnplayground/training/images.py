"""What an image dataset's model shows: first-layer weights as pictures, a gallery of test
images with their predictions (mistakes first), and predictions for drawn images.

Images are rows of raw pixel columns (`image_shape` row-major), as the dataset holds them;
they reach the network through the job's own `InputPipeline`, as any row does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nnplayground.data.real import find_real
from nnplayground.engine import Learner, Linear, Sequential
from nnplayground.errors import FieldError

from .inputs import PreparedData
from .pictures import NotDrawableError
from .problem import Problem
from .questions import answers

GALLERY_LIMIT = 200


class NotImageError(NotDrawableError):
    """An image picture was asked of a job whose data are not images (409)."""


@dataclass(frozen=True)
class ImageFormat:
    """Images of `shape` whose pixels, in the dataset's own units (0..`most`; digits: ink
    counts 0..16), are the network's raw columns once divided by `scale`."""

    shape: tuple[int, int]
    scale: float
    most: float


def image_format(name: str | None, data: PreparedData) -> ImageFormat | None:
    """How the job's data are images (`name`: its built-in dataset), or None if they are not."""
    entry = find_real(name) if name is not None else None
    if entry is None or entry.image_shape is None:
        return None
    return ImageFormat(entry.image_shape, entry.scale, float(data.dataset.X.max()) * entry.scale)


def checked_format(name: str | None, data: PreparedData) -> ImageFormat:
    found = image_format(name, data)
    if found is None:
        raise NotImageError(f"dataset {data.dataset.name!r} is not made of images; weight "
                            "pictures and the gallery need an image dataset (digits)")
    return found


def first_layer(model: Sequential, name: str | None, data: PreparedData) -> dict:
    """Each neuron of the first layer (hidden, or the output if there is none): the weight
    of every pixel, as an image `(rows, cols)`."""
    shape = checked_format(name, data).shape
    linear = next(layer for layer in model.layers if isinstance(layer, Linear))
    W = linear.weights.tensor  # (pixels, units)
    return {"image_shape": list(shape),
            "units": [W[:, unit].reshape(shape) for unit in range(W.shape[1])]}


def gallery(learner: Learner, name: str | None, data: PreparedData, problem: Problem,
            limit: int) -> dict:
    """Test images with label, prediction and its probability: mistakes first (the most
    confident first), then the right ones (the least confident first)."""
    image = checked_format(name, data)
    shape = image.shape
    test = ~data.is_train
    rows = np.flatnonzero(test)
    pixels, labels = np.round(data.dataset.X[test] * image.scale, 6), data.dataset.y[test]
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
        "items": [{"index": int(rows[i]),
                   "pixels": pixels[i].reshape(shape),
                   "label": int(labels[i]),
                   "prediction": int(predicted[i]),
                   "probability": float(confidence[i])} for i in order],
    }


def drawings(learner: Learner, name: str | None, data: PreparedData, problem: Problem,
             images: Sequence[Sequence[float]]) -> dict:
    """Predictions for drawn images, each a flat row of pixels in the dataset's own units."""
    found = image_format(name, data)
    if found is None:
        columns = data.dataset.columns
        shown = ", ".join(columns[:4]) + (", …" if len(columns) > 4 else "")
        raise FieldError("images", f"dataset {data.dataset.name!r} is not an image dataset, "
                                   "so this job cannot be asked about a drawing; it takes "
                                   f"rows of {len(columns)} numbers ({shown})")
    shape, most = found.shape, found.most
    size = shape[0] * shape[1]
    for index, image in enumerate(images):
        if len(image) != size:
            raise FieldError("images", f"image {index}: expected {size} pixels "
                                       f"({shape[0]}x{shape[1]}, row by row), got {len(image)}")
        if min(image) < 0 or max(image) > most:
            raise FieldError("images", f"image {index}: pixels must be in 0..{most:g}")
    return answers(learner, data, problem, np.asarray(images, dtype=np.float64) / found.scale)
