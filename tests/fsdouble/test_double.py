"""The FreeSWITCH double's own behaviour: scripts, api hooks, filters, restarts."""
import gevent
import pytest
from gevent import socket

from fs_control.esl import CallHangup, InboundClient, OutboundServer
from tests.fsdouble import CallScript, FreeSwitchDouble


@pytest.fixture
def double():
    fs = FreeSwitchDouble(password="pw").start()
    yield fs
    fs.stop()


@pytest.fixture
def client(double):
    esl = InboundClient(*double.address, "pw", timeout=2)
    esl.connect()
    yield esl
    esl.close()


def controller(flow):
    """An OutboundServer whose calls run connect, myevents, then flow(session)."""
    results = []

    def handler(session):
        session.connect()
        session.myevents()
        try:
            results.append(flow(session))
        except CallHangup as exc:
            results.append(exc)
    server = OutboundServer(("127.0.0.1", 0), handler)
    server.start()
    return server, results


def test_registered_api_handlers_answer_inbound_and_in_session(double, client):
    double.register_api("vaxel_ping", lambda arg: "pong %s\n" % arg)
    assert client.api("vaxel_ping 1") == "pong 1\n"
    server, results = controller(lambda s: s.api("vaxel_ping 2"))
    call = double.place_call(server.address)
    call.ended.wait(2) or gevent.sleep(0.2)
    assert results == ["pong 2\n"]
    assert [c.line for c in call.commands] == ["connect", "myevents", "api vaxel_ping 2"]


def test_inbound_listeners_see_the_calls_channel_events(double, client):
    seen = []
    client.subscribe(lambda e: seen.append((e.name, e.uuid)))
    client.events("CHANNEL_ANSWER", "CHANNEL_BRIDGE", "CHANNEL_HANGUP_COMPLETE")
    server, _ = controller(lambda s: (s.execute("answer", timeout=2),
                                      s.execute("bridge", "user/1001@x", timeout=2), s.hangup()))
    call = double.place_call(server.address)
    assert call.ended.wait(3)
    gevent.sleep(0.05)
    # The bridge's B-leg is a channel of its own, answered before the caller's BRIDGE
    # (as in inbound-plain-ivr-bridge.trace), gone when the bridge ends.
    b_leg = call.variables["bridge_uuid"]
    assert seen == [("CHANNEL_ANSWER", call.uuid), ("CHANNEL_ANSWER", b_leg),
                    ("CHANNEL_BRIDGE", call.uuid), ("CHANNEL_HANGUP_COMPLETE", b_leg),
                    ("CHANNEL_HANGUP_COMPLETE", call.uuid)]


def test_filters_and_json_format(double, client):
    seen = []
    client.subscribe(seen.append)
    client.events("HEARTBEAT", "CUSTOM", "sofia::register", fmt="json")
    client.filter("Event-Name", "CUSTOM")
    double.emit("HEARTBEAT")
    double.emit("sofia::register", {"profile-name": "internal"})
    gevent.sleep(0.05)
    assert [e.name for e in seen] == ["sofia::register"]
    assert seen[0]["profile-name"] == "internal" and not seen[0].encoded


def test_nixevent_and_noevents_stop_delivery(double, client):
    seen = []
    client.subscribe(seen.append)
    client.events("HEARTBEAT", "RE_SCHEDULE")
    client.nixevent("HEARTBEAT")
    double.emit("HEARTBEAT")
    double.emit("RE_SCHEDULE")
    client.command("noevents")
    double.emit("RE_SCHEDULE")
    gevent.sleep(0.05)
    assert [e.name for e in seen] == ["RE_SCHEDULE"]


def test_digits_can_be_scripted_per_prompt(double):
    def flow(s):
        first = s.execute("play_and_get_digits", "1 1 3 5000 # main-menu.wav x.wav choice \\d")
        second = s.execute("play_and_get_digits", "1 4 3 5000 # pin.wav x.wav pin \\d+")
        return first["variable_choice"], second["variable_pin"], second["variable_read_result"]
    server, results = controller(flow)
    call = double.place_call(server.address, script=CallScript(
        digits={"main-menu": ["2"], "pin.wav": [""]}))
    call.ended.wait(2) or gevent.sleep(0.2)
    assert results == [("2", "", "timeout")]


def test_uuid_kill_hangs_up_a_placed_call(double, client):
    server, results = controller(lambda s: s.execute("playback", "long.wav", timeout=3))
    call = double.place_call(server.address, script=CallScript(prompt_time=5))
    gevent.sleep(0.1)
    assert client.api("uuid_kill %s USER_BUSY" % call.uuid) == "+OK\n"
    assert call.ended.wait(2)
    gevent.sleep(0.05)
    assert isinstance(results[0], CallHangup) and call.cause == "USER_BUSY"
    assert client.api("uuid_exists " + call.uuid) == "false"


