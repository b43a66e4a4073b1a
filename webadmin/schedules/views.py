"""Opening hours: the weekly hours, dated exceptions (holidays pre-filled), where closed
calls go, and the one-click open/close the dashboard shows too."""
from __future__ import annotations

import datetime as dt

from flask import flash, g, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from vaxel.errors import InvalidInput, NotFound
from vaxel.schedules.clock import zone
from vaxel.schedules.rules import WeeklyHours
from vaxel.schedules import services as schedules
from vaxel.schedules.services import company_schedule, unsaved_default_schedule

from .. import destinations, forms
from ..access import company_blueprint
from ..confirm import confirm_first
from ..db import get_db
from ..i18n import gettext
from . import services

bp = company_blueprint("schedules", __name__, path="hours")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WINDOWS_PER_DAY = 2


@bp.get("/")
def show() -> str:
    # Looking must not write: without a schedule the page shows the round-the-clock default.
    schedule = (company_schedule(get_db(), g.company, create=False)
                or unsaved_default_schedule(g.company))
    groups = destinations.choices(get_db(), g.company.id)
    windows = {d: [h for h in schedule.hours if h.weekday == d] for d in range(7)}
    return render_template("schedules/show.html", schedule=schedule, groups=groups,
                           weekdays=WEEKDAYS, windows=windows, per_day=WINDOWS_PER_DAY,
                           status=services.current_status(get_db(), g.company),
                           this_year=dt.date.today().year)


def _back() -> Response:
    target = "dashboard.show" if request.form.get("back") == "dashboard" else "schedules.show"
    return redirect(url_for(target), 303)


def _weekly_hours(form: MultiDict) -> list[WeeklyHours]:
    hours = []
    for day in range(7):
        for i in range(WINDOWS_PER_DAY):
            opens = forms.optional_time(form, f"opens_{day}_{i}")
            closes = forms.optional_time(form, f"closes_{day}_{i}")
            if (opens is None) != (closes is None):
                raise InvalidInput("Give both an opening and a closing time, or neither.")
            if opens is not None:
                hours.append(WeeklyHours(day, opens, closes))
    return hours


@bp.post("/weekly")
def save_weekly() -> Response:
    schedule = company_schedule(get_db(), g.company)
    schedules.set_weekly_hours(get_db(), g.actor, schedule, _weekly_hours(request.form))
    flash(gettext("The opening hours were saved."), "ok")
    return _back()


@bp.post("/exceptions")
def add_exception() -> Response:
    form = request.form
    day = forms.optional_date(form, "day")
    if day is None:
        raise InvalidInput("Choose the date.")
    schedules.add_exception(get_db(), g.actor, company_schedule(get_db(), g.company), day,
                            opens=forms.optional_time(form, "opens"),
                            closes=forms.optional_time(form, "closes"),
                            name=forms.text(form, "name"))
    flash(gettext("Saved."), "ok")
    return _back()


def _exception_text(exception_id: int) -> str:
    schedule = company_schedule(get_db(), g.company, create=False)
    found = next((e for e in (schedule.exceptions if schedule else ()) if e.id == exception_id),
                 None)
    if found is None:
        raise NotFound("No such special day.")
    return f"{found.day.isoformat()} {found.name or ''}".strip()


@bp.post("/exceptions/<int:exception_id>/delete")
@confirm_first("Remove this holiday or special day?", "Remove day",
               find=_exception_text)
def remove_exception(exception_id: int) -> Response:
    schedules.remove_exception(get_db(), g.actor, company_schedule(get_db(), g.company),
                               exception_id)
    return _back()


@bp.post("/holidays")
def prefill_holidays() -> Response:
    year = forms.whole_number(request.form, "year", 2000, 2100)
    added = schedules.prefill_public_holidays(get_db(), g.actor,
                                              company_schedule(get_db(), g.company),
                                              g.company.country, year)
    flash(gettext("%(count)s holidays were added.", count=len(added)), "ok")
    return _back()


@bp.post("/closed")
def save_closed_destination() -> Response:
    schedules.set_closed_destination(
        get_db(), g.actor, company_schedule(get_db(), g.company),
        destinations.read_destination(request.form, "", g.company.country))
    flash(gettext("Saved."), "ok")
    return _back()


@bp.post("/override")
def set_override() -> Response:
    """One click: open or close now, until lifted or until the time given."""
    form = request.form
    opening = form.get("state") == "open"
    until = forms.optional_local_datetime(form, "until", zone(g.company.timezone))
    schedules.set_override(get_db(), g.actor, company_schedule(get_db(), g.company), opening,
                           now=dt.datetime.now(dt.timezone.utc), until=until)
    flash(gettext("The switchboard is open.") if opening else
          gettext("The switchboard is closed."), "ok")
    return _back()


@bp.post("/override/lift")
def lift_override() -> Response:
    schedules.lift_override(get_db(), g.actor, company_schedule(get_db(), g.company))
    flash(gettext("The switchboard follows its opening hours again."), "ok")
    return _back()
