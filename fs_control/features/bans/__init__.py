"""Banning SIP sources that fail authentication or flood us: guard.py decides and writes
FreeSWITCH's ACL."""
