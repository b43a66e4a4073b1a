"""The employees' app (/app/): the shell and softphone (views), and my calls, voicemail,
presence and queues (mine), on one blueprint."""
from . import mine, room  # noqa: F401  (their routes join the blueprint)
from .views import bp

__all__ = ["bp"]
