"""Visitor chat's pure decisions: the free agent idle longest takes the next chat, in turn,
up to each agent's free slots; a visitor's place in line; the token kept only hashed."""
from __future__ import annotations

import datetime as dt

from vaxel.widget import chat_rules
from vaxel.widget.chat_rules import CHATS_PER_AGENT, ChatAgent

NOW = dt.datetime(2026, 12, 4, 10, tzinfo=dt.timezone.utc)


def ago(minutes: int) -> dt.datetime:
    return NOW - dt.timedelta(minutes=minutes)


def test_the_agent_idle_longest_takes_the_chat():
    agents = [ChatAgent(1, 0, ago(5)), ChatAgent(2, 0, ago(30)), ChatAgent(3, 0, ago(1))]
    assert chat_rules.choose(agents) == 2


def test_an_agent_who_never_had_a_chat_counts_as_idle_longest():
    assert chat_rules.choose([ChatAgent(1, 0, ago(600)), ChatAgent(2, 0, None)]) == 2


def test_an_agent_with_fewer_open_chats_comes_before_one_idle_longer():
    assert chat_rules.choose([ChatAgent(1, 1, ago(600)), ChatAgent(2, 0, ago(1))]) == 2


def test_an_agent_with_every_slot_taken_is_not_free_and_the_visitor_waits():
    assert chat_rules.choose([ChatAgent(1, CHATS_PER_AGENT, None)]) is None
    assert chat_rules.choose([]) is None


def test_waiting_chats_are_given_oldest_first_spreading_over_free_agents():
    agents = [ChatAgent(1, 0, ago(10)), ChatAgent(2, 0, ago(20))]
    assert chat_rules.assign([12, 10, 11], agents, NOW) == [(10, 2), (11, 1), (12, 1)]


def test_assigning_stops_when_no_agent_has_a_free_slot():
    agents = [ChatAgent(1, CHATS_PER_AGENT - 1, ago(10))]
    assert chat_rules.assign([5, 6, 7], agents, NOW) == [(5, 1)]


def test_a_visitors_place_in_line_counts_those_who_came_before():
    assert chat_rules.position(30, [31, 10, 30]) == 2
    assert chat_rules.position(10, [31, 10, 30]) == 1
    assert chat_rules.position(99, [31, 10, 30]) is None  # not waiting (an agent has it)


def test_tokens_are_random_and_only_their_hash_is_kept():
    first, second = chat_rules.new_token(), chat_rules.new_token()
    assert first != second and len(first) >= 40
    assert chat_rules.token_hash(first) == chat_rules.token_hash(first)
    assert chat_rules.token_hash(first) != chat_rules.token_hash(second)
    assert first not in chat_rules.token_hash(first)


def test_a_waiting_visitor_not_heard_from_for_longer_than_a_few_long_polls_has_left():
    assert not chat_rules.left_the_line(ago(1), NOW)
    assert chat_rules.left_the_line(NOW - chat_rules.GONE_AFTER - dt.timedelta(seconds=1), NOW)


def test_a_waiting_visitor_reads_again_only_when_a_wake_may_concern_them():
    from vaxel.widget.chat_rules import Wake, worth_a_read
    last = Wake(after=5, newest=10, agents=0)
    others = Wake(after=10, newest=12, agents=0, conversations=(7, 8))
    assert worth_a_read(last, others, 9) == (False, False)  # others' words: no read
    assert worth_a_read(last, others, 8) == (True, False)   # my conversation
    assert worth_a_read(last, Wake(10, 11, 0, (7,), system=True), 9) == (True, False)  # line moved
    assert worth_a_read(last, Wake(10, 10, 1), 9) == (True, True)  # an agent logged in: route
    assert worth_a_read(last, Wake(11, 12, 0, (7,)), 9) == (True, False)  # a wake was skipped
