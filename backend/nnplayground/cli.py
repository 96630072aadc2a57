"""`nnplayground serve`: the playground and its API on one port."""

import argparse
from pathlib import Path

from nnplayground.jobs.runners import RAY_MISSING, RUNNERS
from nnplayground.settings import Settings, default_data_dir


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nnplayground")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the playground and its API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--data-dir", type=Path, default=None,
        help="where jobs and uploads persist (default: $NNPLAYGROUND_DATA_DIR or ./data)",
    )
    serve.add_argument(
        "--workers", type=int, default=1,
        help="training worker threads (default 1: they share the GIL; more help only big "
             "networks, whose numpy calls release it)",
    )
    serve.add_argument(
        "--runner", choices=RUNNERS, default="embedded",
        help="where running jobs train: threads of this process (embedded) or Ray actors "
             "(ray; needs nnplayground[ray])",
    )
    serve.add_argument(
        "--ray-address", default=None,
        help="with --runner ray: the cluster to join (auto, host:port or ray://host:port); "
             "without it a local Ray instance starts",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        serve(args)
    return 0


def serve(args: argparse.Namespace) -> None:
    import uvicorn

    from nnplayground.api.app import create_app

    if args.workers < 1:
        raise SystemExit(f"--workers must be at least 1, got {args.workers}")
    if args.ray_address is not None and args.runner != "ray":
        raise SystemExit("--ray-address needs --runner ray")
    if args.runner == "ray":
        check_ray(args.ray_address)
    settings = Settings(data_dir=args.data_dir or default_data_dir(), workers=args.workers,
                        runner=args.runner, ray_address=args.ray_address)
    # No per-message deflate: compressing every boundary picture would cost the event
    # loop more than sending it does on the networks this serves.
    uvicorn.run(create_app(settings), host=args.host, port=args.port,
                timeout_graceful_shutdown=3, ws_per_message_deflate=False)


def check_ray(address: str | None) -> None:
    """Exit with a clear message when Ray is missing or the cluster cannot be reached (the
    server would otherwise fail inside its startup, or wait minutes for the cluster)."""
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
