"""Visitors' names and numbers kept only as long as the company's retention setting says.

Counted from when the request was dealt with (done: answered or given up); a request
still waiting is still needed and is kept. The queue statistics stay (rows, times,
outcomes); only what identifies the visitor is blanked.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.orm import Session

_DUE = text("""
SELECT w.id, w.entry_id FROM widget_callback w
JOIN widget_settings s ON s.company_id = w.company_id
JOIN queue_entry e ON e.id = w.entry_id
WHERE w.purged_at IS NULL AND e.state = 'done'
  AND coalesce(e.ended_at, w.created_at) < :now - make_interval(days => s.retention_days)
FOR UPDATE OF w SKIP LOCKED""")
_BLANK_ENTRIES = text("UPDATE queue_entry SET caller_name = '', caller_number = '' "
                      "WHERE id = ANY(:ids)")
_BLANK_CALLBACKS = text("UPDATE queue_callback SET number = '' WHERE entry_id = ANY(:ids)")
_MARK = text("UPDATE widget_callback SET purged_at = :now WHERE id = ANY(:ids)")


def purge_expired(session: Session, now: dt.datetime) -> int:
    """Blank what expired; returns how many requests were purged."""
    due = session.execute(_DUE, {"now": now}).all()
    if not due:
        return 0
    entry_ids = [entry_id for _, entry_id in due]
    session.execute(_BLANK_ENTRIES, {"ids": entry_ids})
    session.execute(_BLANK_CALLBACKS, {"ids": entry_ids})
    session.execute(_MARK, {"now": now, "ids": [w for w, _ in due]})
    return len(due)
