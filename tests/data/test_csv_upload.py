"""CSV uploads: good files, kind inference, label mapping, and every error with its text."""

import numpy as np
import pytest

from nnplayground.data import MAX_COLUMNS, MAX_ROWS, MAX_UPLOAD_BYTES, DataError, parse_csv


def _csv(header, rows):
    lines = [",".join(header)] + [",".join(str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def _labelled(labels, header=("a", "b", "label")):
    return _csv(header, [(i, -i / 4, label) for i, label in enumerate(labels)])


# --- good files -------------------------------------------------------------------------


def test_binary_file_becomes_a_classification():
    data = parse_csv(_labelled([0, 1] * 6), name="pairs.csv")
    assert data.name == "pairs.csv"
    assert data.kind == "classification" and data.classes == 2
    assert data.columns == ["a", "b"]
    assert data.X.dtype == np.float64 and data.X.shape == (12, 2)
    assert data.X[3].tolist() == [3.0, -0.75]
    assert data.y.dtype == np.int64 and data.y.tolist() == [0, 1] * 6
    assert data.class_labels == [0, 1]


@pytest.mark.parametrize(
    ("originals", "class_labels"),
    [([-1, 1], [-1, 1]), ([7, 3], [3, 7]), ([2.0, 5.0, -4.0], [-4, 2, 5])],
)
def test_integer_labels_map_to_ids_in_sorted_order(originals, class_labels):
    labels = originals * 5
    data = parse_csv(_labelled(labels))
    assert data.class_labels == class_labels
    assert [data.class_labels[i] for i in data.y] == [int(v) for v in labels]


def test_twenty_integer_values_are_classes_twenty_one_are_a_regression():
    assert parse_csv(_labelled(list(range(20)))).classes == 20
    wide = parse_csv(_labelled(list(range(21))))
    assert wide.kind == "regression" and wide.classes is None and wide.class_labels is None
    assert wide.y.dtype == np.float64 and wide.y.tolist() == list(range(21))


def test_fractional_labels_are_a_regression():
    data = parse_csv(_labelled([0.5, 1.0] * 6))
    assert data.kind == "regression" and data.y.tolist() == [0.5, 1.0] * 6


def test_kind_can_be_forced():
    assert parse_csv(_labelled([0, 1] * 6), kind="regression").kind == "regression"
    assert parse_csv(_labelled(list(range(12))), kind="classification").classes == 12


def test_label_column_by_name_anywhere():
    content = _csv(["y", "x1", "x2"], [(i % 3, i, 2 * i) for i in range(15)])
    data = parse_csv(content, label_column="y")
    assert data.columns == ["x1", "x2"]
    assert data.X[4].tolist() == [4.0, 8.0] and data.y[4] == 1
    assert data.classes == 3


def test_wide_files_keep_every_feature_column():
    header = [f"f{j}" for j in range(MAX_COLUMNS - 1)] + ["label"]
    rows = [[i * j for j in range(MAX_COLUMNS - 1)] + [i % 2] for i in range(10)]
    data = parse_csv(_csv(header, rows))
    assert data.X.shape == (10, MAX_COLUMNS - 1) and data.X[3, 5] == 15


def test_spreadsheet_habits_are_accepted():
    # A byte-order mark, CRLF line ends, spaces around cells, quoted names, blank lines.
    text = '\ufeff"x 1", x2 ,"label"\r\n' + "".join(
        f" {i}.5 ,{-i},{i % 2}\r\n" + ("\r\n" if i == 4 else "") for i in range(10)
    )
    data = parse_csv(text.encode("utf-8"))
    assert data.columns == ["x 1", "x2"]
    assert len(data.X) == 10 and data.X[9].tolist() == [9.5, -9.0]


def test_maximum_rows_are_accepted():
    content = b"x,y\n" + b"1.5,0\n2.5,1\n" * (MAX_ROWS // 2)
    data = parse_csv(content)
    assert data.X.shape == (MAX_ROWS, 1) and np.bincount(data.y).tolist() == [MAX_ROWS // 2] * 2


def test_a_file_of_exactly_the_size_limit_is_accepted():
    content = _labelled([0, 1] * 6)
    while len(content) < MAX_UPLOAD_BYTES:  # blank lines of spaces (csv caps a cell at 128 KB)
        content += b" " * min(100_000, MAX_UPLOAD_BYTES - len(content) - 1) + b"\n"
    assert len(content) == MAX_UPLOAD_BYTES
    assert len(parse_csv(content).X) == 12


# --- every error, with its text -----------------------------------------------------------


def _error(content, **kwargs) -> str:
    with pytest.raises(DataError) as caught:
        parse_csv(content, **kwargs)
    return str(caught.value)


def test_too_large():
    content = _labelled([0, 1] * 6)
    content += b" " * (MAX_UPLOAD_BYTES + 1 - len(content))
    assert _error(content) == (
        f"upload.csv is 10.0 MB ({MAX_UPLOAD_BYTES + 1} bytes); "
        f"at most 10 MB ({MAX_UPLOAD_BYTES} bytes) can be uploaded"
    )


def test_too_many_rows():
    content = b"x,y\n" + b"1,0\n2,1\n" * (MAX_ROWS // 2) + b"3,1\n"
    assert _error(content) == (
        f"upload.csv has more than {MAX_ROWS} data rows (line {MAX_ROWS + 2}); "
        f"at most {MAX_ROWS} are allowed"
    )


def test_too_many_columns():
    header = [f"f{j}" for j in range(MAX_COLUMNS + 1)]
    content = _csv(header, [[0] * (MAX_COLUMNS + 1)] * 10)
    assert _error(content) == f"upload.csv has 101 columns; at most {MAX_COLUMNS} are allowed"


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_empty_file(content):
    assert _error(content, name="blank.csv") == (
        "blank.csv is empty; expected a header row and at least 10 rows"
    )


def test_header_without_rows():
    assert _error(b"x1,x2,label\n") == "upload.csv has 0 data rows; at least 10 are needed"


def test_fewer_than_ten_rows():
    assert _error(_labelled([0, 1, 0, 1, 0, 1, 0, 1, 0])) == (
        "upload.csv has 9 data rows; at least 10 are needed"
    )


def test_missing_label_column():
    assert _error(_labelled([0, 1] * 6), label_column="class") == (
        "label column 'class' is not in upload.csv; its columns are a, b, label"
    )


def test_label_column_is_a_name():
    assert _error(_labelled([0, 1] * 6), label_column=2) == (
        "label_column must be a column name, got 2"
    )


def test_non_numeric_cell_names_line_and_column():
    rows = [(i, i, i % 2) for i in range(12)]
    rows[6] = (6, "six", 0)
    assert _error(_csv(["a", "b", "label"], rows)) == (
        "upload.csv, line 8, column 2 ('b'): 'six' is not a number"
    )


def test_an_empty_cell_drops_its_row_and_says_so():
    # Issue 17: missing cells drop their rows (or are imputed) instead of refusing the file.
    content = _labelled([0, 1] * 6).replace(b"\n3,", b"\n,")
    data = parse_csv(content)
    assert len(data.X) == 11 and 3.0 not in data.X[:, 0]
    assert data.notes == ["1 row of upload.csv with missing cells dropped"]


def test_line_numbers_count_blank_lines():
    content = _labelled([0, 1] * 6).replace(b"\n2,", b"\n\n \n2,")
    content = content.replace(b"\n3,-0.75,1", b"\n3,-0.75,x")
    assert _error(content) == "upload.csv, line 7, column 3 ('label'): 'x' is not a number"


@pytest.mark.parametrize("cell", ["nan", "inf", "-Infinity"])
def test_non_finite_cell(cell):
    content = _labelled([0, 1] * 6).replace(b"\n4,-1.0,", f"\n4,{cell},".encode())
    assert _error(content) == f"upload.csv, line 6, column 2 ('b'): '{cell}' is not a finite number"


def test_single_class():
    assert _error(_labelled([3] * 12)) == (
        "label column 'label' of upload.csv has a single class (3); "
        "classification needs at least 2 classes"
    )


def test_forced_classification_needs_integers():
    assert _error(_labelled([0.5, 1] * 6), kind="classification") == (
        "label column 'label' of upload.csv: classification needs integer labels, "
        "line 2 has 0.5"
    )


def test_forced_classification_has_a_class_limit():
    assert _error(_labelled(list(range(25))), kind="classification") == (
        "label column 'label' of upload.csv has 25 distinct labels; classification allows "
        "at most 20 classes (regression takes any number)"
    )


def test_unknown_kind():
    assert _error(_labelled([0, 1] * 6), kind="ranking") == (
        "kind must be one of classification, regression (or None to infer), got 'ranking'"
    )


def test_row_with_a_missing_cell():
    content = _labelled([0, 1] * 6).replace(b"\n5,-1.25,1\n", b"\n5,1\n")
    assert _error(content) == "upload.csv, line 7: 2 cells, expected 3 as in the header"


def test_a_first_row_of_numbers_is_not_a_header():
    assert _error(_labelled([0, 1] * 6)[len("a,b,label\n"):]) == (
        "upload.csv, line 1: the first row must be a header of column names, "
        "got numbers (0, 0.0, 0, ...)"
    )


def test_header_problems():
    assert _error(b"a,,label\n" + b"1,2,0\n" * 10) == (
        "upload.csv, line 1: column 2 has no name in the header row"
    )
    assert _error(b"a,a,label\n" + b"1,2,0\n" * 10) == (
        "upload.csv, line 1: column name 'a' appears twice"
    )
    assert _error(b"label\n" + b"1\n" * 10) == (
        "upload.csv has 1 column ('label'); expected features and a label"
    )


def test_overlong_cell():
    assert _error(b"a,b\n" + b"1" * 200_000 + b",1\n") == (
        "upload.csv, line 2: field larger than field limit (131072)"
    )


def test_not_utf8():
    assert _error(b"a,b,label\n\xff\xfe,1,0\n") == (
        "upload.csv is not UTF-8 text (invalid start byte at byte 10)"
    )
