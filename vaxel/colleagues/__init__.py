"""Colleagues' live status: who is free, ringing, on a call or in a meeting (the app's board)."""
