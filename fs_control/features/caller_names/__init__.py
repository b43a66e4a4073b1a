"""The caller's name on the ringing phones, looked up before an inbound call's flow starts."""
