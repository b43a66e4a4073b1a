"""Posting forms the way mod_xml_curl does, and reading the answers."""
from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

from .capture import capture

AUTH = "Basic " + base64.b64encode(b"freeswitch:xmlcurl-secret").decode()


def post(client, form: dict, authorization: str | None = AUTH):
    headers = {"Authorization": authorization} if authorization else {}
    return client.post("/fs", data=form, headers=headers)


def answer(client, form: dict) -> ET.Element:
    response = post(client, form)
    assert response.status_code == 200
    assert response.content_type.startswith("text/xml")
    return ET.fromstring(response.data)


def is_not_found(doc: ET.Element) -> bool:
    result = doc.find("./section[@name='result']/result")
    return result is not None and result.get("status") == "not found"


def directory_form(user: str, domain: str = "127.0.0.1", action: str = "sip_auth") -> dict:
    form = capture("047-directory-sip_auth").form
    form.update(user=user, domain=domain, key_value=domain, action=action,
                sip_auth_username=user)
    return form


def dialplan_form(dialled: str, caller: str = "1000", domain: str = "127.0.0.1") -> dict:
    form = capture("048-dialplan-default").form
    form.update({"Caller-Destination-Number": dialled, "variable_user_name": caller,
                 "variable_sip_auth_username": caller, "variable_domain_name": domain,
                 "variable_sip_req_host": domain, "variable_requested_domain_name": domain})
    return form


def public_form(dialled: str, source_ip: str = "127.0.0.1") -> dict:
    form = capture("065-dialplan-public").form
    form.update({"Caller-Destination-Number": dialled, "variable_sip_network_ip": source_ip,
                 "Caller-Network-Addr": source_ip})
    return form


def variables(doc: ET.Element) -> dict[str, str]:
    return {v.get("name"): v.get("value") for v in doc.iter("variable")}


def actions(doc: ET.Element) -> list[tuple[str, str]]:
    return [(a.get("application"), a.get("data")) for a in doc.iter("action")]


def never_authenticates(doc: ET.Element, user: str, password: str, realm: str = "127.0.0.1") -> bool:
    """A digest check answer no password authenticates: "not found", or a decoy user (see
    vaxel.security.decoy) whose a1-hash is not the one of `password`."""
    if is_not_found(doc):
        return True
    from vaxel.credentials import a1_hash
    param = doc.find(".//param[@name='a1-hash']")
    return param is not None and param.get("value") != a1_hash(user, realm, password)
