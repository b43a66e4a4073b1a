"""Call commands through the REST API on the real FreeSWITCH: click-to-call, blind and
attended transfer, hang-up. sipp phones register and answer with audio; each test checks
the SIP messages the phones receive, the call log (exactly one row per call) and the
signed call webhooks a real local HTTP receiver gets."""
from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import func, select

from tests.actors import SYSTEM
from tests.integrations.receiver import Receiver
from vaxel.calls.models import CallLogEntry
from vaxel.webhooks import signing

from . import call_commands_setup as setup
from .call_commands_setup import THIRD, Company
from .cmd_phones import answering_phone, calling_phone
from .waiting import wait_until

pytestmark = pytest.mark.freeswitch
# The set-up's fixtures (module-scoped: this module gets its own set).
receiver, session_factory, company = setup.receiver, setup.session_factory, setup.company
controller, phones = setup.controller, setup.phones

class Api:
    """The portal's REST API (the real app on the test database) with a calls token."""

    def __init__(self, client, token: str):
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}

    def get(self, url: str):
        reply = self.client.get("/api/v1" + url, headers=self.headers)
        assert reply.status_code == 200, reply.get_data(as_text=True)
        return reply.get_json()

    def post(self, url: str, data: dict):
        reply = self.client.post("/api/v1" + url, json=data, headers=self.headers)
        assert reply.status_code == 202, reply.get_data(as_text=True)
        return reply.get_json()

    def command_result(self, command: dict, timeout: float = 40.0) -> dict:
        """The finished command's result (a click-to-call finishes when both ends answer)."""
        done = wait_until(lambda: (c := self.get(f"/commands/{command['id']}"))["status"]
                          in ("done", "failed") and c, timeout, f"command {command} unfinished")
        assert done["status"] == "done", done
        return done["result"]

    def live_call(self, destination: str, timeout: float = 15.0) -> dict:
        return wait_until(lambda: next((c for c in self.get("/calls")["calls"]
                                        if c["destination"] == destination
                                        and c["state"] in ("ACTIVE", "OUTGOING")), None),
                          timeout, f"no live call to {destination}")


@pytest.fixture(scope="module")
def api(fs_database_url, company, session_factory, controller):
    from vaxel.apitokens.services import create_token
    from vaxel.config import Settings
    from webadmin import create_app

    with session_factory.begin() as session:
        token = create_token(session, SYSTEM, company.id, "integration",
                             ["calls:read", "calls:write"])[1]
    app = create_app(Settings.from_env({"VAXEL_SECRET_KEY": "integration-secret-key-0123456789",
                                        "DATABASE_URL": fs_database_url}))
    return Api(app.test_client(), token)



def logged(session_factory, company: Company, call_uuids) -> dict[str, int]:
    with session_factory() as session:
        return dict(session.execute(select(CallLogEntry.call_uuid, func.count())
                                    .where(CallLogEntry.company_id == company.id,
                                           CallLogEntry.call_uuid.in_(list(call_uuids)))
                                    .group_by(CallLogEntry.call_uuid)).all())


def one_log_row_each(session_factory, company, call_uuids, why) -> None:
    wanted = {uuid: 1 for uuid in call_uuids}
    wait_until(lambda: logged(session_factory, company, call_uuids) == wanted, 15,
               "call log is not one row per call",
               lambda: f"{logged(session_factory, company, call_uuids)} {why()}")
    time.sleep(1.0)  # the CDR reconciliation comes after the events: still one row each
    assert logged(session_factory, company, call_uuids) == wanted


def signed_webhooks(receiver: Receiver, company: Company, call_uuid: str,
                    types: set[str], timeout: float = 15.0) -> dict[str, dict]:
    """The webhooks about one call, by type, once every wanted type came; each signed."""
    def about_call():
        found = {}
        for got in list(receiver.received):
            body = json.loads(got.body)
            if body["data"].get("call_id") == call_uuid:
                assert signing.verify(company.endpoint_secret, got.headers[signing.HEADER],
                                      got.body, int(time.time())), got.headers
                assert body["company"] == company.id
                found[body["type"]] = body
        return found if types <= found.keys() else None
    return wait_until(about_call, timeout, f"webhooks {types} for {call_uuid}",
                      lambda: "\n".join(r.body for r in receiver.received))


def test_click_to_call_rings_the_users_phone_first_then_the_destination(
        freeswitch, xmlcurl_service, company, controller, api, receiver, session_factory,
        sipp_dir, phones):
    alex = answering_phone(sipp_dir, "1000", company.passwords["1000"])
    phones.append(alex)
    daria = answering_phone(sipp_dir, "1001", company.passwords["1001"])
    phones.append(daria)

    command = api.post("/calls", {"user_id": company.users["1000"], "destination": "1001"})
    call_id = api.command_result(command)["call_id"]
    first = alex.wait_for("INVITE")[0]
    second = daria.wait_for("INVITE")[0]
    # Alex's phone rings first, showing whom it will call; Daria's shows Alex calling.
    assert first.at < second.at
    assert "1001" in first.headers["from"], first
    assert "1000" in second.headers["from"], second
    assert api.live_call("1001")["call_id"] == call_id

    api.post(f"/calls/{call_id}/hangup", {})
    alex.wait_for("BYE")
    daria.wait_for("BYE")
    assert alex.finished() == 0, alex.explain()
    assert daria.finished() == 0, daria.explain()
    one_log_row_each(session_factory, company, [call_id], alex.explain)
    hooks = signed_webhooks(receiver, company, call_id, {"call.ended"})
    ended = hooks["call.ended"]["data"]
    assert ended["user_id"] == company.users["1000"], hooks
    assert ended["result"] == "answered", hooks
    # A CRM logs it as Alex's call to Daria, as if he had dialled 1001 on his phone.
    assert (ended["from"], ended["to"], ended["direction"]) == ("1000", "1001", "internal"), hooks


