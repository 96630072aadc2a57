"""Within the compiled kernel a run is reproducible to the bit: however it is split, across
checkpoints and live hyperparameter changes; and its checkpoints are the numpy engine's."""

import numpy as np
import pytest

from .conftest import session

OPTIONS = {"loss": "softmax", "optimizer": "adam", "regularization": "l2", "dropout": 0.2}


def compiled(trainer, **options):
    built = session(**{**OPTIONS, **options})
    return built, trainer.CompiledLearner(built.learner)


def train(kernel, built, steps, batch=10):
    return kernel.run_steps(built.X_train, built.Y_train, steps, batch)


def assert_same_state(a, b):
    state_a, state_b = a.state_dict(), b.state_dict()
    assert state_a.keys() == state_b.keys()
    for key in state_a:
        np.testing.assert_array_equal(state_a[key], state_b[key], err_msg=key)


def test_same_curve_to_the_bit_however_the_run_is_split(trainer):
    whole, kernel = compiled(trainer)
    pieces, pieces_kernel = compiled(trainer)
    expected = train(kernel, whole, 700)
    got = np.concatenate([train(pieces_kernel, pieces, size)
                          for size in (1, 7, 13, 50, 0, 2, 99, 528)])
    np.testing.assert_array_equal(got, expected)
    assert_same_state(whole.learner, pieces.learner)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "nesterov", "rmsprop", "adam"])
def test_a_checkpoint_continues_to_the_bit(trainer, optimizer):
    whole, kernel = compiled(trainer, optimizer=optimizer)
    expected = train(kernel, whole, 900)
    first, first_kernel = compiled(trainer, optimizer=optimizer)
    train(first_kernel, first, 450)
    checkpoint = first.checkpoint()
    restored, restored_kernel = compiled(trainer, optimizer=optimizer)
    restored.restore(checkpoint)
    np.testing.assert_array_equal(train(restored_kernel, restored, 450), expected[450:])
    assert_same_state(whole.learner, restored.learner)


def test_live_hyperparameter_changes_are_reproducible(trainer):
    def run(kernel_of):
        built = session(**OPTIONS)
        kernel = kernel_of(built)
        losses, batch = [], 10
        for steps, change in ((120, {"learning_rate": 0.01}), (45, {"batch_size": 7}),
                              (200, {"regularization_rate": 0.0}), (300, {"batch_size": 32})):
            losses.append(kernel.run_steps(built.X_train, built.Y_train, steps, batch))
            built.update(**change)
            batch = built.batch_size
        return np.concatenate(losses), built

    first, first_session = run(lambda built: trainer.CompiledLearner(built.learner))
    second, second_session = run(lambda built: trainer.CompiledLearner(built.learner))
    np.testing.assert_array_equal(first, second)
    assert_same_state(first_session.learner, second_session.learner)
    reference, _ = run(lambda built: built.learner)
    np.testing.assert_allclose(first, reference, rtol=1e-9, atol=0)


def test_checkpoints_are_interchangeable_with_the_numpy_engine(trainer):
    compiled_run, kernel = compiled(trainer)
    expected = train(kernel, compiled_run, 1000)
    numpy_first = session(**OPTIONS)  # numpy trains the first half, compiled the second
    numpy_first.learner.run_steps(numpy_first.X_train, numpy_first.Y_train, 500, 10)
    restored, restored_kernel = compiled(trainer)
    restored.restore(numpy_first.checkpoint())
    np.testing.assert_allclose(train(restored_kernel, restored, 500), expected[500:],
                               rtol=1e-9)
    back = session(**OPTIONS)  # and a compiled checkpoint continues on numpy
    back.restore(restored.checkpoint())
    more = back.learner.run_steps(back.X_train, back.Y_train, 200, 10)
    assert np.isfinite(more).all()


def test_kernels_take_turns_on_one_learner(trainer):
    compiled_run, kernel = compiled(trainer)
    expected = train(kernel, compiled_run, 600)
    mixed, mixed_kernel = compiled(trainer)
    got = np.concatenate([train(mixed_kernel, mixed, 200),
                          mixed.learner.run_steps(mixed.X_train, mixed.Y_train, 200, 10),
                          train(mixed_kernel, mixed, 200)])
    np.testing.assert_allclose(got, expected, rtol=1e-9)
    assert mixed.step == 600
