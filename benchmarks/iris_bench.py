"""How fast a small network learns iris: epochs until >= 90% test accuracy, and the time.

Run: `.venv/bin/python benchmarks/iris_bench.py`. A TrainingSession (the one the service
runs, no server, numpy engine) on `{"dataset": {"name": "iris", ...}}` trains one epoch at
a time until its test accuracy reaches the target, for several training seeds, in two
setups: the page's defaults (4-2 tanh, SGD lr 0.03, batch 10, 50% training data) and a
4-8-3 tanh network with Adam (lr 0.03, batch 16, 80% training data). It also prints the
test accuracy after 50 epochs. Wall times include an evaluation after every epoch (this
machine is shared: read them as an order of magnitude).

Target (issue 17): iris >= 90% test accuracy within a few seconds.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

from nnplayground.spec import JobSpec
from nnplayground.training import TrainingSession

TARGET = 0.9
EPOCHS = 150
SETUPS = {
    "page defaults: 4-2 tanh, SGD lr 0.03, batch 10, 50% train": {
        "dataset": {"name": "iris", "train_ratio": 50},
        "network": {"hidden": [{"units": 4}, {"units": 2}]}, "training": {}},
    "4-8-3 tanh, Adam lr 0.03, batch 16, 80% train": {
        "dataset": {"name": "iris", "train_ratio": 80},
        "network": {"hidden": [{"units": 8, "activation": "tanh"}]},
        "training": {"optimizer": "adam", "learning_rate": 0.03, "batch_size": 16}},
}


def run(setup: dict, seed: int) -> tuple[int | None, float | None, float]:
    """(epochs to the target, seconds to it, test accuracy after EPOCHS) for one seed."""
    spec = JobSpec.model_validate({**setup, "training": {**setup["training"], "seed": seed}})
    session = TrainingSession(spec)
    start = time.perf_counter()
    reached = None
    for epoch in range(1, EPOCHS + 1):
        session.run_epochs(1)
        accuracy = session.evaluate()["test_accuracy"]
        if reached is None and accuracy >= TARGET:
            reached = (epoch, time.perf_counter() - start)
    return (*(reached or (None, None)), accuracy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    args = parser.parse_args()
    for name, setup in SETUPS.items():
        results = [run(setup, seed) for seed in range(args.seeds)]
        hits = [r for r in results if r[0] is not None]
        print(f"iris, {name}: {len(hits)}/{args.seeds} training seeds reach "
              f">= {TARGET:.0%} test accuracy within {EPOCHS} epochs")
        if hits:
            print(f"  epochs to it: median {statistics.median(r[0] for r in hits)}, "
                  f"max {max(r[0] for r in hits)}; seconds: median "
                  f"{statistics.median(r[1] for r in hits):.3f}, max {max(r[1] for r in hits):.3f}")
        finals = [r[2] for r in results]
        print(f"  test accuracy after {EPOCHS} epochs: median {statistics.median(finals):.3f}, "
              f"min {min(finals):.3f}")


if __name__ == "__main__":
    main()
