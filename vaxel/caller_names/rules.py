"""Pure pieces of the caller look-up: the provider's address and answer, cache lifetimes."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

# A directory's "found" answers are kept a day, its "unknown" an hour; a failing directory
# is asked again after a minute (so a dead one costs each caller at most one timeout a minute).
FOUND_TTL = dt.timedelta(hours=24)
UNKNOWN_TTL = dt.timedelta(hours=1)
FAILED_TTL = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class CallerName:
    """Who is calling, and where we learnt it: "contacts", "directory", or "" (unknown)."""

    number: str
    name: str = ""
    organisation: str = ""
    source: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"number": self.number, "name": self.name, "organisation": self.organisation,
                "source": self.source}

    @property
    def display(self) -> str:
        """What fits a phone's caller-ID name line."""
        return (self.name or self.organisation)[:50]


def provider_url(template: str, number: str) -> str:
    """The directory's URL for `number`: {number} in the template, percent-encoded (+ too)."""
    return template.replace("{number}", quote(number, safe=""))


def parse_answer(number: str, status: int, payload: Any) -> CallerName:
    """A directory answers 200 with {"name": …, "organisation": …}, or 404 for unknown."""
    if status == 404 or not isinstance(payload, dict):
        return CallerName(number)
    name = str(payload.get("name") or "").strip()[:200]
    org = str(payload.get("organisation") or payload.get("organization") or "").strip()[:200]
    return CallerName(number, name, org, "directory" if name or org else "")


def is_lookup_worthy(number: str) -> bool:
    """Only outside numbers in E.164 are looked up (not extensions, not anonymous)."""
    return number.startswith("+") and number[1:].isdigit() and len(number) >= 8
