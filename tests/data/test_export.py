"""CSV export: header, split column, and values that read back to the same bits."""

import csv
import io

import numpy as np
import pytest

from nnplayground.data import (
    DataError,
    from_points,
    generate,
    parse_csv,
    to_csv,
    train_test_split,
)
from nnplayground.data.csv_export import text_cell


def _table(text):
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


def _without_split(text):
    return "\n".join(line.rsplit(",", 1)[0] for line in text.splitlines()).encode() + b"\n"


@pytest.mark.parametrize("name", ["spiral", "multi_gauss"])
def test_builtin_export_reads_back_to_the_bit(name):
    data = generate(name, n_samples=200, noise=20, seed=3)
    is_train = train_test_split(data.y, 70, seed=3, stratify=data.kind == "classification")
    text = to_csv(data, is_train)
    header, rows = _table(text)
    assert header == ["x1", "x2", "label", "split"]
    assert len(rows) == 200
    assert [row[3] for row in rows] == ["train" if t else "test" for t in is_train]
    back = parse_csv(_without_split(text), kind=data.kind)
    assert back.X.tobytes() == data.X.tobytes()
    assert back.y.tobytes() == data.y.tobytes()


def test_uploaded_labels_are_written_as_they_were_uploaded():
    content = b"a,b,c,y\n" + b"".join(
        f"{i},{i / 3},{-i},{[7, -1][i % 2]}\n".encode() for i in range(12)
    )
    data = parse_csv(content)
    text = to_csv(data, np.arange(12) < 6)
    header, rows = _table(text)
    assert header == ["a", "b", "c", "label", "split"]
    assert [row[3] for row in rows] == [str([7, -1][i % 2]) for i in range(12)]
    assert rows[5][1] == repr(5 / 3) and rows[5][4] == "train" and rows[6][4] == "test"


def test_feature_columns_named_label_or_split_keep_their_names():
    content = b"label,split,y\n" + b"".join(f"{i},{-i},{i % 2}\n".encode() for i in range(10))
    header, _ = _table(to_csv(parse_csv(content), np.ones(10, dtype=bool)))
    assert header == ["label", "split", "label_", "split_"]


def test_mask_must_match_the_dataset():
    data = from_points([(0, 0, 0), (1, 0, 0), (0, 1, 1), (1, 1, 1)])
    with pytest.raises(DataError, match=r"boolean mask of shape \(4,\), got int64 \(4,\)"):
        to_csv(data, np.array([1, 0, 1, 0]))
    with pytest.raises(DataError, match=r"boolean mask of shape \(4,\), got bool \(3,\)"):
        to_csv(data, np.ones(3, dtype=bool))



def test_column_names_that_a_spreadsheet_would_run_are_escaped():
    text = "=HYPERLINK(\"http://x\"),-b,@c,label\n" + "1,2,-3,-1\n4,5,6,1\n" * 5
    dataset = parse_csv(text.encode(), label_column="label", kind="classification")
    header, rows = _table(to_csv(dataset, np.ones(10, dtype=bool)))
    assert header == ["'=HYPERLINK(\"http://x\")", "'-b", "'@c", "label", "split"]
    assert rows[0][2:4] == ["-3.0", "-1"]  # numbers stay readable


@pytest.mark.parametrize(("text", "written"), [
    ("=1+2", "'=1+2"), ("+cmd", "'+cmd"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("-1", "-1"), ("+1.5e3", "+1.5e3"), ("a=b", "a=b"),
])
def test_text_cell_escapes_formulas_as_owasp_advises(text, written):
    assert text_cell(text) == written
