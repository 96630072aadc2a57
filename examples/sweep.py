"""A 12-member sweep (learning rate x optimizer, two seeds each): a table and a chart."""
import sys

from nnplayground.client import Client

url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
small = "--small" in sys.argv  # CI: a 2 x 2 grid of short runs
rates = [0.03, 0.1] if small else [0.01, 0.03, 0.1]
base = {"dataset": {"name": "spiral", "noise": 10},
        "network": {"hidden": [{"units": 8}, {"units": 8}]},
        "training": {"batch_size": 10, "max_epochs": 3 if small else 200}}
with Client(url) as client:
    results = client.sweep(base, grid={"training.learning_rate": rates,
                                       "training.optimizer": ["sgd", "adam"]},
                           repeats=2, max_parallel=4)
print(results.configurations)
print("chart:", results.plot("sweep.html"))
