"""What a job's snapshots cost in the store: bytes for 1,000 epochs of the default job
(spiral, hidden 4-2) and of an 8x8 hidden network, with the default cap (200).

Run: `.venv/bin/python benchmarks/snapshot_storage.py` (not a test; under a minute on the
numpy kernel). Trains through the embedded runner, as the server does, so the snapshots
are those a real run keeps; prints their count and stored bytes (compressed float32 blobs,
without SQLite's page overhead) and the uncompressed float32 and float64 sizes beside.
"""

import tempfile
import time
from pathlib import Path

from nnplayground.jobs import EmbeddedRunner, EventHub, JobManager, Store, UploadLibrary
from nnplayground.jobs.snapshot_store import SIZE_QUERY
from nnplayground.limits import Limits
from nnplayground.spec import JobCreate

EPOCHS = 1000
NETWORKS = {"default job (4-2)": None, "8x8 hidden": [{"units": 8}, {"units": 8}]}


def measure(manager: JobManager, hidden: list | None) -> dict:
    body = {"dataset": {"name": "spiral"}, "training": {"max_epochs": EPOCHS},
            "autostart": True}
    if hidden is not None:
        body["network"] = {"hidden": hidden}
    job_id = manager.create(JobCreate.model_validate(body)).id
    while manager.job(job_id).status.value == "running":
        time.sleep(0.2)
    count, stored = manager.store.read(SIZE_QUERY, (job_id,))[0]
    params = sum(p.tensor.size for p in manager.get(job_id).session.model.named_parameters()
                 .values())
    return {"status": manager.job(job_id).status.value, "snapshots": count,
            "stored_bytes": stored, "bytes_each": round(stored / count),
            "params": params, "float32_bytes_each": 4 * params,
            "float64_bytes_each": 8 * params}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder))
        manager = JobManager(store, UploadLibrary(store), EventHub(), EmbeddedRunner(1),
                             Limits())
        manager.start()
        try:
            for name, hidden in NETWORKS.items():
                print(f"{name}, {EPOCHS} epochs: {measure(manager, hidden)}")
        finally:
            manager.shutdown()


if __name__ == "__main__":
    main()
