"""Where a company's costs land: invoice places, cost centres, what belongs to which,
and the platform's price list."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, created_at_column


class InvoicePlace(Base):
    """An address invoices go to (fakturaställe); cost centres are invoiced through one."""

    __tablename__ = "invoice_place"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(String(254))
    reference: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = created_at_column()


class CostCentre(Base):
    """A cost centre (kostnadsställe): users, services and numbers are charged to one."""

    __tablename__ = "cost_centre"
    __table_args__ = (UniqueConstraint("company_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(32), default="")
    invoice_place_id: Mapped[int | None] = mapped_column(
        ForeignKey("invoice_place.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = created_at_column()


class CostAssignment(Base):
    """One user, service or number charged to a cost centre; without a row it is charged
    to the company as a whole (a number follows what it routes to)."""

    __tablename__ = "cost_assignment"
    __table_args__ = (
        CheckConstraint("num_nonnulls(user_id, service_id, number_id) = 1", name="one_object"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    cost_centre_id: Mapped[int] = mapped_column(ForeignKey("cost_centre.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("switchboard_service.id", ondelete="CASCADE"), unique=True)
    number_id: Mapped[int | None] = mapped_column(
        ForeignKey("phone_number.id", ondelete="CASCADE"), unique=True)


class PriceListEntry(Base):
    """A product's monthly price, for one plan or for every plan ("*")."""

    __tablename__ = "price_list_entry"
    __table_args__ = (
        UniqueConstraint("plan", "product"),
        CheckConstraint("monthly_price_minor >= 0", name="price_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan: Mapped[str] = mapped_column(String(32), default="*")
    product: Mapped[str] = mapped_column(String(64))
    # In the currency's minor unit (öre), so sums are exact.
    monthly_price_minor: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3), default="SEK")
