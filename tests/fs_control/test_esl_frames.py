"""Frame parsing and typed events (no sockets)."""
import pytest

from fs_control.esl.frames import (Event, EslProtocolError, FrameParser, event_from_frame)
from tests.fsdouble.traces import fs_frames, plain_events, split_frames, stream, trace_names

FORGED = ("Event-Name: CHANNEL_CREATE\nUnique-ID: abc\n"
          "Caller-Caller-ID-Name: Eve%0AEvent-Name%3A%20CHANNEL_HANGUP%0AUnique-ID%3A%20zzz\n"
          "Caller-Caller-ID-Number: 1000\n\n")


def test_encoded_newline_in_a_value_cannot_forge_headers():
    event = Event.from_plain(FORGED)
    assert event.name == "CHANNEL_CREATE"
    assert event.uuid == "abc"
    assert event["Caller-Caller-ID-Name"] == "Eve\nEvent-Name: CHANNEL_HANGUP\nUnique-ID: zzz"
    assert event.headers()["Unique-ID"] == "abc"


def test_values_are_decoded_only_when_read():
    event = Event.from_plain(plain_events("outbound-ivr-record-bridge")[0])
    assert event["Caller-Caller-ID-Name"] == "Alex Nguyen"
    assert set(event._cache) == {"Caller-Caller-ID-Name"}


def test_missing_header_is_none_or_keyerror():
    event = Event.from_plain(FORGED)
    assert event.get("Nope") is None
    with pytest.raises(KeyError):
        event["Nope"]


def test_custom_events_are_named_by_subclass():
    events = [Event.from_plain(b) for b in plain_events("inbound-registration-events")]
    assert "sofia::register_failure" in [e.name for e in events]


def test_json_events_parse_to_the_same_headers():
    frames = [f for f in fs_frames("inbound-json-short-call")
              if f.header("Content-Type") == "text/event-json"]
    event = event_from_frame("text/event-json", frames[0].body.decode())
    assert event.name == "CHANNEL_CREATE"
    assert event["FreeSWITCH-IPv6"] == "fd00::2"


def test_background_job_body_is_kept_apart_from_headers():
    body = next(b for b in plain_events("inbound-bgapi-originate") if "BACKGROUND_JOB" in b)
    event = Event.from_plain(body)
    assert event["Job-UUID"] == "5f2c0d7e-0000-4000-8000-0000000000aa"
    assert event.body == "-ERR NORMAL_CLEARING\n"


@pytest.mark.parametrize("name", trace_names())
def test_parser_splits_every_capture_like_the_reference_reader(name):
    data = stream(name, from_fs=True)
    whole = FrameParser().feed(data)
    assert len(whole) == len(split_frames(data))
    trickled, parser = [], FrameParser()
    for i in range(0, len(data), 997):  # frames spanning chunks, several per chunk
        trickled += parser.feed(data[i:i + 997])
    assert [(h._raw, b) for h, b in trickled] == [(h._raw, b) for h, b in whole]
    assert parser.pending == 0


def test_connect_reply_headers_are_url_decoded():
    data = stream("outbound-ivr-record-bridge", from_fs=True)
    head, _ = FrameParser().feed(data)[0]
    assert head.reply_text == "+OK\n"
    assert head["Caller-Caller-ID-Name"] == "Alex Nguyen"


@pytest.mark.parametrize("data", [
    b"Content-Type: api/response\nContent-Length: abc\n\n",
    b"Content-Type: api/response\nContent-Length: -5\n\n",
    b"Content-Type: api/response\nContent-Length: 999999999999\n\n",
    b"this is not a header\n\n",
    b"Content-Type: command/reply\n\xff\xfe: x\n\n",
])
def test_malformed_frames_raise_protocol_error(data):
    with pytest.raises(EslProtocolError):
        FrameParser().feed(data)


def test_truncated_frame_is_reported_as_pending():
    parser = FrameParser()
    assert parser.feed(b"Content-Type: api/response\nContent-Length: 10\n\nabc") == []
    assert parser.pending > 0


def test_json_values_cannot_forge_other_keys():
    text = ('{"Event-Name":"CHANNEL_CREATE","Caller-Caller-ID-Name":"x\\",\\"Unique-ID\\":\\"zzz",'
            '"Unique-ID":"abc","variable_list":["a","b"],"_body":"+OK done\\n"}')
    event = Event.from_json(text)
    assert event.uuid == "abc"
    assert event["Caller-Caller-ID-Name"] == 'x","Unique-ID":"zzz'
    assert event.body == "+OK done\n"
    assert event["variable_list"] == '["a", "b"]'  # non-string values: whole parse, as JSON
    assert "_body" not in event.headers()


def test_json_bodies_that_are_not_objects_are_protocol_errors():
    for text in ("[1, 2]", "not json", '{"Event-Name": "X"'):
        with pytest.raises(EslProtocolError):
            event_from_frame("text/event-json", text).headers()
