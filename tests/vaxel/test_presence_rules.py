from vaxel.people.models import ForwardKind
from vaxel.presence.rules import (ProfileView, accepts_queue_calls, direct_call_plan,
                                  outward_caller_id)
from vaxel.routing.destinations import Destination, DestinationKind as K


def test_work_profile_rings_then_voicemail():
    plan = direct_call_plan(ProfileView("1001", forward_after_seconds=25))
    assert plan.ring_seconds == 25 and plan.then == Destination(K.VOICEMAIL, "1001")


def test_meeting_profile_sends_direct_calls_on_at_once():
    view = ProfileView("1001", accept_direct=False, forward_kind=ForwardKind.USER,
                       forward_target="1000")
    assert direct_call_plan(view).ring_seconds == 0
    assert direct_call_plan(view).then == Destination(K.USER, "1000")


def test_forward_to_mobile_uses_the_users_mobile_number():
    view = ProfileView("1001", forward_kind=ForwardKind.MOBILE, mobile_number="+46701234567")
    assert direct_call_plan(view).then == Destination(K.EXTERNAL, "+46701234567")


def test_forward_to_mobile_without_a_mobile_falls_back_to_voicemail():
    view = ProfileView("1001", forward_kind=ForwardKind.MOBILE)
    assert direct_call_plan(view).then == Destination(K.VOICEMAIL, "1001")


def test_no_voicemail_means_an_unavailable_message():
    view = ProfileView("1001", voicemail_enabled=False)
    assert direct_call_plan(view).then == Destination(K.MESSAGE, "unavailable")


def test_queue_calls_follow_the_profile():
    assert accepts_queue_calls(ProfileView("1", accept_queue=True))
    assert not accepts_queue_calls(ProfileView("1", accept_queue=False))


def test_outward_caller_id_prefers_profile_then_company_and_can_be_hidden():
    assert outward_caller_id(ProfileView("1", caller_id_number="+4611"), "+4622") == "+4611"
    assert outward_caller_id(ProfileView("1"), "+4622") == "+4622"
    assert outward_caller_id(ProfileView("1", hide_caller_id=True), "+4622") is None


def test_destination_round_trips_its_stored_form():
    assert Destination.parse("user:1001") == Destination(K.USER, "1001")
    assert str(Destination.parse("hangup")) == "hangup"


def test_ringing_in_turn_shares_the_time_but_never_below_five_seconds():
    from vaxel.presence.rules import leg_seconds
    assert leg_seconds(20, 2, in_turn=False) == 20
    assert leg_seconds(20, 2, in_turn=True) == 10
    assert leg_seconds(20, 10, in_turn=True) == 5
