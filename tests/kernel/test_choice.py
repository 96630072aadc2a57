"""Which kernel a learner gets, and why; numba missing or broken leaves numpy."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from nnplayground.engine import Learner, Linear, ReLU, Sequential, SGDOptimizer, mse_loss
from nnplayground.kernel import KernelChoice
from nnplayground.training import TrainingSession

from ..training.helpers import hidden, make_spec
from .conftest import session


@pytest.fixture(scope="module")
def ready(trainer):
    choice = KernelChoice("compiled")
    choice.load()
    return choice


def test_a_loaded_kernel_trains_what_the_service_builds(ready):
    binding = ready.bind(session(dropout=0.1).learner)
    assert (binding.kernel, binding.reason, binding.provisional) == ("compiled", None, False)
    assert ready.state == "compiled" and ready.compile_seconds > 0


def test_numpy_when_asked():
    choice = KernelChoice("numpy")
    learner = session().learner
    binding = choice.bind(learner)
    assert (binding.trainer, binding.kernel, binding.reason) == (learner, "numpy", None)
    assert choice.state == "numpy" and choice.wait(0)


def test_a_model_the_kernel_does_not_cover_trains_on_numpy_with_the_reason(ready):
    model = Sequential(Linear(2, 3), ReLU(), ReLU(), Linear(3, 1))
    binding = ready.bind(Learner(model, mse_loss, SGDOptimizer(0.1)))
    assert binding.kernel == "numpy"
    assert binding.reason.startswith("not covered by the compiled kernel: layer 2 (ReLU())")
    binding = ready.bind(Learner(Sequential(Linear(2, 1)), lambda Yp, Y: (0.0, Yp),
                                 SGDOptimizer(0.1)))
    assert "loss '<lambda>' is not one of" in binding.reason


def test_an_unknown_kernel_is_refused():
    with pytest.raises(ValueError, match="Invalid kernel: 'fast'"):
        KernelChoice("fast")


def test_broken_numba_logs_one_error_and_leaves_numpy(tmp_path):
    (tmp_path / "numba.py").write_text("raise ImportError('numba is broken here')\n")
    script = textwrap.dedent("""
        import logging
        from nnplayground.kernel import KernelChoice
        from nnplayground.engine import Learner, Linear, Sequential, SGDOptimizer, mse_loss
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
        choice = KernelChoice("compiled")
        choice.start()
        assert choice.wait(60)
        binding = choice.bind(Learner(Sequential(Linear(2, 1)), mse_loss, SGDOptimizer(0.1)))
        print("STATE", choice.state, binding.kernel)
        print("REASON", binding.reason)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, env={"PYTHONPATH": str(tmp_path), "PATH": ""})
    assert done.returncode == 0, done.stderr
    assert "STATE unavailable numpy" in done.stdout
    assert ("REASON the compiled kernel is unavailable: ImportError: numba is broken here"
            in done.stdout)
    errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == ["ERROR the compiled kernel is unavailable, jobs train on numpy: "
                      "ImportError: numba is broken here"]


def test_while_compiling_a_learner_trains_on_numpy_provisionally():
    choice = KernelChoice("compiled")  # not started: still compiling as far as anyone knows
    binding = choice.bind(session().learner)
    assert (binding.kernel, binding.provisional) == ("numpy", True)
    assert binding.reason == "the compiled kernel is still compiling"
    assert np.isfinite(binding.trainer.run_steps(np.zeros((4, 2)), np.zeros((4, 1)), 2, 2)).all()


def test_a_network_numpy_trains_faster_stays_on_numpy(ready):
    learner = session(units=(64, 64)).learner  # 4,288 weights
    assert ready.bind(learner, batch_size=4).kernel == "compiled"
    binding = ready.bind(learner, batch_size=10)
    assert binding.kernel == "numpy"
    assert binding.reason == (
        "not covered by the compiled kernel: 4288 weights x batch size 10 = 42880 "
        "multiply-adds a step, more than 20000: numpy's BLAS trains that faster")


def test_a_session_moves_to_the_compiled_kernel_once_it_is_ready(trainer):
    spec = make_spec({"name": "circle"}, network=hidden(4, 2, dropout=0.1))
    choice = KernelChoice("compiled")
    moving, reference = TrainingSession(spec, kernels=choice), TrainingSession(spec)
    points = moving.run(300)
    assert (moving.kernel, moving.kernel_reason) == ("numpy", "the compiled kernel is still "
                                                              "compiling")
    choice.load()
    points += moving.run(300)  # moves over at its first chunk boundary
    assert (moving.kernel, moving.kernel_reason) == ("compiled", None)
    expected = reference.run(600)
    assert [p["step"] for p in points] == [p["step"] for p in expected]
    np.testing.assert_allclose([p["train_loss"] for p in points],
                               [p["train_loss"] for p in expected], rtol=1e-9)
