# Stakeholder Advisor: gunicorn serving the API as a non-root user; every setting from ADVISOR_*.
#   docker build -t stakeholder-advisor .
#   docker run -d -p 127.0.0.1:8000:8000 -v advisor-data:/app/var stakeholder-advisor
# Clients reach it through nginx (config/nginx/templates/), never directly: gunicorn's threads wait
# on slow clients without a deadline. See "Deploying" in README.md. Paths rely only on PATH, never
# on where the base image keeps python.

FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
# The pinned lock first, in its own layer: it changes far less often than the code.
COPY requirements/runtime.lock /tmp/runtime.lock
RUN /opt/venv/bin/pip install --no-cache-dir -r /tmp/runtime.lock
# The project lives at /app (config/ beside service/, so the project root is /app); the editable
# install only points the venv at it.
WORKDIR /app
COPY pyproject.toml README.md ./
COPY service ./service
COPY config ./config
COPY docker ./docker
RUN /opt/venv/bin/pip install --no-cache-dir --no-deps --editable . \
    && rm -rf ./*.egg-info ./build \
    && /opt/venv/bin/python -m compileall -q /app/service

FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    ADVISOR_BIND=0.0.0.0:8000 \
    ADVISOR_DATABASE_URL=sqlite:////app/var/advisor.db \
    ADVISOR_CONFIG_DIR=/app/config
RUN groupadd --system --gid 10001 advisor \
    && useradd --system --no-log-init --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin advisor \
    && mkdir -p /app/var \
    && chown 10001:10001 /app/var
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
# The SQLite default lives here; with PostgreSQL (ADVISOR_DATABASE_URL) nothing is written.
VOLUME ["/app/var"]
USER 10001:10001
EXPOSE 8000
# Probes /healthz on whatever ADVISOR_BIND says, with the standard library only.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "/app/docker/healthcheck.py"]
# `db upgrade`, then exec gunicorn (PID 1, so `docker stop` reaches it) with config/gunicorn.conf.py.
# Any other command runs instead, e.g. `stakeholder-advisor keys create --name ops --scopes read`.
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["serve"]
