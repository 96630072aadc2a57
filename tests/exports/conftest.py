import subprocess
import sys
from pathlib import Path

from tests.api.conftest import make_client  # noqa: F401 (the same fixture here)


def run_script(text: str, folder: Path, *arguments: str) -> list[dict]:
    """Run an exported script in this venv's Python; its printed lines as dicts of numbers
    ("step 25 epoch 1.0 train_loss 0.69 ..." -> {"step": 25, "epoch": 1.0, ...})."""
    path = folder / "exported.py"
    path.write_text(text)
    done = subprocess.run([sys.executable, str(path), *arguments], capture_output=True,
                          text=True, timeout=600, cwd=folder)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = []
    for line in done.stdout.splitlines():
        words = line.split()
        rows.append({key: None if value == "None" else float(value)
                     for key, value in zip(words[::2], words[1::2], strict=True)})
    return rows
