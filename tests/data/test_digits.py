"""The 8x8 digits ship inside the package and load offline with the documented shape."""

import gzip
from importlib import resources

import numpy as np
import pytest

from nnplayground.data.digits import bitmap_to_counts
from nnplayground.data.real import find_real, load_builtin


def test_digits_load_offline_with_the_documented_shape():
    X, y, meta = load_builtin("digits")
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert sorted(set(y.tolist())) == list(range(10))
    assert meta["modality"] == "image" and meta["image_shape"] == [8, 8]
    assert meta["class_names"] == [str(d) for d in range(10)]
    assert meta["feature_names"][:2] == ["r0c0", "r0c1"] and meta["n_features"] == 64
    assert meta["licence"] == "CC BY 4.0" and "Alpaydin" in meta["source"]
    counts = X * find_real("digits").scale  # pixels are loaded as counts / 16
    assert np.array_equal(counts, np.round(counts)) and counts.min() == 0 and counts.max() == 16


def test_the_packaged_file_holds_ink_counts_0_to_16():
    packed = resources.files("nnplayground.data.real").joinpath("digits.csv.gz").read_bytes()
    lines = gzip.decompress(packed).decode().splitlines()
    assert len(lines) == 1 + 1797 and lines[0].endswith("r7c7,target")
    values = np.array([line.split(",") for line in lines[1:]], dtype=np.int64)
    assert values[:, :64].min() == 0 and values[:, :64].max() == 16
    assert np.bincount(values[:, 64]).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def test_bitmap_to_counts_counts_ink_per_4x4_block():
    bitmap = np.zeros((32, 32), dtype=np.uint8)
    bitmap[0:4, 0:4] = 1  # a full block
    bitmap[4, 28:30] = 1  # two pixels of block (1, 7)
    bitmap[31, 31] = 7  # any nonzero value is ink
    counts = bitmap_to_counts(bitmap)
    assert counts.shape == (8, 8)
    assert (counts[0, 0], counts[1, 7], counts[7, 7]) == (16, 2, 1)
    assert counts.sum() == 19


def test_bitmap_to_counts_refuses_other_sizes():
    with pytest.raises(ValueError, match="expected a 32x32 bitmap, got \\(28, 28\\)"):
        bitmap_to_counts(np.zeros((28, 28)))
