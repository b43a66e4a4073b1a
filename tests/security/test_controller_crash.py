"""Killing the controller mid-call (FreeSWITCH double): a bridged call stays up with no BYE,
a caller waiting on the controller reaches the dialplan's fallback, a new call while it is
down gets the fallback, and a restarted controller sees exactly the live calls and drives
none of them."""
from __future__ import annotations

import time

import gevent
from sqlalchemy import select

from tests.fsdouble import CallScript
from tests.security.crashing import crash, place
from vaxel.calls.models import CallLogEntry


def wait_until(condition, seconds=5.0):
    with gevent.Timeout(seconds, AssertionError("not within %ss" % seconds)):
        while not condition():
            gevent.sleep(0.02)


def test_a_bridged_call_survives_the_crash_and_the_restart(double, start, company, committed_db):
    first = start()
    call = place(double, first, company, CallScript(digits={"play_and_get_digits": ["2"]},
                                                    talk_time=1.5))
    wait_until(lambda: call.bridged)
    assert "resume" in [c.command for c in call.commands]
    sent_before = len(call.commands)
    crash(first)
    gevent.sleep(0.3)
    assert not call.hungup, "the crash hung the bridged call up"
    second = start()
    wait_until(lambda: call.uuid in second.live)
    assert [c.uuid for c in second.live.all()] == [call.uuid]  # exactly the live calls
    assert call.ended.wait(5)
    assert call.cause == "NORMAL_CLEARING"  # the callee hung up; nobody else did
    assert len(call.commands) == sent_before  # the new controller repeated nothing
    assert not any(line.startswith(("api uuid_kill", "api uuid_transfer", "bgapi originate"))
                   for line in double.command_log)
    wait_until(lambda: _logged(committed_db, call.uuid) == 1)
    gevent.sleep(0.2)
    assert _logged(committed_db, call.uuid) == 1


def test_a_caller_waiting_on_the_controller_reaches_the_fallback(double, start, company):
    ctl = start()
    call = place(double, ctl, company, CallScript(prompt_time=0.8))
    wait_until(lambda: call.leg is not None and call.leg.running_app == "play_and_get_digits")
    crashed_at = time.monotonic()
    crash(ctl)
    assert call.ended.wait(5)
    assert call.cause == "NORMAL_TEMPORARY_FAILURE"  # the action after `socket`
    assert time.monotonic() - crashed_at < 2.0  # the prompt ran out, then the fallback


def test_a_new_call_while_the_controller_is_down_gets_the_fallback(double, start, company):
    ctl = start()
    address = ctl.outbound.address
    crash(ctl)
    call = double.place_call(address, variables={"vaxel_company_id": str(company["id"])})
    assert call.ended.wait(5)
    assert call.cause == "NORMAL_TEMPORARY_FAILURE"


def _logged(committed_db, uuid: str) -> int:
    with committed_db() as s:
        return len(s.scalars(select(CallLogEntry).where(CallLogEntry.call_uuid == uuid)).all())
