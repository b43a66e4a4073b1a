"""Call control asked for through the REST API (click-to-call, hang-up, transfers) and the
live_call table."""
