"""Wiring webhooks into the controller: call events into the outbox, and the rounds that
send it (deliveries, call.ringing, statistics pushes)."""
from __future__ import annotations

from vaxel.caller_names.http_provider import http_fetch
from vaxel.infra.http import HttpPolicy

from .. import Deps, Features, Periodic
from .outbox import (DELIVERY_INTERVAL, RINGING_INTERVAL, STREAM_INTERVAL, CallWebhooks,
                     delivery_round, stream_round)


def register(features: Features, deps: Deps) -> CallWebhooks:
    settings = deps.settings
    policy = HttpPolicy(timeout=settings.webhook_timeout,
                        allow_private=settings.integrations_allow_private)
    writer = CallWebhooks(deps.session_factory, http_fetch(settings.integrations_allow_private),
                          settings.public_url, deps.cache)
    writer.subscribe(deps.bus)
    features.periodic.append(Periodic("write_call_ringing", RINGING_INTERVAL,
                                      writer.drain_ringing))
    features.periodic.append(Periodic("deliver_webhooks", DELIVERY_INTERVAL,
                                      delivery_round(deps.session_factory, policy), platform=True))
    features.periodic.append(Periodic("push_statistics_streams", STREAM_INTERVAL,
                                      stream_round(deps.session_factory, policy), platform=True))
    return writer
