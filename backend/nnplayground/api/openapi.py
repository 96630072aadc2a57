"""What makes the OpenAPI document good for client generators: operation ids that are the
handlers' names (`list_jobs`, `step_job`), a summary from each docstring's first line, and
the WebSocket protocol (which OpenAPI cannot describe) as a documented tag."""

import re

from fastapi import FastAPI
from fastapi.routing import APIRoute

from nnplayground.api.stream_protocol import STREAM_PROTOCOL


def operation_id(route: APIRoute) -> str:
    return route.name


def add_summaries(app: FastAPI) -> None:
    """Each operation's `summary`: the first line of its handler's docstring (FastAPI's
    default is the function name in title case)."""
    generate = app.openapi

    def openapi() -> dict:
        schema = generate()  # FastAPI caches it; the summaries are set on the first call
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                description = operation.get("description", "").strip()
                if description:
                    operation["summary"] = first_sentence(description)
        return schema

    app.openapi = openapi


def first_sentence(text: str) -> str:
    paragraph = text.split("\n\n")[0].replace("\n", " ")
    return re.split(r"\.\s+(?=[A-Z])", paragraph)[0].rstrip(".")


def tags_metadata() -> list[dict]:
    return [
        {"name": "jobs", "description": "Training jobs: create, steer, read, delete."},
        {"name": "sweeps", "description": "Many jobs over a grid or random choice of spec "
                                          "values, run a few at a time, compared."},
        {"name": "datasets", "description": "Built-in generators, previews, CSV uploads."},
        {"name": "stream", "description": STREAM_PROTOCOL},
    ]
