"""Fixtures for the scale-out tests: one topology for the run (topology.py), shared by
the modules (starting two nodes and Kamailio is most of their time)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from scripts.freeswitch_run import freeswitch_binary
from tests import database
from tests.integration.harness import missing_tools

from .topology import (NODES, create_company, set_up_queue, shared_env, start_kamailio,
                       start_node)

# Busy lamps (kamailio.cfg loads presence, pua_dialoginfo): Debian's kamailio-presence-modules.
PRESENCE_MODULE = Path("/usr/lib/x86_64-linux-gnu/kamailio/modules/presence.so")


def pytest_collection_modifyitems(config, items):
    mine = [item for item in items if "tests/scaleout" in str(item.fspath)]
    if not mine or missing_tools() or (shutil.which("kamailio") and PRESENCE_MODULE.exists()):
        return  # missing FreeSWITCH or sipp: the harness skips (or stops CI) already
    reason = ("kamailio is not installed (apt-get install kamailio kamailio-postgres-modules "
              "kamailio-presence-modules)")
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI must run the scale-out tests: {reason}")
    for item in mine:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def scale_database_url(database_url):
    base = make_url(database_url).set(database="postgres").render_as_string(hide_password=False)
    url = database.create_test_database(base)
    yield url
    database.drop_test_database(base, url)


@pytest.fixture(scope="session")
def scale_company(scale_database_url):
    """(passwords of 1000 and 1001, the company number that rings its reception menu)."""
    return create_company(scale_database_url)


@pytest.fixture(scope="session")
def scale_queue(scale_database_url, scale_company) -> dict[str, int]:
    """The sales queue's and its agent's ids (topology.set_up_queue)."""
    return set_up_queue(scale_database_url)


@pytest.fixture(scope="session")
def scale_env(scale_database_url, scale_company, tmp_path_factory) -> dict[str, str]:
    return shared_env(scale_database_url, tmp_path_factory.mktemp("moh"))


@pytest.fixture(scope="session")
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
