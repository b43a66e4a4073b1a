"""A phone that subscribes to its lamp (or registers) after a message arrived: FreeSWITCH
sends MESSAGE_QUERY (mod_sofia, seen on 1.10.12) and the controller answers that one
subscription with the mailbox's state, as mod_voicemail would; we do not load it."""
from vaxel.voicemail.mwi import mwi_headers, query_account, query_route

from .conftest import place, wait_until
from tests.fsdouble import CallScript

# What mod_sofia puts in the MESSAGE_QUERY it fires for a new message-summary subscription.
SUBSCRIBED = {"Message-Account": "sip:1001@acme.example", "VM-Sofia-Profile": "internal",
              "VM-sub-call-id": "4f1a-sub@10.0.0.7"}


def test_the_answer_goes_to_the_asking_subscription_on_its_profile():
    assert query_account(SUBSCRIBED) == "1001@acme.example"
    assert query_route(SUBSCRIBED) == {"Sofia-Profile": "internal",
                                       "Sub-Call-ID": "4f1a-sub@10.0.0.7"}
    registered = {"Message-Account": "sip:1001@acme.example", "VM-Sofia-Profile": "internal",
                  "VM-Call-ID": "reg-9"}
    assert query_route(registered) == {"Sofia-Profile": "internal", "Call-ID": "reg-9"}
    assert query_account({"Message-Account": "sip:nobody"}) is None
    assert mwi_headers("1001@acme.example", 0, 2, {"Sub-Call-ID": "x"})["Sub-Call-ID"] == "x"


def lamps(double):
    return [h for n, h in double.sent_events if n == "MESSAGE_WAITING"]


def test_a_phone_subscribing_after_a_message_is_told_yes(double, controller, company):
    place(double, controller, company, "voicemail:1001",
          CallScript(digits={"play_and_get_digits": [""]}, record_seconds=3))
    wait_until(lambda: lamps(double))  # the broadcast after the message
    before = len(lamps(double))
    double.emit("MESSAGE_QUERY", SUBSCRIBED)
    [answer] = wait_until(lambda: lamps(double)[before:])
    assert answer["MWI-Messages-Waiting"] == "yes" and answer["MWI-Voice-Message"] == "1/0 (0/0)"
    assert answer["Sub-Call-ID"] == "4f1a-sub@10.0.0.7" and answer["Sofia-Profile"] == "internal"


def test_broadcast_lamps_name_the_phones_profile(double, controller, company):
    """Without Sofia-Profile mod_sofia drops a lamp for a domain where no phone is
    registered, even if one subscribed."""
    place(double, controller, company, "voicemail:1001",
          CallScript(digits={"play_and_get_digits": [""]}, record_seconds=3))
    [lamp] = wait_until(lambda: lamps(double))
    assert lamp["Sofia-Profile"] == "internal" and "Sub-Call-ID" not in lamp


def test_a_query_for_an_unknown_account_is_not_answered(double, controller, company):
    double.emit("MESSAGE_QUERY", {**SUBSCRIBED, "Message-Account": "sip:9999@acme.example"})
    double.emit("MESSAGE_QUERY", {**SUBSCRIBED, "Message-Account": "sip:1002@acme.example"})
    [answer] = wait_until(lambda: lamps(double))
    # 1002 is ours but has had no message: told "no" (its mailbox does not exist yet).
    assert answer["MWI-Message-Account"] == "sip:1002@acme.example"
    assert answer["MWI-Messages-Waiting"] == "no"


REGISTERED = {"Message-Account": "sip:1001@acme.example", "VM-Sofia-Profile": "internal",
              "VM-Call-ID": "reg-1@10.0.0.7"}


def test_a_registering_phone_is_told_only_when_a_message_waits(double, controller, company):
    """Every registration refresh asks; a NOTIFY each time would only say "no" again."""
    double.emit("MESSAGE_QUERY", REGISTERED)
    place(double, controller, company, "voicemail:1001",
          CallScript(digits={"play_and_get_digits": [""]}, record_seconds=3))
    [broadcast] = wait_until(lambda: lamps(double))  # the query before it went unanswered
    assert "Call-ID" not in broadcast
    double.emit("MESSAGE_QUERY", REGISTERED)
    [answer] = wait_until(lambda: lamps(double)[1:])
    assert answer["Call-ID"] == "reg-1@10.0.0.7" and answer["MWI-Messages-Waiting"] == "yes"
