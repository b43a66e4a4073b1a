"""Dialplan snippets per company or global: validated, versioned, previewed."""
