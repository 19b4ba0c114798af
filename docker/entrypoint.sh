#!/bin/sh
# The image's entrypoint: `serve` (the default) migrates the database, then execs gunicorn through
# `stakeholder-advisor serve`, which checks the configuration first and keeps gunicorn as PID 1.
# Anything else is run as given: `docker run IMAGE stakeholder-advisor keys create ...`.
set -eu

if [ "$#" -eq 0 ] || [ "$1" = "serve" ]; then
    [ "$#" -gt 0 ] && shift
    stakeholder-advisor db upgrade
    exec stakeholder-advisor serve "$@"
fi
exec "$@"
