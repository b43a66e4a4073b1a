import datetime as dt

from vaxel.callflow.commands import (Bridge, BridgeResult, DialTarget, Handover, Hangup, Play,
                                     Prompt)
from vaxel.callflow.context import CallContext, Person
from vaxel.callflow.dispatch import MAX_HOPS, route_call
from vaxel.callflow.driver import CallEnded, drive
from vaxel.people.models import ForwardKind
from vaxel.presence.rules import ProfileView
from vaxel.routing.destinations import Destination, DestinationKind as K


class FakeLookups:
    def __init__(self, people=(), services=None):
        self.people = {p.profile.extension: p for p in people}
        self.services = services or {}

    def person(self, company_id, extension):
        return self.people.get(extension)

    def service_kind(self, company_id, service_id):
        return self.services.get(service_id)

    def prompt(self, company_id, name):
        return Prompt(text=name)


def person(ext, **profile):
    return Person(int(ext), f"User {ext}", ProfileView(ext, **profile),
                  (DialTarget("sip", f"{ext}@acme.example"),))


def ctx(destination):
    return CallContext("uuid-1", 1, "+46701234567", "Caller", destination,
                       dt.datetime(2026, 11, 28, 10, tzinfo=dt.timezone.utc))


def run(destination, call_data, outcomes=(), service_flows=None):
    """Drive a call; Bridge commands get the outcomes given in order."""
    outcomes, seen = list(outcomes), []

    def perform(cmd):
        seen.append(cmd)
        if isinstance(cmd, Bridge):
            return outcomes.pop(0)
        return None
    drive(route_call(ctx(destination), call_data, service_flows), perform)
    return seen


def test_answered_call_ends_the_flow():
    seen = run(Destination(K.USER, "1001"), FakeLookups([person("1001")]), [BridgeResult(True)])
    assert len(seen) == 1 and seen[0].timeout_seconds == 20


def test_no_answer_goes_to_the_users_voicemail():
    seen = run(Destination(K.USER, "1001"), FakeLookups([person("1001")]),
               [BridgeResult(False, "NO_ANSWER")])
    assert seen[-1] == Handover("voicemail", "1001")


def test_busy_forwards_to_a_colleague_who_answers():
    call_data = FakeLookups([person("1001", forward_kind=ForwardKind.USER, forward_target="1002"),
                           person("1002")])
    seen = run(Destination(K.USER, "1001"), call_data,
               [BridgeResult(False, "USER_BUSY"), BridgeResult(True)])
    assert [c.targets[0].address for c in seen] == ["1001@acme.example", "1002@acme.example"]


def test_forwarding_loop_gives_up_with_a_message():
    call_data = FakeLookups([person("1001", forward_kind=ForwardKind.USER, forward_target="1002"),
                           person("1002", forward_kind=ForwardKind.USER, forward_target="1001")])
    seen = run(Destination(K.USER, "1001"), call_data, [BridgeResult(False, "NO_ANSWER")] * MAX_HOPS)
    assert sum(isinstance(c, Bridge) for c in seen) == MAX_HOPS
    assert isinstance(seen[-2], Play) and seen[-1] == Hangup()


def test_caller_hanging_up_while_ringing_stops_everything():
    seen = run(Destination(K.USER, "1001"), FakeLookups([person("1001")]),
               [BridgeResult(False, "ORIGINATOR_CANCEL")])
    assert len(seen) == 1


def test_unknown_extension_hears_a_message():
    seen = run(Destination(K.USER, "1999"), FakeLookups())
    assert seen == [Play(Prompt(text="invalid_extension")), Hangup()]


def test_services_without_a_flow_are_handed_over_and_with_one_run_it():
    call_data = FakeLookups(services={7: "queue", 8: "ivr"})
    assert run(Destination(K.SERVICE, "7"), call_data) == [Handover("queue", "7")]

    def ivr(ctx, call_data, target):
        yield Play(Prompt(text=f"menu {target}"))
        return Destination(K.HANGUP)
    seen = run(Destination(K.SERVICE, "8"), call_data, service_flows={"ivr": ivr})
    assert seen == [Play(Prompt(text="menu 8")), Hangup()]


def test_perform_raising_call_ended_closes_the_flow():
    closed = []

    def flow():
        try:
            yield Play(Prompt(text="a"))
            yield Play(Prompt(text="b"))
        finally:
            closed.append(True)

    def perform(cmd):
        raise CallEnded()
    drive(flow(), perform)
    assert closed == [True]
