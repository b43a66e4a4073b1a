"""Recorded calls played and downloaded in the browser."""
