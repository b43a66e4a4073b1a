import pytest

from vaxel.errors import InvalidInput
from vaxel.numbers.e164 import country_of, to_e164


@pytest.mark.parametrize("raw,country,expected", [
    ("08-123 456 00", "SE", "+46812345600"),
    ("0046 8 123 456 00", "SE", "+46812345600"),
    ("+45 32 12 34 56", "SE", "+4532123456"),
    ("22 12 34 56", "NO", "+4722123456"),
])
def test_numbers_normalise_to_e164(raw, country, expected):
    assert to_e164(raw, country) == expected


@pytest.mark.parametrize("raw", ["", "abc", "12", "${system(ls)}"])
def test_non_numbers_are_refused(raw):
    with pytest.raises(InvalidInput):
        to_e164(raw, "SE")


def test_country_of_number():
    assert country_of("+4532123456") == "DK"
