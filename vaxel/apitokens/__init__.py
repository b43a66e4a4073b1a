"""Per-company API tokens with scopes, for the REST API (webadmin.api)."""
