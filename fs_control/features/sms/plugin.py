"""Wiring the SMS outbox into the controller: its sender as a periodic job, when a gateway
is configured (without one, messages wait in the outbox until it is)."""
from __future__ import annotations

from vaxel.base import utcnow
from vaxel.infra.http import HttpPolicy
from vaxel.sms.gateway import SEND_INTERVAL, Gateway, send_due

from .. import Deps, Features, Periodic


def register(features: Features, deps: Deps) -> Gateway | None:
    settings = deps.settings
    if not settings.sms_gateway_url:
        return None
    gateway = Gateway(settings.sms_gateway_url, settings.sms_gateway_token,
                      HttpPolicy(timeout=settings.webhook_timeout,
                                 allow_private=settings.integrations_allow_private))
    features.periodic.append(Periodic("send_sms", SEND_INTERVAL,
                                      lambda: send_due(deps.session_factory, gateway, utcnow),
                                      platform=True))
    return gateway
