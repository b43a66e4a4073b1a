"""A colleague's status on the board, from live calls and their calendar (pure)."""
from vaxel.colleagues.status import LiveLeg, Person, Status, call_status, colleague_status

ALEX = Person(1, "1000", frozenset({"1000", "1000-web"}))
DARIA = Person(2, "1001", frozenset({"1001", "1001-web"}))


def test_a_call_between_colleagues_has_both_on_a_call_once_answered():
    # Alex calls from the app; Daria's phone rings (her leg spoke last).
    ringing = [LiveLeg("1000-web", "1001", 2, "RINGING")]
    assert call_status(ALEX, ringing) is Status.ON_CALL  # his line is busy
    assert call_status(DARIA, ringing) is Status.RINGING
    # Answered, and Alex's own leg spoke last: Daria is known by the extension dialled.
    answered = [LiveLeg("1000-web", "1001", 1, "ACTIVE")]
    assert call_status(ALEX, answered) is call_status(DARIA, answered) is Status.ON_CALL


def test_a_colleague_with_no_live_call_is_available_or_in_a_meeting():
    others = [LiveLeg("+46701234567", "+46812345600", 3, "ACTIVE")]
    assert call_status(ALEX, others) is None
    assert colleague_status(None, in_meeting=False) is Status.AVAILABLE
    assert colleague_status(None, in_meeting=True) is Status.IN_MEETING
    assert colleague_status(Status.ON_CALL, in_meeting=True) is Status.ON_CALL
