"""The SMS outbox's sender."""
