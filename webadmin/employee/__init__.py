"""The employees' app (/app/): the shell and softphone (views), my calls, voicemail,
presence and queues (mine), my conference room (room), attended transfer (transfer), the
one push stream of the board and chat (stream), and chat (chat, its own nested
blueprint), on one blueprint."""
from . import mine, room, stream, transfer  # noqa: F401  (their routes join the blueprint)
from .chat import bp as chat_bp
from .views import bp

bp.register_blueprint(chat_bp)

__all__ = ["bp"]
