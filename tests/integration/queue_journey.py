"""The queue journeys' set-up on the real FreeSWITCH, shared by the modules that call into
the demo's sales queue (test_journey_queues, test_console_freeswitch): its own number and
carrier trunk, fast settings, Dennis's password, a controller of its own, and everything put
back afterwards. Module-scoped fixtures: a module that imports them gets its own set."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import delete, select, text

from . import processes
from .agents import SippCall, wait_until
from .harness import DOMAIN, TRUNK_ADDRESS
QUEUE_NUMBER = "+46812345699"  # a number of the sales queue's own, for these tests
CUSTOMER = "+46701234567"
GATEWAY = "q-carrier"
# The carrier's side that takes calls out of the switch (the gateway's proxy).
TRUSTED_CARRIER = TRUNK_ADDRESS
AGENTS = ("1001", "1002")  # Daria and Dennis, members of the demo's sales queue
AGENT_PASSWORD = "Queue-agent-1002-pw"  # Dennis's, set by this module (the harness knows 1000/1001)
MARK = "queue journeys"  # names the rows this module adds
# Fast enough for a test, as a company could set them.
SETTINGS = dict(strategy="ordered", ring_seconds=5, wrapup_seconds=2, max_missed_offers=0,
                announce_every_seconds=20, callback_enabled=True, callback_attempts=1)
AGENT_COLUMNS = ("state", "state_since", "idle_since", "wrapup_until", "missed_in_row",
                 "calls_day", "calls_today")


@pytest.fixture(scope="module")
def db(fs_database_url):
    from vaxel.db import make_engine, make_session_factory

    engine = make_engine(fs_database_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def sales(db, test_company):
    """The sales queue set up for the journeys (a number of its own, quick settings, a
    trunk for the carrier, a webhook endpoint so agent.state_changed is written, a known
    SIP password for 1002); everything is put back afterwards."""
    from vaxel.people.models import User
    from vaxel.switchboard.models import SwitchboardService
    from vaxel.tenancy.models import Company

    passwords = {**test_company.passwords, "1002": AGENT_PASSWORD}
    with db.begin() as session:
        company = session.scalar(select(Company).where(Company.sip_domain == DOMAIN))
        service = session.scalar(select(SwitchboardService).where(
            SwitchboardService.company_id == company.id, SwitchboardService.name == "Sales"))
        users = {u.extension: u.id for u in session.scalars(select(User).where(
            User.company_id == company.id, User.extension.in_(("1000", *AGENTS))))}
        saved = _set_up(session, company, service, [users[e] for e in AGENTS])
    yield dict(company_id=company.id, queue_id=service.id, users=users, passwords=passwords)
    with db.begin() as session:
        _put_back(session, service.id, saved)


def _set_up(session, company, service, agent_ids: list[int]) -> dict:
    """Change the demo company for the journeys; returns what it was."""
    from vaxel.credentials import a1_hash
    from vaxel.numbers.models import Trunk
    from vaxel.actor import Actor
    from vaxel.numbers.services import add_number
    from vaxel.people.models import Device
    from vaxel.queues.models import QueueAgent, QueueSettings
    from vaxel.webhooks.models import WebhookEndpoint

    queue = session.get(QueueSettings, service.id)
    device = session.scalar(select(Device).where(Device.company_id == company.id,
                                                 Device.sip_username == "1002"))
    agents = session.scalars(select(QueueAgent).where(QueueAgent.user_id.in_(agent_ids)))
    saved = {"settings": {name: getattr(queue, name) for name in SETTINGS},
             "a1_hash": (device.id, device.a1_hash),
             "agents": {a.user_id: {c: getattr(a, c) for c in AGENT_COLUMNS} for a in agents}}
    for name, value in SETTINGS.items():
        setattr(queue, name, value)
    device.a1_hash = a1_hash("1002", DOMAIN, AGENT_PASSWORD)
    add_number(session, Actor.system(), company, QUEUE_NUMBER, service=service)
    session.add(Trunk(company_id=company.id, name=MARK, gateway=GATEWAY,
                      source_addresses=[f"{TRUNK_ADDRESS}/32"], priority=10))
    session.add(WebhookEndpoint(company_id=company.id, url="https://hooks.example.invalid/q",
                                secret="queue-journeys-secret", events=["agent.state_changed"],
                                description=MARK))
    return saved


def _put_back(session, queue_id: int, saved: dict) -> None:
    from vaxel.numbers.models import PhoneNumber, Trunk
    from vaxel.people.models import Device
    from vaxel.queues.models import QueueAgent, QueueSettings
    from vaxel.webhooks.models import WebhookEndpoint

    _assign(session.get(QueueSettings, queue_id), saved["settings"])
    device_id, a1 = saved["a1_hash"]
    session.get(Device, device_id).a1_hash = a1
    for user_id, columns in saved["agents"].items():  # counters, misses, idle time
        _assign(session.get(QueueAgent, user_id), columns)
    session.execute(delete(PhoneNumber).where(PhoneNumber.e164 == QUEUE_NUMBER))
    session.execute(delete(Trunk).where(Trunk.name == MARK))
    session.execute(delete(WebhookEndpoint).where(WebhookEndpoint.description == MARK))


def _assign(row, values: dict) -> None:
    for name, value in values.items():
        setattr(row, name, value)


@pytest.fixture(scope="module")
def controller(freeswitch, fs_env, fs_database_url, sales, xmlcurl_service, tmp_path_factory):
    env = {**fs_env, "DATABASE_URL": fs_database_url, "VAXEL_LOG_FORMAT": "json",
           "VAXEL_FS_CONF_DIR": str(freeswitch.root / "conf")}
    with processes.controller(env, tmp_path_factory.mktemp("queue-controller")) as log:
        yield log


class Queue:
    """The sales queue's rows, read and changed as the portal would."""

    def __init__(self, db, sales):
        self.db, self.sales = db, sales
        self.company_id, self.queue_id = sales["company_id"], sales["queue_id"]
        self.mark = self._last_delivery()
        self.started = dt.datetime.now(dt.timezone.utc)

    def user(self, extension: str) -> int:
        return self.sales["users"][extension]

    def password(self, extension: str) -> str:
        return self.sales["passwords"][extension]

    def _last_delivery(self) -> int:
        with self.db() as session:
            return session.scalar(text("SELECT coalesce(max(id), 0) FROM webhook_delivery"))

    def log_in(self, *extensions: str) -> None:
        from vaxel.actor import Actor
        from vaxel.people.models import User
        from vaxel.queues.services import log_in

        for extension in extensions:
            with self.db.begin() as session:
                log_in(session, Actor.of_user(session.get(User, self.user("1000"))),
                       self.user(extension), self.queue_id)

    def log_out_everyone(self) -> None:
        from vaxel.actor import Actor
        from vaxel.people.models import User
        from vaxel.queues.services import log_out

        for extension in AGENTS:
            with self.db.begin() as session:
                log_out(session, Actor.of_user(session.get(User, self.user("1000"))),
                        self.user(extension), self.queue_id)

    def state(self, extension: str) -> str:
        with self.db() as session:
            return session.scalar(text("SELECT state FROM queue_agent WHERE user_id = :u"),
                                  {"u": self.user(extension)})

    def moves(self, extension: str) -> list[tuple[str, str]]:
        """agent.state_changed outbox rows for the agent since this test began, in order."""
        with self.db() as session:
            bodies = session.scalars(text(
                "SELECT body FROM webhook_delivery WHERE id > :m "
                "AND event_type = 'agent.state_changed' ORDER BY id"), {"m": self.mark})
            data = [json.loads(b)["data"] for b in bodies]
        return [(d["previous_state"], d["state"]) for d in data
                if d["user_id"] == self.user(extension)]

    def entries(self) -> list[dict]:
        with self.db() as session:
            rows = session.execute(text(
                "SELECT id, call_uuid, caller_number, state, outcome, answered_by, callback "
                "FROM queue_entry WHERE queue_id = :q AND joined_at >= :t ORDER BY id"),
                {"q": self.queue_id, "t": self.started}).mappings().all()
        return [dict(r) for r in rows]

    def offers(self, entry_id: int) -> list[tuple[int, str]]:
        with self.db() as session:
            return [tuple(r) for r in session.execute(text(
                "SELECT user_id, result FROM queue_offer WHERE entry_id = :e ORDER BY id"),
                {"e": entry_id})]

    def callbacks(self) -> list[dict]:
        with self.db() as session:
            return [dict(r) for r in session.execute(text(
                "SELECT c.id, c.number, c.state, c.attempts, c.last_cause, c.agent_uuid, "
                "c.customer_uuid FROM queue_callback c JOIN queue_entry e ON e.id = c.entry_id "
                "WHERE e.queue_id = :q AND e.joined_at >= :t ORDER BY c.id"),
                {"q": self.queue_id, "t": self.started}).mappings()]

    def call_log(self) -> list[dict]:
        with self.db() as session:
            return [dict(r) for r in session.execute(text(
                "SELECT call_uuid, direction, user_id, other_number, result, answered_at "
                "FROM call_log WHERE company_id = :c AND ended_at >= :t ORDER BY id"),
                {"c": self.company_id, "t": self.started}).mappings()]

    def close_leftovers(self) -> None:
        """End what a failed test left live: callers as abandoned, callbacks as failed."""
        from vaxel.queues.entries import leave
        from vaxel.queues.models import EntryOutcome

        with self.db.begin() as session:
            session.execute(text(
                "UPDATE queue_callback SET state = 'failed', finished_at = now() "
                "WHERE state IN ('waiting', 'calling') AND queue_id = :q"), {"q": self.queue_id})
            now = dt.datetime.now(dt.timezone.utc)
            for entry in self.entries():
                leave(session, entry["id"], EntryOutcome.ABANDONED, now)

    def no_one_waiting(self) -> bool:
        with self.db() as session:
            return not session.scalar(text(
                "SELECT count(*) FROM queue_entry WHERE queue_id = :q "
                "AND state IN ('waiting', 'offered', 'connected')"), {"q": self.queue_id})


@pytest.fixture
def queue(db, sales, controller, freeswitch):
    """The queue as a test found it, and put back: every agent logged out, nobody waiting."""
    q = Queue(db, sales)
    yield q
    try:
        wait_until(q.no_one_waiting, 15, "every caller gone from the queue")
        wait_until(lambda: all(q.state(e) in ("available", "logged_out") for e in AGENTS), 10,
                   "agents back from wrap-up")
    finally:  # even after a failure: no caller or callback is left for later tests
        q.close_leftovers()
        q.log_out_everyone()


def diagnose(freeswitch, controller, *calls: SippCall) -> str:
    return ("\n".join(c.explain() for c in calls) + "\n--- freeswitch\n"
            + processes.tail(freeswitch.log, 60) + "\n--- controller\n"
            + processes.tail(controller, 40))
