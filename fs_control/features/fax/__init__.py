"""The controller's fax feature."""
