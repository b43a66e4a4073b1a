"""freeswitch-conf/ keeps its hardening: checked on the document FreeSWITCH would build
(tests/freeswitch_conf.py builds it, no FreeSWITCH needed)."""
from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from scripts.render_freeswitch_conf import ConfError, render
from scripts.freeswitch_run import committed_files_only
from tests.freeswitch_conf import CONF, ENV, acl_list, build, config, params, profile

@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[ET.Element, dict[str, str]]:
    conf = tmp_path_factory.mktemp("fs") / "conf"
    shutil.copytree(CONF, conf, ignore=committed_files_only)
    render(ENV, conf)
    return build(conf)


@pytest.fixture(scope="module")
def root(rendered) -> ET.Element:
    return rendered[0]


@pytest.mark.parametrize("path", sorted(p for p in CONF.rglob("*.xml") if p.name != "vars.local.xml"),
                         ids=lambda p: str(p.relative_to(CONF)))
def test_every_file_is_well_formed_on_its_own(path):
    ET.parse(path)


def test_no_vendor_default_or_demo_password_anywhere():
    for path in CONF.rglob("*"):
        if path.is_file() and not path.name.endswith(".local.xml"):
            text = path.read_text(encoding="utf-8").lower()
            assert "cluecon" not in text, path
            assert "default_password" not in text, path
            assert not re.search(r'password"\s+value="1234"', text), path


def test_core_never_expands_api_calls_in_variables(root):
    assert params(config(root, "switch"))["api-expansion"] == "false"


def test_any_allow_empty_password_is_false(root):
    values = [p.get("value") for p in root.iter("param") if p.get("name") == "allow-empty-password"]
    assert all(v == "false" for v in values)


def test_static_directory_has_no_users_or_domains(root):
    directory = root.find("./section[@name='directory']")
    assert directory is not None
    assert list(directory.iter("user")) == [] and list(directory.iter("domain")) == []


def test_internal_profile_authenticates_every_call_and_registration(root):
    internal = profile(root, "internal")
    assert internal["auth-calls"] == "true"
    assert internal["accept-blind-reg"] == "false"
    assert internal["accept-blind-auth"] == "false"
    assert internal["inbound-reg-force-matching-username"] == "true"
    assert (internal["sip-port"], internal["context"]) == ("5060", "default")


def test_external_profile_takes_calls_only_from_trunk_addresses(root):
    external = profile(root, "external")
    assert external["apply-inbound-acl"] == "trunks"
    assert external["disable-register"] == "true"
    assert (external["sip-port"], external["context"]) == ("5080", "public")
    trunks = acl_list(root, "trunks")
    assert trunks.get("default") == "deny"
    assert [n.get("cidr") for n in trunks.iter("node")] == ["192.0.2.10/32", "198.51.100.0/24"]


def test_every_xml_curl_binding_has_a_timeout_and_basic_auth(root):
    bindings = config(root, "xml_curl").findall("./bindings/binding")
    assert bindings
    for binding in bindings:
        values = params(binding)
        assert int(values["timeout"]) > 0
        assert values["auth-scheme"] == "basic"
        assert values["gateway-credentials"] == "freeswitch:" + ENV["VAXEL_XMLCURL_PASSWORD"]
        assert values["gateway-url"] == "http://127.0.0.1:8088/fs"
        url = binding.find("./param[@name='gateway-url']")
        assert set(url.get("bindings").split("|")) == {"directory", "dialplan"}


def test_event_socket_listens_on_loopback_behind_an_acl(root):
    esl = params(config(root, "event_socket"))
    assert (esl["listen-ip"], esl["listen-port"]) == ("127.0.0.1", "8021")
    assert esl["password"] == ENV["VAXEL_ESL_PASSWORD"]
    acl = acl_list(root, esl["apply-inbound-acl"])
    assert acl.get("default") == "deny"
    assert {n.get("cidr") for n in acl.iter("node")} <= {"127.0.0.1/32", "::1/128"}


def test_fallback_dialplans_route_nothing(root):
    allowed = {"log", "pre_answer", "playback", "hangup", "respond"}
    for context in ("default", "public"):
        found = root.find(f"./section[@name='dialplan']/context[@name='{context}']")
        assert found is not None, context
        assert {a.get("application") for a in found.iter("action")} <= allowed


def test_every_module_config_belongs_to_a_loaded_module(root):
    loaded = {m.get("module") for m in config(root, "modules").iter("load")}
    core = {"modules.conf", "switch.conf", "acl.conf"}
    for conf in root.findall("./section[@name='configuration']/configuration"):
        name = conf.get("name")
        assert name in core or "mod_" + name.removesuffix(".conf") in loaded, name


def test_without_rendered_file_nothing_can_log_in(tmp_path):
    shutil.copytree(CONF, tmp_path / "conf", ignore=committed_files_only)
    root, _ = build(tmp_path / "conf")
    password = params(config(root, "event_socket"))["password"]
    assert re.fullmatch(r"[0-9a-f]{48}", password)
    assert params(config(root, "xml_curl"))["gateway-credentials"] == ""
    assert list(acl_list(root, "trunks").iter("node")) == []


def test_rendered_files_are_private_and_ignored(tmp_path):
    path = render(ENV, tmp_path)
    assert path.stat().st_mode & 0o077 == 0
    ignored = (CONF / ".gitignore").read_text().split()
    assert "vars.local.xml" in ignored and "trunks.local.xml" in ignored


