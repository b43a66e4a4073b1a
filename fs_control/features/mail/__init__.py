"""The controller's mail feature."""
