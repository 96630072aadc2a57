"""Training steps per second of nnplayground.engine against the article's implementation.

Run: `.venv/bin/python benchmarks/engine_bench.py` (or `make bench`). In one process, for
each network it times forward + backward + update on one minibatch (`Learner.fit_batch`,
steady state) for our engine and for the article's code (benchmarks/article_reference.py),
alternating the two in every repeat so that both see the same machine; it prints the
medians and the median of the per-repeat ratios. PyTorch eager is timed too when it is
importable. For (c) in float32 it also relates our rate of useful floating-point work to
the float32 matmul peak measured here, now.

The "kernel" column is the compiled kernel (nnplayground.kernel, float64 only), timed on
the same network in chunks of KERNEL_STEPS minibatch steps per call, as a session runs it.

Targets (issue 3): (a) >= 1.5x the article; (c) >= 1.4x the article in float64 and
>= 60% of the float32 matmul peak.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

import article_reference as article
import nnplayground.engine as engine
import nnplayground.kernel as kernel

KERNEL_STEPS = 32


@dataclass(frozen=True)
class Case:
    key: str
    sizes: tuple[int, ...]
    activation: str  # "tanh" or "relu"
    batch: int
    dtype: type
    target_vs_article: float | None = None

    @property
    def title(self) -> str:
        return (f"({self.key}) {'-'.join(map(str, self.sizes))} {self.activation} "
                f"bs {self.batch} {np.dtype(self.dtype).name}")

    def useful_flops(self) -> int:
        """Multiply-adds x2 a step needs: forward, weight gradients, and dX past layer 1."""
        pairs = list(zip(self.sizes[:-1], self.sizes[1:], strict=True))
        forward = sum(2 * self.batch * a * b for a, b in pairs)
        input_grads = sum(2 * self.batch * a * b for a, b in pairs[1:])
        return 2 * forward + input_grads


CASES = [
    Case("a", (2, 8, 8, 1), "tanh", 10, np.float64, target_vs_article=1.5),
    Case("b", (2, 64, 64, 64, 1), "relu", 256, np.float64),
    Case("c", (784, 256, 128, 10), "relu", 128, np.float64, target_vs_article=1.4),
    Case("c", (784, 256, 128, 10), "relu", 128, np.float32),
]
PEAK_TARGET = 0.60


def initial_weights(case: Case) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(0)
    return [((rng.standard_normal((a, b)) * np.sqrt(1 / a)).astype(case.dtype),
             np.zeros(b, case.dtype))
            for a, b in zip(case.sizes[:-1], case.sizes[1:], strict=True)]


def minibatch(case: Case) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    X = rng.standard_normal((case.batch, case.sizes[0])).astype(case.dtype)
    Y = rng.standard_normal((case.batch, case.sizes[-1])).astype(case.dtype)
    return X, Y


def numpy_step(module, case: Case) -> Callable[[], object]:
    """`fit_batch` on a fixed minibatch, for our engine or the article's (same weights)."""
    learner = numpy_learner(module, case)
    X, Y = minibatch(case)
    return lambda: learner.fit_batch(X, Y)


def kernel_steps(case: Case) -> Callable[[], object] | None:
    """KERNEL_STEPS steps of the compiled kernel (float64 only) on the same network, as a
    session's chunk runs them: minibatches of the same size in one call."""
    if case.dtype is not np.float64:
        return None
    compiled = kernel.load().CompiledLearner(numpy_learner(engine, case))
    rng = np.random.default_rng(1)
    X = rng.standard_normal((case.batch * KERNEL_STEPS, case.sizes[0]))
    Y = rng.standard_normal((case.batch * KERNEL_STEPS, case.sizes[-1]))
    return lambda: compiled.run_steps(X, Y, KERNEL_STEPS, case.batch)


def numpy_learner(module, case: Case):
    activation = {"tanh": module.Tanh, "relu": module.ReLu}[case.activation]
    layers = []
    for index, (W, b) in enumerate(initial_weights(case)):
        linear = module.Linear(*W.shape)
        for param, value in ((linear.weights, W), (linear.bias, b)):
            param.tensor = value.copy()
            param.gradient = np.zeros_like(value)
        layers.append(linear)
        if index < len(case.sizes) - 2:
            layers.append(activation())
    return module.Learner(module.Sequential(*layers), module.mse_loss,
                          module.SGDOptimizer(lr=1e-4))  # small: the weights stay put


def torch_step(case: Case) -> Callable[[], object] | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(2)
    dtype = {np.float32: torch.float32, np.float64: torch.float64}[case.dtype]
    activation = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}[case.activation]
    layers = []
    for index, (W, b) in enumerate(initial_weights(case)):
        linear = torch.nn.Linear(*W.shape, dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W.T.copy()))
            linear.bias.copy_(torch.from_numpy(b))
        layers.append(linear)
        if index < len(case.sizes) - 2:
            layers.append(activation())
    model = torch.nn.Sequential(*layers)
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-4)
    X, Y = (torch.from_numpy(a) for a in minibatch(case))

    def step():
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(X), Y)
        loss.backward()
        optimizer.step()
        return loss.item()

    return step


def seconds_per_step(step: Callable[[], object], steps: int) -> float:
    start = time.perf_counter()
    for _ in range(steps):
        step()
    return (time.perf_counter() - start) / steps


def steps_for(step: Callable[[], object], budget: float) -> int:
    """How many steps take about `budget` seconds (after a warm-up)."""
    seconds_per_step(step, 3)
    once = seconds_per_step(step, 5)
    return max(5, int(budget / max(once, 1e-9)))


