"""kamailio-conf rendered from the VAXEL_* settings freeswitch-conf is rendered from, and
checked by Kamailio's own parser (`kamailio -c`) when it is installed."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from scripts.render_freeswitch_conf import ConfError
from scripts.render_kamailio_conf import kamailio_db_url, render

CONF = Path(__file__).resolve().parents[2] / "kamailio-conf"
ENV = {
    "DATABASE_URL": "postgresql://vaxel:pw-7f3kq9xw@db.internal:5432/vaxel",
    "VAXEL_SIP_PROXY": "10.0.0.20",
    "VAXEL_FS_NODES": "10.0.0.21, 10.0.0.22",
    "VAXEL_TRUNK_ADDRESSES": "192.0.2.10, 198.51.100.0/24",
    "VAXEL_BAN_MAX_FAILURES": "7",
}


@pytest.fixture
def conf(tmp_path) -> Path:
    shutil.copytree(CONF, tmp_path / "conf", ignore=shutil.ignore_patterns("*.local.cfg", "dispatcher.list"))
    return tmp_path / "conf"


def test_the_nodes_become_two_dispatcher_sets(conf, tmp_path):
    render(ENV, conf, tmp_path)
    lines = [line for line in (conf / "dispatcher.list").read_text().splitlines()
             if not line.startswith("#")]
    assert lines == ["1 sip:10.0.0.21:5060 0 0", "1 sip:10.0.0.22:5060 0 0",
                     "2 sip:10.0.0.21:5080 0 0", "2 sip:10.0.0.22:5080 0 0"]


def test_only_trunk_addresses_pass_the_trunk_check(conf, tmp_path):
    render(ENV, conf, tmp_path)
    text = (conf / "trunks.local.cfg").read_text()
    assert 'is_in_subnet("$si", "192.0.2.10/32")' in text
    assert 'is_in_subnet("$si", "198.51.100.0/24")' in text
    assert text.rstrip().endswith("return -1;\n}")
    render(ENV | {"VAXEL_TRUNK_ADDRESSES": ""}, conf, tmp_path)
    assert "is_in_subnet" not in (conf / "trunks.local.cfg").read_text()


def test_site_values_come_from_the_shared_settings(conf, tmp_path):
    path = render(ENV, conf, tmp_path)
    text = path.read_text()
    assert '#!define VAXEL_DB_URL "postgres://vaxel:pw-7f3kq9xw@db.internal:5432/vaxel"' in text
    assert '#!substdef "!VAXEL_PROXY_IP!10.0.0.20!g"' in text
    assert '#!substdef "!VAXEL_BAN_MAX_FAILURES!7!g"' in text
    for name in ("kamailio.local.cfg", "trunks.local.cfg", "dispatcher.list"):
        assert (conf / name).stat().st_mode & 0o077 == 0
        assert name in (CONF / ".gitignore").read_text().split()


TWO_PROXIES = {"VAXEL_SIP_PROXY": "10.0.0.20, 10.0.0.19", "VAXEL_SIP_IP": "10.0.0.19",
               "VAXEL_SIP_PROXY_SECRET": "nonce-Secret-4f9q2x"}


def test_one_of_two_kamailios_listens_on_its_own_address_and_knows_the_other(conf, tmp_path):
    text = render(ENV | TWO_PROXIES, conf, tmp_path).read_text()
    assert '#!substdef "!VAXEL_PROXY_IP!10.0.0.19!g"' in text
    # Both, for trusting the other's relayed requests (Path) by address.
    assert '#!substdef "!VAXEL_PROXIES!10.0.0.20/32,10.0.0.19/32!g"' in text
    assert '#!define VAXEL_AUTH_SECRET "nonce-Secret-4f9q2x"' in text


def test_a_single_kamailio_keeps_its_random_nonce_secret(conf, tmp_path):
    text = render(ENV, conf, tmp_path).read_text()
    assert "VAXEL_AUTH_SECRET" not in text
    assert '#!substdef "!VAXEL_PROXIES!10.0.0.20/32!g"' in text


@pytest.mark.parametrize("change, complaint", [
    ({"VAXEL_SIP_PROXY": ""}, "VAXEL_SIP_PROXY"),
    (TWO_PROXIES | {"VAXEL_SIP_IP": ""}, "VAXEL_SIP_IP"),
    (TWO_PROXIES | {"VAXEL_SIP_IP": "10.0.0.30"}, "VAXEL_SIP_IP"),
    (TWO_PROXIES | {"VAXEL_SIP_PROXY_SECRET": ""}, "VAXEL_SIP_PROXY_SECRET"),
    (TWO_PROXIES | {"VAXEL_SIP_PROXY_SECRET": 'short"1'}, "VAXEL_SIP_PROXY_SECRET"),
    ({"VAXEL_FS_NODES": ""}, "VAXEL_FS_NODES"),
    ({"VAXEL_FS_NODES": "node1.example"}, "VAXEL_FS_NODES"),
    ({"DATABASE_URL": ""}, "DATABASE_URL"),
    ({"DATABASE_URL": "mysql://a@b/c"}, "DATABASE_URL"),
    ({"DATABASE_URL": "postgresql://a:p!w@b/c"}, "DATABASE_URL"),
    ({"VAXEL_TRUNK_ADDRESSES": "carrier.example"}, "VAXEL_TRUNK_ADDRESSES"),
    ({"VAXEL_FLOOD_REQUESTS": "0"}, "VAXEL_FLOOD_REQUESTS"),
])
def test_render_refuses_unsafe_settings(conf, tmp_path, change, complaint):
    with pytest.raises(ConfError, match=complaint):
        render(ENV | change, conf, tmp_path)
    assert not (conf / "kamailio.local.cfg").exists()


def test_database_url_in_kamailios_syntax():
    assert kamailio_db_url("postgresql+psycopg2://u@h/d?sslmode=require") == "postgres://u@h/d"
    assert kamailio_db_url("postgres://u:p@h:5433/d") == "postgres://u:p@h:5433/d"


@pytest.mark.skipif(not shutil.which("kamailio"), reason="kamailio is not installed")
@pytest.mark.parametrize("env", [ENV, ENV | TWO_PROXIES])
def test_kamailio_accepts_the_rendered_configuration(conf, tmp_path, env):
    render(env, conf, tmp_path)
    result = subprocess.run(["kamailio", "-c", "-f", str(conf / "kamailio.cfg")],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr[-3000:]


def test_the_proxy_retries_exactly_the_reply_a_node_without_its_controller_gives():
    from vaxel.routing.dialplan import NO_CONTROLLER_REPLY

    code, reason = NO_CONTROLLER_REPLY.split(" ", 1)
    text = (CONF / "kamailio.cfg").read_text()
    assert f't_check_status("{code}")' in text and f'$T_rpl($rr) == "{reason}"' in text
