"""Playing the attacker against the controller and the FreeSWITCH double: registration
failures from 127.0.0.2 get it banned (ACL file rewritten, `reloadacl` sent), while the
legitimate phone on 127.0.0.3 keeps registering; ops lift the ban; floods are banned."""
from __future__ import annotations

from contextlib import contextmanager

import gevent
import pytest
from sqlalchemy import select

from fs_control.features import Features
from fs_control.features.bans.plugin import register as add_bans
from tests.fsdouble.controller import running_controller, running_double
from vaxel.models import OpsAlert, SipBan
from vaxel.security.services import add_allowed, lift_ban

ATTACKER, PHONE = "127.0.0.2", "127.0.0.3"


@pytest.fixture
def double():
    with running_double() as fs:
        fs.reloads = []
        fs.register_api("reloadacl", lambda arg: fs.reloads.append(arg) or "+OK acl reloaded\n")
        yield fs


@contextmanager
def guarded_controller(double, committed_db, tmp_path, **env):
    """A controller with only the ban guard, yielding (guard, controller)."""
    holder = {}

    def features(deps):
        built = Features()
        holder["guard"] = add_bans(built, deps)
        return built

    with running_controller(double, committed_db, tmp_path, features=features,
                            VAXEL_FS_CONF_DIR=str(tmp_path), **env) as ctl:
        yield holder["guard"], ctl


@pytest.fixture
def guard_and_controller(double, committed_db, tmp_path):
    with guarded_controller(double, committed_db, tmp_path, VAXEL_FLOOD_REQUESTS="100") as both:
        yield both


def register_failure(double, source, user="1002"):
    double.emit("sofia::register_failure", {"to-user": user, "network-ip": source})


def pre_register(double, source, user="1002"):
    double.emit("sofia::pre_register", {"from-user": user, "network-ip": source})


def wait_for(condition, seconds=5.0):
    with gevent.Timeout(seconds, AssertionError("condition not met in %ss" % seconds)):
        while not condition():
            gevent.sleep(0.02)


def acl_text(tmp_path):
    path = tmp_path / "banned.local.xml"
    return path.read_text() if path.exists() else ""


def test_brute_force_bans_the_attacker_only(double, guard_and_controller, committed_db, tmp_path):
    for _ in range(9):
        register_failure(double, PHONE)  # a phone with a stale password: not yet a ban
    for n in range(12):
        register_failure(double, ATTACKER, user=str(1000 + n))
        pre_register(double, PHONE)  # the legitimate phone keeps registering throughout
    wait_for(lambda: ATTACKER in acl_text(tmp_path) and double.reloads)
    assert PHONE not in acl_text(tmp_path)
    assert '<node type="deny" cidr="127.0.0.2/32"/>' in acl_text(tmp_path)
    with committed_db() as s:
        bans = s.scalars(select(SipBan)).all()
        assert [(b.source, b.reason) for b in bans] == [(ATTACKER, "brute_force")]
        assert any("127.0.0.2" in a.message for a in s.scalars(select(OpsAlert)))
    assert any(line.startswith("api reloadacl") for line in double.command_log)


def test_ops_lift_the_ban_and_freeswitch_is_told(double, guard_and_controller, committed_db, tmp_path):
    guard, _ = guard_and_controller
    for _ in range(10):
        register_failure(double, ATTACKER)
    wait_for(lambda: ATTACKER in acl_text(tmp_path) and double.reloads)
    reloads = len(double.reloads)
    with committed_db.begin() as s:
        ban_id = s.scalars(select(SipBan.id)).one()
        lift_ban(s, ban_id, "ops@example.net")
    guard.sync()  # what the periodic job does within 10 s
    assert ATTACKER not in acl_text(tmp_path) and len(double.reloads) == reloads + 1
    for _ in range(9):
        register_failure(double, ATTACKER)  # counters start again from zero
    gevent.sleep(0.3)
    assert ATTACKER not in acl_text(tmp_path)


def test_a_flood_is_banned_within_seconds(double, guard_and_controller, tmp_path):
    for _ in range(150):
        pre_register(double, "127.0.0.4")
    wait_for(lambda: "127.0.0.4" in acl_text(tmp_path), 3)


def test_allow_listed_addresses_are_never_banned(double, guard_and_controller, committed_db, tmp_path):
    guard, _ = guard_and_controller
    with committed_db.begin() as s:
        add_allowed(s, "127.0.0.0/29", "the office")
    guard.sync()
    for _ in range(30):
        register_failure(double, ATTACKER)
    gevent.sleep(0.5)
    assert ATTACKER not in acl_text(tmp_path)
    with committed_db() as s:
        assert s.scalars(select(SipBan)).all() == []


def test_a_node_behind_kamailio_never_bans_kamailio(double, committed_db, tmp_path):
    """Behind a proxy every refused digest a node sees comes from the proxy's address;
    banning it would cut every phone off (docs/scale-out.md: Kamailio bans the sources)."""
    with guarded_controller(double, committed_db, tmp_path, VAXEL_SIP_PROXY=ATTACKER) as (guard, _):
        guard.sync()
        for n in range(30):
            register_failure(double, ATTACKER, user=str(1000 + n))
        for _ in range(12):
            register_failure(double, PHONE)
        wait_for(lambda: PHONE in acl_text(tmp_path))
        assert ATTACKER not in acl_text(tmp_path)
