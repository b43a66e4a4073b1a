"""The capture's world in our database, and the xml_curl app pointed at it: a pytest
plugin (tests/conftest.py), so tests/xml_curl and tests/security share it. Its `app`,
`client` and `world` are xml_curl's; the portal's tests (tests/webadmin/conftest.py)
define their own `app` and `world`, which take precedence there."""
from __future__ import annotations

import dataclasses
import time
from types import SimpleNamespace

import pytest
from sqlalchemy.orm import sessionmaker

from tests.actors import SYSTEM
from vaxel.config import Settings
from vaxel.models import DeviceKind, ServiceKind, Trunk
from vaxel.numbers.services import add_number
from vaxel.people.services import add_sip_device, create_user
from vaxel.switchboard.services import create_service
from vaxel.tenancy.services import create_company
from xml_curl.app import create_app


CAPTURE_DOMAIN = "127.0.0.1"
PASSWORD = "Xy7-secret-long"
# An operator's dialplan snippet, for the tests of snippets ahead of generated extensions.
SNIPPET = ('<extension name="opening-party"><condition field="destination_number" '
           'expression="^5555$"><action application="playback" data="party.wav"/>'
           '<action application="hangup"/></condition></extension>')


def capture_settings(**changes) -> Settings:
    base = Settings.from_env({
        "VAXEL_XMLCURL_USER": "freeswitch", "VAXEL_XMLCURL_PASSWORD": "xmlcurl-secret",
        "VAXEL_CONTROLLER_LISTEN": "127.0.0.1:8084",
    })
    return dataclasses.replace(base, **changes)


def load_capture_world(session) -> SimpleNamespace:
    """Company on 127.0.0.1 with users 1000-1002, services 4600/4601, a trunk delivering
    short DID suffixes from 127.0.0.1 and the number +46812344601 on service 4601."""
    company = create_company(session, SYSTEM, "Capture AB", CAPTURE_DOMAIN,
                             main_number="+46812344600")
    users = {}
    for ext, name in (("1000", "Alex Nguyen"), ("1001", "Daria Jank"), ("1002", "Dennis Hughes")):
        users[ext] = create_user(session, SYSTEM, company, name, ext)
        add_sip_device(session, SYSTEM, company, users[ext], DeviceKind.SOFTPHONE,
                       password=PASSWORD)
    reception = create_service(session, SYSTEM, company, ServiceKind.IVR, "Reception",
                               extension="4600")
    queue = create_service(session, SYSTEM, company, ServiceKind.QUEUE, "Sales", extension="4601")
    add_number(session, SYSTEM, company, "+46812344601", service=queue)
    trunk = Trunk(company_id=company.id, name="capture-trunk", gateway="carrier",
                  source_addresses=["127.0.0.1/32"], inbound_prefix="+4681234", priority=10)
    session.add(trunk)
    session.flush()
    return SimpleNamespace(company=company, users=users, reception=reception, queue=queue,
                           trunk=trunk)


@pytest.fixture
def world(db):
    return load_capture_world(db)


@pytest.fixture
def app_sessions(db):
    """Sessions on the test's own connection: they see its uncommitted rows, and what
    they do is undone with it."""
    return sessionmaker(bind=db.connection(), join_transaction_mode="create_savepoint",
                        expire_on_commit=False)


@pytest.fixture
def app(app_sessions):
    return create_app(capture_settings(), session_factory=app_sessions)


@pytest.fixture
def client(app):
    return app.test_client()


def wait_until(condition, what: str, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def emptied(cache) -> None:
    """After a commit: wait for PostgreSQL's notification to empty the cache."""
    wait_until(lambda: len(cache) == 0, "the change notification")


@pytest.fixture
def cached(committed_db, database_url):
    """The capture's world committed, and an app caching look-ups with its change
    listener connected (as in production)."""
    from xml_curl.db import lookup_cache
    with committed_db() as session:
        world = load_capture_world(session)
        ids = SimpleNamespace(company=world.company.id,
                              users={ext: u.id for ext, u in world.users.items()},
                              devices={ext: u.devices[0].id for ext, u in world.users.items()})
        session.commit()
    app = create_app(capture_settings(database_url=database_url))
    with app.app_context():
        cache = lookup_cache()
        listener = app.extensions["vaxel_lookup_cache"]["listener"]
    wait_until(lambda: cache.enabled, "the change listener")
    yield SimpleNamespace(client=app.test_client(), cache=cache, ids=ids, db=committed_db)
    listener.stop()
