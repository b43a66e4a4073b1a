"""The production server (gunicorn + gevent workers) answering over a real socket."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest

from vaxel.config import REPO_ROOT

from .capture import capture
from .fixtures import load_capture_world


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def raw_exchange(port: int, request: bytes, timeout: float = 15) -> bytes:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.sendall(request)
                return b"".join(iter(lambda: sock.recv(65536), b""))
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def server(committed_db, database_url):
    with committed_db() as session:
        load_capture_world(session)
        session.commit()
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "VAXEL_XMLCURL_LISTEN": f"127.0.0.1:{port}",
           "VAXEL_XMLCURL_USER": "freeswitch", "VAXEL_XMLCURL_PASSWORD": "xmlcurl-secret",
           "WEB_CONCURRENCY": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "xml_curl"], cwd=REPO_ROOT, env=env)
    yield port
    proc.terminate()
    proc.wait(timeout=15)


def test_python_m_xml_curl_answers_a_captured_register(server):
    request = capture("047-directory-sip_auth-1000")
    head = "POST /fs HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in request.headers.items() if k != "Host")
    answer = raw_exchange(server, head.encode() + b"\r\n" + request.body)
    assert answer.startswith(b"HTTP/1.1 200")
    assert b'<user id="1000">' in answer and b'name="a1-hash"' in answer
