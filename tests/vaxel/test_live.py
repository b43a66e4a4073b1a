"""The live view's pure rules, and national number display (issue 15, items 10 and 12)."""
from __future__ import annotations

import pytest

from vaxel.live.rules import clock, unattended
from vaxel.numbers.e164 import for_display


def test_a_queue_with_callers_and_nobody_logged_in_is_unattended():
    assert unattended(waiting=2, logged_in=0)
    assert not unattended(waiting=2, logged_in=1)
    assert not unattended(waiting=0, logged_in=0)


@pytest.mark.parametrize("seconds, shown", [(7, "0:07"), (750, "12:30"), (3723, "1:02:03"),
                                            (-3, "0:00")])
def test_durations_read_like_a_clock(seconds, shown):
    assert clock(seconds) == shown


@pytest.mark.parametrize("number, country, shown", [
    ("+4687778899", "SE", "08-777 88 99"),
    ("+46701234567", "SE", "070-123 45 67"),
    ("+4531234567", "SE", "+45 31 23 45 67"),   # a foreign number stays international
    ("+4531234567", "DK", "31 23 45 67"),
    ("1001", "SE", "1001"),                     # an extension as it is
    ("anonymous", "SE", "anonymous"),
    ("", "SE", ""),
    (None, "SE", ""),
])
def test_numbers_are_shown_as_people_in_the_country_write_them(number, country, shown):
    assert for_display(number, country) == shown
