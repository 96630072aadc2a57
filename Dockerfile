FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY backend ./backend
COPY frontend ./frontend
# EXTRAS="[ray]" for the Ray profile of docker-compose.yml (README "Scaling out").
ARG EXTRAS=""
RUN pip install --no-cache-dir -c constraints.txt -e ".${EXTRAS}"
ENV NNPLAYGROUND_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8000
CMD ["nnplayground", "serve", "--host", "0.0.0.0", "--port", "8000", "--data-dir", "/data"]
