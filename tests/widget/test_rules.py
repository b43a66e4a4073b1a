"""The widget's input checks (pure): nothing but #rrggbb reaches the CSS, origins are
compared exactly as browsers send them, visitors' names are plain."""
from __future__ import annotations

import datetime as dt

import pytest

from vaxel.errors import InvalidInput
from vaxel.schedules.rules import ScheduleView, WeeklyHours
from vaxel.widget import rules
from vaxel.widget.hours import now_and_next


@pytest.mark.parametrize("value", ["#1D4ed8", " #000000 "])
def test_a_colour_is_rrggbb(value):
    assert rules.colour(value) == value.strip().lower()


@pytest.mark.parametrize("value", [
    "red", "#fff", "#1d4ed8;background:url(x)", "#1d4ed8}", "expression(alert(1))",
    "#12345g", "#1d4ed8 !important", ""])
def test_anything_else_is_refused_before_it_reaches_the_css(value):
    with pytest.raises(InvalidInput) as refused:
        rules.colour(value)
    assert refused.value.field == "colour"


@pytest.mark.parametrize("typed, stored", [
    ("https://www.Example.se/", "https://www.example.se"),
    ("https://shop.example.se:443", "https://shop.example.se"),
    ("http://127.0.0.1:8123", "http://127.0.0.1:8123"),
])
def test_origins_are_stored_as_browsers_send_them(typed, stored):
    assert rules.origin(typed) == stored


@pytest.mark.parametrize("typed", [
    "www.example.se", "https://*.example.se", "https://example.se/path", "ftp://example.se",
    "javascript:alert(1)", "https://user@example.se", "https://example.se?x=1",
    "https://example.se:port"])
def test_an_origin_with_more_or_less_than_scheme_host_port_is_refused(typed):
    with pytest.raises(InvalidInput):
        rules.origin(typed)


def test_origins_one_a_line_without_repeats():
    assert rules.origins("https://a.se\nhttps://a.se/ https://b.se,") == [
        "https://a.se", "https://b.se"]


def test_only_an_exact_origin_is_allowed():
    allow = ["https://www.example.se"]
    assert rules.allowed("https://www.example.se", allow)
    for sent in (None, "", "null", "https://www.example.se.evil.com", "http://www.example.se",
                 "https://example.se"):
        assert not rules.allowed(sent, allow)


@pytest.mark.parametrize("name", ["Åsa Öberg", "Anne-Marie O'Neil", "Jean Dupont, Jr."])
def test_visitor_names(name):
    assert rules.visitor_name("  " + name + " ") == name


@pytest.mark.parametrize("name", ["", "<script>", "=cmd|' /C calc'!A0", "x" * 81, "12345"])
def test_markup_formulas_and_empties_are_not_names(name):
    with pytest.raises(InvalidInput):
        rules.visitor_name(name)


def test_retention_bounds():
    assert rules.retention(30) == 30
    for days in (0, 3651):
        with pytest.raises(InvalidInput):
            rules.retention(days)


WEEKDAYS_8_TO_17 = ScheduleView("Europe/Stockholm", weekly=tuple(
    WeeklyHours(d, dt.time(8), dt.time(17)) for d in range(5)))


def test_open_now_closes_at_five_then_opens_next_morning():
    monday_noon = dt.datetime(2026, 12, 7, 11, tzinfo=dt.timezone.utc)  # 12:00 local
    hours = now_and_next(WEEKDAYS_8_TO_17, monday_noon)
    assert hours.open and hours.until == dt.datetime(2026, 12, 7, 16, tzinfo=dt.timezone.utc)
    assert hours.next_open is False
    assert hours.next_until == dt.datetime(2026, 12, 8, 7, tzinfo=dt.timezone.utc)


def test_closed_at_the_weekend_opens_monday_until_five():
    saturday = dt.datetime(2026, 12, 5, 11, tzinfo=dt.timezone.utc)
    hours = now_and_next(WEEKDAYS_8_TO_17, saturday)
    assert not hours.open and hours.until == dt.datetime(2026, 12, 7, 7, tzinfo=dt.timezone.utc)
    assert hours.next_open and hours.next_until == dt.datetime(2026, 12, 7, 16,
                                                                tzinfo=dt.timezone.utc)


def test_no_schedule_is_always_open_with_no_change():
    hours = now_and_next(None, dt.datetime(2026, 12, 5, tzinfo=dt.timezone.utc))
    assert hours.open and hours.until is None and hours.next_open is None
