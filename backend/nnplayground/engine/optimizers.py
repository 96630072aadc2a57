"""Optimizers with the article's `update(param)`: apply one step, then zero the gradient.

Conventions follow PyTorch's, so numbers compare: SGD momentum v = mu v + g, p -= lr v
(Nesterov: p -= lr (g + mu v)); RMSProp v = alpha v + (1 - alpha) g^2, p -= lr g / (sqrt(v) + eps);
Adam with bias correction. A penalty adds `penalty_rate * W` (l2) or `penalty_rate * sign(W)` (l1)
to the gradient of penalized parameters (weights, never biases) before the step. `lr` and
`penalty_rate` are plain attributes: change them between steps at will.

`step(parameters)` updates a whole model at once: the first time, it moves the parameters
into one flat buffer the optimizer keeps (`FlatParameters`), so that a step is a few numpy
calls over one array instead of a few per parameter. Per-parameter state (`state[param]`, a
dict of arrays) is created on first use; under a flat buffer it is a view of the buffer's
state, so `state_dict` names it parameter by parameter.
"""

import math
from collections.abc import Mapping

import numpy as np

from .flat import FlatParameters
from .parameter import Parameter

PENALTIES = (None, "l1", "l2")
# Steps over a large flat buffer go in blocks of this many bytes per array: elementwise passes
# are memory-bound, and a block's parameter, gradient, state and scratch then stay in L2 cache.
_BLOCK_BYTES = 1 << 18


def _check(name: str, value: float, low: float, high: float = np.inf,
           high_inclusive: bool = False) -> float:
    ok = low <= value <= high if high_inclusive else low <= value < high
    if not (isinstance(value, int | float | np.number) and ok):
        bound = "]" if high_inclusive else ")"
        raise ValueError(f"Invalid {name}: {value!r} (expected a number in [{low}, {high}{bound})")
    return float(value)


