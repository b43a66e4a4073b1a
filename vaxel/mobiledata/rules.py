"""Mobile data decisions, pure: may a user top up now and who pays, and how much of the
month's data is left."""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from zoneinfo import ZoneInfo

# Package name → megabytes a month.
PACKAGES: dict[str, int] = {"1gb": 1024, "5gb": 5 * 1024, "20gb": 20 * 1024, "50gb": 50 * 1024}


class Payer(str, enum.Enum):
    COMPANY = "company"
    PRIVATE_CARD = "private_card"


@dataclass(frozen=True)
class TopUpDecision:
    allowed: bool
    payer: Payer | None
    reason: str  # why not, or which rule applied


def may_top_up(*, has_package: bool, company_paid_this_month: int, limit: int,
               private_card: bool) -> TopUpDecision:
    """Within `limit` company-paid top-ups a month the company pays; past it the user may
    go on buying only with a private card."""
    if not has_package:
        return TopUpDecision(False, None, "The user has no data package.")
    if company_paid_this_month < limit:
        return TopUpDecision(True, Payer.COMPANY, "Within the company's monthly limit.")
    if private_card:
        return TopUpDecision(True, Payer.PRIVATE_CARD, "Past the limit: paid by private card.")
    return TopUpDecision(False, None,
                         "The company's top-ups for this month are used up; pay with a private card.")


@dataclass(frozen=True)
class UsageSummary:
    allowance_mb: int
    topped_up_mb: int
    used_mb: int

    @property
    def total_mb(self) -> int:
        return self.allowance_mb + self.topped_up_mb

    @property
    def remaining_mb(self) -> int:
        return max(0, self.total_mb - self.used_mb)

    @property
    def used_percent(self) -> int:
        return 100 if not self.total_mb else min(100, round(100 * self.used_mb / self.total_mb))


def month_bounds(instant: dt.datetime, timezone: str) -> tuple[dt.datetime, dt.datetime]:
    """The local calendar month around `instant`, as aware instants [start, end)."""
    local = instant.astimezone(ZoneInfo(timezone))
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return start, end.replace(tzinfo=ZoneInfo(timezone))
