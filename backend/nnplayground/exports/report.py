"""The standalone report of a job: one HTML file, Plotly embedded, that opens offline.

Loss and accuracy curves, the final boundary with the data, a strip of the boundary at a
few epochs, the confusion matrix, the network's summary and the full spec. Nothing is
loaded from any host: plotly.js is written into the file (about 4.7 MB of its size).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from . import figures
from .export_source import ExportSource, checked_size

CONFIG = {"displaylogo": False, "responsive": True}
STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1180px;
       color: #222; padding: 0 16px; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
.facts { display: flex; flex-wrap: wrap; gap: 6px 24px; color: #444; }
.row { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
table { border-collapse: collapse; } td, th { padding: 3px 10px; border-bottom: 1px solid #ddd;
       text-align: left; }
pre { background: #f6f7f8; padding: 12px; overflow: auto; font-size: 13px; }
"""


@dataclass(frozen=True)
class ReportInputs:
    """Everything the report shows, as the API answers it."""

    job: dict  # the job object (JobRecord's JSON)
    history: dict  # the metrics history, columnar
    boundary: dict | None  # the final boundary (2-D data only)
    strip: list[tuple[float, dict]]  # (epoch, boundary) at a few moments
    source: ExportSource  # the data and the network


def report_html(inputs: ReportInputs) -> str:
    """The report's text (ExportTooLarge past the export limit)."""
    job = inputs.job
    matrix = (job.get("metrics") or {}).get("confusion_matrix")
    confusion = ([figures.confusion_figure(matrix, inputs.source.session.data.dataset
                                           .class_labels)] if matrix else [])
    sections = [("Training", [figures.curves_figure(inputs.history, "loss and accuracy")])]
    if inputs.boundary is not None:
        final = figures.boundary_figure(inputs.boundary, points(inputs.source),
                                        f"decision boundary at epoch {job['epoch']}")
        sections.append(("The network's answer", [final, *confusion]))
        if inputs.strip:
            sections.append(("How the boundary formed", [figures.strip_figure(inputs.strip)]))
    elif confusion:
        sections.append(("The network's answer", confusion))
    body = [heading(job)]
    first = True
    for title, shown in sections:
        body.append(f"<h2>{html.escape(title)}</h2><div class='row'>")
        for figure in shown:
            body.append(graph(figure, embed_plotly=first))
            first = False
        body.append("</div>")
    body += [network_table(inputs.source),
             "<h2>Spec</h2><pre id='spec'>" + html.escape(json.dumps(job["spec"], indent=2))
             + "</pre>"]
    title = html.escape(f"nnplayground job {job['id']}")
    page = (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}"
            f"</title><style>{STYLE}</style></head><body>{''.join(body)}</body></html>")
    return checked_size(page, "report")


def graph(figure: go.Figure, embed_plotly: bool) -> str:
    return "<div class='graph'>" + figure.to_html(
        full_html=False, include_plotlyjs=embed_plotly, config=CONFIG) + "</div>"


def heading(job: dict) -> str:
    metrics = job.get("metrics") or {}
    facts = {"status": job["status"], "epoch": job["epoch"], "step": job["step"],
             "kernel": job.get("kernel") or "-"}
    for key in ("train_loss", "test_loss", "test_accuracy"):
        if metrics.get(key) is not None:
            facts[key.replace("_", " ")] = f"{metrics[key]:.4g}"
    shown = "".join(f"<span><b>{html.escape(name)}</b> {html.escape(str(value))}</span>"
                    for name, value in facts.items())
    name = f" — {html.escape(job['name'])}" if job.get("name") else ""
    return (f"<h1>nnplayground job {html.escape(job['id'])}{name}</h1>"
            f"<div class='facts'>{shown}</div>")


def network_table(source: ExportSource) -> str:
    """Inputs, every hidden layer and the output, with their parameter counts."""
    session, spec = source.session, source.spec
    width = session.X_train.shape[1]
    rows = [("inputs", ", ".join(session.data.pipeline.names), "", "")]
    for index, hidden in enumerate(spec.network.hidden, start=1):
        dropout = f", dropout {hidden.dropout:g}" if hidden.dropout else ""
        rows.append((f"hidden {index}", f"{hidden.units} units", f"{hidden.activation}"
                     f"{dropout}", str(width * hidden.units + hidden.units)))
        width = hidden.units
    problem = session.problem
    outputs = problem.output_units
    rows.append(("output", f"{outputs} units", problem.output_activation,
                 str(width * outputs + outputs)))
    total = sum(int(np.size(p.tensor)) for p in session.model.parameters)
    training = spec.training
    cells = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                    for row in rows)
    return ("<h2>Network</h2><table id='network'><tr><th>layer</th><th>size</th>"
            f"<th>activation</th><th>parameters</th></tr>{cells}</table>"
            f"<p>{total} parameters, {spec.network.init} init; {problem.kind}"
            f" ({html.escape(str(session.problem.loss.__name__))}); {training.optimizer}, "
            f"learning rate {training.learning_rate:g}, batch size {training.batch_size}, "
            f"{session.n_train} training and {session.n_test} test rows.</p>")


def points(source: ExportSource) -> dict | None:
    data = source.session.data
    if not data.drawable:
        return None
    X = data.dataset.X
    return {"x1": X[:, 0], "x2": X[:, 1], "y": data.dataset.y, "is_train": data.is_train}
