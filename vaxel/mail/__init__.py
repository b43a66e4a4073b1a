"""E-mail outbox: messages queued in PostgreSQL, sent by fs_control.features.mail."""
