"""Money as the portal shows and reads it: minor units (öre) inside, kronor outside."""
from __future__ import annotations

import re

from vaxel.errors import InvalidInput

from ..i18n import current_language

_AMOUNT = re.compile(r"^\d{1,7}(?:[.,]\d{1,2})?\Z")


def money(minor: int, currency: str = "SEK") -> str:
    """1234500 → "12,345.00 SEK" (English) or "12 345,00 SEK" (Swedish)."""
    text = f"{minor / 100:,.2f}"
    if current_language() == "sv":
        text = text.replace(",", " ").replace(".", ",")
    return f"{text} {currency}"


def read_amount(raw: str) -> int | None:
    """Typed kronor ("99", "99,50", "99.5") as öre; empty means no price."""
    text = raw.strip().replace(" ", "")
    if not text:
        return None
    if not _AMOUNT.match(text):
        raise InvalidInput("Write the price in kronor, like 99 or 99,50.")
    whole, _, fraction = text.replace(",", ".").partition(".")
    return int(whole) * 100 + int((fraction + "00")[:2])
