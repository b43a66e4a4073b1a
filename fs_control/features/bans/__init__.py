"""The controller's bans feature."""
