"""Running a recorded call again on the double, with the production controller in process
and a recording proxy on both of its Event Socket connections (differential.py compares)."""
from __future__ import annotations

from dataclasses import dataclass

import gevent
from sqlalchemy import select
from pathlib import Path
from typing import Mapping

from . import differential
from .call import CallScript
from .controller import running_controller, running_double
from .recorder import RecordingProxy


@dataclass(frozen=True)
class Recorded:
    outbound: Path  # the call's socket
    inbound: Path  # the controller's own connection


def run_on_double(real_outbound: Path, session_factory, folder: Path,
                  variables: Mapping[str, str] | None = None) -> Recorded:
    """The recorded call placed on the double: its stimuli (digits keyed, bridge outcomes,
    when the caller hung up) from the recording, the controller's answers its own.
    `variables`: the dialplan's channel variables (default: the recording's)."""
    data = differential.channel_data(real_outbound)
    return record_double_call(
        session_factory, folder, caller=data["Caller-Caller-ID-Number"],
        caller_name=data.get("Caller-Caller-ID-Name", ""),
        destination=data["Caller-Destination-Number"],
        context=data.get("Caller-Context", "public"),
        variables=dict(variables if variables is not None
                       else differential.channel_variables(real_outbound)),
        script=differential.double_script(real_outbound))


def directory(session_factory) -> dict[str, dict[str, str]]:
    """What xml_curl's directory puts on each SIP user's calls (vaxel_company_id and
    vaxel_user_id, xml_curl.directory.user_variables), for the double's B-legs."""
    from vaxel.models import Device

    with session_factory() as session:
        rows = session.execute(select(Device.sip_username, Device.company_id, Device.user_id)
                               .where(Device.sip_username.is_not(None))).all()
    return {name: {"vaxel_company_id": str(company), "vaxel_user_id": str(user)}
            for name, company, user in rows}


def record_double_call(session_factory, folder: Path, *, caller: str, caller_name: str,
                       destination: str, context: str, variables: Mapping[str, str],
                       script: CallScript, timeout: float = 20.0) -> Recorded:
    """One call on the double through the controller, both sockets recorded in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    with running_double() as double:
        double.directory = directory(session_factory)
        inbound = RecordingProxy(0, double.address, ("client", "fs"), folder, "inbound").start()
        try:
            with running_controller(double, session_factory, folder,
                                    VAXEL_ESL_ADDRESS=f"127.0.0.1:{inbound.port}") as ctl:
                outbound = RecordingProxy(0, ctl.outbound.address, ("fs", "controller"),
                                          folder, "outbound").start()
                try:
                    placed = double.place_call(
                        ("127.0.0.1", outbound.port), caller=caller, caller_name=caller_name,
                        destination=destination, context=context, variables=variables,
                        script=script)
                    assert placed.ended.wait(timeout), "the double's call never ended"
                    # Generous: CI's loaded machine once took longer than 10 s for the
                    # linger and the notice to pass the proxy (locally well under 1 s).
                    with gevent.Timeout(30, AssertionError("no disconnect notice from the double")):
                        while not (outbound.traces and any(
                                v[0] == "disconnect"
                                for v in differential.outbound_view(outbound.traces[0]))):
                            gevent.sleep(0.05)  # the controller's greenlets run meanwhile
                finally:
                    outbound.stop()
        finally:
            inbound.stop()
    return Recorded(outbound.traces[0], inbound.traces[0])
