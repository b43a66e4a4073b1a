"""Wiring call control into the controller: requests polled, live calls written."""
from __future__ import annotations

from .. import Deps, Features, Periodic
from .commands import POLL_SECONDS, RECONCILE_SECONDS, CallCommands, live_call_writer


def register(features: Features, deps: Deps) -> CallCommands:
    node = deps.settings.node
    commands = CallCommands(deps.session_factory, deps.inbound, node)
    features.periodic.append(Periodic("claim_call_commands", POLL_SECONDS, commands.poll))
    features.periodic.append(Periodic(
        "reconcile_live_calls", RECONCILE_SECONDS,
        lambda: commands.reconcile({c.uuid for c in deps.live.all()})))
    features.event_handlers.append(
        (("CHANNEL_CREATE", "CHANNEL_ANSWER", "CHANNEL_BRIDGE", "CHANNEL_HANGUP_COMPLETE"),
         live_call_writer(deps.writer, node)))
    return commands
