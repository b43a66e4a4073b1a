"""The controller's call_commands feature."""
