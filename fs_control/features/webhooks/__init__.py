"""Webhooks: outbox.py turns call events into outbox rows and delivers them."""
