"""Queue journeys on the real FreeSWITCH: carrier callers (sipp from the trunk address) in
the demo company's sales queue, agents as registered sipp phones, the real controller.

What a user would see is checked: the agent's phone rings and talks (RTP both ways), the
agent's state rows and agent.state_changed outbox rows, the prompts FreeSWITCH played, the
callback row, and exactly one call-log row per call.
"""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from sqlalchemy import delete

from . import processes
from .agents import (EXTERNAL as EXTERNAL_PROFILE, SippCall, caller, carrier_gateway, phone,
                     shifted_pcap, wait_until)
from .harness import DOMAIN, TRUNK_ADDRESS
from . import queue_journey as journey
from .queue_journey import CUSTOMER, GATEWAY, QUEUE_NUMBER, TRUSTED_CARRIER, diagnose

# The set-up's fixtures (module-scoped: this module gets its own set, put back after).
controller, db, queue, sales = journey.controller, journey.db, journey.queue, journey.sales

pytestmark = pytest.mark.freeswitch


def patient_customer(sipp_dir) -> SippCall:
    """The customer's phone behind the carrier, answering the callback. It waits for the
    agent to end the call: with both hanging up after 4 s their BYEs crossed (the
    customer answers only ms after the agent)."""
    patient = sipp_dir / "q_customer_answer.xml"
    patient.write_text((processes.REPO / "tests" / "sipp" / "q_agent_answer.xml").read_text()
                       .replace('timeout="4000"', 'timeout="10000"'))
    return SippCall(sipp_dir, patient, "", "-trace_msg", address=TRUSTED_CARRIER)


def assert_shown_the_main_number(sipp_dir) -> None:
    """The customer is shown the company's main number, as a carrier requires."""
    [trace] = sipp_dir.glob("q_customer_answer_*_messages.log")
    shown = re.search(r"^From:.*$", trace.read_text(), re.M)
    assert shown and "sip:+46812345600@" in shown.group(0), shown


def test_an_agent_answers_a_caller_and_they_talk(queue, freeswitch, controller, sipp_dir):
    queue.log_in("1002")
    with phone(sipp_dir, "1002", DOMAIN, queue.password("1002")) as agent:
        call = caller(sipp_dir, QUEUE_NUMBER, CUSTOMER, DOMAIN, TRUNK_ADDRESS, hold_ms=3000)
        try:
            wait_until(lambda: queue.state("1002") == "on_call", 10, "agent on the call")
            heard_by_caller, heard_by_agent = call.rtp(), agent.rtp()
            time.sleep(1.0)  # bridged: each side's speech reaches the other
            assert call.rtp().more_than(heard_by_caller), "the caller hears nothing"
            assert agent.rtp().more_than(heard_by_agent), "the agent hears nothing"
            assert call.wait() == 0 and agent.wait() == 0
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{diagnose(freeswitch, controller, call, agent)}") from exc
    wait_until(lambda: queue.state("1002") == "available", 10, "wrap-up over")
    assert queue.moves("1002") == [("logged_out", "available"), ("available", "ringing"),
                                   ("ringing", "on_call"), ("on_call", "wrap_up"),
                                   ("wrap_up", "available")]
    [entry] = queue.entries()
    assert (entry["state"], entry["outcome"], entry["answered_by"]) == (
        "done", "answered", queue.user("1002"))
    assert queue.offers(entry["id"]) == [(queue.user("1002"), "answered")]
    logged = wait_until(queue.call_log, 5, "the call logged")
    assert [(r["call_uuid"], r["other_number"]) for r in logged] == [(entry["call_uuid"], CUSTOMER)]


@pytest.mark.parametrize("missing, hold_ms", [("q_agent_reject.xml", 4000),
                                               ("q_agent_no_answer.xml", 8000)],
                         ids=["rejects", "does-not-answer"])
def test_an_agent_who_misses_the_call_passes_it_to_the_next(queue, freeswitch, controller,
                                                            sipp_dir, missing, hold_ms):
    """Ordered strategy: Daria (1001) is offered the caller first and rejects it, or lets
    it ring out (ring_seconds); Dennis (1002) is offered the same caller next and answers."""
    queue.log_in("1001", "1002")
    with phone(sipp_dir, "1001", DOMAIN, queue.password("1001"), missing) as busy, \
            phone(sipp_dir, "1002", DOMAIN, queue.password("1002")) as agent:
        call = caller(sipp_dir, QUEUE_NUMBER, CUSTOMER, DOMAIN, TRUNK_ADDRESS, hold_ms=hold_ms)
        try:
            wait_until(lambda: queue.state("1002") == "on_call", 15, "the next agent on the call")
            assert busy.wait(5) == 0, "the first agent was never rung"
            assert call.wait() == 0 and agent.wait() == 0
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{diagnose(freeswitch, controller, call, busy, agent)}") from exc
    [entry] = queue.entries()
    assert queue.offers(entry["id"]) == [(queue.user("1001"), "missed"),
                                         (queue.user("1002"), "answered")]
    assert entry["answered_by"] == queue.user("1002")
    # Daria rests after the miss (the no-answer delay), then is available again.
    wait_until(lambda: queue.state("1001") == "available", 15, "the missed agent available again")
    assert queue.moves("1001") == [("logged_out", "available"), ("available", "ringing"),
                                   ("ringing", "wrap_up"), ("wrap_up", "available")]
    logged = wait_until(queue.call_log, 5, "the call logged")
    assert [r["call_uuid"] for r in logged] == [entry["call_uuid"]]


