"""Behind Kamailio, a socket call that comes while the controller does not follow its
node's events (the node's FreeSWITCH restarted, its Event Socket not back yet) is left
unconnected: the node's dialplan then answers "503 Controller Unavailable" and Kamailio
tries another node (docs/scale-out.md; the real switch: tests/scaleout). On a single node
there is no other node, and the call is taken."""
from __future__ import annotations

import gevent
import pytest

from tests.fsdouble.controller import running_controller


@pytest.mark.parametrize("proxy, taken", [("127.0.0.20", False), ("", True)],
                         ids=["behind Kamailio: left", "single node: taken"])
def test_a_call_while_the_event_socket_is_down(double, committed_db, tmp_path, company,
                                               proxy, taken):
    with running_controller(double, committed_db, tmp_path, VAXEL_SIP_PROXY=proxy) as ctl:
        double.stop()  # the Event Socket goes; the node's calls still reach the listener
        with gevent.Timeout(5):
            while ctl.inbound.connected:
                gevent.sleep(0.02)
        call = double.place_call(ctl.outbound.address,
                                 variables={"vaxel_company_id": str(company["id"])})
        if taken:  # driven: the flow asks for its first prompt
            with gevent.Timeout(5):
                while not any(c.command == "sendmsg" for c in call.commands):
                    gevent.sleep(0.02)
        else:  # resumed and let go: the dialplan's next action, nothing executed
            assert call.ended.wait(5) and call.cause == "NORMAL_TEMPORARY_FAILURE"
            assert [c.command for c in call.commands] == ["connect", "resume"]
