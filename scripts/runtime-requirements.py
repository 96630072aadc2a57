"""Print the runtime dependencies of pyproject.toml, one a line (the Dockerfile's first layer).

Usage: python runtime-requirements.py [pyproject.toml] > requirements.txt
"""

import sys
import tomllib

path = sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml"
with open(path, "rb") as file:
    print("\n".join(tomllib.load(file)["project"]["dependencies"]))