def connected_call(sipp_dir, company, phones, api, callee_calls: int = 1):
    """Alex (1000) calls Daria (1001), who answers; returns (alex, daria, the live call id)."""
    daria = answering_phone(sipp_dir, "1001", company.passwords["1001"], calls=callee_calls)
    phones.append(daria)
    alex = calling_phone(sipp_dir, "1000", company.passwords["1000"], "1001")
    phones.append(alex)
    daria.wait_for("ACK")
    return alex, daria, api.live_call("1001")["call_id"]


def test_a_colleagues_call_fires_ringing_answered_and_ended_webhooks(
        freeswitch, xmlcurl_service, company, controller, api, receiver, session_factory,
        sipp_dir, phones):
    """What a CRM sees of one call: its phone rang for Daria, she answered, it ended."""
    alex, daria, call_id = connected_call(sipp_dir, company, phones, api)
    hooks = signed_webhooks(receiver, company, call_id, {"call.ringing", "call.answered"})
    assert hooks["call.ringing"]["data"]["user_ids"] == [company.users["1001"]], hooks
    assert hooks["call.answered"]["data"]["user_id"] == company.users["1001"], hooks

    api.command_result(api.post(f"/calls/{call_id}/hangup", {}))
    alex.wait_for("BYE")
    daria.wait_for("BYE")
    hooks = signed_webhooks(receiver, company, call_id, {"call.ended"})
    assert hooks["call.ended"]["data"]["result"] == "answered", hooks
    assert hooks["call.ended"]["data"]["from"] == "1000", hooks


def test_blind_transfer_sends_the_caller_on_to_a_colleague(
        freeswitch, xmlcurl_service, company, controller, api, receiver, session_factory,
        sipp_dir, phones):
    dennis = answering_phone(sipp_dir, THIRD, company.passwords[THIRD])
    phones.append(dennis)
    alex, daria, call_id = connected_call(sipp_dir, company, phones, api)

    api.command_result(api.post(f"/calls/{call_id}/transfer", {"destination": THIRD}))
    daria.wait_for("BYE")  # Daria is out of the call…
    invite = dennis.wait_for("INVITE")[0]  # …and Dennis's phone rings with Alex calling
    assert "1000" in invite.headers["from"], invite
    dennis.wait_for("ACK")
    assert not alex.received("BYE"), alex.explain()

    api.command_result(api.post(f"/calls/{call_id}/hangup", {}))
    alex.wait_for("BYE")
    dennis.wait_for("BYE")
    for phone in (alex, daria, dennis):
        assert phone.finished() == 0, phone.explain()
    one_log_row_each(session_factory, company, [call_id], alex.explain)
    hooks = signed_webhooks(receiver, company, call_id, {"call.ended"})
    assert hooks["call.ended"]["data"]["result"] == "answered", hooks


def test_attended_transfer_joins_the_waiting_caller_with_the_consulted_colleague(
        freeswitch, xmlcurl_service, company, controller, api, receiver, session_factory,
        sipp_dir, phones):
    dennis = answering_phone(sipp_dir, THIRD, company.passwords[THIRD])
    phones.append(dennis)
    alex, daria, call_id = connected_call(sipp_dir, company, phones, api, callee_calls=2)
    # Daria consults Dennis: a click-to-call from her phone (her second call).
    consult = api.command_result(api.post("/calls", {"user_id": company.users["1001"],
                                                     "destination": THIRD}))["call_id"]
    dennis.wait_for("ACK")
    # As a client would: the consultation is in the live calls before it is joined (the
    # controller writes live calls in batches, a moment after the switch's events).
    assert api.live_call(THIRD)["call_id"] == consult

    api.command_result(api.post(f"/calls/{call_id}/transfer", {"consult_call_id": consult}))
    daria.wait_for("BYE", count=2)  # both of Daria's calls end…
    time.sleep(0.5)
    assert not alex.received("BYE") and not dennis.received("BYE"), \
        alex.explain() + dennis.explain()  # …while Alex and Dennis stay

    # Alex and Dennis are joined: hanging up Alex's call ends Dennis's side too.
    api.command_result(api.post(f"/calls/{call_id}/hangup", {}))
    alex.wait_for("BYE")
    dennis.wait_for("BYE")
    for phone in (alex, daria, dennis):
        assert phone.finished() == 0, phone.explain()
    one_log_row_each(session_factory, company, [call_id, consult], alex.explain)
    signed_webhooks(receiver, company, call_id, {"call.ended"})
    signed_webhooks(receiver, company, consult, {"call.ended"})
