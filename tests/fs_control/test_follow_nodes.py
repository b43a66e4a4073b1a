"""One controller process following several FreeSWITCH nodes (VAXEL_NODES,
docs/scale-out.md): the setting is read strictly, each node gets a controller of its own on
its own Event Socket, the platform-wide jobs run once, and health says which node is down.
(Commands reaching the right node: test_call_commands_two_nodes.py, both deployments.)"""
from __future__ import annotations

import json

import gevent
import pytest

from fs_control.health import HealthServer
from tests.fsdouble.controller import controllers_following, running_double
from vaxel.config import FollowedNode, Settings, followed_nodes


def test_the_nodes_setting_names_each_nodes_event_socket_and_listener():
    assert followed_nodes(" a=10.0.0.21:8021/0.0.0.0:8084,b=10.0.0.22:8021/0.0.0.0:8085 ") == (
        FollowedNode("a", ("10.0.0.21", 8021), ("0.0.0.0", 8084)),
        FollowedNode("b", ("10.0.0.22", 8021), ("0.0.0.0", 8085)))
    settings = Settings.from_env({"VAXEL_NODES": "a=10.0.0.21:8021/0.0.0.0:8084 "
                                                 "b=10.0.0.22:8021/0.0.0.0:8085"})
    assert [(s.node, s.esl_address, s.controller_listen) for s in settings.per_node()] == [
        ("a", ("10.0.0.21", 8021), ("0.0.0.0", 8084)), ("b", ("10.0.0.22", 8021), ("0.0.0.0", 8085))]
    # Without it: the one node, as before.
    single = Settings.from_env({"VAXEL_NODE": "a"})
    assert single.per_node() == [single]


@pytest.mark.parametrize("raw, complaint", [
    ("a=10.0.0.21:8021", "NAME=ESL_HOST:PORT/LISTEN_HOST:PORT"),
    ("=10.0.0.21:8021/0.0.0.0:8084", "NAME=ESL_HOST:PORT/LISTEN_HOST:PORT"),
    ("a=10.0.0.21/0.0.0.0:8084", "a's Event Socket must look like host:port"),
    ("a=10.0.0.21:8021/8084", "a's listener must look like host:port"),
    ("a=h:1/h:2 a=h:3/h:4", "share one name"),
    ("a=h:1/h:2 b=h:1/h:4", "share one esl address"),
    # Two nodes' socket calls on one listener would reach one node's features.
    ("a=h:1/h:2 b=h:3/h:2", "share one controller listen"),
])
def test_a_wrong_nodes_setting_is_refused_with_what_is_wrong(raw, complaint):
    with pytest.raises(ValueError, match=complaint):
        Settings.from_env({"VAXEL_NODES": raw})


def test_one_node_or_several_not_both():
    with pytest.raises(ValueError, match="not both"):
        Settings.from_env({"VAXEL_NODE": "a", "VAXEL_NODES": "a=h:1/h:2"})


@pytest.fixture
def two_followed(committed_db, tmp_path):
    """Both doubles and the controllers of one process following them (every feature)."""
    with running_double() as double_a, running_double() as double_b, \
            controllers_following({"a": double_a, "b": double_b}, committed_db,
                                  tmp_path) as controllers:
        yield (double_a, double_b), controllers


def test_each_node_has_its_own_controller_and_the_platform_jobs_run_once(two_followed):
    (double_a, double_b), (a, b) = two_followed
    assert (a.settings.node, a.settings.esl_address) == ("a", double_a.address)
    assert (b.settings.node, b.settings.esl_address) == ("b", double_b.address)
    assert a.outbound.address != b.outbound.address
    # Node work on both (each node's commands and parked calls), company-wide work once.
    for node_job in ("claim_call_commands", "ring_back_parked_calls", "sync_message_waiting"):
        assert node_job in a.jobs and node_job in b.jobs, node_job
    for platform_job in ("send_outbox", "deliver_webhooks", "refresh_calendars"):
        assert platform_job in a.jobs and platform_job not in b.jobs, platform_job


def test_health_is_bad_when_one_followed_node_is_gone_and_says_which(two_followed, committed_db):
    (_, double_b), controllers = two_followed
    health = HealthServer(("127.0.0.1", 0), controllers, committed_db)
    report = health.report()
    assert report["ok"] and set(report["freeswitch"]["nodes"]) == {"a", "b"}
    assert any(name.startswith("b: ") for name in report["backlog"])
    double_b.stop()
    with gevent.Timeout(5):
        while controllers[1].inbound.connected:
            gevent.sleep(0.02)
    report = json.loads(json.dumps(health.report()))
    assert not report["ok"] and report["freeswitch"]["connected"] is False
    assert {name: node["connected"] for name, node in report["freeswitch"]["nodes"].items()} == {
        "a": True, "b": False}
