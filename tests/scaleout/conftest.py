"""Fixtures for the scale-out tests: one topology per module (topology.py)."""
from __future__ import annotations

import os
import secrets
import shutil

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from scripts.freeswitch_run import freeswitch_binary, silence_wav
from tests import database
from tests.integration.harness import missing_tools

from .topology import CARRIER, DOMAIN, NODES, PROXY, start_kamailio, start_node


def pytest_collection_modifyitems(config, items):
    mine = [item for item in items if "tests/scaleout" in str(item.fspath)]
    if not mine or missing_tools() or shutil.which("kamailio"):
        return  # missing FreeSWITCH or sipp: the harness skips (or stops CI) already
    reason = "kamailio is not installed (apt-get install kamailio kamailio-postgres-modules)"
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI must run the scale-out tests: {reason}")
    for item in mine:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="module")
def scale_database_url(database_url):
    base = make_url(database_url).set(database="postgres").render_as_string(hide_password=False)
    url = database.create_test_database(base)
    yield url
    database.drop_test_database(base, url)


@pytest.fixture(scope="module")
def scale_company(scale_database_url):
    """The demo company in DOMAIN, known passwords for 1000 and 1001, the carrier's trunk;
    returns (passwords, the company's number that rings its reception menu)."""
    from vaxel.db import make_engine, make_session_factory
    from vaxel.demo import load_demo
    from vaxel.numbers.models import PhoneNumber, Trunk
    from vaxel.tenancy.models import Company

    passwords = {ext: f"Pw-{secrets.token_urlsafe(12)}" for ext in ("1000", "1001")}
    engine = make_engine(scale_database_url)
    try:
        with make_session_factory(engine)() as session:
            load_demo(session, DOMAIN, passwords=passwords)
            company = session.scalar(select(Company).where(Company.sip_domain == DOMAIN))
            session.add(Trunk(company_id=company.id, name="scale-trunk", gateway="carrier",
                              source_addresses=[f"{CARRIER}/32"], priority=10))
            number = session.scalar(select(PhoneNumber).where(
                PhoneNumber.company_id == company.id, PhoneNumber.service_id.is_not(None)))
            session.commit()
            return passwords, number.e164
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def scale_env(scale_database_url, scale_company, tmp_path_factory) -> dict[str, str]:
    moh = silence_wav(tmp_path_factory.mktemp("moh") / "silence.wav").parent
    return {
        "DATABASE_URL": scale_database_url,
        "VAXEL_ESL_PASSWORD": secrets.token_urlsafe(18),
        "VAXEL_XMLCURL_USER": "freeswitch",
        "VAXEL_XMLCURL_PASSWORD": secrets.token_urlsafe(18),
        "VAXEL_MOH_DIR": str(moh),
        "VAXEL_TRUNK_ADDRESSES": CARRIER,
        "VAXEL_SIP_PROXY": PROXY,
        "VAXEL_FS_NODES": " ".join(NODES),
        "VAXEL_LOG_FORMAT": "json",
        "VAXEL_SPEECH_CACHE": "off",
    }


@pytest.fixture(scope="module")
def topology(scale_env, tmp_path_factory):
    """(Kamailio, [node 21, node 22]), with both nodes seen alive by Kamailio."""
    nodes, kamailio = [], None
    try:
        for ip in NODES:
            nodes.append(start_node(scale_env, ip, tmp_path_factory.mktemp(f"node-{ip}"),
                                    freeswitch_binary()))
        kamailio = start_kamailio(scale_env, tmp_path_factory.mktemp("kamailio"))
        kamailio.wait_for_nodes(set(NODES))
        yield kamailio, nodes
    finally:
        if kamailio is not None:
            kamailio.stop()
        for node in nodes:
            node.stop()
