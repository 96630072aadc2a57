"""The README's library examples run as written (those needing a server run in
tests/client/test_client.py)."""

import pytest

from tests.readme_blocks import python_blocks

LIBRARY = [block for block in python_blocks("Using the engine as a library")
           if "Client(" not in block]


@pytest.mark.parametrize("block", LIBRARY, ids=["article", "classifier"])
def test_library_examples_run(block, capsys):
    exec(compile(block, "README.md", "exec"), {})
    printed = capsys.readouterr().out.split()
    if "blobs" in block:
        assert float(printed[-1]) > 0.9
    else:
        errors = [float(value.strip("[]")) for value in printed[:2]]
        assert max(errors) < 1e-4
