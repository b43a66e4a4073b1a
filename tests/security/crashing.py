"""Starting and killing controllers against the FreeSWITCH double, for the crash and
call-record tests (the `start` fixture is in this folder's conftest)."""
from __future__ import annotations

import gevent
from gevent import socket

from fs_control.controller import Controller
from tests.fsdouble.controller import PASSWORD
from vaxel.config import Settings


def settings(double, tmp_path) -> Settings:
    return Settings.from_env({
        "VAXEL_ESL_ADDRESS": "%s:%s" % double.address, "VAXEL_ESL_PASSWORD": PASSWORD,
        "VAXEL_CONTROLLER_LISTEN": "127.0.0.1:0", "VAXEL_DATA_DIR": str(tmp_path),
        "VAXEL_FS_CONF_DIR": str(tmp_path)})


def crash(ctl: Controller) -> None:
    """What SIGKILL does: every socket closed by the kernel, nothing more sent."""
    for session in list(ctl.outbound.sessions):
        session.sock.shutdown(socket.SHUT_RDWR)
    ctl.inbound.sock.shutdown(socket.SHUT_RDWR)
    gevent.killall(ctl._jobs)
    ctl.outbound._server.close()
    ctl.inbound.close()
    ctl.crashed = True


def place(double, ctl, company, script):
    variables = {"vaxel_company_id": str(company["id"]),
                 "vaxel_destination": "service:%s" % company["reception"],
                 "vaxel_intent": "inbound", "hangup_after_bridge": "true"}  # as _handover sets
    return double.place_call(ctl.outbound.address, caller="+46701234567",
                             destination="+46812345600", context="public",
                             variables=variables, script=script)
