"""Two FreeSWITCH nodes on one database (the scale-out deployment, docs/scale-out.md),
followed by a controller each or by one controller process for both (VAXEL_NODES): a live
call is marked with the node that holds it, a command on the call reaches that node's
Event Socket only, and neither node's controller forgets the other node's calls."""
from __future__ import annotations

import gevent
import pytest
from sqlalchemy import select

from fs_control.features import Features
from fs_control.features.call_commands.plugin import register as add_call_commands
from tests.fsdouble.controller import controllers_following, running_controller, running_double
from vaxel.actor import Actor, ActorRole
from vaxel.callcontrol.models import CallCommand, CommandAction, CommandStatus, LiveCallRow
from vaxel.callcontrol.services import request_command
from vaxel.demo import load_demo
from vaxel.errors import InvalidInput
from vaxel.people.models import User
from vaxel.tenancy.models import Company

CALL_ON_A, CALL_ON_B = "aaaaaaaa-0000-4000-8000-000000000001", "bbbbbbbb-0000-4000-8000-000000000002"


def wait_for(condition, seconds=5.0):
    with gevent.Timeout(seconds, AssertionError("condition not met in %ss" % seconds)):
        while not condition():
            gevent.sleep(0.05)


@pytest.fixture
def company_id(committed_db) -> int:
    with committed_db.begin() as session:
        load_demo(session, "two-nodes.example")
        return session.scalar(select(Company.id).where(Company.sip_domain == "two-nodes.example"))


@pytest.fixture(params=["a controller each", "one controller for both"])
def two_nodes(request, committed_db, tmp_path, company_id):
    """{node name: (double, the node's CallCommands)} for nodes a and b."""
    with running_double() as double_a, running_double() as double_b:
        doubles, nodes = {"a": double_a, "b": double_b}, {}
        for double in doubles.values():
            double.killed = []
            double.register_api("uuid_kill", lambda arg, d=double: d.killed.append(arg) or "+OK\n")

        def features(deps):
            """Only the call commands feature, kept with the double of the node it follows."""
            built = Features()
            nodes[deps.settings.node] = (doubles[deps.settings.node], add_call_commands(built, deps))
            return built
        if request.param == "a controller each":
            (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
            with running_controller(double_a, committed_db, tmp_path / "a", features=features,
                                    VAXEL_NODE="a"), \
                    running_controller(double_b, committed_db, tmp_path / "b", features=features,
                                       VAXEL_NODE="b"):
                yield nodes
        else:
            with controllers_following(doubles, committed_db, tmp_path, features=features):
                yield nodes


def start_call(double, call_uuid: str, company_id: int) -> None:
    # An A-leg (the captured CHANNEL_CREATE the double builds on is a B-leg's).
    double.emit("CHANNEL_CREATE", {"Unique-ID": call_uuid, "variable_originating_leg_uuid": "",
                                   "variable_vaxel_company_id": str(company_id),
                                   "Caller-Caller-ID-Number": "+46701234567",
                                   "Caller-Destination-Number": "+46812345600"})


def live_nodes(committed_db) -> dict[str, str]:
    with committed_db() as session:
        return dict(session.execute(select(LiveCallRow.call_uuid, LiveCallRow.node)).all())


def test_a_command_reaches_the_node_that_holds_the_call(two_nodes, committed_db, company_id):
    (double_a, _), (double_b, _) = two_nodes["a"], two_nodes["b"]
    start_call(double_a, CALL_ON_A, company_id)
    start_call(double_b, CALL_ON_B, company_id)
    wait_for(lambda: live_nodes(committed_db) == {CALL_ON_A: "a", CALL_ON_B: "b"})
    actor = Actor(company_id, ActorRole.ADMIN, "test")
    ids = []
    for call in (CALL_ON_B, CALL_ON_A, CALL_ON_B):
        with committed_db.begin() as session:
            ids.append(request_command(session, actor, CommandAction.HANG_UP, {"call_id": call}).id)

    def done():
        with committed_db() as session:
            return session.scalars(select(CallCommand.status).where(CallCommand.id.in_(ids))).all()
    wait_for(lambda: set(done()) == {CommandStatus.DONE})
    assert [k.split()[0] for k in double_a.killed] == [CALL_ON_A]
    assert [k.split()[0] for k in double_b.killed] == [CALL_ON_B, CALL_ON_B]


def test_each_controller_forgets_only_its_own_nodes_vanished_calls(two_nodes, committed_db, company_id):
    start_call(two_nodes["a"][0], CALL_ON_A, company_id)
    start_call(two_nodes["b"][0], CALL_ON_B, company_id)
    wait_for(lambda: len(live_nodes(committed_db)) == 2)
    two_nodes["a"][1].reconcile(set())  # node a has no calls any more
    assert live_nodes(committed_db) == {CALL_ON_B: "b"}


def test_a_transfer_across_nodes_is_refused_when_asked(two_nodes, committed_db, company_id):
    start_call(two_nodes["a"][0], CALL_ON_A, company_id)
    start_call(two_nodes["b"][0], CALL_ON_B, company_id)
    wait_for(lambda: len(live_nodes(committed_db)) == 2)
    with committed_db.begin() as session, pytest.raises(InvalidInput, match="different switches"):
        request_command(session, Actor(company_id, ActorRole.ADMIN, "test"),
                        CommandAction.ATTENDED_TRANSFER,
                        {"call_id": CALL_ON_A, "consult_call_id": CALL_ON_B})


def test_a_call_just_started_by_a_command_is_commanded_on_the_node_that_started_it(
        committed_db, company_id):
    """A hang-up asked the moment a click-to-call has answered (before the new call's live
    row is written) goes to the node whose controller started it, not to any node, which
    would find no such channel half the time."""
    from vaxel.callcontrol.services import claim_pending, finish
    from vaxel.base import utcnow

    actor = Actor(company_id, ActorRole.ADMIN, "test")
    with committed_db.begin() as session:
        user_id = session.scalar(select(User.id).where(User.company_id == company_id))
        started = request_command(session, actor, CommandAction.CLICK_TO_CALL,
                                  {"user_id": user_id, "destination": "1001"})
        assert started.node is None  # a new call: any node's controller may start it
    with committed_db.begin() as session:
        [claimed] = claim_pending(session, "b")
        assert claimed.id == started.id and claimed.node == "b"
        finish(session, claimed.id, True, {"call_id": CALL_ON_B}, utcnow())
    with committed_db.begin() as session:
        hang_up = request_command(session, actor, CommandAction.HANG_UP, {"call_id": CALL_ON_B})
        assert hang_up.node == "b"
        with pytest.raises(InvalidInput, match="different switches"):  # still checked
            session.add(LiveCallRow(call_uuid=CALL_ON_A, company_id=company_id, node="a",
                                    caller_number="1000", destination="1001", state="ACTIVE"))
            session.flush()
            request_command(session, actor, CommandAction.ATTENDED_TRANSFER,
                            {"call_id": CALL_ON_A, "consult_call_id": CALL_ON_B})
