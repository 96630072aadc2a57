"""The one error type of the data package."""


class DataError(ValueError):
    """A dataset request or file that cannot be honoured; the message names the culprit."""
