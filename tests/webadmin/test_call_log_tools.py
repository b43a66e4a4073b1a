"""The call log's tools (issue 15, item 12): search by number (as typed) or name, a date
filter, a spreadsheet-safe CSV export, and click-to-call through the API's call command."""
from __future__ import annotations

import csv
import datetime as dt
import io

from sqlalchemy import select

from vaxel.callcontrol.models import CallCommand, CommandAction
from vaxel.calls.events import CallDirection, CallResult
from vaxel.calls.models import CallLogEntry
from vaxel.calls.search import number_patterns

from .conftest import flashes

NOW = dt.datetime(2030, 5, 14, 10, 0, tzinfo=dt.timezone.utc)


def _calls(db, world):
    rows = [("+4687778899", "Kund AB", 0, CallResult.ANSWERED, world.a.user),
            ("+46701234567", "=HYPERLINK(\"http://evil\")", 1, CallResult.MISSED, None),
            ("+4531234567", "Dansk Kunde", 3, CallResult.ANSWERED, world.a.admin)]
    for n, (number, name, days_ago, result, user) in enumerate(rows):
        db.add(CallLogEntry(company_id=world.a.company, call_uuid=f"t-{n}", user_id=user,
                            direction=CallDirection.INCOMING, other_number=number,
                            other_name=name, started_at=NOW - dt.timedelta(days=days_ago),
                            ended_at=NOW, result=result, talk_seconds=30))
    db.add(CallLogEntry(company_id=world.b.company, call_uuid="t-b", user_id=None,
                        direction=CallDirection.INCOMING, other_number="+4687778899",
                        other_name="Beta's caller", started_at=NOW, ended_at=NOW,
                        result=CallResult.ANSWERED))
    db.flush()


def test_typed_numbers_find_stored_e164_numbers():
    assert "%4687778899%" not in number_patterns("08-777 88 99")
    assert number_patterns("08-777 88 99") == ["%087778899%", "%87778899%"]
    assert number_patterns("x") == []


def test_the_call_log_is_searched_by_number_name_and_days(portal, world, db):
    _calls(db, world)
    portal.login(world.a.admin_email)
    base = f"/companies/{world.a.company}/calls/"
    by_number = portal.get(base + "?q=08-777+88+99").text
    assert "Kund AB" in by_number and "Dansk Kunde" not in by_number
    assert "Beta's caller" not in by_number
    by_name = portal.get(base + "?q=dansk").text
    assert "Dansk Kunde" in by_name and "Kund AB" not in by_name
    by_user = portal.get(base + "?q=Alpha+User").text  # who took it
    assert "Kund AB" in by_user and "Dansk Kunde" not in by_user
    days = portal.get(base + "?from=2030-05-13&to=2030-05-14").text
    assert "Kund AB" in days and "070-123 45 67" in days and "Dansk Kunde" not in days
    assert 'value="2030-05-13"' in days  # the form keeps what was asked
    missed = portal.get(base + "?which=missed&q=070").text
    assert "070-123 45 67" in missed and "Kund AB" not in missed
    assert portal.get(base + "?from=not-a-day&q=%25").status_code == 200


def test_the_export_is_csv_that_no_spreadsheet_runs_as_a_formula(portal, world, db):
    _calls(db, world)
    portal.login(world.a.admin_email)
    response = portal.get(f"/companies/{world.a.company}/calls/export.csv?which=all")
    assert response.mimetype == "text/csv" and "attachment" in response.headers[
        "Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["started", "direction", "number"] and len(rows) == 4
    names = [r[3] for r in rows[1:]]
    assert "'=HYPERLINK(\"http://evil\")" in names and "Beta's caller" not in names
    assert any(r[4] == "Alpha User" for r in rows[1:])
    filtered = portal.get(f"/companies/{world.a.company}/calls/export.csv?q=dansk").data
    assert filtered.decode("utf-8-sig").count("\n") == 2


def test_click_to_call_rings_ones_own_phone_through_a_call_command(portal, world, db):
    _calls(db, world)
    portal.login(world.a.admin_email)
    page = portal.get(f"/companies/{world.a.company}/calls/").text
    assert 'class="inline call-back"' in page
    response = portal.post(f"/companies/{world.a.company}/calls/call",
                           {"number": "+4687778899"}, follow_redirects=True)
    assert "Your phone rings now; answer it to call 08-777 88 99." in flashes(response.text)
    command = db.scalar(select(CallCommand))
    assert command.action is CommandAction.CLICK_TO_CALL and command.company_id == world.a.company
    assert command.args == {"user_id": world.a.admin, "destination": "+4687778899"}
    assert command.requested_by == world.a.admin_email


def test_an_employee_calls_back_from_their_own_call_log(portal, world, db):
    _calls(db, world)
    portal.login(world.a.user_email)
    assert "call-back" in portal.get("/me/calls").text
    portal.post("/me/calls/call", {"number": "+4687778899; hangup"})  # refused, not dialled
    assert db.scalar(select(CallCommand)) is None
    portal.post("/me/calls/call", {"number": "+4687778899"})
    assert db.scalar(select(CallCommand)).args["user_id"] == world.a.user


def test_ops_without_a_phone_are_told_so(portal, world, db):
    portal.login(world.ops_email)
    response = portal.post(f"/companies/{world.a.company}/calls/call",
                           {"number": "+4687778899"}, follow_redirects=True)
    assert "You have no phone in this company to call from." in flashes(response.text)
    assert db.scalar(select(CallCommand)) is None
