"""What a CRM sees, end to end against a real HTTP receiver on 127.0.0.1: the caller pop-up
on call.ringing (named from a company contact), the call logged on call.ended (with its
recording's URL), and click-to-call from the API through the controller to the FreeSWITCH
double and back to a finished command."""
from __future__ import annotations

import datetime as dt
import time

import gevent
import pytest
from sqlalchemy import select

from fs_control.call_events import call_ended, call_ringing
from fs_control.features.webhooks.outbox import CallWebhooks, delivery_round
from tests.actors import SYSTEM
from tests.fsdouble.controller import running_controller
from vaxel.config import Settings
from tests.webadmin.conftest import TEST_CONFIG
from vaxel.apitokens.services import create_token
from vaxel.callcontrol.models import LiveCallRow
from vaxel.caller_names.services import save_contact
from vaxel.people.services import add_sip_device, create_user
from vaxel.recordings.models import CallRecording
from vaxel.tenancy.services import create_company
from vaxel.webhooks import signing
from vaxel.infra.http import HttpPolicy
from vaxel.webhooks.services import create_endpoint
from webadmin import create_app

LOCAL = HttpPolicy(timeout=2, allow_private=True)
PUBLIC_URL = "https://pbx.example"
CALLER = "+46701234567"
EPOCH = int(time.time()) - 120  # events are due for delivery at their own time


@pytest.fixture
def acme(committed_db) -> dict:
    """Acme, Daria (1001) with a desk phone, and Kund AB as a contact."""
    with committed_db.begin() as s:
        company = create_company(s, SYSTEM, "Acme", "acme.example")
        daria = create_user(s, SYSTEM, company, "Daria", "1001")
        add_sip_device(s, SYSTEM, company, daria)
        save_contact(s, company.id, CALLER, "Karin Kund", "Kund AB", "crm-42")
        return {"id": company.id, "user": daria.id}


def subscribe(committed_db, company: int, url: str, events: list[str]) -> str:
    with committed_db.begin() as s:
        return create_endpoint(s, SYSTEM, company, url, events).secret


def delivered(committed_db, receiver, count: int = 1) -> list:
    deliver = delivery_round(committed_db, LOCAL)
    deadline = time.monotonic() + 5
    while len(receiver.received) < count and time.monotonic() < deadline:
        deliver()
    assert len(receiver.received) >= count, "nothing reached the receiver"
    return receiver.received


def b_leg_created(company: int, user: int) -> dict[str, str]:
    """A bridge's B-leg ringing Daria's phone, as CHANNEL_CREATE headers."""
    return {"Event-Name": "CHANNEL_CREATE", "Unique-ID": "b-leg-1",
            "Event-Date-Timestamp": str(EPOCH * 1_000_000),
            "variable_originating_leg_uuid": "a-leg-1",
            "variable_vaxel_company_id": str(company), "variable_vaxel_user_id": str(user),
            "variable_vaxel_intent": "inbound", "variable_vaxel_dialled": "+46812345600",
            "Caller-Caller-ID-Number": CALLER, "Caller-Caller-ID-Name": CALLER}


def a_leg_hung_up(company: int, user: int, answered: bool) -> dict[str, str]:
    return {"Event-Name": "CHANNEL_HANGUP_COMPLETE", "Unique-ID": "a-leg-1",
            "variable_vaxel_company_id": str(company), "variable_vaxel_user_id": str(user),
            "variable_vaxel_intent": "inbound", "variable_vaxel_dialled": "+46812345600",
            "variable_start_epoch": str(EPOCH),
            "variable_answer_epoch": str(EPOCH + 5) if answered else "0",
            "variable_end_epoch": str(EPOCH + 65),
            "variable_hangup_cause": "NORMAL_CLEARING" if answered else "ORIGINATOR_CANCEL",
            "Caller-Caller-ID-Number": CALLER, "Caller-Caller-ID-Name": "",
            "Caller-Destination-Number": "1001", "Call-Direction": "inbound"}


def test_the_crm_pops_up_the_caller_named_from_its_contacts(committed_db, acme, receiver):
    secret = subscribe(committed_db, acme["id"], receiver.url + "/popup", ["call.ringing"])
    writer = CallWebhooks(committed_db, None, PUBLIC_URL)
    started, ringing = call_ringing(b_leg_created(acme["id"], acme["user"]))
    writer.on_started(started)
    writer.ringing.put(ringing)
    writer.drain_ringing()
    [got] = delivered(committed_db, receiver)
    assert got.path == "/popup" and got.headers["Vaxel-Event-Type"] == "call.ringing"
    assert signing.verify(secret, got.headers["Vaxel-Signature"], got.body, int(time.time()))
    data = got.json()["data"]
    assert data["call_id"] == "a-leg-1" and data["user_ids"] == [acme["user"]]
    assert data["from"] == CALLER and data["direction"] == "incoming"
    assert data["caller"]["name"] == "Karin Kund"
    assert data["caller"]["organisation"] == "Kund AB"
    assert data["caller"]["source"] == "contacts"


