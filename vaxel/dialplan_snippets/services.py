"""Dialplan snippets in PostgreSQL: create, save a version, roll back, switch on and off,
and read them for the preview and for dialplan requests. Each change is audited; an
invalid body never becomes a version."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record_change
from ..errors import InvalidInput, NotFound
from .matching import SnippetView, snippets_for
from .models import DialplanSnippet, DialplanSnippetVersion
from .rules import CONTEXTS, validate_snippet


def _check(body: str) -> None:
    problems = validate_snippet(body)
    if problems:
        raise InvalidInput("The snippet was not saved: " + " ".join(problems), problems=problems)


def _state(snippet: DialplanSnippet) -> dict[str, Any]:
    current = snippet.versions[-1] if snippet.versions else None
    return {"name": snippet.name, "context": snippet.context, "active": snippet.active,
            "position": snippet.position, "company_id": snippet.company_id,
            "version": current.version if current else None,
            "body": current.body if current else None}


def _audit(session: Session, actor: Actor, action: str, snippet: DialplanSnippet,
           was: dict | None) -> None:
    record_change(session, actor, snippet.company_id, action, snippet.__tablename__,
                  snippet.id, was, _state(snippet))


def create_snippet(session: Session, company_id: int | None, name: str, context: str,
                   body: str, actor: Actor, *, position: int = 100) -> DialplanSnippet:
    """A new snippet for one company (or every company: None), in force at once."""
    if not name.strip():
        raise InvalidInput("A snippet needs a name.")
    if context not in CONTEXTS:
        raise InvalidInput(f"The context is one of {', '.join(CONTEXTS)}.")
    _check(body)
    snippet = DialplanSnippet(company_id=company_id, name=name.strip(), context=context,
                              position=position)
    snippet.versions.append(DialplanSnippetVersion(version=1, body=body, author=actor.label,
                                                   note="created"))
    session.add(snippet)
    session.flush()
    _audit(session, actor, "create", snippet, None)
    return snippet


def save_version(session: Session, snippet: DialplanSnippet, body: str,
                 actor: Actor, note: str = "") -> DialplanSnippetVersion:
    """A new version of the body; it is in force for the next dialplan request."""
    _check(body)
    was = _state(snippet)
    version = DialplanSnippetVersion(version=snippet.versions[-1].version + 1, body=body,
                                     author=actor.label, note=note.strip()[:200])
    snippet.versions.append(version)
    session.flush()
    _audit(session, actor, "update", snippet, was)
    return version


def roll_back(session: Session, snippet: DialplanSnippet, to_version: int,
              actor: Actor) -> DialplanSnippetVersion:
    """Put an earlier body back in force, as a new version (history is never rewritten)."""
    old = next((v for v in snippet.versions if v.version == to_version), None)
    if old is None:
        raise NotFound(f"Version {to_version} does not exist.")
    return save_version(session, snippet, old.body, actor, note=f"roll-back to {to_version}")


def set_active(session: Session, snippet: DialplanSnippet, active: bool,
               actor: Actor) -> None:
    was = _state(snippet)
    snippet.active = active
    session.flush()
    _audit(session, actor, "enable" if active else "disable", snippet, was)


def delete_snippet(session: Session, snippet: DialplanSnippet, actor: Actor) -> None:
    was = _state(snippet)
    session.delete(snippet)
    session.flush()
    record_change(session, actor, snippet.company_id, "delete", snippet.__tablename__,
                  snippet.id, was, None)


def snippet_views(session: Session, company_id: int | None = None) -> list[SnippetView]:
    """Every snippet's version in force (for one company and the global ones if given)."""
    query = select(DialplanSnippet).order_by(DialplanSnippet.id)
    if company_id is not None:
        query = query.where((DialplanSnippet.company_id == company_id)
                            | DialplanSnippet.company_id.is_(None))
    return [SnippetView(s.id, s.name, s.company_id, s.context, s.current.body,
                        s.current.version, s.position, s.active)
            for s in session.scalars(query) if s.versions]


def fragments_for_request(session: Session, context: str, company_id: int | None,
                          destination: str) -> list[str]:
    """snippets_for over what PostgreSQL holds now: the xml_curl side's one call."""
    return snippets_for(context, company_id, destination, snippet_views(session, company_id))
