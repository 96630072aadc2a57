"""Training on the 8x8 digits: epochs a second and the test accuracy reached in 30 s.

Run: `.venv/bin/python benchmarks/digits_bench.py` (not a test; about a minute per kernel).
A 64-32-10 ReLU network with Adam (learning rate 0.003, batch 32) on digits with 80% of
the images to train on, built as the server builds a job, with the server's kernel choice
(the compiled kernel leaves this size to numpy's BLAS, and says so). Accuracy is on the 20%
of test images it never trained on. Expect >= 90% test accuracy after 30 s.
"""

import argparse
import time

from nnplayground.kernel import KernelChoice
from nnplayground.spec import JobSpec
from nnplayground.training import TrainingSession

SPEC = {
    "dataset": {"name": "digits", "train_ratio": 80, "seed": 0},
    "network": {"hidden": [{"units": 32, "activation": "relu"}], "init": "he"},
    "training": {"optimizer": "adam", "learning_rate": 0.003, "batch_size": 32, "seed": 0},
}


def measure(kernel: str, seconds: float) -> dict:
    kernels = KernelChoice(kernel)
    kernels.start()
    kernels.wait()
    session = TrainingSession(JobSpec.model_validate(SPEC), kernels=kernels)
    session.run_epochs(1)  # warm: the compiled kernel's first call compiles
    start_epoch, start = session.epoch, time.perf_counter()
    while time.perf_counter() - start < seconds:
        session.run(10_000, seconds=0.5)
    elapsed = time.perf_counter() - start
    point = session.metric_point()
    why = f" ({session.kernel_reason})" if session.kernel_reason else ""
    return {"kernel": session.kernel, "why": why, "epochs": session.epoch - start_epoch,
            "epochs_per_s": (session.epoch - start_epoch) / elapsed,
            "test_accuracy": point["test_accuracy"], "train_accuracy": point["train_accuracy"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--kernel", choices=("compiled", "numpy"), default="compiled")
    args = parser.parse_args()
    print(f"digits, 64-32-10 ReLU, Adam 0.003, batch 32, {args.seconds:g} s of training")
    result = measure(args.kernel, args.seconds)
    print(f"  trained by {result['kernel']}{result['why']}: {result['epochs_per_s']:.1f} epochs/s "
          f"({result['epochs']} epochs), test accuracy {result['test_accuracy']:.3f}, "
          f"train accuracy {result['train_accuracy']:.3f}")


if __name__ == "__main__":
    main()
