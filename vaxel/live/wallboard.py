"""Wallboards: per company, a snapshot of every queue's live and today's figures (one
render however many screens watch); per link, its queues' figures added up (pure).

A link is a random token; only its SHA-256 is stored, so the table leaks no working link.
A revoked link stays (the audit log and the 410 name it) but opens nothing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record
from ..errors import InvalidInput, NotFound
from ..queues.stats import period_start, queue_stats
from ..switchboard.models import ServiceKind, SwitchboardService
from ..tenancy.models import Company
from ..tenancy.scoped import in_company
from .models import WallboardLink
from .services import company_agents, live_queues


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewLink:
    link: WallboardLink
    token: str      # shown once; never stored


def create_link(session: Session, actor: Actor, company_id: int, name: str,
                queue_ids: list[int]) -> NewLink:
    actor.check_admin(company_id, "company")
    name = (name or "").strip()
    if not name:
        raise InvalidInput("Give the wallboard a name, e.g. the room it hangs in.")
    if len(name) > 100:
        raise InvalidInput("The name is too long (at most 100 characters).")
    wanted = sorted(set(queue_ids))
    found = set(session.scalars(select(SwitchboardService.id).where(
        SwitchboardService.company_id == company_id, SwitchboardService.kind == ServiceKind.QUEUE,
        SwitchboardService.id.in_(wanted))))
    if not wanted:
        raise InvalidInput("Choose one or more of the company's queues.")
    if found != set(wanted):
        raise NotFound("No such queue in this company.")
    token = secrets.token_urlsafe(32)
    link = WallboardLink(company_id=company_id, name=name, queue_ids=wanted,
                         token_hash=token_hash(token), created_by=actor.label[:200])
    session.add(link)
    session.flush()
    record(session, actor, "create", link, now={"name": name, "queue_ids": wanted})
    return NewLink(link, token)


def revoke_link(session: Session, actor: Actor, company_id: int, link_id: int,
                now: dt.datetime) -> WallboardLink:
    actor.check_admin(company_id, "company")
    link = in_company(session, WallboardLink, company_id, link_id, "No such wallboard link.")
    if link.revoked_at is None:
        link.revoked_at = now
        record(session, actor, "revoke", link, {"revoked": False}, now={"revoked": True})
    return link


def links(session: Session, company_id: int) -> list[WallboardLink]:
    return list(session.scalars(select(WallboardLink).where(
        WallboardLink.company_id == company_id).order_by(WallboardLink.revoked_at.is_not(None),
                                                         WallboardLink.name, WallboardLink.id)))


def link_of(session: Session, token: str) -> WallboardLink | None:
    """The link a token opens, revoked or not (the caller answers 410 for a revoked one);
    None for a token that never was one."""
    if not token or len(token) > 200:
        return None
    return session.scalar(select(WallboardLink).where(WallboardLink.token_hash == token_hash(token)))


# -- figures ------------------------------------------------------------------------------

def _epoch(moment: dt.datetime | None) -> float | None:
    return None if moment is None else round(moment.timestamp(), 3)


def company_snapshot(session: Session, company_id: int, now: dt.datetime) -> dict:
    """Every queue's figures as plain values, with moments (not durations) so that the
    snapshot changes only when something happens, not as time passes."""
    company = session.get(Company, company_id)
    since = period_start(now, 1, company.timezone if company else "UTC")
    today = {q.queue_id: q for q in queue_stats(session, company_id, since)}
    queues = {}
    for queue in live_queues(session, company_id, now):
        waiting = [c for c in queue.callers if not c.callback]
        stats = today.get(queue.id)
        queues[str(queue.id)] = {
            "name": queue.name, "waiting": len(waiting),
            "oldest": _epoch(min((c.since for c in waiting if c.since), default=None)),
            "answered": stats.answered if stats else 0,
            "abandoned": stats.abandoned if stats else 0,
            "within": stats.answered_within_sl if stats else 0,
        }
    agents = [{"state": a.state.value, "queues": list(a.queue_ids)}
              for a in company_agents(session, company_id) if a.queue_ids]
    return {"day": since.date().isoformat(), "queues": queues, "agents": agents}


AGENT_STATES = ("available", "ringing", "on_call", "wrap_up", "away")


def board_figures(snapshot: dict, queue_ids: list[int]) -> dict:
    """A wallboard's figures: its queues added up; each agent counted once, however many
    of the queues they serve. Pure."""
    mine = [snapshot["queues"][str(q)] for q in queue_ids if str(q) in snapshot["queues"]]
    answered = sum(q["answered"] for q in mine)
    within = sum(q["within"] for q in mine)
    oldest = [q["oldest"] for q in mine if q["oldest"] is not None]
    agents = dict.fromkeys(AGENT_STATES, 0)
    wanted = set(queue_ids)
    for agent in snapshot["agents"]:
        if wanted.intersection(agent["queues"]):
            agents[agent["state"]] = agents.get(agent["state"], 0) + 1
    return {"waiting": sum(q["waiting"] for q in mine), "oldest": min(oldest, default=None),
            "answered": answered, "abandoned": sum(q["abandoned"] for q in mine),
            "service_level": round(100.0 * within / answered) if answered else None,
            "agents": agents}
