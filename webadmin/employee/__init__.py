"""The employees' app (/app/): the shell and softphone (views), and my calls, voicemail,
presence and queues (mine), on one blueprint."""
from . import mine  # noqa: F401  (its routes join the blueprint)
from .views import bp

__all__ = ["bp"]
