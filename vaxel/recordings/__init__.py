"""Call recording (add-on): who, numbers, when, how long, which file; kept 24 months."""
