"""The three portal roles and how an account's role follows from its user."""
from __future__ import annotations

import enum

from ..people.models import Role


class PortalRole(str, enum.Enum):
    OPS = "ops"        # the platform operator: every company
    ADMIN = "admin"    # a company admin: one company
    USER = "user"      # an employee: self-service only


def portal_role(is_ops: bool, user_role: Role | None) -> PortalRole:
    """Ops wins; otherwise the linked user's role decides, so revoking admin rights on the
    user takes effect on the portal at once."""
    if is_ops:
        return PortalRole.OPS
    return PortalRole.ADMIN if user_role is Role.ADMIN else PortalRole.USER
