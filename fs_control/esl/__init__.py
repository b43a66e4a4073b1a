"""Our one door to FreeSWITCH's Event Socket (nothing else imports greenswitch)."""
from .connection import BackgroundJob, Subscription
from .frames import (CallHangup, EslAuthError, EslCommandError, EslConnectionLost, EslError,
                     EslProtocolError, EslTimeout, Event)
from .inbound import InboundClient
from .outbound import CallSession, OutboundServer

__all__ = ["BackgroundJob", "CallHangup", "CallSession", "EslAuthError", "EslCommandError",
           "EslConnectionLost", "EslError", "EslProtocolError", "EslTimeout", "Event",
           "InboundClient", "OutboundServer", "Subscription"]
