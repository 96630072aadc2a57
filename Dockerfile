FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY backend ./backend
COPY frontend ./frontend
RUN pip install --no-cache-dir -c constraints.txt -e .
ENV NNPLAYGROUND_DATA_DIR=/data
# numba's compiled kernel is cached on the data volume: writable whoever runs the container,
# and kept across restarts (a cold compile takes tens of seconds; jobs train on numpy meanwhile).
ENV NUMBA_CACHE_DIR=/data/.numba-cache
VOLUME ["/data"]
EXPOSE 8000
CMD ["nnplayground", "serve", "--host", "0.0.0.0", "--port", "8000", "--data-dir", "/data"]