class Optimizer:
    """Shared by every optimizer: the flat buffers, penalties, per-parameter state, state_dict."""

    slots: tuple[str, ...] = ()  # names of the per-parameter state arrays
    counters: tuple[str, ...] = ()  # slots that are one integer, not an array like the parameter

    def __init__(self, lr: float, penalty: str | None = None, penalty_rate: float = 0.0):
        self.lr = _check("learning rate", lr, 0.0)
        if penalty not in PENALTIES:
            raise ValueError(f"Invalid penalty: {penalty!r} (expected None, 'l1' or 'l2')")
        self.penalty = penalty
        self.penalty_rate = _check("penalty rate", penalty_rate, 0.0)
        self.state: dict[Parameter | FlatParameters, dict[str, np.ndarray]] = {}
        # per parameter (or flat buffer): its state and an array like it to compute the step in
        self._work: dict[Parameter | FlatParameters, tuple[dict, np.ndarray]] = {}
        self._flat: dict[int, FlatParameters] = {}  # by id of the list `step` was given

    def update(self, param: Parameter) -> None:
        """One step of `param`; its gradient is zeroed after."""
        self._apply(param, param.tensor.size if param.penalized else 0)
        param.zeroed = True

    def step(self, parameters: list[Parameter]) -> None:
        """`update` of every parameter in `parameters`, done as one step over a flat buffer."""
        flat = self.flat(parameters)
        if flat is None:  # not arrays of one float dtype
            for param in parameters:
                self.update(param)
            return
        self._apply(flat, flat.penalized_size)
        for param in flat.members:
            param.zeroed = True

    def flat(self, parameters: list[Parameter]) -> FlatParameters | None:
        """The flat buffer `step(parameters)` steps (made, or made again, when needed), or None
        when the parameters are not arrays of one float dtype. A kernel that steps them itself
        uses it with `flat_state`, so that both step the same arrays."""
        flat = self._flat.get(id(parameters))
        if flat is None or not flat.holds(parameters):
            flat = self._flatten(parameters)
        return flat

    def flat_state(self, flat: FlatParameters) -> dict[str, np.ndarray]:
        """The state arrays of a buffer from `flat`, by slot (zeros on first use)."""
        return self._state_of(flat)

    def _flatten(self, parameters: list[Parameter]) -> FlatParameters | None:
        """New flat buffers for `parameters`; their state moves along (see _new_state)."""
        old = self._flat.pop(id(parameters), None)
        self.state.pop(old, None)
        self._work.pop(old, None)
        flat = FlatParameters.of(parameters)
        if flat is not None:
            self._flat[id(parameters)] = flat
        return flat

    def _apply(self, key: Parameter | FlatParameters, penalized_size: int) -> None:
        """One step of `key.tensor` (the leading `penalized_size` elements penalized)."""
        p, g = key.tensor, key.gradient
        work = self._work.get(key)
        if work is None or work[1].shape != p.shape:
            work = self._work[key] = self._state_of(key), np.empty_like(p)
        state, scratch = work
        self._advance(state)
        if penalized_size and self.penalty is not None and self.penalty_rate != 0:
            if penalized_size == p.size:
                self._add_penalty(p, g, scratch)
            else:
                self._add_penalty(p[:penalized_size], g[:penalized_size], scratch)
        block = _BLOCK_BYTES // p.itemsize
        if p.ndim != 1 or p.size <= block:
            self._step(p, g, state, scratch)
            g.fill(0)
        else:  # a large buffer block by block, each staying in cache through all of its passes
            for start in range(0, p.size, block):
                part = slice(start, start + block)
                self._step(p[part], g[part], {k: v[part] if v.ndim else v
                                              for k, v in state.items()}, scratch[part])
                g[part].fill(0)

    def _advance(self, state: dict[str, np.ndarray]) -> None:
        """Once per update, before the step (which may run block by block)."""

    def _step(self, p: np.ndarray, g: np.ndarray, state: dict[str, np.ndarray],
              scratch: np.ndarray) -> None:
        raise NotImplementedError

    def _add_penalty(self, W: np.ndarray, G: np.ndarray, scratch: np.ndarray) -> None:
        term = scratch.reshape(-1)[:W.size].reshape(W.shape)
        if self.penalty == "l2":
            np.multiply(W, self.penalty_rate, out=term)
        else:
            np.sign(W, out=term)
            term *= self.penalty_rate
        G += term

    def _state_of(self, key: Parameter | FlatParameters) -> dict[str, np.ndarray]:
        state = self.state.get(key)
        if state is None:
            state = self.state[key] = self._new_state(key)
        return state

    def _new_state(self, key: Parameter | FlatParameters) -> dict[str, np.ndarray]:
        state = {slot: np.zeros((), np.int64) if slot in self.counters
                 else np.zeros_like(key.tensor) for slot in self.slots}
        if isinstance(key, FlatParameters):
            # members' state becomes views of the buffer's, keeping what they already had
            for slot, flat in state.items():
                views = key.split(flat) if flat.ndim else [flat] * len(key.members)
                for member, view in zip(key.members, views, strict=True):
                    old = self.state.get(member, {}).get(slot)
                    if old is not None:
                        view[...] = old
                    self.state.setdefault(member, {})[slot] = view
        return state

    def _named(self) -> dict[str, Parameter]:
        """The parameters that have state, named 0, 1, ... in order."""
        params = [p for p in self.state if not isinstance(p, FlatParameters)]
        return {str(i): p for i, p in enumerate(params)}

    def state_dict(self, named: Mapping[str, Parameter] | None = None) -> dict[str, np.ndarray]:
        """Per-parameter state as "<name>.<slot>" (names from `named`, else 0, 1, ... in order)."""
        named = self._named() if named is None else named
        return {f"{name}.{slot}": array.copy()
                for name, param in named.items()
                for slot, array in self.state.get(param, {}).items()}

    def load_state_dict(self, state: Mapping[str, np.ndarray],
                        named: Mapping[str, Parameter] | None = None) -> None:
        """Restores what `state_dict(named)` returned, into these parameters' state arrays."""
        named = self._named() if named is None else named
        expected = {f"{name}.{slot}" for name in named for slot in self.slots}
        if set(state) != expected:
            raise ValueError(f"optimizer state keys {sorted(state)} do not match the "
                             f"expected {sorted(expected)}")
        for name, param in named.items():
            slots = self.state.setdefault(param, {})
            for slot in self.slots:
                value = np.asarray(state[f"{name}.{slot}"])
                if slot not in slots:
                    slots[slot] = np.zeros((), np.int64) if slot in self.counters \
                        else np.zeros_like(param.tensor)
                if value.shape != slots[slot].shape:
                    raise ValueError(f"optimizer state {name}.{slot} has shape {value.shape}, "
                                     f"expected {slots[slot].shape}")
                slots[slot][...] = value

    def _hyperparameters(self) -> str:
        penalty = f", penalty={self.penalty!r}, penalty_rate={self.penalty_rate}" \
            if self.penalty else ""
        return f"lr={self.lr}{penalty}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._hyperparameters()})"


