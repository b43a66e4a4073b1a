"""OutboundServer and CallSession driving calls placed by the FreeSWITCH double."""
import time
import wave

import gevent
import pytest

from fs_control.esl import CallHangup, EslTimeout, OutboundServer
from tests.fsdouble import CallScript, FreeSwitchDouble

MENU = "1 1 1 5000 # menu.wav silence_stream://250 ivr_choice \\d"


@pytest.fixture
def double():
    fs = FreeSwitchDouble(password="secret").start()
    yield fs
    fs.stop()


def run_call(double, flow, **call_args):
    """Place one call at an OutboundServer running `flow(session)`; return (call, outcome)."""
    outcome = {}

    def handler(session):
        outcome["data"] = session.connect()
        session.myevents()
        session.linger(5)
        session.divert_events(True)
        try:
            outcome["result"] = flow(session)
        except Exception as exc:
            outcome["error"] = exc
        outcome["session"] = session

    server = OutboundServer(("127.0.0.1", 0), handler)
    server.start()
    call = double.place_call(server.address, **call_args)
    assert call.ended.wait(5)
    gevent.sleep(0.02)
    server.stop(timeout=1)
    return call, outcome


def test_connect_returns_the_channel_data(double):
    call, out = run_call(double, lambda s: None, caller="1005", caller_name="Åsa <x>",
                         destination="4601", variables={"vaxel_company": "42"})
    data = out["data"]
    assert data.name == "CHANNEL_DATA" and data.uuid == call.uuid
    assert data["Caller-Caller-ID-Name"] == "Åsa <x>"
    assert data["Caller-Destination-Number"] == "4601"
    assert out["session"].variable("vaxel_company") == "42"


def test_ivr_path_collects_digits_records_and_bridges(double, tmp_path):
    def flow(s):
        s.execute("answer", timeout=2)
        s.execute("playback", "welcome.wav", timeout=2)
        choice = s.execute("play_and_get_digits", MENU, timeout=2)
        s.execute("record", "%s/msg.wav 3 200 2" % tmp_path, timeout=2)
        bridged = s.execute("bridge", "user/1001@127.0.0.1", timeout=2)
        s.hangup()
        return choice, bridged
    call, out = run_call(double, flow, script=CallScript(digits={"play_and_get_digits": ["2"]}))
    choice, bridged = out["result"]
    assert choice["variable_ivr_choice"] == "2" and choice["variable_read_result"] == "success"
    assert bridged["variable_originate_disposition"] == "SUCCESS"
    assert out["session"].hungup
    assert [app for app, _ in call.apps] == ["answer", "playback", "play_and_get_digits",
                                             "record", "bridge", "hangup"]
    with wave.open(str(tmp_path / "msg.wav")) as recording:
        assert recording.getframerate() == 8000


def test_execute_sends_event_lock_and_its_own_event_uuid(double):
    call, out = run_call(double, lambda s: s.execute("answer", timeout=2))
    sent = [c for c in call.commands if c.command == "sendmsg"][0]
    assert sent.headers["event-lock"] == "true"
    assert out["result"]["Application-UUID"] == sent.headers["Event-UUID"]
    assert [c.command for c in call.commands[:4]] == ["connect", "myevents", "linger",
                                                      "divert_events"]


@pytest.mark.parametrize("outcome", ["USER_BUSY", "NO_ANSWER"])
def test_unanswered_bridge_reports_its_cause(double, outcome):
    script = CallScript(bridge_outcome={"user/1001": outcome})
    _, out = run_call(double, lambda s: (s.execute("set", "continue_on_fail=true", timeout=2),
                                         s.execute("bridge", "user/1001@x", timeout=2))[1],
                      script=script)
    assert out["result"]["variable_originate_disposition"] == outcome


@pytest.mark.parametrize("outcome,goes_on", [("USER_BUSY", False), ("USER_NOT_REGISTERED", False),
                                             ("CALL_REJECTED", False), ("NO_ANSWER", True),
                                             ("NO_USER_RESPONSE", True)])
def test_a_failed_bridge_without_continue_on_fail_hangs_the_caller_up(double, outcome, goes_on):
    """As the real switch does: only no-answer causes go on to the next command."""
    def flow(s):
        s.execute("bridge", "user/1001@x", timeout=2)
        s.execute("playback", "after.wav", timeout=2)
        return "went on"
    script = CallScript(bridge_outcome={"user/1001": outcome})
    call, out = run_call(double, flow, script=script)
    if goes_on:
        assert out["result"] == "went on"
    else:
        assert isinstance(out.get("error"), CallHangup), out
        assert call.cause == outcome


def test_caller_hanging_up_mid_prompt_raises_call_hangup(double):
    def flow(s):
        s.execute("answer", timeout=2)
        try:
            s.execute("playback", "long.wav", timeout=2)
        except CallHangup as exc:
            assert exc.is_hangup and s.hungup
            started = len(double.placed[0].commands)
            with pytest.raises(CallHangup):
                s.execute("playback", "more.wav")  # refused at once, nothing sent
            return len(double.placed[0].commands) - started
        return "no hangup"
    _, out = run_call(double, flow, script=CallScript(hangup_during="playback",
                                                      hangup_delay=0.05, prompt_time=1))
    assert out["result"] == 0


def test_caller_hanging_up_on_a_timer(double):
    def flow(s):
        s.execute("answer", timeout=2)
        with pytest.raises(CallHangup):
            s.execute("playback", "long.wav", timeout=2)
        return s.hungup
    _, out = run_call(double, flow, script=CallScript(hangup_after=0.1, prompt_time=5))
    assert out["result"] is True


def test_execute_times_out(double):
    def flow(s):
        with pytest.raises(EslTimeout, match="playback"):
            s.execute("playback", "slow.wav", timeout=0.1)
        s.hangup()
        return "ok"
    _, out = run_call(double, flow, script=CallScript(prompt_time=0.5))
    assert out["result"] == "ok"


def test_api_inside_the_session(double):
    call, out = run_call(double, lambda s: s.api("uuid_exists " + s.uuid))
    assert out["result"] == "true"


def test_a_failing_call_handler_does_not_stop_the_server(double):
    calls = []
    def handler(session):
        session.connect()
        calls.append(session.uuid)
        if len(calls) == 1:
            raise RuntimeError("bug in one call")
        session.hangup()
    server = OutboundServer(("127.0.0.1", 0), handler)
    server.start()
    first = double.place_call(server.address)
    second = double.place_call(server.address)
    assert first.ended.wait(3) and second.ended.wait(3)
    assert len(calls) == 2
    server.stop(timeout=1)


def test_calls_are_accepted_concurrently(double):
    entered = []
    def handler(session):
        entered.append(session)
        session.connect()
        session.execute("answer", timeout=5)
        session.hangup()
    server = OutboundServer(("127.0.0.1", 0), handler)
    server.start()
    calls = [double.place_call(server.address) for _ in range(100)]
    assert all(call.ended.wait(10) for call in calls)
    assert len(entered) == 100
    server.stop(timeout=1)


def test_a_lone_call_is_accepted_without_polling_delay(double):
    # greenswitch polls accept() every 100 ms: a median wait of ~50 ms. Ours blocks in accept.
    entered = []
    server = OutboundServer(("127.0.0.1", 0), lambda s: entered.append(time.monotonic()))
    server.start()
    waits = []
    for _ in range(5):
        gevent.sleep(0.03)
        placed = time.monotonic()
        double.place_call(server.address).ended.wait(2)
        waits.append(entered[-1] - placed)
    assert sorted(waits)[2] < 0.03
    server.stop(timeout=1)
