"""Wiring conference rooms into the controller: the room's flow and performers, the
participants from the switch's events, and the owners' commands."""
from __future__ import annotations

from vaxel.conference.flow import conference_flow
from vaxel.storage import Store

from .. import Deps, Features, Periodic
from .commands import POLL_SECONDS, RECONCILE_SECONDS, RoomCommands
from .participants import SUBCLASS, participant_writer
from .room import Admissions, RoomPerformers


def register(features: Features, deps: Deps) -> RoomCommands:
    features.service_flows["conference"] = conference_flow
    admissions = Admissions()
    features.performers.update(RoomPerformers(deps.session_factory, admissions).table())
    # Every word after CUSTOM is a subclass: this asks for conference::maintenance only.
    deps.inbound.events("CUSTOM", SUBCLASS)
    features.event_handlers.append((("CUSTOM", SUBCLASS),
                                    participant_writer(deps.writer, admissions, deps.inbound.api,
                                                       deps.settings.node)))
    commands = RoomCommands(deps.session_factory, deps.inbound.api,
                            Store(deps.settings.recordings_dir))
    features.periodic.append(Periodic("conference_commands", POLL_SECONDS, commands.poll))
    features.periodic.append(Periodic("reconcile_conference_rooms", RECONCILE_SECONDS,
                                      lambda: commands.reconcile(deps.settings.node)))
    return commands
