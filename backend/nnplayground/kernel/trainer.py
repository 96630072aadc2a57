"""CompiledLearner: a Learner's training and evaluation, run by the compiled loops.

It trains the Learner's own arrays in place: the optimizer's flat buffer of the model's
parameters and its state, the Learner's epoch order, counters and generators. So the numpy
engine and the compiled kernel can take turns on one Learner, and a checkpoint
(`Learner.state_dict`) is the same whichever kernel wrote it.
"""

from __future__ import annotations

import numpy as np

from nnplayground.engine import Learner

from . import codes
from .forward import layer_outputs
from .layout import NetLayout, dropout_generator, hyperparameters
from .metrics import metric_sums
from .steps import train_steps

_NO_DRAWS = np.empty(0)
_NO_STATE = np.empty(0)


class CompiledLearner:
    """`run_steps`, `predict`, `hidden_outputs` and `metric_sums` of `learner`, compiled.

    Raises `NotCovered` (from NetLayout) for a learner the loops do not cover.
    """

    kernel = "compiled"

    def __init__(self, learner: Learner):
        self.learner = learner
        self.layout = NetLayout.of(learner)
        self._flat = learner.optimizer.flat(learner.model.parameters)
        self._tables: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # id(Y): (Y, its T)

    def _parameters(self) -> np.ndarray:
        """The flat parameters, laid out again if the engine flattened them anew meanwhile."""
        flat = self.learner.optimizer.flat(self.learner.model.parameters)
        if flat is not self._flat:
            self.layout, self._flat = NetLayout.of(self.learner), flat
        return flat.tensor

    def run_steps(self, X: np.ndarray, Y: np.ndarray, n_steps: int, bs: int) -> np.ndarray:
        """As `Learner.run_steps`: `n_steps` updates continuing the epoch; their losses."""
        learner, layout = self.learner, self.layout
        P = self._parameters()
        X = np.ascontiguousarray(X, dtype=np.float64)
        T = self._target_table(Y, len(X))
        state = learner.optimizer.flat_state(self._flat)
        S1, S2, counter = _state_arrays(state, layout.modes[codes.OPTIMIZER])
        rows, lengths = learner.take_batches(len(X), len(T), n_steps, bs)
        draws = _NO_DRAWS
        if layout.dropout_units and learner.model.training:
            draws = dropout_generator(learner).random(int(lengths.sum()) * layout.dropout_units)
        losses = np.empty(n_steps)
        if n_steps:
            train_steps(P, S1, S2, counter, layout.net, self._net_f(), layout.modes,
                        hyperparameters(learner.optimizer), X, T, rows, lengths, draws, losses)
        return losses

    @property
    def epoch_position(self) -> int:
        return self.learner.epoch_position

    fit = Learner.fit  # the article's `fit`, its steps run by the compiled loops

    def _net_f(self) -> np.ndarray:
        if self.learner.model.training:
            return self.layout.net_f
        no_dropout = self.layout.net_f.copy()  # the engine's Dropout is the identity in eval
        no_dropout[1] = 0
        return no_dropout

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The raw output `(n, n_out)`, in eval mode (no dropout)."""
        P = self._parameters()
        X = np.ascontiguousarray(X, dtype=np.float64)
        return layer_outputs(P, self.layout.net, self.layout.net_f, X, np.empty((len(X), 0)))

    def hidden_outputs(self, X: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
        """Every hidden layer's activations `(n, units)`, and the output, in eval mode."""
        P = self._parameters()
        X = np.ascontiguousarray(X, dtype=np.float64)
        hidden = np.empty((len(X), self.layout.hidden_units))
        out = layer_outputs(P, self.layout.net, self.layout.net_f, X, hidden)
        ends = np.cumsum(self.layout.net[1, :-1])
        return np.split(hidden, ends[:-1], axis=1), out

    def metric_sums(self, X: np.ndarray, Y: np.ndarray, n_train: int) -> np.ndarray:
        """`[train loss sum, test loss sum, train right, test right]` in eval mode: the
        first `n_train` rows of X are the train split, the rest the test split."""
        P = self._parameters()
        X = np.ascontiguousarray(X, dtype=np.float64)
        sums = np.empty(4)
        metric_sums(P, self.layout.net, self.layout.net_f, X, self._target_table(Y, len(X)),
                    self.layout.modes[codes.LOSS], n_train, sums)
        return sums

    def _target_table(self, Y: np.ndarray, n: int) -> np.ndarray:
        """Y as `(n, n_out)` float64: labels become one-hot rows for the softmax loss.

        Kept per Y (training and evaluation targets take turns), while Y is the same object.
        """
        known = self._tables.get(id(Y))
        if known is not None and known[0] is Y:
            return known[1]
        n_out = int(self.layout.net[1, -1])
        Y = np.asarray(Y)
        if self.layout.modes[codes.LOSS] == codes.SOFTMAX and Y.shape in ((n,), (n, 1)):
            labels = Y.reshape(n).astype(np.int64)
            if n and (labels.min() < 0 or labels.max() >= n_out):
                raise ValueError(f"labels must be class ids in 0..{n_out - 1}")
            T = np.zeros((n, n_out))
            T[np.arange(n), labels] = 1
        else:
            T = np.ascontiguousarray(Y.reshape(n, -1) if Y.ndim == 1 else Y, dtype=np.float64)
        if T.shape != (n, n_out):
            raise ValueError(f"target shape {Y.shape} does not match outputs ({n}, {n_out})")
        if len(self._tables) >= 4:
            self._tables.clear()
        self._tables[id(Y)] = (Y, T)
        return T

    def __repr__(self) -> str:
        sizes = [*self.layout.net[0, :1].tolist(), *self.layout.net[1].tolist()]
        return f"CompiledLearner({'-'.join(map(str, sizes))})"


def _state_arrays(state: dict[str, np.ndarray], optimizer: int
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(S1, S2, counter) for the loops: views of the optimizer's own state arrays."""
    if optimizer in (codes.MOMENTUM, codes.NESTEROV):
        return state["velocity"], _NO_STATE, np.zeros(1, np.int64)
    if optimizer == codes.RMSPROP:
        return state["square_avg"], _NO_STATE, np.zeros(1, np.int64)
    if optimizer == codes.ADAM:
        return state["exp_avg"], state["exp_avg_sq"], state["step"].reshape(1)
    return _NO_STATE, _NO_STATE, np.zeros(1, np.int64)
