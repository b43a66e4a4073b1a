"""Health endpoints and Prometheus metrics of xml_curl and the controller."""
from __future__ import annotations

import json
import gevent
import gevent.event
import pytest
from gevent import socket
from sqlalchemy.exc import OperationalError

from fs_control.controller import Controller
from fs_control.health import HealthServer
from fs_control.registry import default_features
from tests.fsdouble.controller import PASSWORD
from tests.xml_curl.fixtures import capture_settings
from tests.xml_curl.helpers import directory_form, post
from vaxel.config import MissingSecret, Settings
from xml_curl.app import create_app


def test_xml_curl_healthz_and_latency_metrics(world, client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json["database"]["ok"] is True
    post(client, directory_form("1000"))
    metrics = client.get("/metrics").text
    assert "vaxel_xmlcurl_seconds_count" in metrics
    assert 'vaxel_xmlcurl_requests_total{status="200"}' in metrics


def test_xml_curl_metrics_are_not_for_everyone_who_reaches_the_port(world, client):
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 401


def test_xml_curl_metrics_with_a_token_need_the_token():
    app = create_app(capture_settings(metrics_token="scrape-token",
                                      database_url="postgresql://nobody@127.0.0.1:1/none"))
    client = app.test_client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"},
                      headers={"Authorization": "Bearer scrape-token"}).status_code == 200


def test_xml_curl_refuses_to_start_without_its_password():
    for password in ("", "change-me-xmlcurl"):
        with pytest.raises(MissingSecret):
            create_app(capture_settings(xmlcurl_password=password))


def test_xml_curl_healthz_says_503_without_the_database():
    def broken():
        raise OperationalError("connect", {}, Exception("connection refused"))
    app = create_app(capture_settings(), session_factory=broken)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert "connection refused" in response.json["database"]["error"]


@pytest.fixture
def controller(double, committed_db, tmp_path):
    settings = Settings.from_env({
        "VAXEL_ESL_ADDRESS": "%s:%s" % double.address, "VAXEL_ESL_PASSWORD": PASSWORD,
        "VAXEL_CONTROLLER_LISTEN": "127.0.0.1:0", "VAXEL_DATA_DIR": str(tmp_path),
        "VAXEL_FS_CONF_DIR": str(tmp_path)})
    ctl = Controller(settings, committed_db, default_features)
    health = HealthServer(("127.0.0.1", 0), [ctl], committed_db)
    ctl.start()
    health.start()
    assert ctl.inbound.wait_connected(5)
    yield ctl, health
    health.stop()
    ctl.stop()


def _get(health, path):
    """A plain HTTP/1.0 GET over a gevent socket (the test shares the server's hub)."""
    sock = socket.create_connection(health.address, timeout=5)
    sock.sendall(b"GET %s HTTP/1.0\r\nHost: x\r\n\r\n" % path.encode())
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    sock.close()
    head, _, body = data.decode().partition("\r\n\r\n")
    return int(head.split()[1]), body


def test_controller_healthz_reports_freeswitch_database_and_backlog(controller, double):
    ctl, health = controller
    status, body = _get(health, "/healthz")
    report = json.loads(body)
    assert status == 200 and report["ok"] and report["freeswitch"]["connected"]
    assert report["database"]["ok"] and report["live_calls"] == 0
    assert any("on_event" in name for name in report["backlog"])
    double.stop()  # FreeSWITCH gone
    with gevent.Timeout(5):
        while ctl.inbound.connected:
            gevent.sleep(0.02)
    status, body = _get(health, "/healthz")
    assert status == 503 and json.loads(body)["freeswitch"]["connected"] is False


def test_controller_metrics_in_prometheus_format(controller):
    _, health = controller
    status, body = _get(health, "/metrics")
    assert status == 200
    for name in ("vaxel_live_calls", "vaxel_esl_connected 1.0", "vaxel_esl_reconnects_total",
                 "vaxel_event_queue_size", "vaxel_bans_total", "vaxel_controller_calls_total"):
        assert name in body, name


def test_controller_metrics_with_a_token_need_the_token(controller):
    ctl, health = controller
    health.metrics_token = "scrape-token"
    status, _ = _get(health, "/metrics")
    assert status == 401
    sock = socket.create_connection(health.address, timeout=5)
    sock.sendall(b"GET /metrics HTTP/1.0\r\nHost: x\r\nAuthorization: Bearer scrape-token\r\n\r\n")
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    sock.close()
    assert data.split()[1] == b"200" and b"vaxel_live_calls" in data


def test_a_slow_subscriber_shows_as_backlog_while_reading_goes_on(controller, double):
    ctl, health = controller
    release = gevent.event.Event()
    ctl.inbound.subscribe(lambda event: release.wait(10), ["HEARTBEAT"])
    for _ in range(50):
        double.emit("HEARTBEAT")
    with gevent.Timeout(5):
        while not any(state["waiting"] >= 40 for state in health.backlog().values()):
            gevent.sleep(0.02)
    report = health.report()
    assert report["ok"]  # the reader is not stalled: the connection stays healthy
    release.set()
