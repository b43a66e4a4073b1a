"""Fetching one company's row by id: another company's row is simply not found."""
from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

from ..errors import NotFound

M = TypeVar("M")


def in_company(session: Session, model: type[M], company_id: int | None, object_id: Any,
               message: str | None = None, **details) -> M:
    """The row of `model` with this id in the company (None: in any company, as ops
    see them); NotFound for a missing row and another company's alike."""
    row = session.get(model, object_id)
    if row is None or (company_id is not None and row.company_id != company_id):
        raise NotFound(message or f"No such {model.__name__.lower()} in this company.",
                       **details)
    return row
