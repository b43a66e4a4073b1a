"""The employees' app (/app/): the shell and softphone (views), my calls, voicemail,
presence and queues (mine), and chat (chat, its own nested blueprint), on one blueprint."""
from . import mine  # noqa: F401  (its routes join the blueprint)
from .chat import bp as chat_bp
from .views import bp

bp.register_blueprint(chat_bp)

__all__ = ["bp"]
