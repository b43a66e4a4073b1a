"""The call commands' set-up on the real FreeSWITCH, shared by the modules that drive live
calls through the controller (click-to-call and transfers, park, supervise): the demo
company with a third colleague's password, a webhook receiver, and a controller whose
inbound Event Socket goes through a recording proxy. Module-scoped fixtures: a module that
takes them gets its own set."""
from __future__ import annotations

import pytest
from sqlalchemy import select, update

from tests.actors import SYSTEM
from tests.fsdouble.recorder import RecordingProxy
from tests.integrations.receiver import Receiver
from vaxel.credentials import a1_hash

from . import processes
from .harness import DOMAIN
from .waiting import wait_until

THIRD = "1002"  # the transfers' third colleague (test_company knows 1000's and 1001's passwords)


class Company:
    def __init__(self, company_id: int, users: dict[str, int], passwords: dict[str, str],
                 endpoint_secret: str):
        self.id, self.users, self.passwords = company_id, users, passwords
        self.endpoint_secret = endpoint_secret


@pytest.fixture(scope="module")
def receiver():
    got = Receiver().start()
    yield got
    got.server.shutdown()


@pytest.fixture(scope="module")
def session_factory(fs_database_url):
    from vaxel.db import make_engine, make_session_factory

    engine = make_engine(fs_database_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def company(test_company, session_factory, receiver) -> Company:
    """The demo company with a password for THIRD too, and a webhook endpoint for every call
    event at the local receiver."""
    from vaxel.models import Device, User
    from vaxel.tenancy.models import Company as CompanyRow
    from vaxel.webhooks.services import create_endpoint

    password = "Third-phone-" + test_company.passwords["1000"][:8]
    with session_factory.begin() as session:
        company_id = session.scalar(select(CompanyRow.id).where(CompanyRow.sip_domain == DOMAIN))
        session.execute(update(Device).where(Device.company_id == company_id,
                                             Device.sip_username == THIRD)
                        .values(a1_hash=a1_hash(THIRD, DOMAIN, password)))
        users = dict(session.execute(select(User.extension, User.id)
                                     .where(User.company_id == company_id)).all())
        endpoint = create_endpoint(session, SYSTEM, company_id, receiver.url + "/hooks",
                                   ["call.ringing", "call.answered", "call.ended", "call.missed"])
        secret = endpoint.secret
    return Company(company_id, users, {**test_company.passwords, THIRD: password}, secret)


@pytest.fixture(scope="module")
def controller(freeswitch, fs_env, fs_database_url, company, tmp_path_factory):
    """The controller, with webhooks allowed to a loopback receiver and the CDR spool on (a
    call logged from events and again from its CDR must still be one row)."""
    env = {**fs_env, "DATABASE_URL": fs_database_url, "VAXEL_LOG_FORMAT": "json",
           "VAXEL_FS_CONF_DIR": str(freeswitch.root / "conf"),
           "VAXEL_CDR_SPOOL_DIR": str(freeswitch.root / "log" / "json_cdr"),
           "VAXEL_INTEGRATIONS_ALLOW_PRIVATE": "1"}
    root = tmp_path_factory.mktemp("commands-controller")
    # Its inbound Event Socket through a recording proxy: root/inbound-1.trace shows what the
    # switch sent when a journey fails.
    proxy = RecordingProxy(0, ("127.0.0.1", freeswitch.esl_port), ("client", "fs"), root,
                           "inbound").start()
    env["VAXEL_ESL_ADDRESS"] = f"127.0.0.1:{proxy.port}"
    try:
        with processes.controller(env, root) as log:
            yield log
    finally:
        proxy.stop()


@pytest.fixture
def phones(sipp_dir):
    started = []
    yield started
    for phone in started:
        phone.close()


def live_call_to(session_factory, company, destination: str) -> str:
    """The uuid of the answered call to `destination` (a colleague's extension)."""
    from vaxel.callcontrol.models import LiveCallRow

    def found():
        with session_factory() as session:
            return session.scalar(select(LiveCallRow.call_uuid).where(
                LiveCallRow.company_id == company.id, LiveCallRow.destination == destination,
                LiveCallRow.state == "ACTIVE", LiveCallRow.user_id.is_not(None)))
    return wait_until(found, 15, f"no live call to {destination}")
