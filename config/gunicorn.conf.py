"""gunicorn settings, all from ADVISOR_* variables (see service/settings.py for their defaults)."""

from service.settings import Settings

_settings = Settings.from_env()

wsgi_app = "service.wsgi:app"
bind = [_settings.bind]
workers = _settings.workers
worker_class = "gthread"
threads = 4
# The app (rules, articles, schema) is loaded once in the master and shared by the workers;
# create_app opens no database connection, so nothing connected crosses the fork.
preload_app = True
timeout = 30
graceful_timeout = 25
keepalive = 5
max_requests = 10000
max_requests_jitter = 500
limit_request_line = 8190
accesslog = "-"
errorlog = "-"
loglevel = _settings.log_level.lower()
# Do not advertise the server software or version.
proc_name = "stakeholder-advisor"
