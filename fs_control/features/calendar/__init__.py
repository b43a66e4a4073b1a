"""The controller's calendar feature."""
