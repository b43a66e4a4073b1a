"""The audit log as people read it: field names in words, times in the company's zone,
and bulky values (XML, long texts) summarised for company admins; ops may open them."""
from __future__ import annotations

import re
from typing import Any

from ..i18n import gettext

# Bookkeeping that means nothing to a reader.
HIDDEN_FIELDS = {"id", "company_id", "created_at", "updated_at", "a1_hash", "password_hash"}
FIELD_NAMES = {
    "greeting_text": "Greeting text", "greeting_file": "Greeting file",
    "default_destination": "Then the call goes to", "timeout_seconds": "Wait for a key (seconds)",
    "max_retries": "Replays after a wrong key or silence",
    "direct_dial_digits": "Direct dial of extensions (digits)", "destination_number": "Number dialled",
    "forward_kind": "Otherwise forward to", "forward_target": "Forward target",
    "forward_after_seconds": "Forward after (seconds)", "outbound_caller_id": "Outward caller ID",
    "recording_enabled": "Record calls", "user_id": "User", "service_id": "Service",
    "closed_destination": "When closed, calls go to", "body": "Content",
    "music_on_hold": "Music on hold",
}
# Values that are FreeSWITCH addresses, in words.
VALUE_TEXTS = {"local_stream://moh": "The standard music"}
BULKY = 80


def field_name(key: str) -> str:
    return gettext(FIELD_NAMES.get(key) or key.replace("_", " ").capitalize())


def words(code: str) -> str:
    """An action or object kind ("set-option", "ivr_menu") in words."""
    return gettext(code.replace("-", " ").replace("_", " ").capitalize())


def changed_fields(before: dict | None, after: dict | None) -> list[str]:
    b, a = before or {}, after or {}
    return sorted(k for k in set(a) | set(b) if k not in HIDDEN_FIELDS and b.get(k) != a.get(k))


def value_text(value: Any) -> str:
    """A stored value as people read it: codes such as "message:no_input" in words."""
    text = "" if value is None else str(value)
    if text in VALUE_TEXTS:
        return gettext(VALUE_TEXTS[text])
    if re.fullmatch(r"[a-z0-9]+([_:-][a-z0-9]+)+|[a-z]+", text):
        return gettext(text.replace("_", " ").replace(":", ": ").capitalize())
    return text


def is_bulky(value: Any) -> bool:
    text = "" if value is None else str(value)
    return len(text) > BULKY or text.lstrip().startswith("<")
