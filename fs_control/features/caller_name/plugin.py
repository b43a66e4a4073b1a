"""Wiring caller names into the controller: the NameCaller performer."""
from __future__ import annotations

from vaxel.lookup.directory import http_fetch

from .. import Deps, Features
from .namer import CallerNamer, NameCaller


def register(features: Features, deps: Deps) -> None:
    fetch = http_fetch(deps.settings.integrations_allow_private)
    features.performers[NameCaller] = CallerNamer(deps.session_factory, fetch, deps.cache)
