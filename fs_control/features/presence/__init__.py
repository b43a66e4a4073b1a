"""The controller's presence feature: scheduled presence profiles."""
