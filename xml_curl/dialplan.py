"""section=dialplan: what FreeSWITCH does with a call from a phone or from a trunk."""
from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Mapping

from vaxel.infra.changes import ANY_COMPANY
from vaxel.dialplan_snippets.services import snippet_views, snippets_for
from vaxel.routing.dialplan import EMERGENCY_NUMBERS, DialplanDecision, decide_call
from vaxel.routing.fstext import is_domain, is_number, is_sip_user
from vaxel.routing.facts import (CachedRoutingData, PhoneCall, RoutingData, TrunkCall,
                                  phone_call_facts, trunk_call_facts)
from vaxel.security.outbound import note_outbound

from .db import get_session, lookup_cache
from .render import not_found, render

log = logging.getLogger(__name__)

# Where a phone's domain may be read, most trusted first: domain_name is set by the
# directory entry the phone authenticated against.
DOMAIN_FIELDS = ("variable_domain_name", "variable_sip_req_host", "variable_requested_domain_name")
CALLER_FIELDS = ("variable_user_name", "variable_sip_auth_username")


def answer_dialplan(form: Mapping[str, str], controller: str,
                    record_to: str | None = None, proxies: tuple[str, ...] = ()) -> str:
    context = form.get("Caller-Context", "")
    dialled = form.get("Caller-Destination-Number", "")
    if not is_number(dialled):
        return not_found()
    if context == "default":
        facts = phone_call_facts(_routing_data(), _phone_call(form, dialled), controller)
    elif context == "public":
        facts = trunk_call_facts(_routing_data(), TrunkCall(trunk_source(form, proxies), dialled),
                                 controller)
    else:
        return not_found()
    decision = decide_call(replace(facts, record_to=record_to, behind_proxy=bool(proxies)))
    snippets = _snippets(context, facts, dialled)
    if decision is None and dialled in EMERGENCY_NUMBERS:
        log.error("EMERGENCY call to %s in context %s cannot be routed (no trunk?)", dialled, context)
    if decision is None and not snippets:
        log.info("no route for %s in context %s", dialled, context)
        return not_found()
    if decision is not None:
        _count_outbound(form, facts, decision)
    return dialplan_document(decision, snippets, context, proxy_hop(form, proxies))


def _snippets(context: str, facts, dialled: str) -> list[str]:
    """Ops' dialplan snippets for this call, ahead of the generated extension; never for
    an emergency number, which must always reach the trunk as decide_call routes it."""
    if dialled in EMERGENCY_NUMBERS:
        return []
    company_id = facts.company.company_id if facts.company else None
    views = lookup_cache().get(("snippets", company_id), company_id or ANY_COMPANY,
                               lambda: snippet_views(get_session(), company_id))
    return snippets_for(context, company_id, dialled, views)


def _routing_data() -> RoutingData:
    """Cached while the change listener runs (see vaxel.infra.changes), else straight from
    PostgreSQL."""
    cache = lookup_cache()
    return CachedRoutingData(get_session, cache) if cache.enabled else RoutingData(get_session())


def _count_outbound(form: Mapping[str, str], facts, decision: DialplanDecision) -> None:
    """Calls that may reach a trunk (dialled, or the rung user's forward and twins) count
    towards the company's caps; refusals alert ops."""
    reached, refused = decision.trunk_numbers, decision.refusals
    if decision.name == "outbound":
        reached = (decision.actions[-1].data.rsplit("/", 1)[-1],)
    elif decision.name == "toll_refused":
        refused = ((facts.dialled, decision.note),)
    if not reached and not refused:
        return
    session = get_session()
    call_uuid = form.get("Unique-ID") or form.get("Channel-Call-UUID") or ""
    note_outbound(session, facts.company.company_id, call_uuid,
                  form.get("Caller-Caller-ID-Number", ""), reached, refused)
    session.commit()


def trunk_source(form: Mapping[str, str], proxies: tuple[str, ...] = ()) -> str | None:
    """The carrier's address. Behind Kamailio (`proxies`) the call comes from one, and it
    names the carrier in X-Vaxel-Source-IP, which it strips from whatever it receives; the
    header counts only on a call that came from a proxy."""
    source = _network_source(form)
    if source in proxies:
        return form.get("variable_sip_h_X-Vaxel-Source-IP") or None
    return source


def proxy_hop(form: Mapping[str, str], proxies: tuple[str, ...]) -> str:
    """The Kamailio this call came through, as a SIP URI's host ("" if none): the call's
    legs to phones go back through it (vaxel_proxy in the directory's dial-string), so
    they take a Kamailio that is alive even when another one is not."""
    source = _network_source(form)
    if source not in proxies:
        return ""
    return f"[{source}]" if ":" in source else source


def _network_source(form: Mapping[str, str]) -> str | None:
    return form.get("variable_sip_network_ip") or form.get("Caller-Network-Addr")


def _phone_call(form: Mapping[str, str], dialled: str) -> PhoneCall:
    domain = next((form[f].lower() for f in DOMAIN_FIELDS if is_domain(form.get(f))), "")
    caller = next((form[f] for f in CALLER_FIELDS if is_sip_user(form.get(f))), None)
    return PhoneCall(domain, caller, dialled)


def dialplan_document(decision: DialplanDecision | None, snippets: list[str] = (),
                      context: str = "", proxy_hop: str = "") -> str:
    """The generated extension, after any snippets (validated XML fragments, inserted as
    they are); behind Kamailio it first notes the Kamailio the call came through."""
    expression = "^" + re.escape(decision.destination) + "$" if decision else ""
    return render("dialplan.xml", decision=decision, expression=expression,
                  snippets=snippets, context=decision.context if decision else context,
                  proxy_hop=proxy_hop)
