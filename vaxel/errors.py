"""Domain errors. Each carries a stable id and the HTTP status an API edge should answer with."""
from __future__ import annotations


class VaxelError(Exception):
    status = 400
    error_id = "invalid"

    def __init__(self, message: str, *, field: str | None = None, **details):
        super().__init__(message)
        self.message = message
        # The form field at fault, when one is: the portal shows the message beside it.
        self.field = field
        self.details = details


class NotFound(VaxelError):
    status = 404
    error_id = "not-found"


class Forbidden(VaxelError):
    """The actor may not do this at all (not: this object is in another company)."""

    status = 403
    error_id = "forbidden"


class PlanLimitReached(VaxelError):
    status = 409
    error_id = "plan-limit-reached"


class Conflict(VaxelError):
    status = 409
    error_id = "conflict"


class InvalidInput(VaxelError):
    status = 422
    error_id = "invalid-input"


class WeakCredential(InvalidInput):
    error_id = "weak-credential"
