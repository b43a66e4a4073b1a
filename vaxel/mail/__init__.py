"""E-mail outbox: messages queued in PostgreSQL, sent by fs_control.mail (the SMTP module)."""
