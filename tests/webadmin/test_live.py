"""The live view (issue 15, item 10): calls now, callers waiting per queue and for how
long, agents logged in, a warning for a queue nobody serves; its panel refreshes alone."""
from __future__ import annotations

import datetime as dt

from vaxel.actor import Actor
from vaxel.base import utcnow
from vaxel.callcontrol.models import LiveCallRow
from vaxel.queues import services as queues
from vaxel.queues.entries import join


def _calls_and_callers(db, world):
    now = utcnow()
    db.add(LiveCallRow(call_uuid="live-a", company_id=world.a.company, caller_number="+4687778899",
                       destination="1001", state="ACTIVE", user_id=world.a.user,
                       started_at=now - dt.timedelta(seconds=75)))
    db.add(LiveCallRow(call_uuid="live-b", company_id=world.b.company,
                       caller_number="+46705550000", destination="1001", state="ACTIVE",
                       started_at=now))
    join(db, world.a.service, "queued-a", "+46701234567", "Kund AB",
         now - dt.timedelta(seconds=130))
    db.flush()


def test_the_live_view_shows_calls_waiting_callers_and_warns_of_an_unserved_queue(
        portal, world, db):
    _calls_and_callers(db, world)
    portal.login(world.a.admin_email)
    page = portal.get(f"/companies/{world.a.company}/live/").text
    assert "08-777 88 99 → 1001" in page and "Alpha User" in page and "1:15" in page
    assert "070-123 45 67" in page and "Kund AB" in page and "2:10" in page
    assert "+46705550000" not in page and "070-555 00 00" not in page  # another company's
    assert "1 waiting in Alpha Sales and nobody is logged in." in page
    assert 'src="/static/live.js"' in page and 'data-src="/companies/' in page

    # An agent logs in: the warning goes, and the panel alone says so.
    queues.log_in(db, Actor.system(), world.a.admin, world.a.service)
    db.flush()
    panel = portal.get(f"/companies/{world.a.company}/live/panel")
    assert panel.status_code == 200 and panel.headers["Cache-Control"] == "no-store"
    assert "nobody is logged in" not in panel.text and "<html" not in panel.text
    assert "Alpha Admin" in panel.text and "Available" in panel.text


def test_the_live_view_is_in_swedish_too(portal, world, db):
    _calls_and_callers(db, world)
    portal.login(world.a.admin_email)
    portal.post("/language", {"language": "sv"})
    page = portal.get(f"/companies/{world.a.company}/live/").text
    assert "Samtal just nu" in page and "ingen är inloggad" in page


def test_the_overview_warns_of_an_unserved_queue_too(portal, world, db):
    _calls_and_callers(db, world)
    portal.login(world.a.admin_email)
    page = portal.get(f"/companies/{world.a.company}/dashboard/").text
    assert "1 waiting in Alpha Sales and nobody is logged in." in page
    assert f'href="/companies/{world.a.company}/live/"' in page
