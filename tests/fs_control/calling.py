"""Calls into a queue through the controller, on the FreeSWITCH double (for the queue call
and queue scale tests)."""
from __future__ import annotations

import gevent


def call(double, controller, company, queue_id, script=None, caller="+46701234567"):
    variables = {"vaxel_company_id": str(company["id"]),
                 "vaxel_destination": "service:%s" % queue_id, "vaxel_intent": "inbound"}
    return double.place_call(controller.outbound.address, caller=caller,
                             destination="+46812345600", context="public",
                             variables=variables, script=script)


def wait_for(predicate, timeout=10.0):
    with gevent.Timeout(timeout, AssertionError("condition not met in %ss" % timeout)):
        while not predicate():
            gevent.sleep(0.02)
