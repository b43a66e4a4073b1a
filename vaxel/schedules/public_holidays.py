"""Nordic public holidays (from the `holidays` package) to pre-fill schedule exceptions."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import holidays

from ..errors import InvalidInput

# Language of the holiday names, and the extra category of days most offices also close
# (Swedish and Danish eves: Midsommarafton, Julafton, Nyårsafton, Juleaftensdag…).
_NORDIC: dict[str, tuple[str, str | None]] = {
    "SE": ("sv", "de_facto"),
    "DK": ("da", "optional"),
    "NO": ("no", None),
    "FI": ("fi", None),
}


@dataclass(frozen=True)
class Holiday:
    day: dt.date
    name: str
    eve: bool = False  # a de facto day off rather than a statutory holiday


def public_holidays(country: str, year: int, *, include_eves: bool = True) -> list[Holiday]:
    """The year's holidays in a Nordic country (SE, DK, NO, FI), sorted by date."""
    try:
        language, eve_category = _NORDIC[country.upper()]
    except KeyError:
        raise InvalidInput(f"No holiday calendar for {country!r}; use SE, DK, NO or FI.") from None
    found = {d: Holiday(d, n) for d, n in _calendar(country, year, language, "public").items()}
    if include_eves and eve_category:
        for day, name in _calendar(country, year, language, eve_category).items():
            found.setdefault(day, Holiday(day, name, eve=True))
    return sorted(found.values(), key=lambda h: h.day)


def _calendar(country: str, year: int, language: str, category: str) -> dict[dt.date, str]:
    days = holidays.country_holidays(country.upper(), years=year, language=language,
                                     categories=(category,))
    return dict(days.items())
