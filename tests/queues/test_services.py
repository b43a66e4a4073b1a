"""Agents log in and out, supervisors log colleagues in and out, settings are checked."""
import datetime as dt

import pytest
from sqlalchemy import select

from tests.actors import SYSTEM
from tests.queues.fixtures import make_agents, make_company, make_queue
from vaxel.actor import Actor
from vaxel.errors import InvalidInput
from vaxel.people.models import Role
from vaxel.queues.errors import NotAllowed
from vaxel.queues.models import AgentSession, AgentState, QueueAgent, QueueMember
from vaxel.queues.services import add_member, configure_queue, log_in, log_out, set_away

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def team(db):
    company = make_company(db)
    anna, bo, sara = make_agents(db, company, ("2001", "2002", "2003"))
    support = make_queue(db, company, "Support", members=[anna, bo], logged_in=False)
    sales = make_queue(db, company, "Sales", members=[anna], logged_in=False)
    add_member(db, SYSTEM, support, sara, supervisor=True)
    return company, anna, bo, sara, support, sales


def test_an_agent_logs_in_to_all_their_queues_and_out_of_one(db, team):
    _, anna, *_, support, sales = team
    assert log_in(db, Actor.of_user(anna), anna.id, now=NOW).state is AgentState.AVAILABLE
    members = db.scalars(select(QueueMember).where(QueueMember.user_id == anna.id)).all()
    assert all(m.logged_in for m in members)
    agent = log_out(db, Actor.of_user(anna), anna.id, support.service_id, now=NOW)
    assert agent.state is AgentState.AVAILABLE  # still in Sales
    assert log_out(db, Actor.of_user(anna), anna.id, now=NOW).state is AgentState.LOGGED_OUT
    sessions = db.scalars(select(AgentSession).where(AgentSession.user_id == anna.id)).all()
    assert len(sessions) == 2 and all(s.ended_at == NOW for s in sessions)


def test_a_supervisor_logs_a_colleague_in_but_a_colleague_may_not(db, team):
    _, anna, bo, sara, support, _ = team
    sara_acts = Actor.of_user(sara)
    assert log_in(db, sara_acts, bo.id, support.service_id, now=NOW).state is AgentState.AVAILABLE
    with pytest.raises(NotAllowed):
        log_out(db, Actor.of_user(anna), bo.id, support.service_id, now=NOW)
    with pytest.raises(NotAllowed):  # Sara supervises Support, not Sales
        log_in(db, Actor.of_user(sara), anna.id, now=NOW)


def test_a_company_admin_may_change_any_agent(db, team):
    _, anna, bo, *_ = team
    bo.role = Role.ADMIN
    assert log_in(db, Actor.of_user(bo), anna.id, now=NOW).state is AgentState.AVAILABLE


def test_away_and_back_resets_missed_offers(db, team):
    _, anna, *_ = team
    log_in(db, Actor.of_user(anna), anna.id, now=NOW)
    assert set_away(db, Actor.of_user(anna), anna.id, True, now=NOW).state is AgentState.AWAY
    db.get(QueueAgent, anna.id).missed_in_row = 3
    agent = set_away(db, Actor.of_user(anna), anna.id, False, now=NOW)
    assert agent.state is AgentState.AVAILABLE and agent.missed_in_row == 0


def test_settings_are_checked(db, team):
    *_, support, _ = team
    from vaxel.switchboard.models import SwitchboardService
    service = db.get(SwitchboardService, support.service_id)
    with pytest.raises(InvalidInput):
        configure_queue(db, SYSTEM, service, ring_seconds=0)
    with pytest.raises(InvalidInput):
        configure_queue(db, SYSTEM, service, overflow_destination="nowhere")
    assert configure_queue(db, SYSTEM, service,
                           strategy="round_robin").strategy.value == "round_robin"
