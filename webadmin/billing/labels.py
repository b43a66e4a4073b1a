"""Product codes of the price list ("licence:fixed") as words an admin reads."""
from __future__ import annotations

from ..i18n import gettext

_LABELS = {
    "licence:free": "Free licence", "licence:fixed": "Fixed licence",
    "licence:mobile": "Mobile licence", "number:local": "Local number",
    "number:foreign": "Foreign number", "number:mobile": "Mobile number",
    "service:ivr": "IVR service", "service:queue": "Queue",
    "service:shared_voicemail": "Shared voicemail", "service:fax_mailbox": "Fax mailbox",
    "service:connection": "Connection", "addon:recording": "Call recording",
    "data:top_up": "Data top-up",
}


def product_label(code: str) -> str:
    """The product's name in the reader's language; data packages name their size."""
    if code.startswith("data:") and code != "data:top_up":
        return gettext("Data package %(size)s", size=code[5:].upper())
    return gettext(_LABELS.get(code, code))
