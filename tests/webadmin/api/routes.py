"""Every API route with a request that exercises it, and the integrations screens' routes
for tests/webadmin/test_permissions.py (which fails on any route listed nowhere)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.actors import SYSTEM
from vaxel.apitokens.services import create_token
from vaxel.webhooks.models import WebhookDelivery
from vaxel.webhooks.services import create_endpoint, enqueue_event

LIVE = "1e0e7b4a-0000-4000-8000-00000000000{t}"
# endpoint → (method, URL under /api/v1 over a Tenant's ids, JSON body). {t} tells tenants apart.
API_ROUTES = {
    "api.openapi": ("GET", "/openapi.json", None),
    "api.click_to_call": ("POST", "/calls", {"user_id": "{u}", "destination": "1000"}),
    "api.list_live_calls": ("GET", "/calls", None),
    "api.transfer_call": ("POST", f"/calls/{LIVE}/transfer", {"destination": "1000"}),
    "api.hang_up_call": ("POST", f"/calls/{LIVE}/hangup", None),
    "api.show_command": ("GET", "/commands/{command}", None),
    "api.list_users": ("GET", "/users", None),
    "api.show_user": ("GET", "/users/{u}", None),
    "api.switch_profile": ("PUT", "/users/{u}/presence", {"profile_id": "{p}"}),
    "api.link_user_calendar": ("PUT", "/users/{u}/calendar",
                               {"url": "https://93.184.216.34/calendar.ics"}),
    "api.unlink_user_calendar": ("DELETE", "/users/{u}/calendar", None),
    "api.queue_log_in": ("POST", "/users/{u}/queues/login", {}),
    "api.queue_log_out": ("POST", "/users/{u}/queues/logout", {}),
    "api.call_log": ("GET", "/call-log", None),
    "api.list_contacts": ("GET", "/contacts", None),
    "api.save_contact_by_number": ("PUT", "/contacts", {"number": "+46701234567", "name": "K"}),
    "api.delete_contact": ("DELETE", "/contacts/{contact}", None),
    "api.look_up_number": ("GET", "/lookup?number=%2B46701234567", None),
    "api.statistics_now": ("GET", "/statistics", None),
    "api.statistics_export": ("GET", "/statistics/export.csv", None),
    "api.list_webhooks": ("GET", "/webhooks", None),
    "api.create_webhook": ("POST", "/webhooks", {"url": "https://93.184.216.34/h",
                                                  "events": ["call.ended"]}),
    "api.delete_webhook": ("DELETE", "/webhooks/{webhook}", None),
    "api.list_user_voicemail": ("GET", "/users/{u}/voicemail", None),
    "api.voicemail_audio": ("GET", "/voicemail/{own_message}/audio", None),
    "api.mark_voicemail_heard": ("POST", "/voicemail/{own_message}/heard", None),
    "api.delete_voicemail": ("DELETE", "/voicemail/{own_message}", None),
    "api.list_recordings": ("GET", "/recordings", None),
    "api.recording_audio": ("GET", "/recordings/{recording}", None),
}
PUBLIC_API = {"api.openapi"}

# The company admin's integrations screens ({token}, {webhook}, {delivery}: ids below).
INTEGRATION_ROUTES = {
    "integrations.show": ("GET", "/companies/{c}/integrations/", {}),
    "integrations.add_token": ("POST", "/companies/{c}/integrations/tokens",
                               {"name": "CRM", "scopes": "calls:read"}),
    "integrations.revoke": ("POST", "/companies/{c}/integrations/tokens/{token}/revoke", {}),
    "integrations.add_endpoint": ("POST", "/companies/{c}/integrations/webhooks",
                                  {"url": "https://93.184.216.34/hook", "events": "call.ended"}),
    "integrations.deliveries": ("GET", "/companies/{c}/integrations/webhooks/{webhook}", {}),
    "integrations.change_endpoint": ("POST",
                                     "/companies/{c}/integrations/webhooks/{webhook}/test", {}),
    "integrations.redeliver": ("POST",
                               "/companies/{c}/integrations/deliveries/{delivery}/redeliver", {}),
    "integrations.save_lookup": ("POST", "/companies/{c}/integrations/lookup",
                                 {"provider_url": "https://93.184.216.34/l?n={{number}}"}),
    "integrations.save_stream": ("POST", "/companies/{c}/integrations/stream",
                                 {"url": "https://93.184.216.34/push",
                                  "interval_seconds": "60", "active": "on"}),
}
INTEGRATION_IDS = ("token", "webhook", "delivery")


def add_integration_objects(db, tenant) -> None:
    """A token, a webhook endpoint and one delivery for the tenant, set as attributes."""
    tenant.token = create_token(db, SYSTEM, tenant.company, "CRM", ["users:read"])[0].id
    endpoint = create_endpoint(db, SYSTEM, tenant.company, "https://93.184.216.34/hook",
                               ["call.ended"])
    enqueue_event(db, tenant.company, "call.ended", {}, dt.datetime.now(dt.timezone.utc))
    tenant.webhook = endpoint.id
    tenant.delivery = db.scalar(select(WebhookDelivery.id).where(
        WebhookDelivery.endpoint_id == endpoint.id))
