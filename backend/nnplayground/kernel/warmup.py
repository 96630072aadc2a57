"""One tiny training run through every compiled function, so that they are compiled (or
loaded from numba's cache) before a job needs them. Every spec shares these types."""

from __future__ import annotations

import numpy as np

from nnplayground.engine import (
    AdamOptimizer,
    Dropout,
    Learner,
    Linear,
    Sequential,
    Tanh,
    softmax_cross_entropy_loss,
)


def warm_up(compiled_learner: type) -> None:
    rng = np.random.default_rng(0)
    model = Sequential(Linear(2, 3, rng=rng), Tanh(), Dropout(0.5, rng=rng), Linear(3, 2, rng=rng))
    kernel = compiled_learner(Learner(model, softmax_cross_entropy_loss,
                                      AdamOptimizer(penalty="l2", penalty_rate=1e-3), rng=rng))
    X, y = rng.standard_normal((4, 2)), np.array([0, 1, 1, 0])
    losses = kernel.run_steps(X, y, 2, 3)
    kernel.hidden_outputs(X)
    outputs = kernel.predict(X)
    kernel.metric_sums(X, y, 3)
    if not (np.isfinite(losses).all() and outputs.shape == (4, 2)):
        raise RuntimeError(f"the compiled kernel's warm-up went wrong: losses {losses}")