@pytest.mark.parametrize("change, complaint", [
    ({"VAXEL_ESL_PASSWORD": "ClueCon"}, "VAXEL_ESL_PASSWORD"),
    ({"VAXEL_ESL_PASSWORD": None}, "VAXEL_ESL_PASSWORD"),
    ({"VAXEL_XMLCURL_PASSWORD": "short"}, "VAXEL_XMLCURL_PASSWORD"),
    ({"VAXEL_XMLCURL_PASSWORD": "has-a-$${dollar}-in-it"}, "VAXEL_XMLCURL_PASSWORD"),
    ({"VAXEL_ESL_ADDRESS": "192.0.2.5:8021"}, "loopback"),
    ({"VAXEL_XMLCURL_USER": "free:switch"}, "VAXEL_XMLCURL_USER"),
    ({"VAXEL_TRUNK_ADDRESSES": "carrier.example"}, "VAXEL_TRUNK_ADDRESSES"),
])
def test_render_refuses_unsafe_settings(tmp_path, change, complaint):
    env = {k: v for k, v in (ENV | change).items() if v is not None}
    with pytest.raises(ConfError, match=complaint):
        render(env, tmp_path)
    assert not (tmp_path / "vars.local.xml").exists()


def test_render_points_xml_curl_at_a_wildcard_listener_through_loopback(tmp_path):
    env = ENV | {"VAXEL_XMLCURL_LISTEN": "0.0.0.0:9000", "VAXEL_SIP_IP": "127.0.0.1"}
    shutil.copytree(CONF, tmp_path / "conf", ignore=committed_files_only)
    render(env, tmp_path / "conf")
    root, variables = build(tmp_path / "conf")
    assert params(config(root, "xml_curl"))["gateway-url"] == "http://127.0.0.1:9000/fs"
    assert profile(root, "internal")["ext-sip-ip"] == "127.0.0.1"


# What a real FreeSWITCH 1.10.12 showed (tests/integration): without these, prompts stall
# or are silent, and nothing short of a real FreeSWITCH would notice their removal.

@pytest.mark.parametrize("name", ["internal", "external"])
def test_media_runs_on_a_timer_on_both_profiles(root, name):
    settings = profile(root, name)
    # Without a timer, media moves only when the caller's RTP arrives: a prompt played to
    # a caller who sends none never ends.
    assert settings["rtp-timer-name"] == "soft"
    # Deprecated in 1.10 (FreeSWITCH warns); media_timeout below replaces them.
    assert not {"rtp-timeout-sec", "rtp-hold-timeout-sec"} & set(settings)


def test_media_timeouts_are_set_for_every_channel(rendered):
    _, variables = rendered
    assert int(variables["media_timeout"]) > 0
    assert int(variables["media_hold_timeout"]) >= int(variables["media_timeout"])


def test_say_prompts_have_an_engine_and_a_voice(root, rendered):
    # `playback say:…` reads tts_engine/tts_voice (channel, else global): unset, FreeSWITCH
    # logs "Invalid Args" and the caller hears silence.
    _, variables = rendered
    loaded = {m.get("module") for m in config(root, "modules").iter("load")}
    assert "mod_" + variables["tts_engine"] in loaded
    assert variables["tts_voice"]


def test_opus_reads_its_settings_file(root):
    # mod_opus applies even its defaults only after reading opus.conf (else FEC is off).
    assert params(config(root, "opus"))["keep-fec-enabled"] == "true"


# Behind Kamailio (docs/scale-out.md): the same tree, rendered with VAXEL_SIP_PROXY.

def test_a_single_switch_takes_registrations_and_has_no_proxy(root):
    assert profile(root, "internal")["disable-register"] == "false"
    assert list(acl_list(root, "proxies").iter("node")) == []


def test_a_node_behind_kamailio_takes_sip_from_kamailio_only(tmp_path):
    shutil.copytree(CONF, tmp_path / "conf", ignore=committed_files_only)
    render(ENV | {"VAXEL_SIP_PROXY": "10.0.0.20, 10.0.0.19"}, tmp_path / "conf")
    root, _ = build(tmp_path / "conf")
    assert profile(root, "internal")["disable-register"] == "true"
    assert profile(root, "internal")["auth-calls"] == "true"  # the node still asks the digest
    for name in ("proxies", "trunks"):  # Kamailio checks the carriers' addresses itself
        acl = acl_list(root, name)
        assert acl.get("default") == "deny"
        assert [n.get("cidr") for n in acl.iter("node")] == ["10.0.0.20/32", "10.0.0.19/32"]
    # Phones are rung through the first Kamailio when no leg of the call names one.
    assert 'data="vaxel_proxy=10.0.0.20"' in (tmp_path / "conf" / "vars.local.xml").read_text()
    assert "proxies.local.xml" in (CONF / ".gitignore").read_text().split()


def test_render_refuses_a_proxy_that_is_no_address(tmp_path):
    with pytest.raises(ConfError, match="VAXEL_SIP_PROXY"):
        render(ENV | {"VAXEL_SIP_PROXY": "kamailio.example"}, tmp_path)


def test_the_conference_profile_leaves_entry_to_the_controller(root):
    """The rooms' profile holds no PIN (the controller checks it, and hangs up anyone the
    switch adds another way), records nothing by itself, caps no room (unlimited
    participants), keeps its maintenance events (the participant list), and its keys can
    only change a member's own audio or leave: no dialplan jump, no application, no dial-out."""
    conference = config(root, "conference")
    profile = conference.find("./profiles/profile[@name='vaxel']")
    assert profile is not None
    settings = params(profile)
    assert not {"pin", "moderator-pin", "auto-record", "max-members", "suppress-events",
                "outcall-templ", "caller-id-number"} & set(settings)
    assert settings["caller-controls"] == "vaxel"
    safe = {"mute", "deaf mute", "energy up", "energy dn", "vol talk up", "vol talk dn",
            "vol listen up", "vol listen dn", "hangup"}
    actions = {c.get("action") for c in conference.iter("control")}
    assert actions and actions <= safe, actions - safe
