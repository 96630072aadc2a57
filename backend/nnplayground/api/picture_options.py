"""Query options of the reads that draw a network: how much of a big one to send."""

from typing import Annotated

from fastapi import Query

from nnplayground.jobs.reading import DEFAULT_UNITS_PER_LAYER

__all__ = ["DEFAULT_UNITS_PER_LAYER", "SomeUnitsPerLayer", "UnitsPerLayer"]

UNITS_PER_LAYER_TEXT = (
    "draw at most this many units of each hidden layer (its first ones; `units` lists them); "
    "the weights from and into the units left out are left out too, but those of the first "
    "hidden layer")

# The preview and the stream draw a big network as the page does by default; a read of
# /neurons or /model draws all of it unless asked.
UnitsPerLayer = Annotated[int, Query(ge=1, description=UNITS_PER_LAYER_TEXT)]
SomeUnitsPerLayer = Annotated[int | None, Query(ge=1, description=UNITS_PER_LAYER_TEXT)]
