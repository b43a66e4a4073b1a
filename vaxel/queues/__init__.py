"""Queues (kösystem): members, agent state, waiting callers, callbacks and statistics.

State lives in PostgreSQL so several controllers can serve one company: a caller is
matched to an agent inside one transaction with row locks (matching.py); the decision of
which agent gets which caller is a pure function (strategies.py).
"""
