"""A FreeSWITCH node behind Kamailio (VAXEL_SIP_PROXY, docs/scale-out.md): it rings
phones through Kamailio, takes digests only from it, and believes the carrier address
Kamailio names only on calls that came from Kamailio."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from vaxel.security.decoy import decoy_user
from xml_curl.dialplan import dialplan_document, proxy_hop, trunk_source
from xml_curl.directory import DIAL_STRING, SINGLE_NODE, sip_edge, user_document


def user_params(document: str) -> dict[str, str]:
    root = ET.fromstring(document)
    return {p.get("name"): p.get("value") for p in root.iter("param")}


def test_a_single_switch_rings_its_own_registrations_and_refuses_banned_sources():
    assert sip_edge(()) is SINGLE_NODE
    params = user_params(user_document(decoy_user("example.com", "1000")))
    assert params["dial-string"] == DIAL_STRING
    assert params["auth-acl"] == "not_banned"


def test_a_node_rings_phones_through_kamailio_and_takes_digests_from_it_only():
    edge = sip_edge(("10.0.0.20", "10.0.0.19"))
    params = user_params(user_document(decoy_user("example.com", "1000"), edge))
    # Through the Kamailio the call came through (or the first one: vars.local.xml).
    assert params["dial-string"].endswith(
        "sofia/internal/${dialed_user}@${dialed_domain};fs_path=sip:${vaxel_proxy}:5060")
    assert params["auth-acl"] == "proxies"


def test_a_call_through_either_kamailio_rings_phones_back_through_it():
    proxies = ("10.0.0.20", "10.0.0.19", "2001:db8::5")
    assert proxy_hop({"variable_sip_network_ip": "10.0.0.19"}, proxies) == "10.0.0.19"
    assert proxy_hop({"variable_sip_network_ip": "2001:db8::5"}, proxies) == "[2001:db8::5]"
    assert proxy_hop({"variable_sip_network_ip": "192.0.2.99"}, proxies) == ""
    assert proxy_hop({}, proxies) == ""
    document = dialplan_document(None, ["<extension name='x'/>"], "default", "10.0.0.19")
    assert "vaxel_proxy" not in document  # set by the generated extension only


def test_the_carrier_address_kamailio_names_counts_only_on_its_calls():
    form = {"variable_sip_network_ip": "10.0.0.20", "variable_sip_h_X-Vaxel-Source-IP": "192.0.2.10"}
    assert trunk_source(form, ("10.0.0.20",)) == "192.0.2.10"
    # The same header from anyone else (or on a single switch) is ignored.
    assert trunk_source(form | {"variable_sip_network_ip": "192.0.2.99"}, ("10.0.0.20",)) == "192.0.2.99"
    assert trunk_source(form, ()) == "10.0.0.20"
    # From Kamailio without the header: no trunk at all, never Kamailio's own address.
    assert trunk_source({"variable_sip_network_ip": "10.0.0.20"}, ("10.0.0.20",)) is None
