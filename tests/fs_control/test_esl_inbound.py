"""InboundClient against the FreeSWITCH double and against misbehaving raw servers."""
import logging

import gevent
import pytest
from gevent.server import StreamServer

from fs_control.esl import (EslAuthError, EslConnectionLost, EslTimeout, InboundClient)
from tests.fsdouble import CallScript, FreeSwitchDouble

AUTH = b"Content-Type: auth/request\n\n"
OK = b"Content-Type: command/reply\nReply-Text: +OK accepted\n\n"


@pytest.fixture
def double():
    fs = FreeSwitchDouble(password="secret").start()
    yield fs
    fs.stop()


@pytest.fixture
def client(double):
    esl = InboundClient(*double.address, "secret", timeout=2)
    esl.connect()
    yield esl
    esl.close()


def raw_server(script):
    """A TCP server running `script(sock)` per connection, for peers FreeSWITCH never is."""
    server = StreamServer(("127.0.0.1", 0), lambda sock, addr: script(sock))
    server.start()
    return server


def test_api_returns_the_command_output(client):
    assert client.api("uuid_exists 00000000-0000-0000-0000-000000000000") == "false"
    assert client.api("no_such_command") == "-ERR no_such_command Command not found!\n"


def test_wrong_password_raises_auth_error(double):
    esl = InboundClient(*double.address, "wrong", timeout=2)
    with pytest.raises(EslAuthError, match="refused"):
        esl.connect()


def test_api_without_answer_times_out():
    def silent(sock):
        sock.sendall(AUTH)
        sock.recv(100)
        sock.sendall(OK)
        gevent.sleep(5)
    server = raw_server(silent)
    esl = InboundClient(*server.address, "x", timeout=2)
    esl.connect()
    with pytest.raises(EslTimeout, match="api status"):
        esl.api("status", timeout=0.2)
    esl.close()
    server.stop()


def test_line_breaks_cannot_smuggle_commands(client):
    with pytest.raises(ValueError):
        client.api("status\n\nexit")


def test_bgapi_result_is_matched_on_our_job_uuid(client, double):
    double.originate_outcomes["user/1999"] = "SUBSCRIBER_ABSENT"
    busy = client.bgapi("originate user/1999@127.0.0.1 &park()")
    ok = client.bgapi("version")
    assert busy.result(2) == "-ERR SUBSCRIBER_ABSENT\n"
    assert ok.result(2).startswith("FreeSWITCH Version 1.10.12")
    listener = double.listeners[0]
    sent = [h for line, h in listener.commands if line.startswith("bgapi")]
    assert [h["Job-UUID"] for h in sent] == [busy.job_uuid, ok.job_uuid]


def test_bgapi_result_times_out(client, double):
    double.register_api("slow", lambda arg: gevent.sleep(1) or "+OK\n")
    with pytest.raises(EslTimeout, match="BACKGROUND_JOB"):
        client.bgapi("slow").result(timeout=0.1)


def test_events_arrive_typed_in_plain_and_json(double):
    for fmt in ("plain", "json"):
        esl = InboundClient(*double.address, "secret", timeout=2)
        esl.connect()
        got = []
        esl.subscribe(got.append, ["sofia::register"])
        esl.events("CUSTOM", "sofia::register", fmt=fmt)
        double.emit("sofia::register", {"Event-Subclass": "sofia::register",
                                        "from-user": "1003\nEvil: 1"})
        gevent.sleep(0.05)
        assert [e.name for e in got] == ["sofia::register"]
        assert got[0]["from-user"] == "1003\nEvil: 1"
        assert "Evil" not in got[0]
        esl.close()


def test_a_slow_handler_does_not_stall_reading_or_other_handlers(client, double):
    fast, slow = [], []
    client.subscribe(lambda e: gevent.sleep(10) or slow.append(e), ["HEARTBEAT"])
    client.subscribe(fast.append, ["HEARTBEAT"])
    client.events("HEARTBEAT")
    for _ in range(50):
        double.emit("HEARTBEAT")
    gevent.sleep(0.1)
    assert len(fast) == 50 and slow == []
    assert client.api("uuid_exists x", timeout=1) == "false"  # the reader is not blocked


