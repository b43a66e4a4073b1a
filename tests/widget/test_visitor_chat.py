"""Visitor chat on PostgreSQL: a chat routed to the chat queue's free agent idle longest
(or waiting in line with its place), the agent answering in the app's chat, messages in
order once from "after id N", the visitor's token and company as the only way in, and
the company's retention purging what the visitor wrote."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, update

from tests.actors import person
from tests.widget.fixtures import make_widget
from vaxel.actor import Actor
from vaxel.chat import messages as chat_messages
from vaxel.chat import services as chat_services
from vaxel.chat.models import ChatMessage, ConversationKind, Member, MessageOrigin
from vaxel.errors import Conflict, InvalidInput, NotFound
from vaxel.queues.models import QueueMember
from vaxel.queues.services import log_in, log_out
from vaxel.storage import Store
from vaxel.widget import visitor_chat
from vaxel.widget.models import ChatState, VisitorChat
from vaxel.widget.purge import end_idle_chats, purge_chats

NOW = dt.datetime(2026, 12, 4, 10, tzinfo=dt.timezone.utc)


def chat_widget(db, name="Acme", domain="acme.example", logged_in=True):
    company, queue, settings = make_widget(db, name, domain, logged_in=logged_in)
    settings.chat_queue_id = queue.service_id
    agents = list(db.scalars(select(QueueMember.user_id).where(
        QueueMember.queue_id == queue.service_id).order_by(QueueMember.user_id)))
    db.flush()
    return company, queue, settings, agents


def agent(company, user_id) -> Actor:
    return person(company.id, user_id)


def test_a_chat_goes_at_once_to_a_free_agent_who_sees_it_in_the_apps_chat(db):
    company, queue, settings, (first, second) = chat_widget(db)
    chat, token = visitor_chat.start(db, settings, "Åsa Öberg", NOW)
    assert (chat.state, chat.agent_id, visitor_chat.position(db, chat)) == (
        ChatState.ACTIVE, first, None)
    [summary] = chat_services.my_conversations(db, agent(company, first))
    assert (summary.kind, summary.title, summary.unread) == (
        ConversationKind.VISITOR, "Åsa Öberg", 1)  # "a visitor was routed to you"
    assert chat_services.my_conversations(db, agent(company, second)) == []


def test_the_free_agent_idle_longest_takes_the_next_chat(db):
    company, queue, settings, (first, second) = chat_widget(db)
    earlier, _ = visitor_chat.start(db, settings, "Åsa", NOW)           # to `first`
    visitor_chat.end(db, earlier, NOW + dt.timedelta(minutes=1))
    later, _ = visitor_chat.start(db, settings, "Bo", NOW + dt.timedelta(minutes=2))
    assert later.agent_id == second  # never had one: idle longer than `first`
    third, _ = visitor_chat.start(db, settings, "Cilla", NOW + dt.timedelta(minutes=3))
    assert third.agent_id == first  # no open chat, before `second` who has one


def test_with_no_agent_logged_in_visitors_wait_in_line_and_are_routed_in_turn(db):
    company, queue, settings, (first, second) = chat_widget(db, logged_in=False)
    one, _ = visitor_chat.start(db, settings, "Åsa", NOW)
    two, _ = visitor_chat.start(db, settings, "Bo", NOW)
    assert [visitor_chat.position(db, c) for c in (one, two)] == [1, 2]
    assert (one.state, one.agent_id) == (ChatState.WAITING, None)
    log_in(db, agent(company, first), first, queue.service_id, now=NOW)
    assert visitor_chat.route(db, company.id, NOW) == 2  # one agent, up to three chats
    assert [(c.state, c.agent_id) for c in (one, two)] == [(ChatState.ACTIVE, first)] * 2


def test_an_agent_logged_out_of_the_chat_queue_gets_no_chat(db):
    company, queue, settings, (first, second) = chat_widget(db)
    log_out(db, agent(company, first), first, queue.service_id, now=NOW)
    chat, _ = visitor_chat.start(db, settings, "Åsa", NOW)
    assert chat.agent_id == second


def test_an_agent_with_every_slot_taken_leaves_the_next_visitor_waiting_until_one_ends(db):
    company, queue, settings, (first, second) = chat_widget(db)
    log_out(db, agent(company, second), second, queue.service_id, now=NOW)
    taken = [visitor_chat.start(db, settings, f"Besökare {n}", NOW)[0] for n in "abc"]
    waiting, _ = visitor_chat.start(db, settings, "Dora", NOW)
    assert (waiting.state, visitor_chat.position(db, waiting)) == (ChatState.WAITING, 1)
    visitor_chat.end_by_agent(db, agent(company, first), taken[0].conversation_id, NOW)
    assert (waiting.state, waiting.agent_id) == (ChatState.ACTIVE, first)


def test_messages_both_ways_come_once_in_order_after_the_last_id_seen(db, tmp_path):
    company, queue, settings, (first, _) = chat_widget(db)
    chat, token = visitor_chat.start(db, settings, "Åsa", NOW)
    visitor_chat.send(db, chat, "client-0001", "Hej, jag har en fråga")
    chat_messages.send(db, agent(company, first), Store(tmp_path), chat.conversation_id,
                       "agent-0001", "Hej Åsa, vad gäller det?")
    asked, new = visitor_chat.send(db, chat, "client-0002", "Min faktura")
    again, repeated = visitor_chat.send(db, chat, "client-0002", "Min faktura")
    assert (new, repeated, again) == (True, False, asked)  # a retried send is one message
    seen = visitor_chat.messages_after(db, chat, 0)
    assert [(m.origin, m.body) for m in seen] == [
        (MessageOrigin.SYSTEM, visitor_chat.ASSIGNED),
        (MessageOrigin.VISITOR, "Hej, jag har en fråga"),
        (MessageOrigin.PERSON, "Hej Åsa, vad gäller det?"),
        (MessageOrigin.VISITOR, "Min faktura")]
    assert [m.id for m in seen] == sorted(m.id for m in seen)
    assert [m.body for m in visitor_chat.messages_after(db, chat, seen[2].id)] == ["Min faktura"]
    # The agent's app reads the visitor's words through the chat's own delivery.
    mine = chat_messages.since(db, agent(company, first), 0)
    assert [m.body for m in mine if m.origin is MessageOrigin.VISITOR] == [
        "Hej, jag har en fråga", "Min faktura"]


def test_only_the_visitors_token_in_the_keys_company_opens_the_chat(db):
    company, queue, settings, _ = chat_widget(db)
    other, _, other_settings, _ = chat_widget(db, "Beta", "beta.example")
    chat, token = visitor_chat.start(db, settings, "Åsa", NOW)
    assert visitor_chat.visitors_chat(db, company.id, chat.conversation_id, token) is chat
    for company_id, conversation_id, tried in (
            (company.id, chat.conversation_id, "wrong" + token[5:]),
            (company.id, chat.conversation_id, ""),
            (other.id, chat.conversation_id, token)):  # another company's key
        with pytest.raises(NotFound):
            visitor_chat.visitors_chat(db, company_id, conversation_id, tried)
    assert chat.token_hash != token and token not in chat.token_hash


def test_no_chat_without_a_chat_queue_and_no_visitor_name_that_is_not_a_name(db):
    company, queue, settings, _ = chat_widget(db)
    with pytest.raises(InvalidInput):
        visitor_chat.start(db, settings, "<script>", NOW)
    settings.chat_queue_id = None
    with pytest.raises(Conflict):
        visitor_chat.start(db, settings, "Åsa", NOW)


def test_an_ended_chat_takes_no_more_messages_and_no_one_else_ends_it(db, tmp_path):
    company, queue, settings, (first, second) = chat_widget(db)
    chat, _ = visitor_chat.start(db, settings, "Åsa", NOW)
    with pytest.raises(NotFound):  # another agent of the company: not a member
        visitor_chat.end_by_agent(db, agent(company, second), chat.conversation_id, NOW)
    with pytest.raises(InvalidInput):  # the widget shows text only; the purge keeps no files
        chat_messages.send(db, agent(company, first), Store(tmp_path), chat.conversation_id,
                           "agent-0001", "", chat_messages.Upload("a.txt", b"hello"))
    visitor_chat.end(db, chat, NOW)
    with pytest.raises(Conflict):
        visitor_chat.send(db, chat, "client-0003", "Hallå?")
    with pytest.raises(Conflict):  # the agent's words would reach nobody
        chat_messages.send(db, agent(company, first), Store(tmp_path), chat.conversation_id,
                           "agent-0002", "Är du kvar?")
    assert visitor_chat.messages_after(db, chat, 0)[-1].body == visitor_chat.ENDED


def _age(db, chat: VisitorChat, ended: dt.datetime | None, written: dt.datetime) -> None:
    db.execute(update(ChatMessage).where(ChatMessage.conversation_id == chat.conversation_id)
               .values(created_at=written))
    chat.ended_at = ended
    db.flush()


def test_chats_are_purged_after_the_companys_retention_and_not_before(db):
    company, queue, settings, (first, _) = chat_widget(db)  # retention: 30 days
    old, _ = visitor_chat.start(db, settings, "Åsa", NOW)
    recent, _ = visitor_chat.start(db, settings, "Bo", NOW)
    going, _ = visitor_chat.start(db, settings, "Cilla", NOW)
    for chat in (old, recent):
        visitor_chat.send(db, chat, "client-0001", "Mitt personnummer är …")
        visitor_chat.end(db, chat, NOW)
    _age(db, old, NOW - dt.timedelta(days=31), NOW - dt.timedelta(days=31))
    _age(db, recent, NOW - dt.timedelta(days=29), NOW - dt.timedelta(days=29))
    _age(db, going, None, NOW - dt.timedelta(days=40))  # not ended (not yet idle-ended)
    assert purge_chats(db, NOW) == 1
    db.expire_all()  # the purge works in SQL
    assert visitor_chat.messages_after(db, old, 0) == []
    assert (old.visitor_name, old.purged_at is not None) == ("", True)
    assert db.get(Member, (old.conversation_id, first)) is None  # gone from the app's list
    assert len(visitor_chat.messages_after(db, recent, 0)) == 3
    assert len(visitor_chat.messages_after(db, going, 0)) == 1
    with pytest.raises(NotFound):
        visitor_chat.visitors_chat(db, company.id, old.conversation_id, "any")


def test_a_chat_nobody_wrote_in_for_hours_is_ended_and_then_purged_in_turn(db):
    company, queue, settings, _ = chat_widget(db)
    idle, _ = visitor_chat.start(db, settings, "Åsa", NOW)
    lively, _ = visitor_chat.start(db, settings, "Bo", NOW)
    _age(db, idle, None, NOW - dt.timedelta(hours=3))
    _age(db, lively, None, NOW - dt.timedelta(minutes=10))
    assert end_idle_chats(db, NOW) == 1
    assert (idle.state, lively.state) == (ChatState.ENDED, ChatState.ACTIVE)
    assert purge_chats(db, NOW + dt.timedelta(days=31)) == 1


def test_a_waiting_visitor_who_went_quiet_gives_up_their_place(db):
    company, queue, settings, (first, _) = chat_widget(db, logged_in=False)
    gone, _ = visitor_chat.start(db, settings, "Åsa", NOW)
    here, _ = visitor_chat.start(db, settings, "Bo", NOW)
    later = NOW + dt.timedelta(minutes=5)
    visitor_chat.seen(here, later)  # Bo's widget keeps asking; Åsa's page was closed
    log_in(db, agent(company, first), first, queue.service_id, now=later)
    assert visitor_chat.route(db, company.id, later) == 1
    assert (gone.state, gone.agent_id) == (ChatState.ENDED, None)
    assert (here.state, here.agent_id) == (ChatState.ACTIVE, first)


def test_a_wake_tells_whose_conversations_had_messages_and_the_agents_logged_in(db):
    company, queue, settings, (first, _) = chat_widget(db, logged_in=False)
    one, _ = visitor_chat.start(db, settings, "Åsa", NOW)
    two, _ = visitor_chat.start(db, settings, "Bo", NOW)
    start = visitor_chat.wake(db, company.id, None)  # from now on: nothing in it
    assert (start.after, start.conversations, start.agents) == (start.newest, (), 0)
    visitor_chat.send(db, one, "client-0001", "Hej")
    words = visitor_chat.wake(db, company.id, start.newest)
    assert (words.conversations, words.system, words.agents) == ((one.conversation_id,),
                                                                 False, 0)
    log_in(db, agent(company, first), first, queue.service_id, now=NOW)
    visitor_chat.route(db, company.id, NOW)  # both given: "assigned" in each
    given = visitor_chat.wake(db, company.id, words.newest)
    assert (set(given.conversations), given.system, given.agents) == (
        {one.conversation_id, two.conversation_id}, True, 1)


def test_outside_the_chat_queues_hours_no_chat_starts_and_the_widget_says_when_it_opens(db):
    from tests.actors import SYSTEM
    from vaxel.schedules.services import (ROUND_THE_CLOCK, create_schedule, set_override,
                                          set_weekly_hours)
    from vaxel.switchboard.models import SwitchboardService
    from vaxel.widget.public import visitor_state

    company, queue, settings, _ = chat_widget(db)
    assert visitor_state(db, settings, NOW)["chat"]["open"] is True
    schedule = create_schedule(db, company, service=db.get(SwitchboardService, queue.service_id))
    set_weekly_hours(db, SYSTEM, schedule, ROUND_THE_CLOCK)
    reopens = NOW + dt.timedelta(hours=2)
    set_override(db, person(company.id, None), schedule, False, now=NOW, until=reopens)
    with pytest.raises(Conflict, match="closed") as refused:
        visitor_chat.start(db, settings, "Åsa", NOW)
    assert refused.value.field == "chat_closed"
    assert db.scalar(select(func.count()).select_from(VisitorChat)) == 0
    shown = visitor_state(db, settings, NOW)["chat"]
    assert (shown["open"], shown["hours"]["until"]) == (False, reopens.isoformat())
    # The calls' and the company's hours are not the chat's: the company stays open.
    assert visitor_state(db, settings, NOW)["hours"]["open"] is True
    chat, _ = visitor_chat.start(db, settings, "Åsa", reopens)  # open again
    assert chat.state is ChatState.ACTIVE


def test_a_widget_without_chat_says_so(db):
    from vaxel.widget.public import visitor_state

    _, _, settings = make_widget(db)
    assert visitor_state(db, settings, NOW)["chat"] is None
    with pytest.raises(Conflict) as refused:
        visitor_chat.start(db, settings, "Åsa", NOW)
    assert refused.value.field == "chat"
