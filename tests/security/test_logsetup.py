"""Structured logs: JSON lines carrying the call UUID of the greenlet's call."""
from __future__ import annotations

import io
import json
import logging

import gevent

from vaxel.logsetup import bind_call, configure


def test_each_call_greenlet_logs_its_own_uuid():
    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure("INFO", "json", stream)
        log = logging.getLogger("fs_control.call_handler")

        def call(uuid):
            bind_call(uuid)
            gevent.sleep(0.01)
            log.info("call %s answered", uuid, extra={"company_id": 7})
        gevent.joinall([gevent.spawn(call, "uuid-a"), gevent.spawn(call, "uuid-b")])
        log.warning("no call here")
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert {(entry["call_uuid"], entry["msg"]) for entry in lines[:2]} == {
        ("uuid-a", "call uuid-a answered"), ("uuid-b", "call uuid-b answered")}
    assert lines[0]["company_id"] == 7 and lines[0]["level"] == "INFO"
    assert "call_uuid" not in lines[2]
