"""The controller's webhooks feature."""
