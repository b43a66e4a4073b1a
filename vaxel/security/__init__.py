"""Security: source-address bans, toll (call barring) policy and ops alerts."""