def played(freeswitch, start: int) -> str:
    with freeswitch.log.open("rb") as handle:
        handle.seek(start)
        return handle.read().decode(errors="replace")


def test_waiting_callers_hear_their_place_in_the_queue(queue, freeswitch, controller, sipp_dir):
    """Nobody is logged in: each caller waits and is told their position at once."""
    start = freeswitch.log.stat().st_size
    first = caller(sipp_dir, QUEUE_NUMBER, CUSTOMER, DOMAIN, TRUNK_ADDRESS, hold_ms=5000)
    try:
        wait_until(lambda: len(queue.entries()) == 1, 5, "the first caller in the queue")
        second = caller(sipp_dir, QUEUE_NUMBER, "+46701234568", DOMAIN, TRUNK_ADDRESS,
                        hold_ms=3000)
        wait_until(lambda: "say:You are number 2 in the queue" in played(freeswitch, start), 8,
                   "the second caller told they are number 2")
        assert first.wait() == 0 and second.wait() == 0
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{diagnose(freeswitch, controller, first)}") from exc
    log = played(freeswitch, start)
    assert "say:You are number 1 in the queue" in log, log[-4000:]
    assert "Invalid Args" not in log, log[-4000:]
    entries = wait_until(lambda: [e for e in queue.entries() if e["state"] == "done"]
                         if queue.no_one_waiting() else None, 5, "both callers gone")
    assert [(e["caller_number"], e["outcome"]) for e in entries] == [
        (CUSTOMER, "abandoned"), ("+46701234568", "abandoned")]
    logged = wait_until(lambda: len(queue.call_log()) == 2 and queue.call_log(), 5,
                        "both calls logged")
    assert sorted(r["call_uuid"] for r in logged) == sorted(e["call_uuid"] for e in entries)


def test_a_caller_is_called_back_when_an_agent_frees_up(queue, freeswitch, fs_secrets,
                                                        controller, sipp_dir):
    """The caller presses 1 and is let go; when Dennis logs in the controller rings him,
    then the caller through the carrier's gateway, and joins them."""
    scenario = sipp_dir / "q_caller_callback.xml"
    scenario.write_text((processes.REPO / "tests" / "sipp" / scenario.name).read_text())
    shifted_pcap(Path("/usr/share/sip-tester/dtmf_2833_1.pcap"), sipp_dir / "dtmf_1_again.pcap")
    customer = patient_customer(sipp_dir)
    conf = freeswitch.root / "conf"
    with carrier_gateway(conf, freeswitch.esl_port, fs_secrets.esl, GATEWAY,
                         f"{TRUSTED_CARRIER}:{customer.port}"):
        call = SippCall(sipp_dir, scenario, EXTERNAL_PROFILE, "-s", QUEUE_NUMBER,
                        "-key", "caller", CUSTOMER, "-key", "domain", DOMAIN,
                        address=TRUNK_ADDRESS)
        try:
            assert call.wait() == 0, "the switch did not take the request and hang up"
            [waiting] = wait_until(queue.callbacks, 5, "a callback row")
            assert (waiting["number"], waiting["state"]) == (CUSTOMER, "waiting")
            with phone(sipp_dir, "1002", DOMAIN, queue.password("1002")) as agent:
                queue.log_in("1002")
                wait_until(lambda: queue.callbacks()[0]["state"] == "connected", 15,
                           "agent and customer connected")
                heard_by_customer, heard_by_agent = customer.rtp(), agent.rtp()
                time.sleep(1.0)
                assert customer.rtp().more_than(heard_by_customer), "the customer hears nothing"
                assert agent.rtp().more_than(heard_by_agent), "the agent hears nothing"
                assert agent.wait() == 0 and customer.wait() == 0
            assert_shown_the_main_number(sipp_dir)
            done = wait_until(lambda: queue.callbacks()[0]["state"] == "completed"
                              and queue.callbacks(), 5, "the callback completed")
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{diagnose(freeswitch, controller, call, customer)}") from exc
    [entry] = queue.entries()
    assert (entry["callback"], entry["outcome"], entry["answered_by"]) == (
        True, "answered", queue.user("1002"))
    assert queue.offers(entry["id"]) == [(queue.user("1002"), "answered")]
    wait_until(lambda: queue.state("1002") == "available", 10, "wrap-up over")
    assert queue.moves("1002") == [("logged_out", "available"), ("available", "ringing"),
                                   ("ringing", "on_call"), ("on_call", "wrap_up"),
                                   ("wrap_up", "available")]
    logged = wait_until(lambda: len(queue.call_log()) >= 2 and queue.call_log(), 5,
                        "the call and the callback logged")
    assert [r["call_uuid"] for r in logged].count(entry["call_uuid"]) == 1
    assert len({r["call_uuid"] for r in logged}) == len(logged), logged
    assert {done[0]["agent_uuid"], done[0]["customer_uuid"]} & {r["call_uuid"] for r in logged}


