"""Wiring caller names into the controller: a call's first step, and its performer."""
from __future__ import annotations

from vaxel.caller_names.http_provider import http_fetch

from .. import Deps, Features
from .namer import CallerNamer, NameCaller, name_the_caller


def register(features: Features, deps: Deps) -> None:
    fetch = http_fetch(deps.settings.integrations_allow_private)
    features.performers[NameCaller] = CallerNamer(deps.session_factory, fetch, deps.cache)
    features.call_start.append(name_the_caller)
