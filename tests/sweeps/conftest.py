from tests.api.conftest import client, make_client, small_limits  # noqa: F401
