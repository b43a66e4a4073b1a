"""Failures of logging in and of acting without the right to."""
from __future__ import annotations

from ..errors import VaxelError


class TooManyAttempts(VaxelError):
    status = 429
    error_id = "too-many-attempts"


class Forbidden(VaxelError):
    status = 403
    error_id = "forbidden"


class WrongPassword(VaxelError):
    """The current password, asked before a sensitive change, was not right."""

    status = 403
    error_id = "wrong-password"
