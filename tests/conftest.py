"""Fixtures shared by every test: a real PostgreSQL, migrated, one transaction per test."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from vaxel.db import make_engine, make_session_factory
from . import database

# Fixtures for tests in any folder: the real FreeSWITCH, xml_curl and sipp, and the
# call-journey ones (controller, switch watch, carrier), for `freeswitch` tests; the
# FreeSWITCH double (`double`) and the company called through it (`company`, Acme) for
# tests that drive calls through a controller; xml_curl's app on the capture's company;
# Daria's mailbox (`mailbox`).
pytest_plugins = ["tests.integration.harness", "tests.integration.journeys",
                  "tests.integration.app_browser", "tests.fsdouble.controller",
                  "tests.fsdouble.acme", "tests.xml_curl.fixtures", "tests.voicemail.mailboxes"]


@pytest.fixture(scope="session")
def database_url():
    base = database.server_url()
    url = database.create_test_database(base)
    yield url
    database.drop_test_database(base, url)


@pytest.fixture(scope="session")
def engine(database_url):
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def db(engine):
    """A session whose work is rolled back after the test, even what the code commits."""
    connection = engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint",
                      expire_on_commit=False)
    yield session
    session.close()
    outer.rollback()
    connection.close()


@pytest.fixture
def committed_db(engine):
    """A session factory whose commits are real (for tests with several connections or
    processes); every table is emptied afterwards."""
    factory = make_session_factory(engine)
    yield factory
    with engine.begin() as conn:
        names = conn.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = "
                                  "'public' AND tablename <> 'alembic_version'")).all()
        tables = ", ".join(f'"{name}"' for name in names)
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


def pytest_collection_modifyitems(items):
    """Under pytest-xdist (`-n`), every `freeswitch` test runs on one worker, in turn: they
    share FreeSWITCH's fixed SIP ports (5060/5080) and one switch per run."""
    for item in items:
        if item.get_closest_marker("freeswitch"):
            item.add_marker(pytest.mark.xdist_group("freeswitch"))
