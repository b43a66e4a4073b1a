"""ISO 8601 instants from query strings, as PostgreSQL can store them."""
import datetime as dt

import pytest

from vaxel.base import parse_instant

UTC = dt.timezone.utc


@pytest.mark.parametrize("text, expected", [
    ("2030-03-01T12:00:00Z", dt.datetime(2030, 3, 1, 12, tzinfo=UTC)),
    ("2030-03-01T12:00:00", dt.datetime(2030, 3, 1, 12, tzinfo=UTC)),  # no offset: UTC
    # PostgreSQL refuses offsets beyond ±15:59; as UTC any offset Python reads is fine.
    ("2000-01-01T00:00:00+16:00", dt.datetime(1999, 12, 31, 8, tzinfo=UTC)),
])
def test_instants_come_back_in_utc(text, expected):
    value = parse_instant(text)
    assert value == expected and value.tzinfo == UTC


@pytest.mark.parametrize("text", ["yesterday", "", "0001-01-01T00:00:00+05:00"])
def test_what_is_no_storable_instant_is_a_value_error(text):
    with pytest.raises(ValueError):
        parse_instant(text)
