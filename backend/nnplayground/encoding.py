"""JSON out, the one encoder of the service (REST answers and WebSocket messages).

JSON has no NaN or Infinity: orjson writes every non-finite number as null, numpy arrays
included, so values stay numpy arrays until they are written here.
"""

from typing import Any

import numpy as np
import orjson
from pydantic import BaseModel

OPTIONS = orjson.OPT_SERIALIZE_NUMPY


def dumps(value: Any) -> bytes:
    return orjson.dumps(value, default=plain, option=OPTIONS)


def dumps_text(value: Any) -> str:
    return dumps(value).decode()


def plain(value: Any) -> Any:
    """What orjson does not write itself: array views (a column, a transpose), models."""
    if isinstance(value, np.ndarray):
        return np.ascontiguousarray(value)
    if isinstance(value, BaseModel):
        return value.model_dump()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
