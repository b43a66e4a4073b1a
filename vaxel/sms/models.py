"""A text message waiting for the SMS gateway (or sent): it survives the gateway being down
and the controller restarting, as the e-mail outbox does."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base
from ..mail.models import OutboxDelivery


class OutboxSms(OutboxDelivery, Base):
    __tablename__ = "sms_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    to_number: Mapped[str] = mapped_column(String(32))  # E.164
    body: Mapped[str] = mapped_column(String(1000))
