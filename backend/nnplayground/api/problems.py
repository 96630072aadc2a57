"""RFC 9457 problem details around every error body of the API.

Error bodies are built in several places (our handlers, FastAPI's validation, Starlette's
404/405); each has a one-line `message`. The response class calls `problem` on all of
them, so `type`, `title` and `status` are added here once, for every error.
"""

from http import HTTPStatus

PROBLEM_MEDIA_TYPE = "application/problem+json"


def is_problem(status: int, content: object) -> bool:
    return status >= 400 and isinstance(content, dict) and "message" in content


def problem(status: int, content: dict) -> dict:
    """`type` (about:blank: the status says it all), `title` (the status phrase), `status`,
    `detail` (the body's own, e.g. a 422's list, else the message), then the body's fields."""
    return {"type": "about:blank", "title": title(status), **content, "status": status,
            "detail": content.get("detail", content["message"])}


def title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
