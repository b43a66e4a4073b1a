"""Phone number normalisation to E.164 (via Google's libphonenumber port)."""
from __future__ import annotations

from functools import lru_cache

import phonenumbers

from ..errors import InvalidInput


def to_e164(raw: str, country: str) -> str:
    """Normalise a number as dialled or typed in `country` (ISO 3166 alpha-2) to E.164.

    "00" and "+" international prefixes are understood; raises InvalidInput for anything
    that is not a possible number.
    """
    text = raw.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, country.upper())
    except phonenumbers.NumberParseException as exc:
        raise InvalidInput(f"{raw!r} is not a phone number.") from exc
    if not phonenumbers.is_possible_number(parsed):
        raise InvalidInput(f"{raw!r} is not a possible phone number.")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def country_of(e164: str) -> str | None:
    parsed = phonenumbers.parse(e164, None)
    return phonenumbers.region_code_for_number(parsed)


@lru_cache(maxsize=4096)  # a live screen shows the same numbers at every push
def for_display(number: str | None, country: str) -> str:
    """How people in `country` write the number: national form for their own country's
    numbers (+4687778899 → 08-777 88 99 in Sweden), international form for others, and
    anything that is not an E.164 number (an extension, "anonymous") as it is. Stored
    numbers stay E.164; this is for showing only."""
    text = (number or "").strip()
    if not text.startswith("+"):
        return text
    try:
        parsed = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return text
    if not phonenumbers.is_valid_number(parsed):
        return text
    own = phonenumbers.region_code_for_number(parsed) == (country or "").upper()
    kind = (phonenumbers.PhoneNumberFormat.NATIONAL if own
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(parsed, kind)
