"""The console's domain (vaxel.live): who may act on a live call or a waiting caller, the
wallboard's figures added up, and the NOTIFYs that feed the pushes (issue 17)."""
from __future__ import annotations

import datetime as dt
import select as io_select

import psycopg2
import pytest
from sqlalchemy import select

from tests.actors import SYSTEM, person
from vaxel.actor import Actor
from vaxel.base import utcnow
from vaxel.callcontrol.models import CallCommand, LiveCallRow
from vaxel.db import libpq_dsn
from vaxel.errors import Forbidden, InvalidInput, NotFound
from vaxel.live import actions
from vaxel.live.wallboard import board_figures, company_snapshot, create_link, link_of
from vaxel.models import Company, DeviceKind, User
from vaxel.people.services import add_sip_device
from vaxel.queues import services as queues
from vaxel.queues.entries import call_finished, join, leave, offer_answered
from vaxel.queues.matching import offer_to
from vaxel.queues.models import EntryOutcome, EntryState, QueueEntry


def _call(db, company: int, uuid: str) -> None:
    db.add(LiveCallRow(call_uuid=uuid, company_id=company, caller_number="+4687778899",
                       destination="1001", state="ACTIVE"))
    db.flush()


def test_only_a_companys_admins_act_on_its_calls(db, world):
    _call(db, world.a.company, "call-a")
    employee = person(world.a.company, world.a.user)
    with pytest.raises(Forbidden):
        actions.hang_up(db, employee, "call-a")
    with pytest.raises(Forbidden):
        actions.transfer(db, employee, "call-a", "1000")
    stranger = person(world.b.company, world.b.admin, is_admin=True)
    with pytest.raises(NotFound):
        actions.hang_up(db, stranger, "call-a")
    with pytest.raises(InvalidInput):  # the operator acts within one company, not all
        actions.hang_up(db, Actor(None, SYSTEM.role, "ops"), "call-a")
    assert db.scalars(select(CallCommand)).all() == []
    admin = person(world.a.company, world.a.admin, is_admin=True)
    assert actions.hang_up(db, admin, "call-a").args == {"call_id": "call-a"}


def test_taking_a_caller_needs_a_waiting_caller_of_ones_company_and_a_phone(db, world):
    now = utcnow()
    entry = join(db, world.a.service, "q-1", "+46701234567", "", now).entry_id
    with pytest.raises(Forbidden):
        actions.take_caller(db, person(world.a.company, world.a.user), entry, now)
    with pytest.raises(NotFound):
        actions.take_caller(db, person(world.b.company, world.b.admin, is_admin=True), entry, now)
    # The user behind the employee role has a phone; an admin without one cannot take.
    admin = person(world.a.company, world.a.admin, is_admin=True)
    with pytest.raises(InvalidInput, match="no phone"):
        actions.take_caller(db, admin, entry, now)
    add_sip_device(db, SYSTEM, db.get(Company, world.a.company), db.get(User, world.a.admin),
                   DeviceKind.DESK)
    actions.take_caller(db, admin, entry, now)
    db.expire_all()
    assert db.get(QueueEntry, entry).state is EntryState.OFFERED
    with pytest.raises(InvalidInput, match="no longer waiting"):
        actions.take_caller(db, admin, entry, now)


def test_a_wallboard_adds_its_queues_up_and_counts_each_agent_once():
    snapshot = {"queues": {
        "1": {"waiting": 2, "oldest": 100.0, "answered": 8, "abandoned": 1, "within": 6},
        "2": {"waiting": 1, "oldest": 50.0, "answered": 2, "abandoned": 0, "within": 2},
        "3": {"waiting": 9, "oldest": 10.0, "answered": 9, "abandoned": 9, "within": 0}},
        "agents": [{"state": "available", "queues": [1, 2]}, {"state": "on_call", "queues": [2]},
                   {"state": "away", "queues": [3]}]}
    figures = board_figures(snapshot, [1, 2])
    assert figures == {"waiting": 3, "oldest": 50.0, "answered": 10, "abandoned": 1,
                       "service_level": 80, "agents": {"available": 1, "ringing": 0,
                                                       "on_call": 1, "wrap_up": 0, "away": 0}}
    empty = board_figures(snapshot, [4])
    assert (empty["waiting"], empty["oldest"], empty["service_level"]) == (0, None, None)


