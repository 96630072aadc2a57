"""Jobs on Ray actors vs the embedded runner, in one run on this machine.

Run: `.venv/bin/python benchmarks/ray_bench.py` (needs nnplayground[ray]). For the embedded
runner (one worker thread) and RayRunner with 1 and 2 actors, it plays JOBS jobs of one
spec (spiral, two tanh layers of 8, batch 10) through a JobManager on a fresh store and,
for WINDOW seconds (half without, half with control calls), measures:
- total steps/s over all jobs;
- control latency while they train, end to end through the manager, every 20 ms on one
  job: `update` (a live learning rate: on Ray sent to the actor without waiting, applied
  at the job's next slice there, saved with its next report; embedded: applied and saved
  to SQLite at once) and `pause` (on Ray: the actor's control thread waits for the job's
  slice in progress and sends its state home, which the server saves; each pause is
  followed by an untimed `play`); for Ray also the bare round trip of a control-group
  call to the actor (p50/p99);
- the CPU the server process used per second while no control calls run (for Ray: the
  server's share only: polling, recording, persisting);
- for Ray, the resident memory of each actor process.
Then it turns these into a paper estimate of the cluster for 200 and 2,000 students.
"""

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "backend"))

from nnplayground.jobs.ray_local import keep_to_loopback  # noqa: E402

keep_to_loopback()  # before Ray is imported: its local instance stays on 127.0.0.1

import ray  # noqa: E402

from nnplayground.jobs import (  # noqa: E402
    EmbeddedRunner,
    EventHub,
    JobManager,
    Store,
    Timing,
    UploadLibrary,
)
from nnplayground.jobs.ray_actor import connect  # noqa: E402
from nnplayground.jobs.ray_runner import JOBS_PER_CPU, RayRunner  # noqa: E402
from nnplayground.limits import Limits  # noqa: E402
from nnplayground.spec import JobCreate, JobUpdate  # noqa: E402

SPEC = {
    "dataset": {"name": "spiral", "n_samples": 500, "noise": 10, "train_ratio": 50, "seed": 1},
    "network": {"hidden": [{"units": 8, "activation": "tanh"},
                           {"units": 8, "activation": "tanh"}]},
    "training": {"learning_rate": 0.03, "batch_size": 10, "max_epochs": 10**6},
}
LIVE_STEPS_PER_S = 200  # a curve that moves visibly: 20 epochs/s of this spec's 100 samples
NODE_CPUS = 16
UPDATE = JobUpdate.model_validate({"training": {"learning_rate": 0.03}})


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def measure(runner, jobs: int, window: float) -> dict:
    with tempfile.TemporaryDirectory() as data_dir:
        store = Store(Path(data_dir))
        manager = JobManager(store, UploadLibrary(store), EventHub(), runner, Limits(),
                             Timing())
        manager.start()
        try:
            ids = [manager.create(JobCreate.model_validate(SPEC)).id for _ in range(jobs)]
            for job_id in ids:
                manager.play(job_id)
            time.sleep(2.0)  # warm up: actors built, paces learnt
            result = window_of(manager, runner, ids, window)
        finally:
            manager.shutdown()
    return result


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def window_of(manager, runner, ids: list[str], window: float) -> dict:
    """Half the window training alone (steps/s, server CPU), half with control calls."""
    steps = {job_id: manager.job(job_id).step for job_id in ids}
    actors = runner.live_actors() if isinstance(runner, RayRunner) else []
    actors_cpu = sum(ray.get([actor.cpu_seconds.remote() for actor in actors]))
    cpu, started = time.process_time(), time.monotonic()
    time.sleep(window / 2)
    elapsed = time.monotonic() - started
    server_cpu = time.process_time() - cpu
    done = sum(manager.job(job_id).step - steps[job_id] for job_id in ids)
    actors_cpu = sum(ray.get([actor.cpu_seconds.remote() for actor in actors])) - actors_cpu
    # Steps per CPU-second where training runs: robust to a machine shared with others.
    training_cpu = actors_cpu if actors else server_cpu
    result = {"steps_per_s": done / elapsed, "server_cpu": server_cpu / elapsed,
              "steps_per_cpu_s": done / training_cpu}
    actor = runner.actor_of(ids[0]) if isinstance(runner, RayRunner) else None
    control, pauses, bare = [], [], []
    started = time.monotonic()
    while time.monotonic() - started < window / 2:
        control.append(timed(lambda: manager.update(ids[0], UPDATE)))
        if len(control) % 2 == 0:  # half as many pauses: each needs a play after it
            pauses.append(timed(lambda: manager.pause(ids[0])))
            manager.play(ids[0])
            actor = runner.actor_of(ids[0]) if isinstance(runner, RayRunner) else None
        if actor is not None:
            bare.append(timed(lambda actor=actor: ray.get(actor.jobs.remote())))
        time.sleep(0.02)
    result["control_p50_ms"] = 1000 * statistics.median(control)
    result["control_p99_ms"] = 1000 * percentile(control, 0.99)
    result["pause_p50_ms"] = 1000 * statistics.median(pauses)
    result["pause_p99_ms"] = 1000 * percentile(pauses, 0.99)
    if actor is not None:
        result["bare_p50_ms"] = 1000 * statistics.median(bare)
        result["bare_p99_ms"] = 1000 * percentile(bare, 0.99)
        result["actor_mb"] = [ray.get(a.memory.remote()) / 2**20 for a in runner.live_actors()]
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--window", type=float, default=6.0)
    args = parser.parse_args()
    connect(None, local_cpus=2)
    print(f"{args.jobs} jobs, {args.window:.0f} s windows, {os.cpu_count()} CPUs here")
    rows = {"embedded (1 worker)": measure(EmbeddedRunner(1), args.jobs, args.window)}
    for actors in (1, 2):
        rows[f"ray, {actors} actor(s)"] = measure(RayRunner(actors=actors), args.jobs,
                                                  args.window)
    report(rows, args.jobs)
    ray.shutdown()


