"""Our one door to FreeSWITCH's Event Socket (nothing else imports greenswitch).

InboundClient (inbound.py): we connect to FreeSWITCH (events, api, bgapi), and stay
connected. OutboundServer + CallSession (outbound.py): FreeSWITCH's `socket ... async full`
connects to us, one greenlet per call. Both are an EslConnection (connection.py: a reader
greenlet, commands with timeouts, subscriber queues). Every wait has a timeout; frames are
parsed in frames.py (no I/O).
"""
from .connection import BackgroundJob, Subscription
from .frames import (CallHangup, EslAuthError, EslCommandError, EslConnectionLost, EslError,
                     EslProtocolError, EslTimeout, Event)
from .inbound import InboundClient
from .outbound import CallSession, OutboundServer

__all__ = ["BackgroundJob", "CallHangup", "CallSession", "EslAuthError", "EslCommandError",
           "EslConnectionLost", "EslError", "EslProtocolError", "EslTimeout", "Event",
           "InboundClient", "OutboundServer", "Subscription"]
