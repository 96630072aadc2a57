"""What the wheel carries: every subpackage, and the page as package data.

pyproject.toml lists the packages (the page's `nnplayground.frontend` maps to the top-level
frontend/ folder, which a find directive cannot express), so a new subpackage must be added
there: this test names it. tests/e2e/test_shipped.py builds and serves the real wheel.
"""

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_subpackage_is_listed():
    backend = ROOT / "backend"
    found = {".".join(init.parent.relative_to(backend).parts)
             for init in backend.rglob("__init__.py") if "__pycache__" not in init.parts}
    assert set(SETUPTOOLS["packages"]) == found | {"nnplayground.frontend"}


def test_every_page_file_is_package_data():
    assert SETUPTOOLS["package-dir"]["nnplayground.frontend"] == "frontend"
    patterns = SETUPTOOLS["package-data"]["nnplayground.frontend"]
    frontend = ROOT / "frontend"
    page_files = [path.relative_to(frontend).as_posix() for path in frontend.rglob("*")
                  if path.suffix in (".html", ".css", ".js", ".svg", ".png")]
    assert "js/main.js" in page_files
    missing = [name for name in page_files
               if not any(fnmatch.fnmatch(name, pattern) for pattern in patterns)]
    assert not missing, f"not in the wheel: {missing}"
