"""Whole calls through the controller, against the FreeSWITCH double and real PostgreSQL."""
import datetime as dt

import gevent
import pytest
from sqlalchemy import select

from fs_control.call_data import CachedCallData
from tests.actors import SYSTEM
from tests.fsdouble import CallScript
from tests.fsdouble.controller import running_controller
from vaxel.calls.models import CallLogEntry
from vaxel.infra.changes import ChangeListener, CompanyCache
from vaxel.schedules.services import create_schedule, set_override
from vaxel.switchboard.ivr.services import set_option


@pytest.fixture(params=["database", "cached"])
def controller(request, double, committed_db, database_url, tmp_path):
    """The controller as production runs it (look-ups cached until PostgreSQL says the
    company changed) and with plain database look-ups."""
    call_data = listener = None
    if request.param == "cached":
        cache = CompanyCache()
        listener = ChangeListener(database_url, [cache], poll_seconds=0.2)
        listener.start()
        call_data = CachedCallData(committed_db, cache)
        with gevent.Timeout(5):
            while not cache.enabled:
                gevent.sleep(0.02)
    request.addfinalizer(lambda: listener and listener.stop())
    with running_controller(double, committed_db, tmp_path, call_data=call_data) as ctl:
        yield ctl


def call(double, controller, company, script=None, destination=None):
    variables = {"vaxel_company_id": str(company["id"]),
                 "vaxel_destination": destination or "service:%s" % company["reception"],
                 "vaxel_intent": "inbound"}
    placed = double.place_call(controller.outbound.address, caller="+46701234567",
                               destination="+46812345600", context="public",
                               variables=variables, script=script)
    assert placed.ended.wait(10), "the call never ended"
    return placed


def test_caller_keys_2_and_reaches_daria(double, controller, company):
    placed = call(double, controller, company, CallScript(digits={"play_and_get_digits": ["2"]}))
    apps = [app for app, _ in placed.apps]
    assert apps[:4] == ["answer", "play_and_get_digits", "set", "bridge"]
    assert placed.apps[2][1] == "continue_on_fail=true"
    assert "'say:Welcome to Acme'" in placed.apps[1][1]
    assert placed.apps[3][1] == (f"[leg_timeout=20,vaxel_company_id={company['id']},"
                                 f"vaxel_user_id={company['daria']}]user/1001@acme.example")


def test_silence_then_a_wrong_key_goes_to_the_menus_default(double, controller, company):
    script = CallScript(digits={"play_and_get_digits": ["", "9"]})
    placed = call(double, controller, company, script)
    apps = [app for app, _ in placed.apps]
    assert apps.count("play_and_get_digits") == 2
    assert placed.apps[apps.index("bridge")][1].endswith("user/1002@acme.example")


def test_busy_colleague_sends_the_caller_on_to_voicemail(double, controller, company):
    script = CallScript(digits={"play_and_get_digits": ["2"]},
                        bridge_outcome={"user/1001": "USER_BUSY"})
    placed = call(double, controller, company, script)
    # Voicemail is not in this controller yet: the caller hears an apology, never silence.
    assert [app for app, _ in placed.apps][-2:] == ["playback", "hangup"]


def test_closed_switchboard_plays_the_closed_message(double, controller, company, committed_db):
    with committed_db.begin() as s:
        from vaxel.models import Company
        acme = s.get(Company, company["id"])
        schedule = create_schedule(s, acme)
        set_override(s, SYSTEM, schedule, False, now=dt.datetime.now(dt.timezone.utc))
    placed = call(double, controller, company)
    assert [app for app, _ in placed.apps] == ["answer", "playback", "hangup"]
    assert "closed" in placed.apps[1][1]


def test_caller_hanging_up_mid_menu_ends_only_that_call(double, controller, company):
    script = CallScript(hangup_during="play_and_get_digits", hangup_delay=0.05)
    first = call(double, controller, company, script)
    assert first.hungup and "bridge" not in [a for a, _ in first.apps]
    second = call(double, controller, company, CallScript(digits={"play_and_get_digits": ["2"]}))
    assert "bridge" in [a for a, _ in second.apps]


def test_a_call_without_vaxel_variables_is_refused(double, controller):
    placed = double.place_call(controller.outbound.address, variables={})
    assert placed.ended.wait(5)
    assert placed.apps == [("hangup", "NORMAL_TEMPORARY_FAILURE")]


def test_finished_calls_land_in_the_call_log_once(double, controller, company, committed_db):
    placed = call(double, controller, company, CallScript(digits={"play_and_get_digits": ["2"]}))
    with gevent.Timeout(5):
        while True:
            with committed_db() as s:
                rows = s.scalars(select(CallLogEntry).where(
                    CallLogEntry.call_uuid == placed.uuid)).all()
            if rows:
                break
            gevent.sleep(0.05)
    assert len(rows) == 1 and rows[0].company_id == company["id"]


def test_a_menu_change_applies_to_the_next_call(double, controller, company, committed_db):
    script = CallScript(digits={"play_and_get_digits": ["2"]})
    first = call(double, controller, company, script)
    assert placed_bridge(first).endswith("user/1001@acme.example")
    with committed_db.begin() as s:
        from vaxel.switchboard.ivr.models import IvrMenu
        menu = s.scalar(select(IvrMenu).where(IvrMenu.company_id == company["id"]))
        set_option(s, SYSTEM, menu, "2", "user:1002")
    gevent.sleep(0.1)  # the change notification is delivered at commit; give it a moment
    second = call(double, controller, company, script)
    assert placed_bridge(second).endswith("user/1002@acme.example")


def placed_bridge(placed) -> str:
    return next(arg for app, arg in placed.apps if app == "bridge")


def test_a_dead_database_gets_the_caller_an_apology_and_spares_other_calls(double, tmp_path):
    from sqlalchemy.orm import sessionmaker

    from fs_control.call_data import DatabaseCallData
    from vaxel.db import make_engine

    dead = sessionmaker(bind=make_engine("postgresql+psycopg2://postgres@127.0.0.1:1/none"))
    with running_controller(double, dead, tmp_path, call_data=DatabaseCallData(dead)) as ctl:
        calls = [double.place_call(ctl.outbound.address, variables={
            "vaxel_company_id": "1", "vaxel_destination": "service:1"}) for _ in range(2)]
        for placed in calls:
            assert placed.ended.wait(10)
            assert [app for app, _ in placed.apps] == ["answer", "playback", "hangup"]
            assert "try again later" in placed.apps[1][1]
