"""Wiring the mail outbox into the controller: its sender as a periodic job."""
from __future__ import annotations

from .. import Deps, Features, Periodic
from .smtp import SEND_INTERVAL, outbox_job


def register(features: Features, deps: Deps) -> None:
    """Register the outbox sender as a periodic job of the controller."""
    job = outbox_job(deps.settings, deps.session_factory)
    features.periodic.append(Periodic("send_outbox", SEND_INTERVAL, job, platform=True))
