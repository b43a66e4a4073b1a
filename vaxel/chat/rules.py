"""Who may do what in a conversation, and how long messages are kept: pure decisions."""
from __future__ import annotations

import datetime as dt
import re

from .models import ConversationKind, MemberRole

RETENTION_MONTHS = 24
MAX_BODY = 4000
MAX_TITLE = 80
# A client-made message id: a UUID or any similar token the browser generated.
CLIENT_ID = re.compile(r"[A-Za-z0-9-]{8,64}")


def retention_cutoff(now: dt.datetime, months: int = RETENTION_MONTHS) -> dt.datetime:
    """The instant `months` calendar months before `now`: messages older are purged. A day
    the earlier month lacks (29 February) becomes that month's last day."""
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    day = now.day
    while True:
        try:
            return now.replace(year=year, month=month + 1, day=day)
        except ValueError:
            day -= 1


def direct_key(user_a: int, user_b: int) -> str:
    low, high = sorted((user_a, user_b))
    return f"{low}:{high}"


# A direct chat stays two; a visitor's stays with the agent it was routed to until it ends.
_FIXED = (ConversationKind.DIRECT, ConversationKind.VISITOR)


def may_join(kind: ConversationKind, open_to_join: bool) -> bool:
    """Rooms and open groups are anyone's in the company to join; the rest by invitation."""
    return kind is ConversationKind.ROOM or (kind is ConversationKind.GROUP and open_to_join)


def may_add_members(kind: ConversationKind, role: MemberRole | None) -> bool:
    """Any member brings a colleague into a group or room; a direct chat stays two."""
    return role is not None and kind not in _FIXED


def may_remove(kind: ConversationKind, role: MemberRole | None, actor_is_admin: bool,
               own: bool) -> bool:
    """One leaves a group or room oneself; its owner (or an admin) removes others."""
    if kind in _FIXED:
        return False
    return own or role is MemberRole.OWNER or actor_is_admin


def may_attach(kind: ConversationKind) -> bool:
    """Not to a website visitor: the widget shows text only, and its purge keeps no files."""
    return kind is not ConversationKind.VISITOR


def may_post(kind: ConversationKind, visitor_left: bool) -> bool:
    """Anyone's conversation takes messages, but a website visitor's not once it ended."""
    return not (kind is ConversationKind.VISITOR and visitor_left)


def clean_body(text: str) -> str:
    """The message text as stored: trimmed; its length bounded (the screen escapes it)."""
    body = (text or "").replace("\x00", "").strip()
    if len(body) > MAX_BODY:
        raise ValueError(f"A message holds at most {MAX_BODY} characters.")
    return body


def clean_title(text: str) -> str:
    title = " ".join((text or "").split())
    if not title or len(title) > MAX_TITLE:
        raise ValueError(f"Give the group a name of 1 to {MAX_TITLE} characters.")
    return title


def valid_client_id(value: str) -> bool:
    return bool(CLIENT_ID.fullmatch(value or ""))
