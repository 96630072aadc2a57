"""Data written into a generated script: literals that read back exactly, or packed bytes
(zlib-compressed, base64-encoded) for what is large."""

from __future__ import annotations

import base64
import io
import zlib

import numpy as np

LINE_CHARS = 76


def packed(data: bytes) -> str:
    """A parenthesised string expression of `data`, zlib-compressed and base64-encoded."""
    text = base64.b64encode(zlib.compress(data, 9)).decode()
    lines = [text[i:i + LINE_CHARS] for i in range(0, len(text), LINE_CHARS)] or [""]
    return "(\n" + "\n".join(f'    "{line}"' for line in lines) + "\n)"


def packed_arrays(arrays: dict[str, np.ndarray]) -> str:
    """An expression of the npz bytes of `arrays` (exact, any size), packed."""
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return packed(buffer.getvalue())


UNPACK_SOURCE = '''
def unpack(text):
    """Bytes embedded in this file: zlib-compressed, base64-encoded."""
    return zlib.decompress(base64.b64decode(text))
'''


def rows_literal(rows, indent: str = "    ") -> str:
    """A list literal, one row per line (floats as repr: they read back to the bit)."""
    return "[\n" + "".join(f"{indent}{list(row)!r},\n" for row in rows) + "]"
