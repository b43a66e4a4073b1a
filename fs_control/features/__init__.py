"""What the controller is made of: call flows, command performers and event handlers,
registered by each feature package (IVR, queues, voicemail…) at start-up."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Generator, Protocol

from sqlalchemy.orm import Session, sessionmaker

from vaxel.calls.bus import EventBus
from vaxel.infra.changes import CompanyCache
from vaxel.callflow.context import CallContext
from vaxel.callflow.dispatch import ServiceFlow
from vaxel.config import Settings

if TYPE_CHECKING:
    from ..batching import BatchWriter
    from ..esl import InboundClient
    from ..live_calls import LiveCalls

# Carries out a feature's own command type on a live call (see executor.CallExecutor).
Performer = Callable[[object, object], object]
EventHandler = Callable[[object], object]
# A call's first steps, before its destination's flow: (call, the dialplan's vaxel_intent)
# → a flow yielding commands.
CallStart = Callable[[CallContext, "str | None"], Generator[object, object, None]]


@dataclass(frozen=True)
class Periodic:
    """A job the controller runs every `seconds`; `name` says which one in the log.
    A `platform` job works on every company's rows, not on its node's calls: a process
    following several nodes runs it once, not once per node."""

    name: str
    seconds: float
    run: Callable[[], object]
    platform: bool = False


@dataclass
class Features:
    # Destination or service kind ("ivr", "menu", "queue", "voicemail"…) → its flow.
    service_flows: dict[str, ServiceFlow] = field(default_factory=dict)
    # Command class → performer(executor, command) → result sent back into the flow.
    performers: dict[type, Performer] = field(default_factory=dict)
    # Inbound Event Socket events: (event names, handler(event)).
    event_handlers: list[tuple[tuple[str, ...], EventHandler]] = field(default_factory=list)
    # Jobs the controller runs periodically.
    periodic: list[Periodic] = field(default_factory=list)
    # Run on every call the controller is handed, in order, before its destination's flow.
    call_start: list[CallStart] = field(default_factory=list)


@dataclass(frozen=True)
class Deps:
    """What a feature may use when it registers: handed over by the Controller."""

    settings: Settings
    session_factory: sessionmaker[Session]
    # The platform-wide Event Socket connection (api, bgapi, sendevent).
    inbound: "InboundClient"
    # Domain events (vaxel.calls.events) published by the controller and by features.
    bus: EventBus
    live: "LiveCalls"
    # Small writes from event handlers, committed together (fs_control.batching).
    writer: "BatchWriter"
    # Per-company configuration cache, emptied on PostgreSQL's change notifications
    # (vaxel.infra.changes); stores nothing while no listener feeds it.
    cache: CompanyCache = field(default_factory=CompanyCache)


class Feature(Protocol):
    """A feature's plugin module (features/<name>/plugin.py), as the registry lists it."""

    def register(self, features: Features, deps: Deps) -> object: ...
