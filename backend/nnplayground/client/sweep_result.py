"""A sweep's results: a table of members (axis values, status, final and best metrics),
a table of configurations (mean and spread over seed repeats), and a Plotly HTML chart."""

from pathlib import Path

from nnplayground.client.table import Table


class SweepResult(Table):
    """One row per member. `.configurations`: one row per configuration; `.curves`: each
    member's metrics history (filled when the sweep was waited for)."""

    def __init__(self, sweep: dict, curves: dict[str, Table] | None = None):
        super().__init__(Table.from_rows([member_row(m) for m in sweep["members"]]).columns)
        self.sweep = sweep
        self.id = sweep["id"]
        self.axes = sweep["axes"]
        self.curves = curves or {}
        self.configurations = Table.from_rows(
            [configuration_row(c) for c in sweep["configurations"]])

    def plot(self, path: str | Path) -> Path:
        """An HTML file: every member's test loss overlaid (named by its axis values) and
        a parallel-coordinates chart of axis values against the final test loss."""
        from nnplayground.client.sweep_chart import sweep_html

        path = Path(path)
        path.write_text(sweep_html(self), encoding="utf-8")
        return path


def member_row(member: dict) -> dict:
    return {"job_id": member["job_id"], **short_values(member["values"]),
            "status": member["status"], "epoch": member["epoch"],
            "test_loss": member["metrics"]["test_loss"],
            "test_accuracy": member["metrics"]["test_accuracy"],
            "best_test_loss": member["best"]["test_loss"],
            "best_epoch": member["best"]["test_loss_epoch"]}


def configuration_row(configuration: dict) -> dict:
    loss, accuracy = configuration["final_test_loss"], configuration["final_test_accuracy"]
    return {**short_values(configuration["values"]), "n": loss["n"],
            "test_loss_mean": loss["mean"], "test_loss_std": loss["std"],
            "test_accuracy_mean": accuracy["mean"], "test_accuracy_std": accuracy["std"]}


def short_values(values: dict) -> dict:
    """`training.learning_rate` -> `learning_rate`; hidden layers as their units."""
    return {path.split(".")[-1]: readable(value) for path, value in values.items()}


def readable(value):
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return "-".join(str(item.get("units", "?")) for item in value) or "none"
    return value
