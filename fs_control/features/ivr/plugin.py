"""Wiring the IVR into the controller: a switchboard service's entry menu, and menus."""
from __future__ import annotations

from vaxel.switchboard.ivr.flow import ivr_service_flow, menu_flow

from .. import Deps, Features


def register(features: Features, deps: Deps) -> None:
    features.service_flows["ivr"] = ivr_service_flow
    features.service_flows["menu"] = menu_flow
