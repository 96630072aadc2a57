"""The one error about a field of a request: a spec, an upload form, a query parameter."""


class FieldError(ValueError):
    """Input that is well-formed but cannot be used; `field` is its dotted path (422)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
