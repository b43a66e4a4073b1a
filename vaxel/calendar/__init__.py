"""Calendar presence: a user's ICS feed puts them "In a meeting" while a busy event runs."""
