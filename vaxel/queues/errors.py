"""Errors of the queue feature, with the HTTP status the API edge answers."""
from __future__ import annotations

from ..errors import VaxelError


class NotAllowed(VaxelError):
    """Only the agent, a supervisor of the queue or a company admin may change an agent."""

    status = 403
    error_id = "queue-not-allowed"
