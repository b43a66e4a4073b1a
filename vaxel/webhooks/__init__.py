"""Signed webhooks: subscriptions, the PostgreSQL outbox, delivery decisions and outbound HTTP."""