def test_the_crm_logs_the_ended_call_with_its_recording(committed_db, acme, receiver):
    subscribe(committed_db, acme["id"], receiver.url, ["call.ended", "call.missed"])
    with committed_db.begin() as s:
        s.add(CallRecording(company_id=acme["id"], user_id=acme["user"], call_uuid="a-leg-1",
                            direction="incoming", from_number=CALLER, to_number="1001",
                            started_at=dt.datetime.fromtimestamp(EPOCH, dt.timezone.utc),
                            file_path="r.wav"))
        s.flush()
        recording = s.scalar(select(CallRecording.id))
    CallWebhooks(committed_db, None, PUBLIC_URL).on_ended(
        call_ended(a_leg_hung_up(acme["id"], acme["user"], answered=True)))
    [got] = delivered(committed_db, receiver)
    data = got.json()["data"]
    assert got.json()["type"] == "call.ended"
    assert data["user_id"] == acme["user"] and data["other_number"] == CALLER
    assert data["result"] == "answered"
    assert data["duration_seconds"] == 65 and data["talk_seconds"] == 60
    assert data["recording_url"] == f"{PUBLIC_URL}/api/v1/recordings/{recording}"


def test_an_unanswered_call_is_logged_as_ended_and_missed(committed_db, acme, receiver):
    subscribe(committed_db, acme["id"], receiver.url, ["call.ended", "call.missed"])
    CallWebhooks(committed_db, None, PUBLIC_URL).on_ended(
        call_ended(a_leg_hung_up(acme["id"], acme["user"], answered=False)))
    got = delivered(committed_db, receiver, count=2)
    kinds = {r.json()["type"]: r.json()["data"] for r in got}
    assert set(kinds) == {"call.ended", "call.missed"}
    assert kinds["call.ended"]["recording_url"] is None
    assert kinds["call.missed"]["user_id"] == acme["user"]


# -- click-to-call: API → call_command row → controller → FreeSWITCH → command done ------------

@pytest.fixture
def controller(double, committed_db, tmp_path):
    with running_controller(double, committed_db, tmp_path,
                            VAXEL_INTEGRATIONS_ALLOW_PRIVATE="1") as ctl:
        yield ctl


@pytest.fixture
def crm(committed_db, acme):
    """The CRM's side: the API with a token of Acme's."""
    with committed_db.begin() as s:
        token = create_token(s, SYSTEM, acme["id"], "CRM", ["calls:read", "calls:write"])[1]
    app = create_app(Settings.from_env({"VAXEL_SECRET_KEY": "test"}), committed_db, TEST_CONFIG)
    client, headers = app.test_client(), {"Authorization": f"Bearer {token}"}
    return lambda method, url, json=None: client.open(
        "/api/v1" + url, method=method, json=json, headers=headers)


def finished(crm, command_id: int) -> dict:
    with gevent.Timeout(5):
        while (command := crm("GET", f"/commands/{command_id}").json)["status"] in (
                "pending", "running"):
            gevent.sleep(0.05)
    return command


def test_click_to_call_rings_the_users_phone_through_freeswitch(controller, double, crm, acme):
    answer = crm("POST", "/calls", {"user_id": acme["user"], "destination": "+46 70 765 43 21"})
    assert answer.status_code == 202
    command = finished(crm, answer.json["id"])
    assert command["status"] == "done", command
    call_id = command["result"]["call_id"]
    [originate] = [c for c in double.command_log if "originate" in c]
    assert f"origination_uuid={call_id}" in originate
    assert "user/" in originate and "@acme.example +46707654321 XML default" in originate
    assert call_id in double.calls  # the phone answered: the channel is up


def test_a_clicked_call_is_then_transferred_blind(controller, double, crm, acme, committed_db):
    command = finished(crm, crm("POST", "/calls", {"user_id": acme["user"],
                                                   "destination": "1002"}).json["id"])
    call_id = command["result"]["call_id"]
    with gevent.Timeout(5):  # the live-call row follows the channel's events
        while not _live(committed_db, call_id):
            gevent.sleep(0.05)
    transfer = crm("POST", f"/calls/{call_id}/transfer", {"destination": "1003"})
    assert transfer.status_code == 202, transfer.json
    assert finished(crm, transfer.json["id"])["status"] == "done"
    assert double.transfers == [(call_id, "1003", "XML", "default", "")]


def test_a_phone_that_does_not_answer_fails_the_command(controller, double, crm, acme):
    double.originate_outcomes["user/"] = "NO_ANSWER"
    command = finished(crm, crm("POST", "/calls", {"user_id": acme["user"],
                                                   "destination": "1002"}).json["id"])
    assert command["status"] == "failed" and "NO_ANSWER" in command["result"]["error"]


def _live(committed_db, call_id: str) -> bool:
    with committed_db() as s:
        return s.get(LiveCallRow, call_id) is not None
