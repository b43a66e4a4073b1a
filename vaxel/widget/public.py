"""What the widget shows a visitor: the company's hours, contact details, texts, colours
and the expected wait of each queue it chose, computed by the queue engine's own estimate."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..numbers.e164 import for_display
from ..queues.entries import LIVE
from ..queues.estimate import expected_wait_seconds
from ..queues.models import QueueEntry, QueueSettings
from ..queues.stats import recent_figures
from ..schedules.services import schedule_view_for
from ..switchboard.models import SwitchboardService
from ..tenancy.models import Company
from .hours import NowAndNext, now_and_next
from .models import WidgetSettings
from .visitor_chat import chat_hours


def _instant(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.timezone.utc).isoformat() if value else None


def _hours(state: NowAndNext) -> dict[str, Any]:
    return {"open": state.open, "until": _instant(state.until), "note": state.note,
            "next": None if state.next_open is None else
            {"open": state.next_open, "until": _instant(state.next_until)}}


def _chat(session: Session, settings: WidgetSettings, now: dt.datetime) -> dict[str, Any] | None:
    """None when the widget offers no chat; else whether it takes chats now, and its hours."""
    hours = chat_hours(session, settings, now)
    return None if hours is None else {"open": hours.open, "hours": _hours(hours)}


def queue_wait(session: Session, queue_id: int, now: dt.datetime) -> int | None:
    """The wait a caller joining now should expect: as the queue announces it to callers."""
    waiting = session.scalar(select(func.count()).where(
        QueueEntry.queue_id == queue_id, QueueEntry.state.in_(LIVE))) or 0
    return expected_wait_seconds(waiting + 1, recent_figures(session, queue_id, now))


def _queues(session: Session, settings: WidgetSettings, now: dt.datetime) -> list[dict]:
    rows = session.execute(select(SwitchboardService.id, SwitchboardService.name,
                                  QueueSettings.callback_enabled)
                           .join(QueueSettings, QueueSettings.service_id == SwitchboardService.id)
                           .where(SwitchboardService.company_id == settings.company_id,
                                  SwitchboardService.id.in_(settings.queue_ids))).all()
    order = {qid: i for i, qid in enumerate(settings.queue_ids)}
    result = []
    for queue_id, name, callback in sorted(rows, key=lambda r: order[r[0]]):
        hours = now_and_next(schedule_view_for(session, settings.company_id, queue_id), now)
        result.append({"id": queue_id, "name": name, "open": hours.open,
                       "wait_seconds": queue_wait(session, queue_id, now) if hours.open else None,
                       "callback": callback})
    return result


def visitor_state(session: Session, settings: WidgetSettings, now: dt.datetime) -> dict[str, Any]:
    company = session.get(Company, settings.company_id)
    view = schedule_view_for(session, company.id, None)
    return {
        "company": company.name, "timezone": company.timezone,
        "hours": _hours(now_and_next(view, now)),
        "contact": {"phone": for_display(settings.contact_phone, company.country)
                    if settings.contact_phone else "", "email": settings.contact_email},
        "texts": {"sv": {"title": settings.title_sv, "intro": settings.intro_sv},
                  "en": {"title": settings.title_en, "intro": settings.intro_en}},
        "colours": {"accent": settings.colour_accent, "text": settings.colour_text},
        "queues": _queues(session, settings, now),
        "chat": _chat(session, settings, now),
        "now": _instant(now),
    }
