"""The baseline of `make bench-http`: a hello-world Flask app, served under our gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/hello")
def hello() -> dict[str, str]:
    return {"status": "ok"}


# The benchmark waits for /healthz before it starts the load, as it does for the service.
app.add_url_rule("/healthz", "healthz", hello)
