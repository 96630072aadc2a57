"""`nnplayground serve`: the playground and its API on one port."""

import argparse
from pathlib import Path

from nnplayground.kernel import KERNELS
from nnplayground.settings import Settings, default_data_dir, default_kernel, default_workers


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
        "--workers", type=int, default=default_workers(),
        help="training worker threads (default: one per core)",
    )
    serve.add_argument(
        "--kernel", choices=KERNELS, default=default_kernel(),
        help="what trains jobs: the compiled kernel (numba; numpy for what it does not "
             "cover) or the numpy engine (default: $NNPLAYGROUND_KERNEL or compiled)",
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
    settings = Settings(data_dir=args.data_dir or default_data_dir(), workers=args.workers,
                        kernel=args.kernel)
    # No per-message deflate: compressing every boundary picture would cost the event
    # loop more than sending it does on the networks this serves.
    uvicorn.run(create_app(settings), host=args.host, port=args.port,
                timeout_graceful_shutdown=3, ws_per_message_deflate=False)
