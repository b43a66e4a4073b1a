"""The controller's health and metrics over HTTP (loopback): GET /healthz, GET /metrics.

/healthz answers 200 when the inbound Event Socket (each node's, when the process follows
several) is up and PostgreSQL answers, else 503, with the details as JSON: ESL state per
node, database round trip, live calls, and the backlog of every event subscriber (events
waiting, events dropped). /metrics is
Prometheus' text format (fs_control.metrics).
"""
from __future__ import annotations

import json
import logging
import time
from typing import Sequence

from gevent.pywsgi import WSGIServer
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from vaxel.health import check_database
from vaxel.metrics_access import may_read_metrics

from . import metrics

log = logging.getLogger(__name__)


class HealthServer:
    """For one controller, or for each node's controller in a process following several
    (healthy when every node's Event Socket is up)."""

    def __init__(self, address: tuple[str, int], controllers: Sequence, session_factory,
                 metrics_token: str = ""):
        self.controllers = list(controllers)
        self.metrics_token = metrics_token  # empty: loopback readers only
        self.session_factory = session_factory
        self.server = WSGIServer(address, self.wsgi, log=None)
        self.started_at = time.time()
        for controller in self.controllers:
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
        database = check_database(self.session_factory)
        nodes = {_node_name(c): _esl_state(c.inbound) for c in self.controllers}
        connected = all(node["connected"] for node in nodes.values())
        return {"ok": connected and database["ok"],
                "freeswitch": {"connected": connected,
                               "last_data_seconds_ago": max(n["last_data_seconds_ago"]
                                                            for n in nodes.values()),
                               "nodes": nodes},
                "database": database,
                "live_calls": sum(len(c.live) for c in self.controllers),
                "calls_in_progress": sum(len(c.outbound.sessions) for c in self.controllers),
                "backlog": self.backlog(), "uptime_seconds": round(time.time() - self.started_at)}

    def backlog(self) -> dict:
        """Events waiting and dropped per subscriber (its handler's name, after its node's
        when the process follows several)."""
        found = {}
        several = len(self.controllers) > 1
        for controller in self.controllers:
            for sub in list(getattr(controller.inbound, "_subscribers", [])):
                name = getattr(sub.handler, "__qualname__", None) or repr(sub.handler)
                if several:
                    name = f"{_node_name(controller)}: {name}"
                found[name] = {"waiting": sub.waiting, "dropped": sub.dropped}
        return found

    def refresh_gauges(self) -> None:
        metrics.LIVE_CALLS.set(sum(len(c.live) for c in self.controllers))
        metrics.ESL_CONNECTED.set(1 if all(c.inbound.connected for c in self.controllers) else 0)
        for name, state in self.backlog().items():
            metrics.QUEUE_SIZE.labels(name).set(state["waiting"])
            metrics.EVENTS_DROPPED.labels(name).set(state["dropped"])


def _node_name(controller) -> str:
    return controller.settings.node or "%s:%s" % controller.settings.esl_address


def _esl_state(inbound) -> dict:
    return {"connected": bool(inbound.connected),
            "last_data_seconds_ago": round(time.monotonic() - inbound.last_data_at, 1)}


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