def report(rows: dict, jobs: int) -> None:
    load = os.getloadavg()[0]
    print(f"load average during the run: {load:.1f} on {os.cpu_count()} CPUs")
    print(f"{'runner':22} {'steps/s':>8} {'steps/CPU-s':>11} {'upd p50':>8} {'upd p99':>8} "
          f"{'pause p50':>9} {'pause p99':>9} {'bare p50':>8} {'bare p99':>8} {'srv CPU':>8} "
          f"{'MB/actor':>9}")
    nan = float("nan")
    for name, row in rows.items():
        memory = row.get("actor_mb")
        print(f"{name:22} {row['steps_per_s']:8.0f} {row['steps_per_cpu_s']:11.0f} "
              f"{row['control_p50_ms']:6.1f}ms {row['control_p99_ms']:6.1f}ms "
              f"{row['pause_p50_ms']:7.1f}ms {row['pause_p99_ms']:7.1f}ms "
              f"{row.get('bare_p50_ms', nan):6.1f}ms {row.get('bare_p99_ms', nan):6.1f}ms "
              f"{100 * row['server_cpu']:7.0f}% "
              f"{statistics.mean(memory) if memory else nan:9.0f}")
    estimate(rows["ray, 2 actor(s)"], jobs)


def estimate(row: dict, jobs: int) -> None:
    """Jobs per CPU at a live pace, and the cluster for 200 and 2,000 students (one
    running job each), from CPU-time figures (a shared machine skews wall-clock ones)."""
    per_cpu = row["steps_per_cpu_s"]
    jobs_per_cpu = max(1, int(per_cpu // LIVE_STEPS_PER_S))
    server_per_job = row["server_cpu"] / jobs
    mb = statistics.mean(row["actor_mb"])
    print(f"\nPaper estimate: one actor per CPU trains {per_cpu:.0f} steps per CPU-second of "
          f"this spec, so {jobs_per_cpu} jobs per CPU at {LIVE_STEPS_PER_S} steps/s each "
          f"(the runner admits {JOBS_PER_CPU} per CPU); {jobs_per_cpu * NODE_CPUS} jobs per "
          f"{NODE_CPUS}-CPU node, ~{NODE_CPUS * mb / 1024:.1f} GB of actors there.")
    for students in (200, 2000):
        cpus = math.ceil(students / jobs_per_cpu)
        print(f"  {students:5} students: {cpus} CPUs = {math.ceil(cpus / NODE_CPUS)} node(s) of "
              f"{NODE_CPUS} CPUs, and {students * server_per_job:.1f} CPU(s) of API server "
              f"(polling, recording, persisting: {100 * server_per_job:.2f}% per job)")


if __name__ == "__main__":
    main()
