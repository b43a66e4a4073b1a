"""Every fax received (or failed), with FreeSWITCH's reason."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, created_at_column


class FaxReceipt(Base):
    __tablename__ = "fax_receipt"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("switchboard_service.id", ondelete="SET NULL"))
    call_uuid: Mapped[str] = mapped_column(String(64), default="")
    caller_number: Mapped[str] = mapped_column(String(64), default="")
    success: Mapped[bool] = mapped_column(Boolean, default=False)
    # Pages arrived but the transfer did not finish: what came is still sent on.
    partial: Mapped[bool] = mapped_column(Boolean, default=False)
    result_text: Mapped[str] = mapped_column(String(500), default="")
    pages: Mapped[int] = mapped_column(Integer, default=0)
    pdf_path: Mapped[str | None] = mapped_column(String(500))  # relative to the fax store
    created_at: Mapped[dt.datetime] = created_at_column()
