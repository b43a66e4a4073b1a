"""Instants shown in the company's own time zone (stored in UTC)."""
from __future__ import annotations

import datetime as dt

from flask import g

from vaxel.models import Company
from vaxel.schedules.clock import zone

from .db import get_db

DEFAULT_ZONE = "Europe/Stockholm"


def _zone_name() -> str:
    company = g.get("company")
    if company is None and g.get("account") is not None and g.account.company_id:
        company = get_db().get(Company, g.account.company_id)
    return company.timezone if company is not None else DEFAULT_ZONE


def local_time(instant: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if instant is None:
        return ""
    return instant.astimezone(zone(_zone_name())).strftime(fmt)
