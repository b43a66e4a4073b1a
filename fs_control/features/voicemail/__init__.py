"""Voicemail: performers.py (recording, listening, the 133 menu) and mwi.py (the message-
waiting lamps)."""
