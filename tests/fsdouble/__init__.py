"""A FreeSWITCH test double that speaks the Event Socket wire protocol, built from captures.

    double = FreeSwitchDouble(password="secret").start()
    call = double.place_call(controller_address, caller="1000", destination="4600",
                             script=CallScript(digits={"play_and_get_digits": ["2"]}))
    call.ended.wait(5); call.apps  # [("answer", ""), ("playback", "..."), ...]
"""
from .call import CallScript, DoubleCall, Sent
from .double import FreeSwitchDouble

__all__ = ["CallScript", "DoubleCall", "FreeSwitchDouble", "Sent"]
