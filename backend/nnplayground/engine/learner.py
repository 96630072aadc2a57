"""Training loop: minibatch steps over shuffled data, evaluation, and exact resumption."""

import numpy as np

from .layer import Layer, takes_input_grad
from .losses import bce_with_logits_loss, softmax_cross_entropy_loss
from .serialization import rng_state, set_rng_state
from .workspace import Workspace


class Learner:
    """`model` trained on `loss` by `optimizer`, in the article's shape, plus resumable steps.

    Epochs use the article's shuffling: each one permutes the previous epoch's order with a
    fresh `permutation(n)` drawn from `rng` (numpy's global state when None). `run_steps`
    walks that order minibatch by minibatch and stops anywhere: `.step` counts updates,
    `.epoch` completed epochs, `.epoch_position` the samples used in the current one.
    """

    def __init__(self, model: Layer, loss, optimizer, rng: np.random.Generator | None = None):
        self.model = model
        self.loss = loss
        self.optimizer = optimizer
        self.rng = rng
        self.step = 0
        self.epoch = 0
        self.epoch_position = 0
        self._order: np.ndarray | None = None  # the current epoch's sample order
        self._workspace = Workspace()

    def fit_batch(self, X: np.ndarray, Y: np.ndarray) -> float:
        """One update on the minibatch (X, Y); returns its loss."""
        model = self.model
        if takes_input_grad(type(model)):
            Yp, backward = model.forward(X, input_grad=False)
        else:
            Yp, backward = model.forward(X)
        loss, dYp = self.loss(Yp, Y)
        backward(dYp)
        model.update(self.optimizer)
        self.step += 1
        return loss

    def fit(self, X: np.ndarray, Y: np.ndarray, epochs: int, bs: int) -> list[float]:
        """`epochs` epochs (the first one completes the current epoch if one is under way);
        returns each epoch's sum of minibatch losses, as the article does."""
        losses = []
        for _ in range(epochs):
            steps = -(-(len(X) - self.epoch_position) // bs)
            losses.append(float(sum(self.run_steps(X, Y, steps, bs).tolist())))
        return losses

    def run_steps(self, X: np.ndarray, Y: np.ndarray, steps: int, bs: int) -> np.ndarray:
        """`steps` minibatch updates continuing the current epoch; returns their losses."""
        n = self._check_run(len(X), len(Y), steps, bs)
        losses = np.empty(steps)
        for i in range(steps):
            if self.epoch_position == 0:
                order = np.arange(n) if self._order is None else self._order
                self._order = order[self._permutation(n)]
            batch = self._order[self.epoch_position:self.epoch_position + bs]
            losses[i] = self.fit_batch(self._gather(X, batch, "X"), self._gather(Y, batch, "Y"))
            self.epoch_position += len(batch)
            if self.epoch_position == n:
                self.epoch += 1
                self.epoch_position = 0
        return losses

    def take_batches(self, n_X: int, n_Y: int, steps: int, bs: int
                     ) -> tuple[np.ndarray, np.ndarray]:
        """For a kernel that trains elsewhere: `(rows, lengths)` of the next `steps` minibatches
        as `run_steps` would walk them (step `s` uses the next `lengths[s]` of `rows`).

        Draws the epoch orders and advances `step`, `epoch` and `epoch_position` past them.
        """
        n = self._check_run(n_X, n_Y, steps, bs)
        parts, lengths = [], np.full(steps, bs, dtype=np.int64)
        done = 0
        while done < steps:
            if self.epoch_position == 0:
                order = np.arange(n) if self._order is None else self._order
                self._order = order[self._permutation(n)]
            start = self.epoch_position
            here = min(steps - done, -(-(n - start) // bs))
            stop = min(start + here * bs, n)
            parts.append(self._order[start:stop])
            lengths[done + here - 1] = stop - start - (here - 1) * bs
            done += here
            self.epoch_position = stop
            if stop == n:
                self.epoch += 1
                self.epoch_position = 0
        self.step += steps
        rows = np.concatenate(parts) if parts else np.empty(0, np.int64)
        return rows.astype(np.int64, copy=False), lengths

    def _check_run(self, n: int, n_Y: int, steps: int, bs: int) -> int:
        if n_Y != n:
            raise ValueError(f"X has {n} samples but Y has {n_Y}")
        if n == 0:
            raise ValueError("cannot train on an empty dataset (X has 0 samples)")
        if bs < 1:
            raise ValueError(f"batch size must be at least 1, got {bs}")
        if steps < 0:
            raise ValueError(f"steps must be >= 0, got {steps}")
        if self._order is not None and len(self._order) != n:
            if self.epoch_position:
                raise ValueError(f"X has {n} samples but the current epoch is over "
                                 f"{len(self._order)}: finish the epoch first")
            self._order = None
        return n

    def _gather(self, data: np.ndarray, rows: np.ndarray, name: str) -> np.ndarray:
        """data[rows], into a reused array."""
        data = np.asarray(data)
        out = self._workspace.get(name, (len(rows), *data.shape[1:]), data.dtype)
        return np.take(data, rows, axis=0, out=out, mode="clip")  # "raise" would buffer

    def _permutation(self, n: int) -> np.ndarray:
        return np.random.permutation(n) if self.rng is None else self.rng.permutation(n)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The model's raw output (logits for classification), computed in eval mode."""
        training = self.model.training
        self.model.eval()
        try:
            Y, _ = self.model.forward(X)
        finally:
            self.model.train(training)
        return Y

    def evaluate(self, X: np.ndarray, Y: np.ndarray) -> dict[str, float | None]:
        """{"loss", "accuracy"} in eval mode; accuracy only for the classification losses."""
        Yp = self.predict(X)
        loss, _ = self.loss(Yp, Y)
        return {"loss": loss, "accuracy": accuracy(self.loss, Yp, Y)}

    def _generators(self) -> dict[str, np.random.Generator | None]:
        """Every random source training draws from, once each: "rng" then "rng.<layer path>"."""
        sources = {"rng": self.rng}
        for path, layer in _walk(self.model, ""):
            if hasattr(layer, "rng") and all(layer.rng is not s for s in sources.values()):
                sources[f"rng.{path}"] = layer.rng
        return sources

    def state_dict(self) -> dict[str, np.ndarray]:
        """Everything needed to continue to the bit: model, optimizer, random state, position."""
        named = self.model.named_parameters()
        state = {f"model.{k}": v for k, v in self.model.state_dict().items()}
        if hasattr(self.optimizer, "state_dict"):
            state.update({f"optimizer.{k}": v
                          for k, v in self.optimizer.state_dict(named).items()})
        state.update({name: rng_state(rng) for name, rng in self._generators().items()})
        state["order"] = np.array([] if self._order is None else self._order, dtype=np.int64)
        state["has_order"] = np.array(self._order is not None)
        for counter in ("step", "epoch", "epoch_position"):
            state[counter] = np.array(getattr(self, counter), dtype=np.int64)
        return state

    def load_state_dict(self, state: dict[str, np.ndarray]) -> None:
        """Restores what state_dict returned (numpy's global state too when rng is None)."""
        self.model.load_state_dict({k[len("model."):]: v for k, v in state.items()
                                    if k.startswith("model.")})
        if hasattr(self.optimizer, "load_state_dict"):
            self.optimizer.load_state_dict({k[len("optimizer."):]: v for k, v in state.items()
                                            if k.startswith("optimizer.")},
                                           self.model.named_parameters())
        for name, rng in self._generators().items():
            set_rng_state(rng, state[name])
        self._order = np.array(state["order"], dtype=np.intp) if state["has_order"] else None
        for counter in ("step", "epoch", "epoch_position"):
            setattr(self, counter, int(state[counter]))


def _walk(layer: Layer, path: str):
    yield path, layer
    for index, child in enumerate(layer.children() if hasattr(layer, "children") else []):
        yield from _walk(child, f"{path}.{index}" if path else str(index))


def accuracy(loss, Yp: np.ndarray, Y: np.ndarray) -> float | None:
    """Share of correct predictions for bce (logit > 0) and softmax (argmax), else None."""
    Y = np.asarray(Y)
    if len(Yp) == 0:
        return None
    if loss is bce_with_logits_loss:
        return float(np.mean((Yp.reshape(-1) > 0) == (Y.reshape(-1) > 0.5)))
    if loss is softmax_cross_entropy_loss:
        labels = Y.argmax(axis=1) if Y.shape == Yp.shape else Y.reshape(-1)
        return float(np.mean(Yp.argmax(axis=1) == labels))
    return None
