"""Phone numbers a company owns, and the trunks that carry calls to and from the outside."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, created_at_column, enum_column


class NumberKind(str, enum.Enum):
    LOCAL = "local"
    FOREIGN = "foreign"
    MOBILE = "mobile"


class PhoneNumber(Base):
    __tablename__ = "phone_number"
    __table_args__ = (
        # A number routes to a user, to a switchboard service, or (parked) nowhere — never both.
        CheckConstraint("user_id IS NULL OR service_id IS NULL", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    e164: Mapped[str] = mapped_column(String(20), unique=True)
    country: Mapped[str] = mapped_column(String(2))
    kind: Mapped[NumberKind] = mapped_column(enum_column(NumberKind), default=NumberKind.LOCAL)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("switchboard_service.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = created_at_column()


class Trunk(Base):
    """A SIP gateway to the public network, platform-wide (company_id NULL) or one company's."""

    __tablename__ = "trunk"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64), unique=True)
    # Name of the FreeSWITCH gateway on the external profile that carries outbound calls.
    gateway: Mapped[str] = mapped_column(String(64))
    # Source addresses (IP or CIDR) the trunk's calls arrive from; nothing else is accepted.
    source_addresses: Mapped[list[str]] = mapped_column(ARRAY(String(64)), default=list)
    priority: Mapped[int] = mapped_column(Integer, default=100)
    # How called numbers arriving on this trunk are read (see migration 0010_xmlcurl_*):
    # national numbers in `country` (NULL: the company's), short DID suffixes after
    # `inbound_prefix` (an E.164 prefix; NULL: the carrier sends whole numbers).
    country: Mapped[str | None] = mapped_column(String(2))
    inbound_prefix: Mapped[str | None] = mapped_column(String(16))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = created_at_column()
