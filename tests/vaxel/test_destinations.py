"""The destination vocabulary: stored form, and the menu kinds added for IVR."""
import pytest

from vaxel.routing.destinations import Destination, DestinationKind


def test_menu_destination_round_trips():
    dest = Destination.parse("menu:12")
    assert dest == Destination(DestinationKind.MENU, "12")
    assert str(dest) == "menu:12"


def test_repeat_and_hangup_need_no_target():
    assert str(Destination.parse("repeat")) == "repeat"
    assert Destination.parse("hangup").target is None


def test_menu_without_target_is_refused():
    with pytest.raises(ValueError):
        Destination.parse("menu")
