"""Statistics rows in the Power BI streaming-dataset shape: a flat JSON object per row, the
same keys every time (Power BI's dataset schema is fixed when it is created). Pure."""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Mapping

# The dataset's columns, for the admin to create the streaming dataset with (docs/api.md).
COLUMNS = ("timestamp", "company_id", "queue_id", "queue", "waiting", "longest_wait_seconds",
           "agents_available", "agents_busy", "offered_today", "answered_today",
           "abandoned_today", "service_level_pct_today", "avg_wait_seconds_today",
           "avg_talk_seconds_today")


def stream_rows(company_id: int, now: dt.datetime, today: Iterable[Any],
                realtime: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One row per queue: today's figures (QueueStats-like objects) with the live picture."""
    live = {r["queue_id"]: r for r in realtime}
    stamp = now.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")
    return [_row(company_id, stamp, q, live.get(q.queue_id, {})) for q in today]


def _row(company_id: int, stamp: str, q: Any, live: Mapping[str, Any]) -> dict[str, Any]:
    members = live.get("members") or {}
    return {"timestamp": stamp, "company_id": company_id, "queue_id": q.queue_id,
            "queue": q.name, "waiting": live.get("waiting", 0),
            "longest_wait_seconds": live.get("longest_wait_seconds") or 0,
            "agents_available": members.get("available", 0),
            "agents_busy": sum(v for k, v in members.items() if k not in ("available", "away",
                                                                           "logged_out")),
            "offered_today": q.offered, "answered_today": q.answered,
            "abandoned_today": q.abandoned,
            "service_level_pct_today": q.service_level_pct,
            "avg_wait_seconds_today": q.avg_wait, "avg_talk_seconds_today": q.avg_talk}


def is_due(last_pushed_at: dt.datetime | None, interval_seconds: int, now: dt.datetime) -> bool:
    return last_pushed_at is None or now - last_pushed_at >= dt.timedelta(
        seconds=interval_seconds)
