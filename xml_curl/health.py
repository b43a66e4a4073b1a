"""GET /healthz and GET /metrics for the xml_curl service, and the latency of every /fs.

Under gunicorn each worker is its own process: with PROMETHEUS_MULTIPROC_DIR set (the
systemd unit sets it), /metrics aggregates every worker's samples (prometheus_client's
multiprocess mode); without it, each worker reports its own.
"""
from __future__ import annotations

import os
import time

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import (CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram,
                               generate_latest, multiprocess)

from vaxel.health import database_health
from vaxel.metrics_access import may_read_metrics
from vaxel.security.services import configure_alerts

bp = Blueprint("health", __name__)
LATENCY = Histogram("vaxel_xmlcurl_seconds", "Time to answer one FreeSWITCH look-up",
                    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2))
ANSWERS = Counter("vaxel_xmlcurl_requests", "FreeSWITCH look-ups answered", ["status"])
# Bound once: labels() is a locked dictionary look-up, and nearly every answer is a 200.
ANSWERED_OK = ANSWERS.labels("200")


@bp.get("/healthz")
def healthz() -> Response:
    body, status = database_health(current_app.extensions["vaxel_session_factory"])
    return Response(body, status, content_type="application/json")


@bp.get("/metrics")
def metrics() -> Response:
    if not may_read_metrics(request.remote_addr, request.headers.get("Authorization"),
                            current_app.config["VAXEL_SETTINGS"].metrics_token):
        return Response("metrics need the metrics token\n", 401, content_type="text/plain",
                        headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
    registry = None
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    data = generate_latest(registry) if registry else generate_latest()
    return Response(data, 200, content_type=CONTENT_TYPE_LATEST)


def _start() -> None:
    g.vaxel_started = time.perf_counter()


def _finish(response: Response) -> Response:
    if request.path == "/fs" and "vaxel_started" in g:
        LATENCY.observe(time.perf_counter() - g.vaxel_started)
        status = response.status_code
        (ANSWERED_OK if status == 200 else ANSWERS.labels(str(status))).inc()
    return response


def init_app(app: Flask) -> None:
    configure_alerts(app.config["VAXEL_SETTINGS"].ops_alert_email)  # toll refusals
    app.register_blueprint(bp)
    app.before_request(_start)
    app.after_request(_finish)
