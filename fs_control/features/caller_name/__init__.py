"""The controller's caller_name feature."""