def compare(runners: dict[str, Callable[[], object]], repeats: int,
            budget: float) -> dict[str, list[float]]:
    """Seconds per step of each runner, `repeats` times, in alternating order."""
    counts = {name: steps_for(step, budget) for name, step in runners.items()}
    times: dict[str, list[float]] = {name: [] for name in runners}
    names = list(runners)
    for repeat in range(repeats):
        for name in names if repeat % 2 == 0 else reversed(names):
            times[name].append(seconds_per_step(runners[name], counts[name]))
    return times


PEAK_SIZE = 1024


def matmul_step(dtype: type) -> Callable[[], object]:
    """One large square matmul: its rate is the machine's matmul peak (same BLAS threads)."""
    rng = np.random.default_rng(2)
    A, B = (rng.standard_normal((PEAK_SIZE, PEAK_SIZE)).astype(dtype) for _ in range(2))
    out = np.empty((PEAK_SIZE, PEAK_SIZE), dtype)
    return lambda: np.matmul(A, B, out=out)


def peak_share(flops: int, step_times: list[float], peak_times: list[float]) -> float:
    """Median over the repeats of (useful FLOP/s of a step) / (FLOP/s of the peak matmul)."""
    peak_flops = 2 * PEAK_SIZE ** 3
    return statistics.median(flops / t / (peak_flops / p)
                             for t, p in zip(step_times, peak_times, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--budget", type=float, default=0.08,
                        help="seconds per timed run (default 0.08)")
    parser.add_argument("--only", default="", help="run only these networks, e.g. 'a' or 'ac'")
    parser.add_argument("--threads", default="1",
                        help="BLAS threads (default 1, as a training worker runs; "
                             "'default' leaves numpy's own choice)")
    args = parser.parse_args()
    wanted = None if args.threads == "default" else args.threads
    if os.environ.get("OPENBLAS_NUM_THREADS") != wanted and wanted is not None:
        # BLAS reads its thread count when numpy is imported: run again with it set
        env = {**os.environ, "OPENBLAS_NUM_THREADS": wanted}
        os.execve(sys.executable, [sys.executable, __file__, *sys.argv[1:]], env)

    has_torch = torch_step(CASES[0]) is not None
    blas = {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS_")}
    print(f"numpy {np.__version__}, {blas or 'OpenBLAS defaults'}; median of "
          f"{args.repeats} alternating repeats;\nsteps/s = fit_batch (forward + backward + "
          "update) on one minibatch")
    if not has_torch:
        print("PyTorch is not importable here: its column is left out.")
    header = f"{'network':40} {'article':>10} {'ours':>10} {'ours/article':>13} {'target':>7}"
    if has_torch:
        header += f" {'torch':>10} {'ours/torch':>11}"
    header += f" {'kernel':>10} {'kernel/ours':>12}"
    print(header)
    failures = []
    peak_rows = []
    for case in CASES:
        if args.only and case.key not in args.only:
            continue
        runners = {"article": numpy_step(article, case), "ours": numpy_step(engine, case)}
        if has_torch:
            runners["torch"] = torch_step(case)
        if case.dtype is np.float32:  # timed in turn with the others: same machine state
            runners["peak"] = matmul_step(case.dtype)
        if (compiled := kernel_steps(case)) is not None:
            runners["kernel"] = compiled
        times = compare(runners, args.repeats, args.budget)
        if "kernel" in times:
            times["kernel"] = [t / KERNEL_STEPS for t in times["kernel"]]
        rate = {name: 1 / statistics.median(t) for name, t in times.items()}
        ratio = statistics.median(a / o for a, o in zip(times["article"], times["ours"],
                                                        strict=True))
        target = f">={case.target_vs_article}x" if case.target_vs_article else ""
        row = (f"{case.title:40} {rate['article']:10.0f} {rate['ours']:10.0f} "
               f"{ratio:12.2f}x {target:>7}")
        if has_torch:
            torch_ratio = statistics.median(t / o for t, o in zip(
                times["torch"], times["ours"], strict=True))
            row += f" {rate['torch']:10.0f} {torch_ratio:10.2f}x"
        if "kernel" in times:
            kernel_ratio = statistics.median(o / k for o, k in zip(
                times["ours"], times["kernel"], strict=True))
            row += f" {rate['kernel']:10.0f} {kernel_ratio:11.2f}x"
        print(row, flush=True)
        if case.target_vs_article and ratio < case.target_vs_article:
            failures.append(f"{case.title}: {ratio:.2f}x the article, target "
                            f"{case.target_vs_article}x")
        if "peak" in times:
            peak_rows.append((case, times))

    for case, times in peak_rows:
        flops, peak_flops = case.useful_flops(), 2 * PEAK_SIZE ** 3
        peak = peak_flops / statistics.median(times["peak"])
        ours, theirs = (peak_share(flops, times[name], times["peak"])
                        for name in ("ours", "article"))
        print(f"\n{case.title}: {flops / 1e6:.1f} MFLOP of products a step (forward, weight "
              f"gradients, dX past layer 1);\nfloat32 matmul peak here "
              f"{peak / 1e9:.1f} GFLOP/s ({PEAK_SIZE}^3, timed in turn with the steps); "
              f"ours {ours:.1%} of it, the article {theirs:.1%}; "
              f"target >= {PEAK_TARGET:.0%}")
        if ours < PEAK_TARGET:
            failures.append(f"{case.title}: {ours:.1%} of the float32 matmul peak, "
                            f"target {PEAK_TARGET:.0%}")
    print("\n" + ("targets met" if not failures else "targets missed:\n  " +
                  "\n  ".join(failures)))


if __name__ == "__main__":
    main()
