FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY backend ./backend
COPY frontend ./frontend
RUN pip install --no-cache-dir -c constraints.txt -e .
ENV NNPLAYGROUND_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8000
CMD ["nnplayground", "serve", "--host", "0.0.0.0", "--port", "8000", "--data-dir", "/data"]
