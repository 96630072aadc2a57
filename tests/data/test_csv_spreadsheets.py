"""Spreadsheet habits in CSV uploads: text labels, text features, missing cells, roles."""

import numpy as np
import pytest

from nnplayground.data import DataError, parse_csv, to_csv
from nnplayground.data.fields import decode_row, encode_rows

ROWS = [("1.5", "red", "apple"), ("2.5", "green", "pear"), ("", "red", "apple"),
        ("3.0", "NA", "pear"), ("4.0", "blue", "plum")] * 4


def table(rows=ROWS, header="weight,colour,fruit") -> bytes:
    return ("\n".join([header, *(",".join(row) for row in rows)]) + "\n").encode()


def test_text_labels_are_classes_by_name_and_text_features_one_hot():
    data = parse_csv(table())
    assert data.kind == "classification" and data.class_labels == ["apple", "pear", "plum"]
    assert data.columns == ["weight", "colour=blue", "colour=green", "colour=red"]
    assert len(data.X) == 12  # 8 rows with a missing cell dropped
    assert data.X[0].tolist() == [1.5, 0.0, 0.0, 1.0] and data.y[0] == 0
    assert data.notes == ["8 rows of upload.csv with missing cells dropped"]
    assert [f.public()["kind"] for f in data.fields] == ["number", "category"]


def test_imputing_fills_means_and_most_frequent_values():
    data = parse_csv(table(), missing="impute")
    assert len(data.X) == 20
    assert data.X[2, 0] == pytest.approx(np.mean([1.5, 2.5, 3.0, 4.0]))
    assert data.X[3, 1:].tolist() == [0.0, 0.0, 1.0]  # "red" is the most frequent colour
    assert data.notes == ["8 missing cells of upload.csv imputed (numbers: the column's "
                          "mean; text: its most frequent value)"]


def test_a_missing_label_always_drops_its_row():
    rows = [*ROWS, ("5.0", "red", "")]
    assert len(parse_csv(table(rows), missing="impute").X) == 20


def test_roles_choose_features_and_ignore_columns():
    assert parse_csv(table(), features=["colour"]).columns[0] == "colour=blue"
    assert parse_csv(table(), ignore=["colour"]).columns == ["weight"]
    data = parse_csv(table(), label_column="colour", ignore=["fruit"])
    assert data.class_labels == ["blue", "green", "red"]
    with pytest.raises(DataError, match="features: 'fruit' is the label column"):
        parse_csv(table(), features=["fruit"])
    with pytest.raises(DataError, match="no feature columns are left"):
        parse_csv(table(), ignore=["weight", "colour"])


def test_text_labels_are_no_regression():
    with pytest.raises(DataError, match=r"label column 'fruit' of upload.csv holds text "
                                        r"\('apple'\); regression needs numbers"):
        parse_csv(table(), kind="regression")


def test_the_export_writes_text_back_and_reads_in_again():
    data = parse_csv(table())
    text = to_csv(data, np.ones(len(data.X), dtype=bool))
    assert text.splitlines()[:2] == ["weight,colour,label,split", "1.5,red,apple,train"]
    again = parse_csv(text.encode(), label_column="label", ignore=["split"])
    assert np.array_equal(again.X, data.X) and again.class_labels == data.class_labels


def test_rows_by_name_encode_and_decode():
    fields = parse_csv(table()).fields
    raw = encode_rows(fields, [{"weight": 2, "colour": "green"}])
    assert raw.tolist() == [[2.0, 0.0, 1.0, 0.0]]
    assert decode_row(fields, raw[0]) == [2.0, "green"]
    with pytest.raises(DataError, match=r"'purple' is not one of its categories"):
        encode_rows(fields, [{"weight": 2, "colour": "purple"}])
    with pytest.raises(DataError, match=r"field 'weight' is missing"):
        encode_rows(fields, [{"colour": "red"}])
    with pytest.raises(DataError, match=r"expected a finite number, got 'heavy'"):
        encode_rows(fields, [{"weight": "heavy", "colour": "red"}])
