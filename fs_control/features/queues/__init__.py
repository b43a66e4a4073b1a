"""Queues: performers.py (the queue flow's commands), matcher.py (callers to agents),
notifier.py (LISTEN/NOTIFY wake-ups), callbacks.py (on-hook callbacks)."""
