"""Chat between a company's employees: one-to-one, groups (open or closed) and public
rooms; messages delivered from PostgreSQL in id order (messages.py), pushed live through
the chat hub (webadmin.employee.chat_stream), kept for 24 months (rules.py)."""
