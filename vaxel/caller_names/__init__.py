"""Caller look-up: a number's name from the company's contacts, then an external directory."""
