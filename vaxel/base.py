"""The declarative base every Växel model derives from."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import DateTime, Enum, MetaData, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names make Alembic migrations reproducible.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def parse_instant(text: str) -> dt.datetime:
    """An ISO 8601 date-time as an aware UTC datetime (no offset: UTC); ValueError if it is
    not one or lies outside what PostgreSQL stores (Python accepts offsets up to ±24 h,
    PostgreSQL ±15:59, hence the conversion)."""
    value = dt.datetime.fromisoformat(text)
    try:
        return (value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
                ).astimezone(dt.timezone.utc)
    except OverflowError as exc:
        raise ValueError(f"{text!r} is out of range") from exc


def created_at_column() -> Mapped[dt.datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now(), default=utcnow)


def enum_column(enum_cls: type[enum.Enum], **kw) -> Enum:
    """Enums are stored as their values in a VARCHAR with a CHECK, easy to extend later."""
    return Enum(
        enum_cls,
        native_enum=False,
        values_callable=lambda cls: [m.value for m in cls],
        length=32,
        validate_strings=True,
        create_constraint=True,
        name=f"{enum_cls.__name__.lower()}",
        **kw,
    )
