"""The pictures of a job as Plotly figures, one definition each, for the report and the client.

Each takes what the API answers, in its shapes: the metrics history (columnar), a boundary
(`{"x", "y", "z", "kind", "classes"}`), dataset points (`{"x1", "x2", "y", "is_train"}`),
a confusion matrix. Nothing here needs WebGL.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

# The page's palette: class 0 orange, class 1 blue (TF Playground's), more classes after.
CLASS_COLORS = ["#f59322", "#0877bd", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                "#7f7f7f", "#bcbd22", "#17becf"]
BINARY_SCALE = [[0.0, CLASS_COLORS[0]], [0.5, "#e8eaeb"], [1.0, CLASS_COLORS[1]]]
MAX_POINTS = 2000  # points drawn over a boundary; more are thinned evenly


def curves_figure(history: dict, title: str = "loss") -> go.Figure:
    """Train and test loss against epoch, and accuracy beside them when there is one."""
    has_accuracy = any(value is not None for value in history.get("test_accuracy", [])
                       + history.get("train_accuracy", []))
    columns = 2 if has_accuracy else 1
    figure = make_subplots(rows=1, cols=columns, horizontal_spacing=0.1,
                           subplot_titles=["loss", "accuracy"][:columns])
    epochs = history.get("epoch", [])
    for column, metric in enumerate(["loss", "accuracy"][:columns], start=1):
        for split, dash in (("train", "solid"), ("test", "dot")):
            figure.add_scatter(x=epochs, y=numbers(history.get(f"{split}_{metric}", [])),
                               mode="lines", name=f"{split} {metric}",
                               line={"dash": dash}, row=1, col=column)
        figure.update_xaxes(title_text="epoch", row=1, col=column)
    figure.update_layout(title=title, height=360, width=520 * columns + 120,
                         margin={"t": 60, "b": 40})
    return figure


def boundary_trace(boundary: dict, show_scale: bool = True) -> go.Heatmap:
    """The network's output over the plane: P(class 1), the class, or the value."""
    kind, classes = boundary.get("kind"), boundary.get("classes")
    z = numbers(boundary["z"])
    if kind == "classification" and classes == 2:
        style = {"colorscale": BINARY_SCALE, "zmin": 0, "zmax": 1}
    elif kind == "classification":
        colors = CLASS_COLORS[:classes] if classes <= len(CLASS_COLORS) else None
        style = {"colorscale": discrete_scale(colors) if colors else "Viridis",
                 "zmin": -0.5, "zmax": classes - 0.5}
    else:
        style = {"colorscale": "RdBu"}
    return go.Heatmap(x=boundary["x"], y=boundary["y"], z=z, opacity=0.75,
                      showscale=show_scale, name="output", **style)


def boundary_figure(boundary: dict, points: dict | None = None,
                    title: str = "decision boundary") -> go.Figure:
    """The boundary with the data over it (train filled, test hollow)."""
    figure = go.Figure(boundary_trace(boundary))
    for trace in point_traces(points, boundary):
        figure.add_trace(trace)
    figure.update_layout(title=title, height=480, width=560, margin={"t": 60, "b": 40},
                         xaxis_title="x1", yaxis_title="x2", legend={"orientation": "h"})
    figure.update_yaxes(scaleanchor="x", scaleratio=1)
    return figure


def point_traces(points: dict | None, boundary: dict) -> list[go.Scatter]:
    if points is None or len(points.get("x1", ())) == 0:
        return []
    x1, x2 = np.asarray(points["x1"], float), np.asarray(points["x2"], float)
    y, is_train = np.asarray(points["y"]), np.asarray(points["is_train"], bool)
    keep = np.linspace(0, len(x1) - 1, min(len(x1), MAX_POINTS)).round().astype(int)
    traces = []
    for split, mask in (("train", is_train), ("test", ~is_train)):
        rows = keep[mask[keep]]
        traces.append(go.Scatter(
            x=x1[rows], y=x2[rows], mode="markers", name=f"{split} points",
            marker={"size": 6, "color": point_colors(y[rows], boundary),
                    "line": {"width": 1, "color": "#222"},
                    "symbol": "circle" if split == "train" else "circle-open"}))
    return traces


def point_colors(y: np.ndarray, boundary: dict):
    if boundary.get("kind") == "classification":
        return [CLASS_COLORS[int(label) % len(CLASS_COLORS)] for label in y]
    return "#333"


def strip_figure(boundaries: list[tuple[float, dict]]) -> go.Figure:
    """Small multiples: the boundary at a few epochs, side by side."""
    count = max(len(boundaries), 1)
    figure = make_subplots(rows=1, cols=count, horizontal_spacing=0.02,
                           subplot_titles=[f"epoch {epoch:g}" for epoch, _ in boundaries])
    figure.add_traces([boundary_trace(boundary, show_scale=False) for _, boundary in boundaries],
                      rows=[1] * len(boundaries), cols=list(range(1, len(boundaries) + 1)))
    figure.update_xaxes(showticklabels=False)  # once for all: plotly's updates are slow
    figure.update_yaxes(showticklabels=False)
    figure.update_layout(title="the boundary as it learned", height=260, width=180 * count + 60,
                         margin={"t": 70, "b": 20, "l": 20, "r": 20})
    return figure


def confusion_figure(matrix: list[list[int]], labels: list | None = None) -> go.Figure:
    """Counts, rows the true class, columns the predicted."""
    names = [str(label) for label in (labels or range(len(matrix)))]
    figure = go.Figure(go.Heatmap(z=matrix, x=names, y=names, colorscale="Blues",
                                  text=matrix, texttemplate="%{text}", showscale=False))
    figure.update_layout(title="confusion matrix", height=360, width=420,
                         xaxis_title="predicted", yaxis_title="true",
                         yaxis={"autorange": "reversed", "type": "category"},
                         xaxis={"type": "category"})
    return figure


def discrete_scale(colors: list[str]) -> list[list]:
    """A colorscale with one flat band per class id."""
    scale, k = [], len(colors)
    for index, color in enumerate(colors):
        scale += [[index / k, color], [(index + 1) / k, color]]
    return scale


def numbers(values) -> np.ndarray:
    """Numbers with None (JSON's non-finite) as NaN, which Plotly leaves as a gap."""
    return np.asarray(values, dtype=float)
