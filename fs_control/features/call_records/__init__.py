"""The controller's call_records feature."""
