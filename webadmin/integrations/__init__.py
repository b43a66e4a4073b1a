"""Company admins connect Växel to other systems: API tokens, webhooks, look-up, statistics."""
