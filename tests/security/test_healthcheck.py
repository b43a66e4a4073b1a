"""scripts/healthcheck's probes against the FreeSWITCH double and a real HTTP server."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from scripts.health_probe import freeswitch_status, http_health
from tests.fsdouble import FreeSwitchDouble


def test_event_socket_probe_logs_in_and_reads_status():
    import gevent
    double = FreeSwitchDouble(password="probe-secret").start()
    try:
        ok, detail = gevent.get_hub().threadpool.apply(freeswitch_status, (*double.address, "probe-secret"))
        assert ok and detail.startswith("UP")
        ok, detail = gevent.get_hub().threadpool.apply(freeswitch_status, (*double.address, "wrong"))
        assert not ok
    finally:
        double.stop()


def _serve(status: int, body: dict):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass
    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_http_probe_reads_the_healthz_verdict():
    good = _serve(200, {"ok": True, "database": {"ok": True}})
    bad = _serve(503, {"ok": False, "database": {"ok": False}})
    try:
        assert http_health(*good.server_address) == (True, "database ok")
        ok, detail = http_health(*bad.server_address)
        assert not ok and "503" in detail
        assert http_health("127.0.0.1", 1)[0] is False
    finally:
        good.shutdown(), bad.shutdown()