WIDGET_SITE = "https://www.demo.example"


@pytest.fixture(scope="module")
def widget_door(db, sales, fs_env, fs_database_url):
    """The portal's widget door over HTTP (a thread on 127.0.0.1), with a key for the demo
    company that shows the sales queue to WIDGET_SITE; yields the request's URL."""
    import threading
    from werkzeug.serving import make_server

    from vaxel.actor import Actor
    from vaxel.config import Settings
    from vaxel.widget import services
    from vaxel.widget.models import WidgetCallback, WidgetSettings
    from vaxel.widget.services import WidgetForm
    from webadmin import create_app

    company_id = sales["company_id"]
    with db.begin() as session:
        services.save(session, Actor.system(), company_id, WidgetForm(
            WIDGET_SITE, (sales["queue_id"],), "#1d4ed8", "#ffffff", "", "", "", "", "", "", 30))
        key = services.rotate_key(session, Actor.system(), company_id)
    app = create_app(Settings.from_env({**fs_env, "VAXEL_SECRET_KEY": "widget-journey-secret",
                                        "DATABASE_URL": fs_database_url}), db, {"TESTING": True})
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/widget/v1/{key}/callback"
    httpd.shutdown()
    thread.join(timeout=5)
    with db.begin() as session:
        session.execute(delete(WidgetCallback).where(WidgetCallback.company_id == company_id))
        session.execute(delete(WidgetSettings).where(WidgetSettings.company_id == company_id))


def ask_to_be_called(url: str, queue_id: int, number: str) -> int:
    """The widget's request, as a visitor's browser on the company's site sends it."""
    import urllib.request

    body = json.dumps({"queue_id": queue_id, "name": "Åsa Öberg", "number": number}).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", "Origin": WIDGET_SITE})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def test_a_website_visitors_request_is_dialled_agent_first_then_the_visitor(
        queue, freeswitch, fs_secrets, controller, sipp_dir, widget_door):
    """A visitor asks through the widget's door over HTTP; the controller rings Dennis,
    then the visitor through the carrier's gateway, and joins them."""
    customer = patient_customer(sipp_dir)
    conf = freeswitch.root / "conf"
    with carrier_gateway(conf, freeswitch.esl_port, fs_secrets.esl, GATEWAY,
                         f"{TRUSTED_CARRIER}:{customer.port}"):
        try:
            with phone(sipp_dir, "1002", DOMAIN, queue.password("1002")) as agent:
                queue.log_in("1002")
                assert ask_to_be_called(widget_door, queue.queue_id, "070-123 45 67") == 201
                wait_until(lambda: queue.callbacks() and queue.callbacks()[0]["state"]
                           == "connected", 20, "agent and visitor connected")
                heard_by_customer, heard_by_agent = customer.rtp(), agent.rtp()
                time.sleep(1.0)
                assert customer.rtp().more_than(heard_by_customer), "the visitor hears nothing"
                assert agent.rtp().more_than(heard_by_agent), "the agent hears nothing"
                assert agent.wait() == 0 and customer.wait() == 0
            assert_shown_the_main_number(sipp_dir)
            wait_until(lambda: queue.callbacks()[0]["state"] == "completed", 5,
                       "the callback completed")
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{diagnose(freeswitch, controller, customer)}") from exc
    [entry] = queue.entries()
    assert entry["call_uuid"].startswith("widget:") and entry["caller_number"] == CUSTOMER
    assert (entry["callback"], entry["outcome"], entry["answered_by"]) == (
        True, "answered", queue.user("1002"))
    wait_until(lambda: queue.state("1002") == "available", 10, "wrap-up over")
