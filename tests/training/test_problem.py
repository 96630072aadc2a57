"""The problem decides the output layer and the loss."""

import numpy as np
import pytest

from nnplayground.engine import (
    Linear,
    bce_with_logits_loss,
    mse_loss,
    softmax_cross_entropy_loss,
)
from nnplayground.errors import FieldError
from nnplayground.training import TrainingSession

from .helpers import hidden, make_spec


def output_layer(session: TrainingSession) -> Linear:
    last = session.model.layers[-1]
    assert isinstance(last, Linear)
    return last


def test_binary_classification_has_one_logit_and_bce():
    session = TrainingSession(make_spec({"name": "circle", "n_samples": 100},
                                        network=hidden(5)))
    assert session.problem.loss is bce_with_logits_loss
    assert output_layer(session).weights.tensor.shape == (5, 1)
    assert session.summary.kind == "classification"
    assert session.summary.classes == 2
    assert set(np.unique(session.Y_train)) == {0.0, 1.0}


def test_k_classes_have_k_logits_and_softmax_cross_entropy():
    session = TrainingSession(make_spec({"name": "blobs", "classes": 5, "n_samples": 100},
                                        network=hidden(6)))
    assert session.problem.loss is softmax_cross_entropy_loss
    assert output_layer(session).weights.tensor.shape == (6, 5)
    assert session.summary.classes == 5
    assert session.Y_train.dtype == np.int64
    assert set(np.unique(session.Y_train)) == set(range(5))


def test_regression_has_one_linear_output_and_mse():
    session = TrainingSession(make_spec({"name": "plane", "n_samples": 100},
                                        network=hidden(3)))
    assert session.problem.loss is mse_loss
    assert output_layer(session).weights.tensor.shape == (3, 1)
    assert session.summary.kind == "regression"
    assert session.summary.classes is None
    assert session.evaluate()["confusion_matrix"] is None
    assert session.evaluate()["test_accuracy"] is None


def test_regression_on_class_ids_is_allowed():
    spec = make_spec({"name": "blobs", "classes": 3, "n_samples": 90},
                     training={"problem": "regression"})
    session = TrainingSession(spec)
    assert session.problem.loss is mse_loss
    assert output_layer(session).weights.tensor.shape[1] == 1
    assert set(np.unique(session.Y_train)) == {0.0, 1.0, 2.0}
    assert session.summary.classes is None


def test_classification_of_a_regression_dataset_is_a_spec_error():
    spec = make_spec({"name": "plane"}, training={"problem": "classification"})
    with pytest.raises(FieldError) as caught:
        TrainingSession(spec)
    assert caught.value.field == "training.problem"
    assert "plane" in caught.value.message


def test_model_has_a_dropout_layer_only_where_asked():
    spec = make_spec(network={"hidden": [{"units": 4, "dropout": 0.5}, {"units": 3}]})
    names = [type(layer).__name__ for layer in TrainingSession(spec).model.layers]
    assert names == ["Linear", "Tanh", "Dropout", "Linear", "Tanh", "Linear"]


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "rmsprop", "adam"])
def test_each_optimizer_trains_with_its_penalty(optimizer):
    spec = make_spec({"name": "gauss", "n_samples": 100},
                     training={"optimizer": optimizer, "regularization": "l2",
                               "regularization_rate": 0.01, "learning_rate": 0.01})
    session = TrainingSession(spec)
    assert session.optimizer.penalty == "l2"
    assert session.optimizer.penalty_rate == 0.01
    before = session.metric_point()["train_loss"]
    session.run_epochs(5)
    assert session.metric_point()["train_loss"] < before


@pytest.mark.parametrize(("dataset", "problem"), [
    ({"name": "circle"}, "auto"),
    ({"name": "blobs", "classes": 4}, "auto"),
    ({"name": "plane"}, "auto"),
    ({"name": "blobs", "classes": 3}, "regression"),
])
def test_row_losses_average_to_the_engine_loss(dataset, problem):
    session = TrainingSession(make_spec({**dataset, "n_samples": 60},
                                        training={"problem": problem}))
    rng = np.random.default_rng(5)
    outputs = rng.normal(scale=4.0, size=(session.n_train, session.problem.output_units))
    engine_loss, _ = session.problem.loss(outputs, session.Y_train)
    rows = session.problem.row_losses(outputs, session.Y_train)
    assert rows.shape == (session.n_train,)
    assert rows.mean() == pytest.approx(engine_loss, rel=1e-12)
    point = session.metric_point()
    engine_train_loss = session.learner.evaluate(session.X_train, session.Y_train)["loss"]
    assert point["train_loss"] == pytest.approx(engine_train_loss, rel=1e-12)
