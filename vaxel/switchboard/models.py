"""Switchboard services: IVR menus, queues, shared voicemail, fax mailboxes, plain connections."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, created_at_column, enum_column


class ServiceKind(str, enum.Enum):
    IVR = "ivr"
    QUEUE = "queue"
    SHARED_VOICEMAIL = "shared_voicemail"
    FAX_MAILBOX = "fax_mailbox"
    CONNECTION = "connection"


class SwitchboardService(Base):
    __tablename__ = "switchboard_service"
    __table_args__ = (UniqueConstraint("company_id", "extension"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ServiceKind] = mapped_column(enum_column(ServiceKind))
    name: Mapped[str] = mapped_column(String(200))
    # Internal number colleagues dial to reach the service directly (optional).
    extension: Mapped[str | None] = mapped_column(String(16))
    # Kind-specific settings that need no query of their own (e.g. fax e-mail addresses).
    settings: Mapped[dict] = mapped_column(JSONB, default=dict)
    created_at: Mapped[dt.datetime] = created_at_column()
