"""Text messages through the configured HTTP SMS gateway, by way of a durable outbox."""
