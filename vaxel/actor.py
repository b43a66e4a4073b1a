"""Who is acting: the one shape every write in vaxel takes.

The portal builds an Actor from the logged-in account, the API from its token, the
controller and background jobs a system actor. A write checks tenancy and permission on
the Actor and writes the audit entry with it, so every door gets the same rules.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from typing import Any

from .accounts.roles import PortalRole, portal_role
from .errors import Forbidden, NotFound
from .people.models import Role


class ActorRole(str, enum.Enum):
    OPS = "ops"          # the platform operator: every company
    ADMIN = "admin"      # a company admin, or an API token (it acts as its company's admin)
    USER = "user"        # an employee: themselves only
    SYSTEM = "system"    # the controller and background jobs


@dataclass(frozen=True)
class Actor:
    company_id: int | None   # the company it acts in; None: any (ops, a platform job)
    role: ActorRole
    label: str               # who, as the audit log shows it
    account_id: int | None = None   # the portal account, when one acts
    user_id: int | None = None      # the user behind it, when there is one

    @classmethod
    def of_account(cls, account: Any) -> Actor:
        """A logged-in portal account; its role follows its user (PortalRole)."""
        user = account.user
        role = portal_role(account.is_ops, user.role if user else None)
        return cls(company_id=None if role is PortalRole.OPS else account.company_id,
                   role=ActorRole(role.value), label=account.email,
                   account_id=account.id, user_id=account.user_id)

    @classmethod
    def of_token(cls, token: Any) -> Actor:
        """An API token acts for its company, as the company's admin would."""
        return cls(company_id=token.company_id, role=ActorRole.ADMIN,
                   label=f"api-token:{token.id}:{token.name}")

    @classmethod
    def of_user(cls, user: Any) -> Actor:
        """A user acting for themselves without a portal session (a phone, an app)."""
        role = ActorRole.ADMIN if user.role is Role.ADMIN else ActorRole.USER
        return cls(company_id=user.company_id, role=role,
                   label=user.email or f"user:{user.id}", user_id=user.id)

    @classmethod
    def system(cls, label: str = "system", company_id: int | None = None) -> Actor:
        return cls(company_id=company_id, role=ActorRole.SYSTEM, label=label)

    @property
    def is_admin(self) -> bool:
        """May change anything in the companies it reaches (not only itself)."""
        return self.role is not ActorRole.USER

    def acting_as(self, user_id: int | None) -> Actor:
        """The same actor (as the audit log names it) with one user's reach only: their own
        mailbox and recordings, nothing of colleagues'. One's own portal pages, the phone's
        voicemail menu and an API token reading a personal mailbox act so."""
        return replace(self, role=ActorRole.USER, user_id=user_id)

    def within(self, company_id: int) -> Actor:
        """The same actor confined to one company (the operator on that company's pages)."""
        self.check_company(company_id, "company")
        return replace(self, company_id=company_id)

    def reaches(self, company_id: int | None) -> bool:
        return self.company_id is None or self.company_id == company_id

    def check_company(self, company_id: int | None, what: str = "object", **details) -> None:
        """Another company's object is simply not found (as the portal and API answer)."""
        if not self.reaches(company_id):
            raise NotFound(f"No such {what} in this company.", **details)

    def check_admin(self, company_id: int | None, what: str = "object", **details) -> None:
        """Changing the company's set-up (users, devices, services, tokens…) is for its
        admins, the operator and the system; another company's object is not found."""
        self.check_company(company_id, what, **details)
        if not self.is_admin:
            raise Forbidden("Only the company's admins may do this.")

    def check_operator(self, refusal: str = "Only the operator may do this.") -> None:
        """What only the platform does (companies, numbers): the operator or the system."""
        if self.role not in (ActorRole.OPS, ActorRole.SYSTEM):
            raise Forbidden(refusal)
