"""The FastAPI app: wires routers, the job manager's lifespan and the static page."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from nnplayground import __version__
from nnplayground.settings import Settings, default_data_dir

FRONTEND_DIR = Path(__file__).resolve().parents[3] / "frontend"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings(data_dir=default_data_dir())
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    app = FastAPI(title="nnplayground", version=__version__)
    app.state.settings = settings

    @app.get("/api/health", tags=["health"])
    def health() -> dict:
        return {"status": "ok", "version": __version__}

    app.mount("/", StaticFiles(directory=FRONTEND_DIR, html=True), name="frontend")
    return app
