import importlib.util
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def article():
    """The article's implementation, transcribed in benchmarks/ (outside the package)."""
    path = ROOT / "benchmarks" / "article_reference.py"
    spec = importlib.util.spec_from_file_location("article_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


@pytest.fixture
def global_seed():
    """Seeds numpy's global state (the article's source of randomness) and restores it after."""
    saved = np.random.get_state()
    np.random.seed(0)
    yield
    np.random.set_state(saved)
