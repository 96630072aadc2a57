"""Optimizers with the article's `update(param)`: apply one step, then zero the gradient.

Conventions follow PyTorch's, so numbers compare: SGD momentum v = mu v + g, p -= lr v
(Nesterov: p -= lr (g + mu v)); RMSProp v = alpha v + (1 - alpha) g^2, p -= lr g / (sqrt(v) + eps);
Adam with bias correction. A penalty adds `penalty_rate * W` (l2) or `penalty_rate * sign(W)` (l1)
to the gradient of penalized parameters (weights, never biases) before the step. `lr` and
`penalty_rate` are plain attributes: change them between steps at will.

Per-parameter state (`state[param]`, a dict of arrays) is created on first use. A
ParameterPack (all of a model's parameters in one flat buffer) is updated in one step; its
members' state entries are then views of the pack's, so `state_dict` names them one by one.
"""

import math
from collections.abc import Mapping

import numpy as np

from .pack import ParameterPack
from .parameter import Parameter

PENALTIES = (None, "l1", "l2")
# Steps over a large pack go in blocks of this many bytes per array: elementwise passes are
# memory-bound, and a block's parameter, gradient, state and scratch then stay in L2 cache.
_BLOCK_BYTES = 1 << 18


def _check(name: str, value: float, low: float, high: float = np.inf,
           high_inclusive: bool = False) -> float:
    ok = low <= value <= high if high_inclusive else low <= value < high
    if not (isinstance(value, int | float | np.number) and ok):
        bound = "]" if high_inclusive else ")"
        raise ValueError(f"Invalid {name}: {value!r} (expected a number in [{low}, {high}{bound})")
    return float(value)


class Optimizer:
    """Shared by every optimizer: penalties, per-parameter state, state_dict."""

    slots: tuple[str, ...] = ()  # names of the per-parameter state arrays
    counters: tuple[str, ...] = ()  # slots that are one integer, not an array like the parameter
    updates_packs = True  # Layer.update hands over all parameters as one ParameterPack

    def __init__(self, lr: float, penalty: str | None = None, penalty_rate: float = 0.0):
        self.lr = _check("learning rate", lr, 0.0)
        if penalty not in PENALTIES:
            raise ValueError(f"Invalid penalty: {penalty!r} (expected None, 'l1' or 'l2')")
        self.penalty = penalty
        self.penalty_rate = _check("penalty rate", penalty_rate, 0.0)
        self.state: dict[Parameter, dict[str, np.ndarray]] = {}
        self._work: dict[Parameter, tuple[dict[str, np.ndarray], np.ndarray]] = {}

    def update(self, param: Parameter) -> None:
        work = self._work.get(param)
        if work is None or work[1].shape != param.tensor.shape:
            # the state, and an array like the parameter to compute the step in
            work = self._work[param] = self.state_of(param), np.empty_like(param.tensor)
        state, scratch = work
        self._advance(state)
        if self.penalty is not None and self.penalty_rate != 0:
            self._add_penalty(param, scratch)
        p, g = param.tensor, param.gradient
        block = _BLOCK_BYTES // p.itemsize
        if p.ndim != 1 or p.size <= block:
            self._step(p, g, state, scratch)
            g.fill(0)
        else:  # a large pack block by block, each staying in cache through all of its passes
            for start in range(0, p.size, block):
                part = slice(start, start + block)
                self._step(p[part], g[part], {k: v[part] if v.ndim else v
                                              for k, v in state.items()}, scratch[part])
                g[part].fill(0)
        param.mark_zeroed()

    def _advance(self, state: dict[str, np.ndarray]) -> None:
        """Once per update, before the step (which may run block by block)."""

    def _step(self, p: np.ndarray, g: np.ndarray, state: dict[str, np.ndarray],
              scratch: np.ndarray) -> None:
        raise NotImplementedError

    def _add_penalty(self, param: Parameter, scratch: np.ndarray) -> None:
        part = param.penalized_part()
        if part is None:
            return
        W, G = part
        term = scratch.reshape(-1)[:W.size].reshape(W.shape)
        if self.penalty == "l2":
            np.multiply(W, self.penalty_rate, out=term)
        else:
            np.sign(W, out=term)
            term *= self.penalty_rate
        G += term

    def state_of(self, param: Parameter) -> dict[str, np.ndarray]:
        """`param`'s state arrays by slot, made (zeros) on first use."""
        state = self.state.get(param)
        if state is None:
            state = self.state[param] = self._new_state(param)
        return state

    def _new_state(self, param: Parameter) -> dict[str, np.ndarray]:
        state = {slot: np.zeros((), np.int64) if slot in self.counters
                 else np.zeros_like(param.tensor) for slot in self.slots}
        if isinstance(param, ParameterPack):
            # members' state becomes views of the pack's, keeping what they already had
            for slot, flat in state.items():
                views = param.split(flat) if flat.ndim else [(m, flat) for m in param.members]
                for member, view in views:
                    old = self.state.get(member, {}).get(slot)
                    if old is not None:
                        view[...] = old
                    self.state.setdefault(member, {})[slot] = view
        return state

    def state_dict(self, named: Mapping[str, Parameter] | None = None) -> dict[str, np.ndarray]:
        """Per-parameter state as "<name>.<slot>" (names from `named`, else 0, 1, ... in order)."""
        if named is None:
            named = {str(i): p for i, p in enumerate(
                p for p in self.state if not isinstance(p, ParameterPack))}
        return {f"{name}.{slot}": array.copy()
                for name, param in named.items()
                for slot, array in self.state.get(param, {}).items()}

    def load_state_dict(self, state: Mapping[str, np.ndarray],
                        named: Mapping[str, Parameter] | None = None) -> None:
        """Restores what `state_dict(named)` returned, into these parameters' state arrays."""
        if named is None:
            named = {str(i): p for i, p in enumerate(
                p for p in self.state if not isinstance(p, ParameterPack))}
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
