"""The company dashboard: whether the switchboard is open (with the one-click open/close),
today's calls, and the company at a glance."""
from __future__ import annotations

from flask import g, render_template
from sqlalchemy import func, select

from vaxel.base import utcnow
from vaxel.calls.log import company_call_log
from vaxel.live.services import live_queues
from vaxel.models import PhoneNumber, SwitchboardService, User
from vaxel.people.services import user_names

from ..access import company_blueprint
from ..db import get_db
from ..schedules.services import current_status

bp = company_blueprint("dashboard", __name__)


def _count(model) -> int:
    return get_db().scalar(select(func.count()).where(model.company_id == g.company.id)) or 0


@bp.get("/")
def show() -> str:
    counts = {"Users": _count(User), "Numbers": _count(PhoneNumber),
              "Switchboard services": _count(SwitchboardService)}
    return render_template("dashboard/show.html", status=current_status(get_db(), g.company),
                           counts=counts, calls=company_call_log(get_db(), g.company.id, limit=8),
                           names=user_names(get_db(), g.company.id),
                           unattended=[q for q in live_queues(get_db(), g.company.id, utcnow())
                                       if q.unattended])
