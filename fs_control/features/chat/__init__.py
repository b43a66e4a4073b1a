"""Chat: the controller keeps the 24-month retention (plugin.py's purge job)."""
