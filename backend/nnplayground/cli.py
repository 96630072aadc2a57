"""`nnplayground serve`: the playground and its API on one port.

Its options are the fields of `Settings` (settings.py): each is a flag and an environment
variable, and the flag wins.
"""

import argparse
import logging

from pydantic import ValidationError
from pydantic_settings import CliSettingsSource

from nnplayground import __version__
from nnplayground.jobs.ray_local import keep_to_loopback
from nnplayground.jobs.runners import RAY_MISSING
from nnplayground.settings import ENV_NESTED_DELIMITER, ENV_PREFIX, Settings

log = logging.getLogger("uvicorn.error")  # the server's own log: its format, its stream

SERVE_EPILOG = f"""\
Every option is also an environment variable ([env: ...] above): {ENV_PREFIX} and the name in
capitals, {ENV_NESTED_DELIMITER} for a dot. A flag wins over its variable."""


class Cli:
    """The parser, and the settings source that turns its `serve` options into Settings."""

    def __init__(self) -> None:
        self.parser = argparse.ArgumentParser(
            prog="nnplayground",
            description="A playground for small neural networks: train them server-side, "
                        "watch them learn in the page, or script them through the API.")
        self.parser.add_argument("--version", action="version",
                                 version=f"nnplayground {__version__}")
        commands = self.parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
        self.serve = commands.add_parser(
            "serve", help="serve the playground and its API on one port",
            usage="%(prog)s [options]",
            description="Serve the playground page, its REST + WebSocket API and /docs.",
            epilog=SERVE_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
        self.settings_source = CliSettingsSource(
            Settings, root_parser=self.serve, cli_kebab_case=True, cli_avoid_json=True,
            cli_show_env_vars=True, cli_implicit_flags=True)  # a bool: --x / --no-x

    def settings(self, args: argparse.Namespace) -> Settings:
        """Settings from the parsed flags, the environment and the defaults, in that order."""
        try:
            return Settings(_cli_settings_source=self.settings_source(parsed_args=args))
        except ValidationError as error:
            self.serve.error("; ".join(describe(problem) for problem in error.errors()))


SECRETS = frozenset({"teacher_token"})  # never echoed, even when refused


def describe(problem: dict) -> str:
    path = [str(part) for part in problem["loc"]]
    flag = "--" + ".".join(path).replace("_", "-")
    variable = ENV_PREFIX + ENV_NESTED_DELIMITER.join(path).upper()
    got = "a secret, not shown" if SECRETS & set(path) else repr(problem["input"])
    return f"{flag} ({variable}): {problem['msg']} (got {got})"


def main(argv: list[str] | None = None) -> int:
    cli = Cli()
    args = cli.parser.parse_args(argv)
    if args.command == "serve":
        serve(cli.settings(args))
    return 0


def serve(settings: Settings) -> None:
    import uvicorn

    from nnplayground.api.app import create_app
    from nnplayground.api.connections import uvicorn_options

    if settings.ray_address is not None and settings.runner != "ray":
        raise SystemExit("--ray-address needs --runner ray")
    if settings.runner == "ray":
        check_ray(settings.ray_address)
    app = create_app(settings)
    # No per-message deflate: compressing every boundary picture would cost the event
    # loop more than sending it does on the networks this serves.
    # A short grace for requests in flight at SIGTERM: the long ones are steps, which are
    # cancelled then, and the process must end within 5 s whatever runs.
    config = uvicorn.Config(app, host=settings.host, port=settings.port,
                            timeout_graceful_shutdown=1, ws_per_message_deflate=False,
                            **uvicorn_options(settings))
    config.load()
    if config.ws_protocol_class is None:
        problem = ("this server has no WebSocket library (install nnplayground with its "
                   "dependencies: they include websockets)")
        app.state.live_updates_problem = problem
        log.error("live updates are unavailable: %s", problem)
    uvicorn.Server(config).run()


def check_ray(address: str | None) -> None:
    """Exit with a clear message when Ray is missing or the cluster cannot be reached (the
    server would otherwise fail inside its startup, or wait minutes for the cluster)."""
    if address is None:
        keep_to_loopback()  # before Ray is imported
    try:
        from nnplayground.jobs.ray_actor import check_reachable
    except ImportError:
        raise SystemExit(RAY_MISSING) from None
    if address is not None:
        try:
            check_reachable(address)
        except (ConnectionError, ValueError) as error:
            raise SystemExit(f"--ray-address {address}: cannot reach the Ray cluster: "
                             f"{error}") from None
