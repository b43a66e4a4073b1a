"""Fixtures for the call journeys on the real switch (test_journey_*.py): the controller
with its mail going to a real SMTP server, a carrier trunk, and the test database."""
from __future__ import annotations

import base64
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import delete, select

from tests.voicemail.smtp import start_smtp

from . import processes
from .harness import DOMAIN, TRUNK_ADDRESS


@pytest.fixture(scope="module")
def smtp_inbox():
    server, inbox = start_smtp()
    yield server, inbox
    server.stop()


@pytest.fixture(scope="module")
def fs_sessions(fs_database_url):
    """A session factory on the FreeSWITCH tests' database (what the services read)."""
    from vaxel.db import make_engine, make_session_factory

    engine = make_engine(fs_database_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def demo_company_id(test_company, fs_sessions) -> int:
    from vaxel.tenancy.models import Company

    with fs_sessions() as session:
        return session.scalar(select(Company.id).where(Company.sip_domain == DOMAIN))


@pytest.fixture(scope="module")
def journey_trunk(demo_company_id, fs_sessions):
    """A trunk row for TRUNK_ADDRESS, so xml_curl knows the carrier of a `public` call."""
    from vaxel.numbers.models import Trunk

    with fs_sessions.begin() as session:
        session.add(Trunk(company_id=demo_company_id, name="journey-trunk", gateway="carrier",
                          source_addresses=[f"{TRUNK_ADDRESS}/32"], priority=10))
    yield
    with fs_sessions.begin() as session:
        session.execute(delete(Trunk).where(Trunk.name == "journey-trunk"))


@pytest.fixture(scope="module")
def journey_controller(freeswitch, xmlcurl_service, fs_env, fs_database_url, smtp_inbox,
                       tmp_path_factory):
    """`scripts.cli serve-controller` mailing through the test's SMTP server; yields its log."""
    server, _ = smtp_inbox
    env = {**fs_env, "DATABASE_URL": fs_database_url, "VAXEL_LOG_FORMAT": "json",
           "VAXEL_FS_CONF_DIR": str(freeswitch.root / "conf"),
           "VAXEL_SMTP_HOST": "127.0.0.1", "VAXEL_SMTP_PORT": str(server.port),
           "VAXEL_SMTP_FROM": "pbx@example.com",
           "VAXEL_SPEECH_CACHE": "off"}  # prompts are followed by their text, as in journeys.py
    warm_up_xmlcurl(fs_env)
    with processes.controller(env, tmp_path_factory.mktemp("journey-controller")) as log:
        yield log


def warm_up_xmlcurl(fs_env, timeout: float = 60.0) -> None:
    """Ask the xml_curl service one directory question ourselves, without FreeSWITCH's 4 s
    limit: on a loaded machine its very first answer (imports, first connection) took
    longer, and FreeSWITCH then refused the journey's first REGISTER or call."""
    credentials = f"{fs_env['VAXEL_XMLCURL_USER']}:{fs_env['VAXEL_XMLCURL_PASSWORD']}"
    form = urllib.parse.urlencode({"section": "directory", "action": "sip_auth",
                                   "user": "1000", "domain": DOMAIN}).encode()
    request = urllib.request.Request(
        f"http://{fs_env['VAXEL_XMLCURL_LISTEN']}/fs", data=form,
        headers={"Authorization": "Basic " + base64.b64encode(credentials.encode()).decode()})
    with urllib.request.urlopen(request, timeout=timeout) as reply:
        assert reply.status == 200
