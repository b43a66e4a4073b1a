"""The controller's health and metrics over HTTP (loopback): GET /healthz, GET /metrics.

/healthz answers 200 when the inbound Event Socket is up and PostgreSQL answers, else
503, with the details as JSON: ESL state, database round trip, live calls, and the
backlog of every event subscriber (events waiting, events dropped). /metrics is
Prometheus' text format (fs_control.metrics).
"""
from __future__ import annotations

import json
import logging
import time

from gevent.pywsgi import WSGIServer
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from vaxel.health import check_database
from vaxel.metrics_access import may_read_metrics

from . import metrics

log = logging.getLogger(__name__)


class HealthServer:
    def __init__(self, address: tuple[str, int], controller, session_factory,
                 metrics_token: str = ""):
        self.controller = controller
        self.metrics_token = metrics_token  # empty: loopback readers only
        self.session_factory = session_factory
        self.server = WSGIServer(address, self.wsgi, log=None)
        self.started_at = time.time()
        controller.inbound.on_connect(lambda client: metrics.ESL_RECONNECTS.inc())
        controller.inbound.subscribe(_observe_lag)

    @property
    def address(self) -> tuple[str, int]:
        return self.server.address

    def start(self) -> "HealthServer":
        self.server.start()
        log.info("health and metrics on http://%s:%s/healthz", *self.server.address)
        return self

    def stop(self) -> None:
        self.server.stop(timeout=2)

    def wsgi(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/healthz":
            report = self.report()
            status = "200 OK" if report["ok"] else "503 Service Unavailable"
            return _respond(start_response, status, "application/json", json.dumps(report))
        if path == "/metrics":
            if not may_read_metrics(environ.get("REMOTE_ADDR"), environ.get("HTTP_AUTHORIZATION"),
                                    self.metrics_token):
                return _respond(start_response, "401 Unauthorized", "text/plain",
                                "metrics need the metrics token\n")
            self.refresh_gauges()
            return _respond(start_response, "200 OK", CONTENT_TYPE_LATEST,
                            generate_latest(metrics.REGISTRY))
        return _respond(start_response, "404 Not Found", "text/plain", "not found\n")

    def report(self) -> dict:
        inbound = self.controller.inbound
        database = check_database(self.session_factory)
        backlog = self.backlog()
        return {"ok": bool(inbound.connected) and database["ok"],
                "freeswitch": {"connected": bool(inbound.connected),
                               "last_data_seconds_ago": round(time.monotonic() - inbound.last_data_at, 1)},
                "database": database, "live_calls": len(self.controller.live),
                "calls_in_progress": len(self.controller.outbound.sessions),
                "backlog": backlog, "uptime_seconds": round(time.time() - self.started_at)}

    def backlog(self) -> dict:
        """Events waiting and dropped per subscriber (its handler's name)."""
        found = {}
        for sub in list(getattr(self.controller.inbound, "_subscribers", [])):
            name = getattr(sub.handler, "__qualname__", None) or repr(sub.handler)
            found[name] = {"waiting": sub.waiting, "dropped": sub.dropped}
        return found

    def refresh_gauges(self) -> None:
        metrics.LIVE_CALLS.set(len(self.controller.live))
        metrics.ESL_CONNECTED.set(1 if self.controller.inbound.connected else 0)
        for name, state in self.backlog().items():
            metrics.QUEUE_SIZE.labels(name).set(state["waiting"])
            metrics.EVENTS_DROPPED.labels(name).set(state["dropped"])


def _observe_lag(event) -> None:
    """Event-Date-Timestamp is FreeSWITCH's clock in microseconds (same host: same clock)."""
    stamp = event.get("Event-Date-Timestamp") or ""
    if stamp.isdigit():
        metrics.EVENT_LAG.observe(max(0.0, time.time() - int(stamp) / 1e6))
    if event.get("Event-Name") == "CHANNEL_HANGUP_COMPLETE":
        metrics.CALLS_ENDED.inc()


def _respond(start_response, status: str, content_type: str, body) -> list[bytes]:
    data = body if isinstance(body, bytes) else body.encode()
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(data))),
                            ("Cache-Control", "no-store")])
    return [data]
