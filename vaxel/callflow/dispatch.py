"""Following a call from destination to destination until someone takes it."""
from __future__ import annotations

import logging
from typing import Callable, Generator

from ..routing.destinations import Destination, DestinationKind as K
from .commands import Bridge, Command, DialTarget, Handover, Hangup, Play
from .context import CallContext, CallData
from .ring import ring_person

log = logging.getLogger(__name__)

# Forwarding can loop (A forwards to B, B back to A); a call gives up after this many hops.
MAX_HOPS = 8
# Moving between IVR menus is the caller's choice, so it gets a far larger allowance; it is
# still bounded because menus whose silence-defaults point at each other would loop forever.
MAX_MENU_HOPS = 64
EXTERNAL_RING_SECONDS = 60

Flow = Generator[Command, object, Destination | None]
# A sub-flow for switchboard services (IVR menus, queues…): given the call and a target,
# it runs and returns the next destination, or None when the call is dealt with.
ServiceFlow = Callable[[CallContext, CallData, str], Flow]


def route_call(ctx: CallContext, call_data: CallData,
               service_flows: dict[str, ServiceFlow] | None = None) -> Generator[Command, object, None]:
    """Send the call to ctx.destination and onwards until it is answered or ends."""
    service_flows = service_flows or {}
    destination: Destination | None = ctx.destination
    hops = menu_hops = 0
    while destination is not None:
        if destination.kind is K.MENU:
            menu_hops += 1
        else:
            hops += 1
        if hops > MAX_HOPS or menu_hops > MAX_MENU_HOPS:
            break
        destination = yield from _step(ctx, call_data, service_flows, destination)
    else:
        return
    log.warning("call %s gave up after %s hops (a forwarding loop?)", ctx.call_uuid, MAX_HOPS)
    yield from _message(ctx, call_data, "unavailable")


def _step(ctx: CallContext, call_data: CallData, service_flows: dict[str, ServiceFlow],
          destination: Destination) -> Flow:
    kind, target = destination.kind, destination.target or ""
    if kind is K.USER:
        return (yield from _ring_user(ctx, call_data, target))
    if kind is K.SERVICE or kind.value in service_flows:
        return (yield from _service(ctx, call_data, service_flows, destination))
    if kind is K.EXTERNAL:
        yield Bridge((DialTarget("external", target),), EXTERNAL_RING_SECONDS)
        return None
    if kind is K.VOICEMAIL:
        yield Handover("voicemail", target)
        return None
    if kind is K.MESSAGE:
        return (yield from _message(ctx, call_data, target))
    yield Hangup()
    return None


def _ring_user(ctx: CallContext, call_data: CallData, extension: str) -> Flow:
    person = call_data.person(ctx.company_id, extension)
    if person is None:
        log.info("call %s: no user %s in company %s", ctx.call_uuid, extension, ctx.company_id)
        return Destination(K.MESSAGE, "invalid_extension")
    return (yield from ring_person(person))


def _service(ctx: CallContext, call_data: CallData, service_flows: dict[str, ServiceFlow],
             destination: Destination) -> Flow:
    if destination.kind is K.SERVICE:
        kind = call_data.service_kind(ctx.company_id, int(destination.target))
    else:
        kind = destination.kind.value
    flow = service_flows.get(kind or "")
    if flow is None:
        # A service with no flow in this controller is handed over (voicemail, queue, fax…).
        yield Handover(kind or "unknown", destination.target or "")
        return None
    return (yield from flow(ctx, call_data, destination.target or ""))


def _message(ctx: CallContext, call_data: CallData, name: str) -> Flow:
    yield Play(call_data.prompt(ctx.company_id, name))
    yield Hangup()
    return None
