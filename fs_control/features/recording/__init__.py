"""The controller's recording feature."""
