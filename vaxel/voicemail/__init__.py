"""Voicemail: personal and shared mailboxes, greetings, messages, callbacks, the 133 menu."""
