"""Employees of a company, their licences, SIP devices and presence profiles."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..base import Base, created_at_column, enum_column


class Role(str, enum.Enum):
    USER = "user"
    ADMIN = "admin"


class LicenceKind(str, enum.Enum):
    FREE = "free"
    FIXED = "fixed"
    MOBILE = "mobile"


class LicenceTerm(str, enum.Enum):
    BOUND = "bound"
    UNBOUND = "unbound"


class LicenceStatus(str, enum.Enum):
    ACTIVE = "active"
    FROZEN = "frozen"
    TERMINATED = "terminated"


class DeviceKind(str, enum.Enum):
    SOFTPHONE = "softphone"
    DESK = "desk"
    DECT = "dect"
    # A twin rings an outside number (the user's mobile) alongside the SIP devices.
    MOBILE_TWIN = "mobile_twin"
    # The app's softphone in a browser: its password is short-lived and rotated by the
    # portal session (vaxel.people.webphone), never typed in nor shown.
    WEB = "web"


class ForwardKind(str, enum.Enum):
    NONE = "none"
    VOICEMAIL = "voicemail"
    USER = "user"
    MOBILE = "mobile"
    EXTERNAL = "external"


class User(Base):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("company_id", "extension"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.USER)
    extension: Mapped[str] = mapped_column(String(16))
    mobile_number: Mapped[str | None] = mapped_column(String(20))
    # E.164 shown outward unless the active profile says otherwise; None → company number.
    outbound_caller_id: Mapped[str | None] = mapped_column(String(20))
    active_profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("presence_profile.id", ondelete="SET NULL", use_alter=True)
    )
    recording_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    voicemail_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Ring the devices one after another (in ring_order) instead of all at once.
    ring_in_turn: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = created_at_column()

    devices: Mapped[list["Device"]] = relationship(
        back_populates="user", order_by="Device.ring_order", cascade="all, delete-orphan"
    )
    profiles: Mapped[list["PresenceProfile"]] = relationship(
        back_populates="user", foreign_keys="PresenceProfile.user_id", cascade="all, delete-orphan"
    )
    active_profile: Mapped["PresenceProfile | None"] = relationship(
        foreign_keys=[active_profile_id], post_update=True
    )


class Licence(Base):
    __tablename__ = "licence"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    kind: Mapped[LicenceKind] = mapped_column(enum_column(LicenceKind))
    term: Mapped[LicenceTerm] = mapped_column(enum_column(LicenceTerm), default=LicenceTerm.UNBOUND)
    bound_until: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[LicenceStatus] = mapped_column(
        enum_column(LicenceStatus), default=LicenceStatus.ACTIVE
    )
    # A licence is not tied to a person: it can be unassigned, or moved to another user.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[dt.datetime] = created_at_column()


class Device(Base):
    """A SIP credential (or a mobile twin) that rings for a user."""

    __tablename__ = "device"
    __table_args__ = (UniqueConstraint("company_id", "sip_username"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[DeviceKind] = mapped_column(enum_column(DeviceKind))
    label: Mapped[str] = mapped_column(String(100), default="")
    # SIP user part that registers in the company's domain; None for a mobile twin.
    sip_username: Mapped[str | None] = mapped_column(String(64))
    # md5("user:domain:password") — FreeSWITCH's digest a1-hash; the password is never stored.
    a1_hash: Mapped[str | None] = mapped_column(String(32))
    external_number: Mapped[str | None] = mapped_column(String(20))
    ring_order: Mapped[int] = mapped_column(Integer, default=0)
    # After this instant the credential is refused (web devices); None: never expires.
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = created_at_column()

    user: Mapped[User | None] = relationship(back_populates="devices")


class PresenceProfile(Base):
    """A named set of settings (Work, Lunch, Meeting, Off…) deciding what happens to calls."""

    __tablename__ = "presence_profile"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    accept_direct: Mapped[bool] = mapped_column(Boolean, default=True)
    accept_queue: Mapped[bool] = mapped_column(Boolean, default=True)
    forward_kind: Mapped[ForwardKind] = mapped_column(
        enum_column(ForwardKind), default=ForwardKind.VOICEMAIL
    )
    # Extension (USER) or E.164 number (EXTERNAL); unused for the other kinds.
    forward_target: Mapped[str | None] = mapped_column(String(32))
    # Ring this long before forwarding; 0 forwards at once.
    forward_after_seconds: Mapped[int] = mapped_column(Integer, default=20)
    # E.164 shown outward while this profile is active; None → the user's own choice.
    caller_id_number: Mapped[str | None] = mapped_column(String(20))
    hide_caller_id: Mapped[bool] = mapped_column(Boolean, default=False)

    user: Mapped[User] = relationship(back_populates="profiles", foreign_keys=[user_id])
