// My conference room: number and PIN, who is in it now (a "room" event on the app's one
// stream, stream.js, says something changed; the room is then read again), mute, remove
// (asks first), lock and record. Commands go to the controller through the server; the list follows the switch.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const section = $("room");
  if (!section) return;
  const texts = JSON.parse($("texts").textContent);
  const csrf = document.body.dataset.csrf;
  let room = null;

  const post = (url, fields = {}) => fetch(url, {
    method: "POST", credentials: "same-origin", headers: {"X-CSRF-Token": csrf},
    body: new URLSearchParams(fields)});

  function say(text, isError = false) {
    const box = $("room-message");
    box.textContent = text || "";
    box.className = isError ? "error" : "muted";
  }

  // A refusal keeps the page as it is (what was typed stays); the server says why.
  async function send(url, fields = {}, question = null) {
    let reply = await post(url, fields);
    if (reply.status === 409) {
      const asked = await reply.json();
      if (!window.confirm(question || asked.confirm)) return null;
      reply = await post(url, {...fields, confirmed: "yes"});
    }
    const body = await reply.json().catch(() => ({}));
    if (!reply.ok) {
      say(body.error || reply.statusText, true);
      return null;
    }
    say("");
    return body;
  }

  const commandUrl = (action) => room.command_url.replace("ACTION", action);

  function button(label, action) {
    const node = document.createElement("button");
    node.textContent = label;
    node.addEventListener("click", action);
    return node;
  }

  function personItem(person) {
    const li = document.createElement("li");
    li.dataset.member = person.member_id;
    li.dataset.muted = String(person.muted);
    const who = document.createElement("div");
    const name = document.createElement("strong");
    name.textContent = person.name || person.number;
    who.append(name);
    if (person.muted) {
      const badge = document.createElement("span");
      badge.className = "status on_call";
      badge.textContent = texts.muted;
      who.append(" ", badge);
    }
    const actions = document.createElement("div");
    actions.className = "row";
    actions.append(
      button(person.muted ? texts.unmute : texts.mute,
             () => send(commandUrl(person.muted ? "unmute" : "mute"), {member_id: person.member_id})),
      button(texts.remove, () => send(commandUrl("remove"), {member_id: person.member_id})));
    actions.lastChild.className = "danger";
    li.append(who, actions);
    return li;
  }

  function draw() {
    $("room-number").textContent = room.number;
    $("room-pin").textContent = room.pin;
    const lock = $("room-lock");
    lock.textContent = room.locked ? texts.unlock_room : texts.lock_room;
    lock.setAttribute("aria-pressed", String(room.locked));
    const record = $("room-record");
    record.textContent = room.recording ? texts.stop_recording : texts.record;
    record.setAttribute("aria-pressed", String(room.recording));
    $("room-phones").hidden = !room.sms;
    const list = $("room-people");
    list.replaceChildren(...room.participants.map(personItem));
    if (!room.participants.length) {
      const empty = document.createElement("li");
      empty.className = "muted";
      empty.textContent = texts.room_empty;
      list.append(empty);
    }
  }

  async function load() {
    const reply = await fetch(section.dataset.url, {credentials: "same-origin"});
    if (!reply.ok) return;
    room = await reply.json();
    draw();
  }

  $("room-lock").addEventListener("click", () => send(commandUrl(room.locked ? "unlock" : "lock")));
  $("room-record").addEventListener("click",
    () => send(commandUrl(room.recording ? "stop_recording" : "record")));
  $("room-new-pin").addEventListener("click", async () => {
    const answer = await send(room.pin_url);
    if (answer) { room.pin = answer.pin; draw(); }
  });
  $("room-invite").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const answer = await send(room.invite_url, Object.fromEntries(new FormData(form)));
    if (answer) {
      say(texts.invited);
      form.reset();
    }
  });

  load();
  window.vaxelStream.on("room", () => load());
})();
