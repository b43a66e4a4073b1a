"""Which agent gets which caller: strategies over plain snapshots."""
import datetime as dt

from vaxel.queues.models import Strategy
from vaxel.queues.strategies import (AgentSnapshot, Assignment, CallerSnapshot, assign,
                                     callers_in_turn, choose_agent)

T0 = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.timezone.utc)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


AGENTS = [AgentSnapshot(1, tier=2, position=0, idle_since=at(5), calls_today=4),
          AgentSnapshot(2, tier=1, position=1, idle_since=at(1), calls_today=9),
          AgentSnapshot(3, tier=1, position=2, idle_since=at(3), calls_today=1)]


def test_longest_idle_picks_who_has_waited_longest_since_a_call():
    assert choose_agent(Strategy.LONGEST_IDLE, AGENTS).user_id == 2


def test_fewest_calls_picks_who_took_fewest_today():
    assert choose_agent(Strategy.FEWEST_CALLS, AGENTS).user_id == 3


def test_ordered_takes_the_lowest_tier_then_position():
    assert choose_agent(Strategy.ORDERED, AGENTS).user_id == 2
    assert choose_agent(Strategy.ORDERED, AGENTS[:1] + AGENTS[2:]).user_id == 3


def test_round_robin_continues_after_the_last_one_offered_and_wraps():
    assert choose_agent(Strategy.ROUND_ROBIN, AGENTS, rr_cursor=0).user_id == 2
    assert choose_agent(Strategy.ROUND_ROBIN, AGENTS, rr_cursor=1).user_id == 3
    assert choose_agent(Strategy.ROUND_ROBIN, AGENTS, rr_cursor=2).user_id == 1


def test_no_agent_no_choice():
    assert choose_agent(Strategy.LONGEST_IDLE, []) is None


def test_callers_with_priority_go_first_then_the_longest_waiting():
    callers = [CallerSnapshot(10, 0, at(0)), CallerSnapshot(11, 5, at(4)),
               CallerSnapshot(12, 0, at(-1))]
    assert [c.entry_id for c in callers_in_turn(callers)] == [11, 12, 10]


def test_each_caller_gets_a_different_agent():
    callers = [CallerSnapshot(10, 0, at(0)), CallerSnapshot(11, 0, at(1)),
               CallerSnapshot(12, 0, at(2)), CallerSnapshot(13, 0, at(3))]
    pairs, _ = assign(Strategy.LONGEST_IDLE, callers, AGENTS)
    assert pairs == [Assignment(10, (2,)), Assignment(11, (3,)), Assignment(12, (1,))]


def test_ring_all_rings_every_free_agent_for_the_first_caller_only():
    callers = [CallerSnapshot(10, 0, at(0)), CallerSnapshot(11, 0, at(1))]
    pairs, _ = assign(Strategy.RING_ALL, callers, AGENTS)
    assert pairs == [Assignment(10, (1, 2, 3))]


def test_a_callback_under_ring_all_gets_one_agent():
    pairs, _ = assign(Strategy.RING_ALL, [CallerSnapshot(10, 0, at(0), callback=True)], AGENTS)
    assert pairs == [Assignment(10, (2,))]


def test_round_robin_moves_its_cursor_with_every_pair():
    callers = [CallerSnapshot(10, 0, at(0)), CallerSnapshot(11, 0, at(1))]
    pairs, cursor = assign(Strategy.ROUND_ROBIN, callers, AGENTS, rr_cursor=0)
    assert [p.user_ids for p in pairs] == [(2,), (3,)] and cursor == 2
