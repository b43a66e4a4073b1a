"""A company with mailboxes, a controller on the FreeSWITCH double, and a real SMTP server."""
from __future__ import annotations

import gevent
import pytest

from tests.actors import SYSTEM
from tests.fsdouble.controller import controller_env, running_controller
from vaxel.models import LicenceKind, ServiceKind
from vaxel.people.licences import assign_licence, buy_licence
from vaxel.people.services import add_sip_device, create_user
from vaxel.switchboard.services import create_service
from vaxel.tenancy.services import create_company

from .smtp import start_smtp


@pytest.fixture
def smtp():
    server, inbox = start_smtp()
    yield server, inbox
    server.stop()


@pytest.fixture
def company(committed_db):
    """Acme: Daria (1001) and Dennis (1002) with licences and phones, a shared Support
    mailbox and a fax mailbox."""
    with committed_db.begin() as s:
        acme = create_company(s, SYSTEM, "Acme", "acme.example")
        users = {}
        for name, ext in (("Daria", "1001"), ("Dennis", "1002")):
            user = create_user(s, SYSTEM, acme, name, ext, email=f"{name.lower()}@acme.example")
            add_sip_device(s, SYSTEM, acme, user)
            assign_licence(s, SYSTEM, buy_licence(s, SYSTEM, acme, LicenceKind.FIXED), user)
            users[ext] = user.id
        support = create_service(s, SYSTEM, acme, ServiceKind.SHARED_VOICEMAIL, "Support",
                                 extension="4700")
        fax = create_service(s, SYSTEM, acme, ServiceKind.FAX_MAILBOX, "Fax", extension="4800")
        fax.settings = {"emails": ["fax@acme.example", "boss@acme.example"]}
        return {"id": acme.id, "users": users, "support": support.id, "fax": fax.id}


@pytest.fixture
def env(double, tmp_path, smtp):
    """The controller's settings: on the double, mailing through the test SMTP server."""
    server, _ = smtp
    return controller_env(double, tmp_path, VAXEL_SMTP_HOST="127.0.0.1",
                          VAXEL_SMTP_PORT=str(server.port), VAXEL_SMTP_FROM="pbx@acme.example")


@pytest.fixture
def controller(env, double, committed_db, tmp_path):
    with running_controller(double, committed_db, tmp_path, **env) as ctl:
        yield ctl


def place(double, controller, company, destination, script=None, caller="+46701234567",
          **variables):
    values = {"vaxel_company_id": str(company["id"]), "vaxel_destination": destination,
              "vaxel_intent": "inbound", **variables}
    placed = double.place_call(controller.outbound.address, caller=caller,
                               destination="+46812345600", context="public",
                               variables=values, script=script)
    assert placed.ended.wait(15), "the call never ended"
    gevent.sleep(0.05)  # let spawned follow-ups (lamps) run
    return placed


def wait_until(check, timeout: float = 5.0):
    with gevent.Timeout(timeout):
        while True:
            value = check()
            if value:
                return value
            gevent.sleep(0.05)
