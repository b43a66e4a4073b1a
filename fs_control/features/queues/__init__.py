"""The controller's queues feature."""
