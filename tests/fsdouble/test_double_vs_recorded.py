"""The double against calls recorded on the real FreeSWITCH (tests/captures/freeswitch/
recorded, made by scripts/record_traces.py): each recorded journey is placed on the double
with the same stimuli, and the controller must receive the same events (differential.py).
Fast: no FreeSWITCH needed. The live version is tests/integration/
test_double_differential_freeswitch.py."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.shared import freeswitch_captures
from vaxel.demo import load_demo
from vaxel.numbers.models import PhoneNumber

from . import differential
from .call import CallScript
from .differential_run import record_double_call, run_on_double

RECORDED = freeswitch_captures() / "recorded"
JOURNEYS = sorted(p.name[:-len("-outbound.trace")] for p in RECORDED.glob("*-outbound.trace"))
DOMAIN = "127.0.0.1"  # the recording harness's company domain (tests/integration/harness.py)


@pytest.fixture
def demo(committed_db):
    with committed_db.begin() as session:
        load_demo(session, DOMAIN)
    return committed_db


def variables_here(recorded, session_factory) -> dict[str, str]:
    """The recording's channel variables, with this database's ids for its company and the
    service its number rings (the recording's own ids belong to another database)."""
    variables = differential.channel_variables(recorded)
    number = differential.channel_data(recorded)["Caller-Destination-Number"]
    with session_factory() as session:
        row = session.scalar(select(PhoneNumber).where(PhoneNumber.e164 == number))
    assert row is not None, f"no {number} in the demo company"
    variables["vaxel_company_id"] = str(row.company_id)
    if variables.get("vaxel_destination", "").startswith("service:"):
        variables["vaxel_destination"] = f"service:{row.service_id}"
    return variables


def test_recordings_are_there():
    assert {"ivr-to-colleague", "hangup-mid-prompt", "ivr-to-offline-colleague"} <= set(JOURNEYS)


@pytest.mark.parametrize("journey", JOURNEYS)
def test_the_double_gives_the_controller_what_freeswitch_gave_it(journey, demo, tmp_path):
    real_out = RECORDED / f"{journey}-outbound.trace"
    real_in = RECORDED / f"{journey}-inbound.trace"
    ours = run_on_double(real_out, demo, tmp_path, variables_here(real_out, demo))
    differential.assert_same(real_out, real_in, ours.outbound, ours.inbound)


def test_the_comparison_sees_a_call_that_went_differently(demo, tmp_path):
    """The differential itself: a call replayed from its own recording is the same; the
    same call with another key pressed is not."""
    with demo() as session:
        number = session.scalar(select(PhoneNumber).where(PhoneNumber.service_id.is_not(None)))
        facts = dict(caller="+46701234599", caller_name="", destination=number.e164,
                     context="public",
                     variables={"vaxel_company_id": str(number.company_id),
                                "vaxel_destination": f"service:{number.service_id}",
                                "vaxel_intent": "inbound", "hangup_after_bridge": "true"})
    keyed_2 = record_double_call(demo, tmp_path / "2", **facts, script=CallScript(
        digits={"play_and_get_digits": ["2"]}, talk_time=30, hangup_after=1.0))
    again = run_on_double(keyed_2.outbound, demo, tmp_path / "again")
    assert differential.differences(keyed_2.outbound, keyed_2.inbound,
                                    again.outbound, again.inbound) == []
    keyed_9 = record_double_call(demo, tmp_path / "9", **facts, script=CallScript(
        digits={"play_and_get_digits": ["9", ""]}, hangup_during="play_and_get_digits",
        hangup_on=2, hangup_delay=0.05))
    assert differential.differences(keyed_2.outbound, keyed_2.inbound,
                                    keyed_9.outbound, keyed_9.inbound)


def _fs_frames(data: bytes) -> list[bytes]:
    """FreeSWITCH's side of a call's socket, cut into whole frames (head, blank line, body
    of Content-Length bytes)."""
    found, pos = [], 0
    while pos < len(data):
        end = data.index(b"\n\n", pos) + 2
        length = next((int(line.split(b": ", 1)[1]) for line in data[pos:end].split(b"\n")
                       if line.startswith(b"Content-Length: ")), 0)
        found.append(data[pos:end + length])
        pos = end + length
    return found


def test_a_linger_notice_before_the_hangup_event_is_the_same_call(tmp_path):
    """FreeSWITCH's socket loop sends the linger notice the moment the channel is down; the
    CHANNEL_HANGUP may still be in its event queue (seen once in CI on hangup-mid-prompt).
    The same call with the two swapped must read the same."""
    from tests.fsdouble.recorder import Trace
    from tests.fsdouble.traces import chunks_at

    recorded = RECORDED / "hangup-mid-prompt-outbound.trace"
    chunks = chunks_at(recorded)
    fs_frames = _fs_frames(b"".join(c.data for c in chunks if c.sender == "fs"))
    hangup = next(i for i, f in enumerate(fs_frames) if b"Event-Name: CHANNEL_HANGUP\n" in f)
    notice = next(i for i, f in enumerate(fs_frames) if b"text/disconnect-notice" in f)
    assert hangup < notice
    swapped = (fs_frames[:hangup] + [fs_frames[notice]] + fs_frames[hangup:notice]
               + fs_frames[notice + 1:])
    trace = Trace(tmp_path / "swapped.trace")
    for chunk in chunks:
        if chunk.sender != "fs":
            trace.write(f"{chunk.sender}->{chunk.receiver}", chunk.data)
    for frame in swapped:
        trace.write("fs->controller", frame)
    trace.close()
    assert differential.outbound_view(trace.path) == differential.outbound_view(recorded)
    assert ("hangup", "NORMAL_CLEARING") in differential.outbound_view(trace.path)