def test_a_full_subscriber_queue_drops_and_counts(client, double, caplog):
    sub = client.subscribe(lambda e: gevent.sleep(10), ["HEARTBEAT"], maxsize=5)
    client.events("HEARTBEAT")
    for _ in range(20):
        double.emit("HEARTBEAT")
    gevent.sleep(0.1)
    assert sub.dropped >= 14
    assert "is behind" in caplog.text


def test_a_failing_handler_logs_and_keeps_receiving(client, double, caplog):
    seen = []
    def fragile(event):
        seen.append(event)
        raise RuntimeError("bug in handler")
    client.subscribe(fragile, ["HEARTBEAT"])
    client.events("HEARTBEAT")
    double.emit("HEARTBEAT")
    double.emit("HEARTBEAT")
    gevent.sleep(0.05)
    assert len(seen) == 2 and "bug in handler" in caplog.text


@pytest.mark.parametrize("garbage", [
    b"Content-Type: api/response\nContent-Length: banana\n\n",
    b"no colon here\n\n",
])
def test_malformed_frame_ends_only_that_connection(garbage, caplog):
    def bad(sock):
        sock.sendall(AUTH)
        sock.recv(100)
        sock.sendall(OK)
        sock.recv(100)
        sock.sendall(garbage)
        gevent.sleep(1)
    server = raw_server(bad)
    esl = InboundClient(*server.address, "x", timeout=2)
    esl.connect()
    with caplog.at_level(logging.ERROR), pytest.raises(EslConnectionLost):
        esl.api("status")
    assert "EslProtocolError" in caplog.text
    assert not esl.connected
    server.stop()


def test_connection_dropped_mid_frame_is_a_clear_error(caplog):
    def dropper(sock):
        sock.sendall(AUTH)
        sock.recv(100)
        sock.sendall(OK)
        sock.recv(100)
        sock.sendall(b"Content-Type: api/response\nContent-Length: 100\n\nonly part")
        sock.close()
    server = raw_server(dropper)
    esl = InboundClient(*server.address, "x", timeout=2)
    esl.connect()
    with pytest.raises(EslConnectionLost, match="mid-frame"):
        esl.api("status")
    server.stop()


def test_reconnects_with_backoff_and_restores_subscriptions(double):
    esl = InboundClient(*double.address, "secret", timeout=1, backoff=(0.05, 0.2))
    connects, got = [], []
    esl.on_connect(lambda c: connects.append(c.api("show channels as json")))
    esl.subscribe(got.append, ["HEARTBEAT"])
    esl.events("HEARTBEAT")  # remembered before connecting, sent on each connect
    esl.start()
    assert esl.wait_connected(2)
    gevent.sleep(0.05)
    double.restart(downtime=0.3)
    gevent.sleep(0.8)
    assert esl.connected and len(connects) == 2
    assert connects[-1] == '{"row_count": 0}\n'
    double.emit("HEARTBEAT")
    gevent.sleep(0.05)
    assert [e.name for e in got] == ["HEARTBEAT"]
    esl.close()


def test_show_channels_after_restart_lists_surviving_calls(double):
    def park(session):
        session.connect()
        gevent.sleep(5)
    from fs_control.esl import OutboundServer
    server = OutboundServer(("127.0.0.1", 0), park)
    server.start()
    call = double.place_call(server.address, script=CallScript())
    gevent.sleep(0.1)
    double.restart(downtime=0.05, keep_calls=True)
    esl = InboundClient(*double.address, "secret", timeout=1)
    esl.connect()
    assert call.uuid in esl.api("show channels as json")
    esl.close()
    server.stop(timeout=0)


def test_silence_past_heartbeat_timeout_reconnects():
    connections = []
    def mute(sock):
        connections.append(sock)
        sock.sendall(AUTH)
        sock.recv(100)
        sock.sendall(OK)
        sock.recv(100)
        sock.sendall(b"Content-Type: command/reply\nReply-Text: +OK event listener enabled\n\n")
        gevent.sleep(5)
    server = raw_server(mute)
    esl = InboundClient(*server.address, "x", timeout=1, backoff=(0.05, 0.1),
                        heartbeat_timeout=0.2)
    lost = []
    esl.on_disconnect(lost.append)
    esl.start()
    gevent.sleep(0.8)
    assert lost and len(connections) >= 2
    esl.close()
    server.stop(timeout=0)