def test_hangup_after_bridge_ends_the_call_when_the_callee_hangs_up(double):
    server, results = controller(lambda s: (s.execute("set", "hangup_after_bridge=true"),
                                            s.execute("bridge", "user/1001@x", timeout=2)))
    call = double.place_call(server.address)
    assert call.ended.wait(2)
    assert call.hungup and call.bridged


def test_restart_drops_everything_and_comes_back(double, client):
    server, results = controller(lambda s: s.execute("playback", "long.wav", timeout=5))
    call = double.place_call(server.address, script=CallScript(prompt_time=10))
    gevent.sleep(0.1)
    restarting = gevent.spawn(double.restart, 0.3)
    gevent.sleep(0.1)
    with pytest.raises(OSError):
        socket.create_connection(double.address, timeout=0.5)
    restarting.join()
    assert call.ended.is_set() and not client.connected
    esl = InboundClient(*double.address, "pw", timeout=1)
    esl.connect()
    assert esl.api("show channels as json") == '{"row_count": 0}\n'
    esl.close()


def test_words_after_custom_are_subclasses_as_on_the_real_switch(double, client):
    """The real switch's rule (seen on 1.10.12): in one `event` command every word after
    CUSTOM is a subclass, so a channel event named there is not subscribed."""
    seen = []
    client.subscribe(seen.append)
    client.command("event plain CUSTOM sofia::register_failure CHANNEL_CREATE")
    double.emit("CHANNEL_CREATE")
    double.emit("sofia::register_attempt")
    double.emit("sofia::register_failure")
    gevent.sleep(0.05)
    assert [e.name for e in seen] == ["sofia::register_failure"]
    client.command("event plain CHANNEL_CREATE")
    double.emit("CHANNEL_CREATE")
    gevent.sleep(0.05)
    assert [e.name for e in seen][-1] == "CHANNEL_CREATE"


def test_a_bridged_channel_names_its_partner_in_bridge_uuid(double, client):
    """`uuid_getvar <uuid> bridge_uuid`: how the controller finds a call's other leg."""
    server, results = controller(lambda s: s.execute("bridge", "user/1001@x", timeout=3))
    call = double.place_call(server.address, script=CallScript(talk_time=1))
    with gevent.Timeout(2):
        while not call.bridged:
            gevent.sleep(0.02)
    partner = client.api(f"uuid_getvar {call.uuid} bridge_uuid")
    assert partner == call.b_leg and len(partner) == 36
    assert call.ended.wait(3)


def test_a_b_leg_is_created_with_its_legs_variables_and_not_the_directorys(double, client):
    """Seen on 1.10.12: a bridge leg's CHANNEL_CREATE and CHANNEL_ANSWER carry the dial
    string's {…} and […] variables, while the called user's directory variables come only
    by its hang-up (tests/integration: the ringing/answered webhooks)."""
    double.directory = {"1001": {"vaxel_company_id": "9", "vaxel_user_id": "8"}}
    seen = []
    client.subscribe(lambda e: seen.append(e))
    client.events("CHANNEL_CREATE", "CHANNEL_ANSWER", "CHANNEL_HANGUP_COMPLETE")
    dial = "{shared_var=1}[leg_timeout=20,vaxel_user_id=3]user/1001@x,[vaxel_user_id=4]user/1002@x"
    server, _ = controller(lambda s: (s.execute("bridge", dial, timeout=2), s.hangup()))
    call = double.place_call(server.address)
    assert call.ended.wait(3)
    gevent.sleep(0.05)
    b_leg = [e for e in seen if e.get("variable_originating_leg_uuid") == call.uuid]
    assert [e.name for e in b_leg] == ["CHANNEL_CREATE", "CHANNEL_ANSWER",
                                       "CHANNEL_HANGUP_COMPLETE"]
    for created in b_leg[:2]:
        assert created.get("variable_vaxel_user_id") == "3"
        assert created.get("variable_shared_var") == "1"
        assert created.get("variable_vaxel_company_id") is None
    assert b_leg[2].get("variable_vaxel_company_id") == "9"


def test_uuid_hold_answers_as_mod_commands_does(double, client):
    """`uuid_hold [off] <uuid>`: +OK Success, or -ERR Operation Failed for no such channel
    (mod_commands' uuid_hold_function; the real switch also re-INVITEs the phone)."""
    call = double.calls[client.api("originate user/1001@x &park()").split()[1]]
    assert client.api(f"uuid_hold {call.uuid}") == "+OK Success\n" and call.held
    assert client.api(f"uuid_hold off {call.uuid}") == "+OK Success\n" and not call.held
    assert client.api("uuid_hold 00000000-0000-0000-0000-000000000000") == \
        "-ERR Operation Failed\n"
