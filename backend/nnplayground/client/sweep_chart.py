"""The sweep chart (Plotly, one standalone HTML file): curves overlaid, then a
parallel-coordinates view of every axis against the final test loss."""

import plotly.graph_objects as go


def sweep_html(result) -> str:
    curves = go.Figure(layout={"title": "test loss per member", "xaxis_title": "epoch",
                               "yaxis_title": "test loss", "height": 450})
    for row in result.rows():
        curve = result.curves.get(row["job_id"])
        if curve is not None:
            curves.add_scatter(x=curve["epoch"], y=curve["test_loss"], mode="lines",
                               name=label(row, result))
    parallel = go.Figure(go.Parcoords(
        line={"color": numbers(result["test_loss"]), "colorscale": "Viridis",
              "showscale": True},
        dimensions=[dimension(name, result[name]) for name in axis_names(result)]
        + [dimension("test_loss", result["test_loss"])]),
        layout={"title": "axis values against the final test loss", "height": 450})
    parts = [curves.to_html(full_html=False, include_plotlyjs=True),
             parallel.to_html(full_html=False, include_plotlyjs=False)]
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>sweep {result.id}"
            f"</title></head><body>{''.join(parts)}</body></html>")


def axis_names(result) -> list[str]:
    return [path.split(".")[-1] for path in result.axes]


def label(row: dict, result) -> str:
    return " ".join(f"{name}={row[name]}" for name in axis_names(result))


def numbers(values: list) -> list[float]:
    return [float("nan") if value is None else float(value) for value in values]


def dimension(name: str, values: list) -> dict:
    """Numbers as they are; anything else (optimizer names, layer shapes) as categories."""
    if all(isinstance(value, int | float) for value in values if value is not None):
        return {"label": name, "values": numbers(values)}
    categories = list(dict.fromkeys(str(value) for value in values))
    return {"label": name, "values": [categories.index(str(value)) for value in values],
            "tickvals": list(range(len(categories))), "ticktext": categories}
