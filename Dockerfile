# The playground in a container: `docker compose up` (docker-compose.yml), or
#   docker build -t nnplayground . && docker run -p 127.0.0.1:8000:8000 -v nnp-data:/data nnplayground
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
# Dependencies first: this layer is rebuilt when they change, not on every code change.
COPY pyproject.toml constraints.txt scripts/runtime-requirements.py ./
RUN python runtime-requirements.py pyproject.toml > requirements.txt \
    && pip install -r requirements.txt -c constraints.txt

# Then the code, installed as a package (not editable): the image serves what a wheel ships.
COPY README.md ./
COPY backend ./backend
COPY frontend ./frontend
# EXTRAS="[ray]" for the Ray profile of docker-compose.yml (README "Scaling out").
ARG EXTRAS=""
RUN pip install -c constraints.txt . \
    && if [ -n "$EXTRAS" ]; then pip install -c constraints.txt ".$EXTRAS"; fi \
    && rm -rf /src/build

# A user of its own, owning the data volume (a new named volume takes this ownership).
RUN useradd --create-home --uid 10001 nnplayground \
    && mkdir /data && chown nnplayground:nnplayground /data
USER nnplayground
WORKDIR /home/nnplayground
ENV NNPLAYGROUND_DATA_DIR=/data
# numba's compiled kernel is cached on the data volume: writable whoever runs the container,
# and kept across restarts (a cold compile takes tens of seconds; jobs train on numpy meanwhile).
ENV NUMBA_CACHE_DIR=/data/.numba-cache
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/health', timeout=3)"]
CMD ["nnplayground", "serve", "--host", "0.0.0.0", "--port", "8000", "--data-dir", "/data"]
