"""Wiring the fax mailbox into the controller: its flow and the ReceiveFax performer."""
from __future__ import annotations

from vaxel.fax.flow import ReceiveFax, fax_flow
from vaxel.storage import Store

from .. import Deps, Features
from .performer import FaxPerformer


def register(features: Features, deps: Deps) -> None:
    store = Store(deps.settings.fax_dir)
    features.service_flows["fax_mailbox"] = fax_flow
    features.performers[ReceiveFax] = FaxPerformer(deps.session_factory, store)