def test_the_company_snapshot_has_todays_figures_and_waiting_callers(db, world):
    now = utcnow()
    q = world.a.service
    answered = join(db, q, "q-1", "+46701", "", now - dt.timedelta(seconds=50)).entry_id
    offer_to(db, world.a.company, q, answered, world.a.admin, now - dt.timedelta(seconds=40))
    offer_answered(db, answered, world.a.admin, now - dt.timedelta(seconds=40))
    call_finished(db, answered, now)
    gone = join(db, q, "q-2", "+46702", "", now - dt.timedelta(seconds=30)).entry_id
    leave(db, gone, EntryOutcome.ABANDONED, now)
    join(db, q, "q-3", "+46703", "", now - dt.timedelta(seconds=20))
    queues.log_in(db, SYSTEM, world.a.admin, q)
    db.flush()
    snapshot = company_snapshot(db, world.a.company, now)
    mine = snapshot["queues"][str(q)]
    assert (mine["waiting"], mine["answered"], mine["abandoned"]) == (1, 1, 1)
    assert mine["oldest"] == pytest.approx((now - dt.timedelta(seconds=20)).timestamp(), abs=1)
    assert str(world.b.service) not in snapshot["queues"]
    assert {"state": "wrap_up", "queues": [q]} in snapshot["agents"]  # after the call


def test_a_wallboard_token_is_found_by_its_hash_only(db, world):
    admin = person(world.a.company, world.a.admin, is_admin=True)
    new = create_link(db, admin, world.a.company, "Room", [world.a.service])
    assert link_of(db, new.token).id == new.link.id
    assert link_of(db, new.link.token_hash) is None and link_of(db, "") is None
    with pytest.raises(Forbidden):
        create_link(db, person(world.a.company, world.a.user), world.a.company, "R",
                    [world.a.service])
    with pytest.raises(NotFound):
        create_link(db, admin, world.a.company, "R", [world.b.service])
    with pytest.raises(InvalidInput):
        create_link(db, admin, world.a.company, "R", [])


def _listen(database_url: str):
    conn = psycopg2.connect(libpq_dsn(database_url))
    conn.autocommit = True
    conn.cursor().execute("LISTEN vaxel_live")
    return conn


def _heard(conn, timeout: float = 5.0) -> set[str]:
    if io_select.select([conn], [], [], timeout)[0]:
        conn.poll()
    payloads = {n.payload for n in conn.notifies}
    conn.notifies.clear()
    return payloads


def test_a_caller_joining_or_an_agent_moving_notifies_the_company(committed_db, database_url):
    from tests.webadmin.conftest import make_tenant
    with committed_db.begin() as session:
        tenant = make_tenant(session, "Notify")
    conn = _listen(database_url)
    try:
        _heard(conn, 0.2)
        with committed_db.begin() as session:
            join(session, tenant.service, "q-n", "+46701", "", utcnow())
        assert _heard(conn) == {str(tenant.company)}
        with committed_db.begin() as session:
            queues.log_in(session, SYSTEM, tenant.admin, tenant.service)
        assert str(tenant.company) in _heard(conn)
        with committed_db.begin() as session:  # the agent's state alone (queue_agent)
            session.execute(QueueEntry.__table__.update().values(caller_name="x")
                            .where(QueueEntry.id == -1))  # nothing: no notification
        assert _heard(conn, 0.3) == set()
        from vaxel.queues.models import AgentState, QueueAgent
        with committed_db.begin() as session:
            session.get(QueueAgent, tenant.admin).state = AgentState.AWAY
        assert _heard(conn) == {str(tenant.company)}
    finally:
        conn.close()
