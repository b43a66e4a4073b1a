"""The double answers like the captured FreeSWITCH 1.10.12 (the captures are right)."""
import pytest

from tests.fsdouble import CallScript, FreeSwitchDouble
from tests.fsdouble.replay import kind, mask, replay_inbound, replay_outbound
from tests.fsdouble.traces import fs_frames, trace_names

INBOUND = [n for n in trace_names() if n.startswith("inbound-")]
DETERMINISTIC_API = ("false", "true", "+OK\n", "-ERR no_such_command Command not found!\n",
                     '{"row_count": 0}\n')
DOUBLE_EVENTS = {"CHANNEL_EXECUTE", "CHANNEL_EXECUTE_COMPLETE", "CHANNEL_ANSWER",
                 "CHANNEL_PROGRESS_MEDIA", "CHANNEL_BRIDGE", "CHANNEL_HANGUP", "CHANNEL_UNPARK",
                 "CHANNEL_STATE", "CHANNEL_HANGUP_COMPLETE", "DTMF"}


@pytest.fixture
def double():
    fs = FreeSwitchDouble(password="capture-secret").start()
    fs.originate_outcomes["user/1999"] = "SUBSCRIBER_ABSENT"
    yield fs
    fs.stop()


def shape(head, body=b""):
    """What must match: content type, header names in order, reply text, fixed api bodies."""
    names = [line.split(": ", 1)[0] for line in _head_text(head).split("\n")]
    reply = next((line for line in _head_text(head).split("\n")
                  if line.startswith("Reply-Text")), "")
    text = body.decode() if body.decode(errors="replace") in DETERMINISTIC_API else None
    return kind(head, body), names, mask(reply), text


def _head_text(head):
    return head.head if hasattr(head, "head") else head._raw.lstrip("\n")


def non_events(frames):
    return [shape(h, b) for h, b in frames if not kind(h, b).isupper()
            and not kind(h, b).startswith("text/event")]


def captured(name):
    return [(f, f.body) for f in fs_frames(name)]


@pytest.mark.parametrize("name", INBOUND)
def test_inbound_replies_match_capture(double, name):
    got = replay_inbound(double, name)
    theirs = [s for s in non_events(captured(name)) if s[0] != "text/event-json"]
    ours = [s for s in non_events(got.frames) if s[0] != "text/event-json"]
    if name == "inbound-plain-ivr-bridge":  # the double has no sofia module: body differs
        theirs, ours = [s[:3] for s in theirs], [s[:3] for s in ours]
    assert ours == theirs


def test_background_job_matches_capture(double):
    got = replay_inbound(double, "inbound-bgapi-originate")
    ours = [(h, b) for h, b in got.frames if kind(h, b) == "BACKGROUND_JOB"]
    theirs = [(h, b) for h, b in captured("inbound-bgapi-originate")
              if kind(h, b) == "BACKGROUND_JOB"]
    assert [_names(b) for h, b in ours] == [_names(b) for h, b in theirs]
    assert ours[-1][1].endswith(b"\n\n-ERR SUBSCRIBER_ABSENT\n")
    assert b"Job-UUID: 5f2c0d7e-0000-4000-8000-0000000000aa\n" in ours[0][1]


def _names(body):
    return [line.split(b": ", 1)[0] for line in body.split(b"\n\n")[0].split(b"\n")]


OUTBOUND = {
    "outbound-ivr-record-bridge": dict(script=CallScript(
        digits={"play_and_get_digits": ["2"]}, talk_time=1.0)),
    "outbound-caller-hangs-up-mid-playback": dict(
        destination="4601", script=CallScript(hangup_during="playback", hangup_delay=0.1)),
    "outbound-trunk-call-public-context": dict(
        caller="sipp", caller_name="sipp", destination="4601", context="public",
        script=CallScript(hangup_during="playback", hangup_delay=0.1)),
}


@pytest.mark.parametrize("name", sorted(OUTBOUND))
def test_outbound_replies_and_notices_match_capture(double, name):
    got = replay_outbound(double, name, **OUTBOUND[name])
    ours, theirs = non_events(got.frames), non_events(captured(name))
    # CHANNEL_DATA: same non-variable headers in the same order, same reply lines.
    assert [n for n in ours[0][1] if not n.startswith("variable_")] == \
        [n for n in theirs[0][1] if not n.startswith("variable_")]
    assert _head_text(got.frames[0][0]).endswith(
        "Content-Type: command/reply\nReply-Text: %2BOK%0A\nSocket-Mode: async\nControl: full")
    assert ours[1:] == theirs[1:]


@pytest.mark.parametrize("name", sorted(OUTBOUND))
def test_outbound_events_match_capture(double, name):
    got = replay_outbound(double, name, **OUTBOUND[name])
    ours = [_event_key(h, b) for h, b in got.frames if kind(h, b).isupper()]
    theirs = [_event_key(h, b) for h, b in captured(name) if kind(h, b) in DOUBLE_EVENTS]
    if "hangs-up" in name or "trunk" in name:  # there the caller keyed a digit mid-playback,
        theirs = [key for key in theirs if key[0] != "DTMF"]  # which scripts don't model
    assert ours == theirs


def _event_key(head, body):
    """Event name, application and response, and the non-variable header names."""
    lines = body.decode().split("\n\n")[0].split("\n")
    fields = dict(line.split(": ", 1) for line in lines)
    names = [line.split(": ", 1)[0] for line in lines if not line.startswith("variable_")]
    return (fields["Event-Name"], fields.get("Application"),
            fields.get("Application-Response"), tuple(names))