class SGDOptimizer(Optimizer):
    """p -= lr * g; with momentum mu: v = mu v + g, p -= lr v (Nesterov: p -= lr (g + mu v))."""

    def __init__(self, lr: float = 0.1, momentum: float = 0.0, nesterov: bool = False,
                 penalty: str | None = None, penalty_rate: float = 0.0):
        super().__init__(lr, penalty, penalty_rate)
        self.momentum = _check("momentum", momentum, 0.0, 1.0, high_inclusive=True)
        if nesterov and self.momentum == 0:
            raise ValueError("Invalid nesterov=True: Nesterov momentum needs momentum > 0")
        self.nesterov = bool(nesterov)
        self.slots = ("velocity",) if self.momentum else ()

    def _step(self, p, g, state, scratch):
        # g is zeroed after the step, so it doubles as scratch: fewer arrays through the cache
        step = g
        if self.momentum:
            v = state["velocity"]
            v *= self.momentum
            v += g
            if self.nesterov:
                g += np.multiply(v, self.momentum, out=scratch)
            else:
                step = v
        # p + (-lr step) is bit for bit the article's p - lr step
        p += np.multiply(step, -self.lr, out=g)


class RMSPropOptimizer(Optimizer):
    """v = alpha v + (1 - alpha) g^2; p -= lr g / (sqrt(v) + eps)."""

    slots = ("square_avg",)

    def __init__(self, lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-8,
                 penalty: str | None = None, penalty_rate: float = 0.0):
        super().__init__(lr, penalty, penalty_rate)
        self.alpha = _check("alpha", alpha, 0.0, 1.0)
        self.eps = _check("eps", eps, 0.0)

    def _step(self, p, g, state, scratch):
        v = state["square_avg"]
        v *= self.alpha
        np.multiply(g, g, out=scratch)
        scratch *= 1 - self.alpha
        v += scratch
        np.sqrt(v, out=scratch)
        scratch += self.eps
        np.divide(g, scratch, out=scratch)
        scratch *= self.lr
        p -= scratch


class AdamOptimizer(Optimizer):
    """m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
    p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps), as PyTorch computes it."""

    slots = ("exp_avg", "exp_avg_sq", "step")
    counters = ("step",)

    def __init__(self, lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, penalty: str | None = None, penalty_rate: float = 0.0):
        super().__init__(lr, penalty, penalty_rate)
        if len(betas) != 2:
            raise ValueError(f"Invalid betas: {betas!r} (expected two numbers in [0, 1))")
        self.betas = (_check("beta1", betas[0], 0.0, 1.0), _check("beta2", betas[1], 0.0, 1.0))
        self.eps = _check("eps", eps, 0.0)

    def _advance(self, state):
        state["step"] += 1

    def _step(self, p, g, state, scratch):
        beta1, beta2 = self.betas
        m, v, t = state["exp_avg"], state["exp_avg_sq"], int(state["step"])
        m *= beta1
        m += np.multiply(g, 1 - beta1, out=scratch)
        v *= beta2
        np.multiply(g, g, out=scratch)
        scratch *= 1 - beta2
        v += scratch
        np.sqrt(v, out=scratch)
        scratch /= math.sqrt(1 - beta2 ** t)  # a Python float keeps float32 arrays float32
        scratch += self.eps
        np.divide(m, scratch, out=scratch)
        scratch *= self.lr / (1 - beta1 ** t)
        p -= scratch

    def _hyperparameters(self) -> str:
        return f"{super()._hyperparameters()}, betas={self.betas}, eps={self.eps}"
