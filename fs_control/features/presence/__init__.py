"""Scheduled presence profiles, switched by a minute job."""
