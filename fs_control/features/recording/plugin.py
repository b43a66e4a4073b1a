"""Wiring call recording into the controller: the recording bridge, filing the dialplan's
recordings, finishing ours at the call's end, and the retention purge."""
from __future__ import annotations

from vaxel.calls.events import CallEnded
from vaxel.callflow.commands import Bridge
from vaxel.routing.dialplan import RECORDED_CALLS
from vaxel.storage import Store

from .. import Deps, Features, Periodic
from .recorder import (PURGE_INTERVAL, RecordingBridge, dialplan_recording_filer, purge_job,
                       recording_finisher)


def register(features: Features, deps: Deps) -> None:
    store = Store(deps.settings.recordings_dir)
    (store.path(RECORDED_CALLS)).mkdir(parents=True, exist_ok=True)
    bridge = RecordingBridge(deps.session_factory, store)
    features.performers[Bridge] = bridge
    features.event_handlers.append((("CHANNEL_HANGUP_COMPLETE",),
                                    dialplan_recording_filer(deps.session_factory, store)))
    deps.bus.subscribe(CallEnded, recording_finisher(deps.session_factory, bridge.recording))
    features.periodic.append(Periodic("purge_recordings", PURGE_INTERVAL,
                                      purge_job(deps.session_factory, store), platform=True))
