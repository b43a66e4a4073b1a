"""Opening hours, the one-click open/close on the dashboard, and the call log screens."""
import datetime as dt
import re

from sqlalchemy import select

from vaxel.calls.events import CallDirection, CallResult
from vaxel.calls.models import CallLogEntry
from vaxel.models import AuditEntry, OpeningSchedule
from vaxel.schedules.services import opening


def _schedule(db, company_id) -> OpeningSchedule:
    db.expire_all()
    return db.scalar(select(OpeningSchedule).where(OpeningSchedule.company_id == company_id))


def test_one_click_close_from_the_dashboard_takes_effect_at_once(portal, world, db):
    portal.login(world.a.admin_email)
    c = world.a.company
    assert "The switchboard is open" in portal.get(f"/companies/{c}/dashboard/").text
    response = portal.post(f"/companies/{c}/hours/override", {"state": "closed", "back": "dashboard"})
    assert response.location.endswith(f"/companies/{c}/dashboard/")
    now = dt.datetime.now(dt.timezone.utc)
    assert not opening(db, c, None, now).state.open
    assert "The switchboard is closed" in portal.get(f"/companies/{c}/dashboard/").text
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "close"))
    assert entry.before["override"] is None and entry.after["override"]["open"] is False
    portal.post(f"/companies/{c}/hours/override/lift")
    assert opening(db, c, None, now).state.open


def test_close_until_a_time_in_the_companys_zone(portal, world, db):
    portal.login(world.a.admin_email)
    c = world.a.company
    portal.post(f"/companies/{c}/hours/override", {"state": "closed", "until": "2099-01-02T08:30"})
    until = _schedule(db, c).override.until
    assert until == dt.datetime(2099, 1, 2, 7, 30, tzinfo=dt.timezone.utc)  # Stockholm is UTC+1


def test_weekly_hours_exceptions_and_holidays(portal, world, db):
    portal.login(world.a.admin_email)
    c = world.a.company
    portal.post(f"/companies/{c}/hours/weekly", {"opens_0_0": "08:00", "closes_0_0": "12:00",
                                                 "opens_0_1": "13:00", "closes_0_1": "17:00"})
    portal.post(f"/companies/{c}/hours/holidays", {"year": "2030"})
    portal.post(f"/companies/{c}/hours/exceptions", {"day": "2030-08-01", "name": "Kick-off",
                                                     "opens": "09:00", "closes": "12:00"})
    schedule = _schedule(db, c)
    assert [(h.weekday, h.opens.hour, h.closes.hour) for h in schedule.hours] == [
        (0, 8, 12), (0, 13, 17)]
    days = {e.day: e for e in schedule.exceptions}
    assert dt.date(2030, 12, 25) in days and days[dt.date(2030, 8, 1)].opens.hour == 9
    portal.post(f"/companies/{c}/hours/exceptions/{days[dt.date(2030, 8, 1)].id}/delete",
                {"confirmed": "yes"})
    assert dt.date(2030, 8, 1) not in {e.day for e in _schedule(db, c).exceptions}


def _call(db, company_id, user_id, n, result=CallResult.ANSWERED):
    at = dt.datetime(2030, 1, 1, 10, tzinfo=dt.timezone.utc) + dt.timedelta(minutes=n)
    db.add(CallLogEntry(company_id=company_id, call_uuid=f"u-{company_id}-{n}",
                        direction=CallDirection.INCOMING, user_id=user_id,
                        other_number=f"+4670000{n:04d}", started_at=at, ended_at=at,
                        result=result, talk_seconds=65))
    db.flush()


def test_call_log_filters_and_pages(portal, world, db):
    for n in range(55):
        _call(db, world.a.company, world.a.user, n,
              CallResult.MISSED if n % 5 == 0 else CallResult.ANSWERED)
    portal.login(world.a.admin_email)
    base = f"/companies/{world.a.company}/calls/"
    first = portal.get(base).text
    assert "070-000 00 54" in first and "070-000 00 04" not in first and "Older" in first
    second = portal.get(base + "?page=2").text
    assert "070-000 00 04" in second and "Older" not in second
    missed = portal.get(base + "?which=missed").text
    assert "070-000 00 50" in missed and "070-000 00 51" not in missed
    assert "070-000 00 54" in portal.get(f"{base}users/{world.a.user}").text
    assert "No calls yet." in portal.get(f"{base}users/{world.a.admin}").text


def test_the_overviews_latest_calls_name_who_took_each_call(portal, world, db):
    _call(db, world.a.company, world.a.user, 1)
    portal.login(world.a.admin_email)
    page = portal.get(f"/companies/{world.a.company}/dashboard/").text
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*070-000 00 01.*?</tr>", page, re.S).group(0)
    assert "Alpha User" in row
