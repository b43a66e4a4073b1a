"""section=directory: SIP digest checks, `user/…` dialling and voicemail look-ups."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Mapping

from sqlalchemy.orm import Session

from vaxel.base import utcnow
from vaxel.sip_directory import DirectoryUser, domain_directory, find_directory_user
from vaxel.routing.fstext import display_text, is_domain, is_e164, is_number, is_sip_user
from vaxel.security.acl import ACL_NAME
from vaxel.security.decoy import decoy_user

from .db import get_session, lookup_cache
from .render import not_found, render

# Ring the dialled user's registration on the internal profile (`user%domain`: mod_sofia
# looks the contact up itself). Not the vanilla ${sofia_contact(...)}: that is an API call
# inside variable expansion, which switch.conf's api-expansion=false refuses ("<API Execute
# Permission Denied>"), so no user could be called. One device = one SIP user = one contact
# (the profile has multiple-registrations=false); a user's devices are separate legs.
DIAL_STRING = ("{^^:sip_invite_domain=${dialed_domain}:presence_id=${dialed_user}@${dialed_domain}}"
               "sofia/internal/${dialed_user}%${dialed_domain}")
# Behind Kamailio (docs/scale-out.md) phones register there, so a node sends the INVITE
# to it (fs_path) and Kamailio finds the phone's contact (its Path leads to the Kamailio
# the phone registered through, if another). Which Kamailio: vaxel_proxy, the one the
# call came through (set by the dialplan, xml_curl.dialplan), so one that is alive; a call
# with no such leg (an originate) takes the global default, the first VAXEL_SIP_PROXY
# (vars.local.xml). Written as Kazoo writes it: no
# `;lr` (mod_sofia cuts the path at the first `;` or `>`, and an escaped `%3B` would make
# `%` read as user%domain), so the node routes strictly and Kamailio's loose_route() puts
# the phone's address back into the request URI.
PROXIED_DIAL_STRING = ("{^^:sip_invite_domain=${dialed_domain}:presence_id=${dialed_user}@${dialed_domain}}"
                       "sofia/internal/${dialed_user}@${dialed_domain};fs_path=sip:${vaxel_proxy}:5060")
PROXIES_ACL = "proxies"  # freeswitch-conf/autoload_configs/acl.conf.xml
# Look-ups that ask for one user by id; anything else falls through to FreeSWITCH's own
# files. purpose=gateways: trunks are gateways on the external profile, configured in
# freeswitch-conf. purpose=network-list: FreeSWITCH would build its `domains` ACL from
# users' `cidr` params, but our users authenticate by digest, never by address; the trunks'
# source addresses are an ACL in freeswitch-conf (and checked again per call in the public
# dialplan, vaxel.routing.facts). Reverse auth is not offered.
USER_ACTIONS = frozenset({"", "sip_auth", "user_call", "message-count", "voicemail-lookup"})
# Placeholder until call barring exists: every user may call everywhere.
TOLL_ALLOW = "domestic,international,local"


@dataclass(frozen=True)
class SipEdge:
    """How this FreeSWITCH meets phones: the dial-string that rings one, and the ACL a
    digest check must pass."""

    dial_string: str = DIAL_STRING
    auth_acl: str = ACL_NAME


SINGLE_NODE = SipEdge()
BEHIND_PROXIES = SipEdge(PROXIED_DIAL_STRING, PROXIES_ACL)


def sip_edge(proxies: tuple[str, ...]) -> SipEdge:
    """A single FreeSWITCH (no proxy) reaches phones itself and refuses banned addresses;
    a node behind Kamailio (`proxies`) rings phones through it and takes digests from it
    only (Kamailio keeps the bans)."""
    return BEHIND_PROXIES if proxies else SINGLE_NODE


def answer_directory(form: Mapping[str, str], edge: SipEdge = SINGLE_NODE) -> str:
    if form.get("purpose") or form.get("action", "") not in USER_ACTIONS:
        return not_found()
    if form.get("key", "id") != "id":
        return not_found()
    username = form.get("user", "")
    domain = (form.get("domain") or form.get("key_value") or "").lower()
    if not (is_sip_user(username) and is_domain(domain)):
        return not_found()
    if form.get("action") == "sip_auth":
        return auth_document(get_session, domain, username, edge)
    return lookup_cache().get_tagged(("user", domain, username),
                                     lambda: _user_document(domain, username, edge))


def auth_document(session_factory: Callable[[], Session], domain: str, username: str,
                  edge: SipEdge = SINGLE_NODE) -> str:
    """A digest check, never "not found", and costing the same for an existing and a
    missing user, so neither the SIP answer nor its timing tells them apart: a missing (or
    disabled, or credential-less) user gets a decoy whose a1-hash no password matches, so
    FreeSWITCH refuses it exactly like a wrong password.

    With the change listener running, the whole company's directory is held in memory and
    the answer for (domain, user) is kept in the same bounded cache whether it is a real
    user's or a decoy's: a repeated check is one dictionary look-up for either, a first one
    a render for either, and evictions treat both alike. Without the listener, one prepared
    statement and a render for either. An expired web credential (vaxel.people.webphone)
    gets the decoy too, also when its real answer was cached before it expired."""
    now = utcnow()
    cache = lookup_cache()
    if not cache.enabled:
        user = find_directory_user(session_factory(), domain, username)
        return _auth_answer(domain, username, user, now, edge)

    def load() -> tuple[int | None, tuple]:
        company, users = cache.get_tagged(("domain", domain),
                                          lambda: _domain_users(session_factory(), domain))
        user = users.get(username)
        expires_at = user.expires_at if user is not None else None
        return company, (expires_at, _auth_answer(domain, username, user, now, edge))
    expires_at, document = cache.get_tagged(("auth", domain, username), load)
    if expires_at is not None and now >= expires_at:
        # A web device's credential that expired since it was cached: refused like any.
        return _auth_answer(domain, username, None, now, edge)
    return document


def _auth_answer(domain: str, username: str, user: DirectoryUser | None,
                 now: dt.datetime, edge: SipEdge) -> str:
    usable = user is not None and user.usable_at(now)
    return user_document(user if usable else decoy_user(domain, username), edge)


def _domain_users(session: Session, domain: str) -> tuple[int | None, tuple]:
    """The cache's (tag, value) for a domain: tagged with its company id, holding (company
    id, users by SIP name); a domain with no users is not kept (no company)."""
    users = domain_directory(session, domain)
    company = next(iter(users.values())).company_id if users else None
    return company, (company, users)


def _user_document(domain: str, username: str, edge: SipEdge) -> tuple[int | None, str]:
    """(company id, document); unknown users are not remembered (their company is None)."""
    user = find_directory_user(get_session(), domain, username)
    if user is None:
        return None, not_found()
    return user.company_id, user_document(user, edge)


def user_document(user: DirectoryUser, edge: SipEdge = SINGLE_NODE) -> str:
    return render(
        "directory-user.xml", domain=user.domain, dial_string=edge.dial_string,
        user_id=user.sip_username, a1_hash=user.a1_hash,
        params=[("vm-enabled", "true" if user.profile.voicemail_enabled else "false"),
                # A banned source address (behind Kamailio: any but Kamailio) is
                # refused even with the right password.
                ("auth-acl", edge.auth_acl)],
        variables=user_variables(user),
    )


def user_variables(user: DirectoryUser) -> list[tuple[str, str]]:
    """Channel variables FreeSWITCH sets on this user's calls."""
    variables = [
        ("user_context", "default"),
        ("effective_caller_id_name", display_text(user.name)),
        ("effective_caller_id_number", user.extension if is_number(user.extension) else ""),
        ("domain_name", user.domain),
        ("vaxel_company_id", str(user.company_id)),
        ("vaxel_user_id", str(user.user_id)),
        ("toll_allow", TOLL_ALLOW),
        ("accountcode", str(user.company_id)),
    ]
    if is_e164(user.outward_number):
        variables.append(("outbound_caller_id_number", user.outward_number))
    return variables
