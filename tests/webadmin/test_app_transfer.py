"""The app's attended transfer routes (webadmin/employee/transfer.py): a user consults,
completes and cancels on their own calls only; a colleague's call is refused, another
company's is not found, and a command's result (the consultation's id) is its user's
alone. The calls themselves: tests/integration/test_app_calls.py on the real switch."""
from __future__ import annotations

import uuid

import pytest

from vaxel.callcontrol.models import CallCommand, CommandAction, LiveCallRow

ROUTES = ("consult", "complete", "cancel")


def live(db, company: int, user_id: int | None, caller: str = "+46701234567",
         destination: str = "+4681234") -> str:
    call_id = str(uuid.uuid4())
    db.add(LiveCallRow(call_uuid=call_id, company_id=company, state="ACTIVE", user_id=user_id,
                       caller_number=caller, destination=destination))
    db.flush()
    return call_id


def act(portal, action: str, call_id: str, consult_id: str):
    data = {"destination": "1000"} if action == "consult" else {"consult_call_id": consult_id}
    return portal.post(f"/app/calls/{call_id}/{action}", data)


@pytest.fixture
def calls(world, db):
    """The user's call and consultation, a colleague's (the admin's) call, and a call of
    another company's user."""
    return {"mine": live(db, world.a.company, world.a.user),
            "consult": live(db, world.a.company, world.a.user, "1001", "1000"),
            "colleague": live(db, world.a.company, world.a.admin),
            "other": live(db, world.b.company, world.b.user)}


@pytest.mark.parametrize("action", ROUTES)
def test_anonymous_is_sent_to_log_in(portal, calls, action):
    response = act(portal, action, calls["mine"], calls["consult"])
    assert response.status_code == 302 and response.location.startswith("/login?next=")


@pytest.mark.parametrize("action", ROUTES)
def test_a_user_acts_on_their_own_call_and_the_controller_is_asked(portal, world, db, calls,
                                                                    action):
    portal.login(world.a.user_email)
    response = act(portal, action, calls["mine"], calls["consult"])
    assert response.status_code == 202, response.text
    command = db.get(CallCommand, response.get_json()["id"])
    expected = {"consult": CommandAction.CONSULT, "complete": CommandAction.ATTENDED_TRANSFER,
                "cancel": CommandAction.CANCEL_CONSULT}[action]
    assert command.action is expected and command.args["call_id"] == calls["mine"]
    assert command.args["side_user_id"] == world.a.user


@pytest.mark.parametrize("action", ROUTES)
def test_a_colleagues_call_is_refused(portal, world, db, calls, action):
    portal.login(world.a.user_email)
    before = db.query(CallCommand).count()
    assert act(portal, action, calls["colleague"], calls["consult"]).status_code == 403
    assert db.query(CallCommand).count() == before


@pytest.mark.parametrize("action", ("complete", "cancel"))
def test_a_colleagues_call_as_the_consultation_is_refused(portal, world, calls, action):
    portal.login(world.a.user_email)
    assert act(portal, action, calls["mine"], calls["colleague"]).status_code == 403


@pytest.mark.parametrize("action", ROUTES)
def test_another_companys_call_is_not_found(portal, world, db, calls, action):
    portal.login(world.a.user_email)
    assert act(portal, action, calls["other"], calls["consult"]).status_code == 404
    if action != "consult":
        assert act(portal, action, calls["mine"], calls["other"]).status_code == 404
    # Not even its company's admin from here: another company's call id is not found.
    portal.login(world.a.admin_email)
    assert act(portal, action, calls["other"], calls["consult"]).status_code == 404


def test_my_live_calls_lists_only_the_calls_i_am_on(portal, world, calls):
    portal.login(world.a.user_email)
    listed = {c["id"] for c in portal.get("/app/calls/live.json").get_json()}
    assert listed == {calls["mine"], calls["consult"]}


def test_a_command_is_read_by_its_own_user_only(portal, world, db, calls):
    portal.login(world.a.user_email)
    url = act(portal, "consult", calls["mine"], "").get_json()["url"]
    command = db.get(CallCommand, int(url.rsplit("/", 1)[1]))
    command.result = {"call_id": calls["mine"], "consult_call_id": calls["consult"]}
    db.flush()
    assert portal.get(url).get_json()["result"]["consult_call_id"] == calls["consult"]
    portal.login(world.a.admin_email)  # a colleague (even an admin) on their own app
    assert portal.get(url).status_code == 404
    portal.login(world.b.user_email)
    assert portal.get(url).status_code == 404
