// Chat: my conversations with unread counts, groups and rooms, search, and messages that
// arrive live on the app's one stream (/app/events, stream.js). Every message carries its id;
// the stream resumes after the last id this page saw (EventSource sends it back as
// Last-Event-ID; a new stream passes it as ?after=), so nothing is lost or shown twice.
// A message is sent with an id made here once, so a retried send is one message.
// Text is only ever set as textContent: what colleagues write is never markup.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const texts = JSON.parse($("texts").textContent);
  const csrf = document.body.dataset.csrf;
  const me = Number(document.body.dataset.userId);
  const base = $("chat").dataset.base;
  const state = {cursor: 0, conversations: new Map(), open: null, shown: new Set(),
                 pending: null};

  const getJson = (url) => fetch(url, {credentials: "same-origin"}).then((r) => r.json());
  const post = (url, body) => fetch(url, {method: "POST", credentials: "same-origin",
    headers: {"X-CSRF-Token": csrf}, body});
  const form = (fields) => new URLSearchParams(fields);

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function clientId() {
    if (window.crypto.randomUUID) return window.crypto.randomUUID();
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  const when = (iso) => new Date(iso).toLocaleString(document.documentElement.lang,
    {dateStyle: "short", timeStyle: "short"});

  function showError(text) {
    $("chat-error").textContent = text || "";
    $("chat-error").hidden = !text;
  }

  // ---- the list of conversations ---------------------------------------------------------
  function kindLabel(c) {
    if (c.kind === "visitor") return texts.chat_visitor;
    if (c.kind === "room") return texts.chat_room;
    if (c.kind === "group") return c.open ? texts.chat_open_group : texts.chat_group;
    return "";
  }

  function conversationItem(c) {
    const li = element("li");
    li.dataset.conversation = c.id;
    li.dataset.unread = c.unread;
    const open = element("button", "link", c.title);
    open.addEventListener("click", () => openConversation(c.id));
    li.append(open, element("span", "muted", kindLabel(c)));
    if (c.unread) li.append(element("span", "status ringing unread", String(c.unread)));
    return li;
  }

  function drawList() {
    const all = [...state.conversations.values()];
    $("chat-list").replaceChildren(...all.map(conversationItem));
    const unread = all.reduce((sum, c) => sum + (c.unread || 0), 0);
    $("chat-unread").textContent = String(unread);
    $("chat-unread").hidden = !unread;
  }

  function option(value, label) {
    const node = element("option", "", label);
    node.value = value;
    return node;
  }

  function joinableItem(c) {
    const li = element("li");
    li.dataset.joinable = c.id;
    const join = element("button", "", texts.chat_join);
    join.addEventListener("click", async () => {
      if ((await post(`${base}/${c.id}/join`)).ok) { await loadList(); openConversation(c.id); }
    });
    li.append(element("span", "", `${c.title} · ${kindLabel(c)}`), join);
    return li;
  }

  async function loadList() {
    const found = await getJson(`${base}/conversations.json`);
    state.conversations = new Map(found.mine.map((c) => [c.id, c]));
    if (!state.cursor) state.cursor = found.cursor;
    state.colleagues = found.colleagues;
    $("chat-colleague").replaceChildren(...found.colleagues.map((u) => option(u.id, u.name)));
    $("chat-kind").querySelector("[value=room]").hidden = !found.may_make_rooms;
    $("chat-joinable").replaceChildren(...found.joinable.map(joinableItem));
    drawList();
  }

  // ---- one conversation ------------------------------------------------------------------
  // A website visitor's conversation: the visitor's messages have no sender, and the
  // system says when it was routed here and when it ended.
  function systemItem(m) {
    const li = element("li", "system");
    li.dataset.message = m.id;
    li.append(element("span", "meta", when(m.created_at)),
              element("span", "body", m.body === "ended" ? texts.chat_ended : texts.chat_assigned));
    return li;
  }

  function messageItem(m) {
    if (m.origin === "system") return systemItem(m);
    const li = element("li", m.sender_id === me ? "mine" : "");
    li.dataset.message = m.id;
    const sender = m.origin === "visitor" ? texts.chat_visitor : m.sender;
    li.append(element("span", "meta", `${sender} · ${when(m.created_at)}`));
    if (m.body) li.append(element("span", "body", m.body));
    if (m.attachment) {
      if (m.attachment.type.startsWith("image/")) {
        const img = element("img");
        img.src = m.attachment.url;
        img.alt = m.attachment.name;
        li.append(img);
      }
      const link = element("a", "attachment", m.attachment.name);
      link.href = m.attachment.url;
      link.download = m.attachment.name;
      li.append(link);
    }
    return li;
  }

  function show(m) {
    if (state.shown.has(m.id)) return;
    state.shown.add(m.id);
    if (m.origin === "system" && m.body === "ended") $("chat-end").hidden = true;
    const list = $("chat-messages");
    list.append(messageItem(m));
    list.scrollTop = list.scrollHeight;
  }

  async function markRead(id) {
    const c = state.conversations.get(state.open);
    if (c) { c.unread = 0; drawList(); }
    await post(`${base}/${state.open}/read`, form({up_to: id}));
  }

  async function openConversation(id) {
    state.open = id;
    state.shown = new Set();
    const c = state.conversations.get(id);
    $("chat-name").textContent = c ? c.title : "";
    $("chat-messages").replaceChildren();
    $("chat-pane").hidden = false;
    const group = c && c.kind !== "direct" && c.kind !== "visitor";
    $("chat-add").hidden = !group;
    $("chat-leave").hidden = !group;
    $("chat-end").hidden = !(c && c.kind === "visitor");
    $("chat-file").hidden = c && c.kind === "visitor";
    $("chat-add-who").replaceChildren(...(state.colleagues || []).map((u) => option(u.id, u.name)));
    showError("");
    const history = await getJson(`${base}/${id}/messages.json`);
    history.forEach(show);
    if (history.length) markRead(history[history.length - 1].id);
    $("chat-body").focus();
  }

  // ---- the live stream -------------------------------------------------------------------
  function received(m) {
    const c = state.conversations.get(m.conversation_id);
    if (!c) { loadList(); return; }   // a conversation I was just added to
    c.last_id = m.id;
    if (m.conversation_id === state.open) {
      if (state.shown.has(m.id)) return;  // my own, shown when the send was answered
      show(m);
      if (m.sender_id !== me) markRead(m.id);
    } else if (m.sender_id !== me) {
      c.unread = (c.unread || 0) + 1;
    }
    drawList();
  }

  // A new stream starts after the newest id seen; the browser's own reconnects send it
  // back as Last-Event-ID, which the server prefers.
  const stream = window.vaxelStream;
  stream.on("message", (event) => {
    const m = JSON.parse(event.data);
    state.cursor = Math.max(state.cursor, m.id);  // only the stream moves the cursor
    received(m);
  });
  stream.on("open", () => { document.body.dataset.chat = "live"; });
  stream.on("error", () => { document.body.dataset.chat = "reconnecting"; });
  const connect = () => stream.start(() => state.cursor);

  // ---- sending ---------------------------------------------------------------------------
  async function send(event) {
    event.preventDefault();
    const body = $("chat-body").value;
    const file = $("chat-file").files[0];
    if (!body.trim() && !file) return;
    // The same words to the same conversation keep their id until they are sent: a retry
    // after a lost answer is the same message.
    const key = `${state.open}\n${body}\n${file ? file.name : ""}`;
    if (!state.pending || state.pending.key !== key) state.pending = {key, id: clientId()};
    const fields = new FormData();
    fields.append("client_id", state.pending.id);
    fields.append("body", body);
    if (file) fields.append("file", file);
    let reply;
    try {
      reply = await post(`${base}/${state.open}/messages`, fields);
    } catch (err) {
      showError(texts.chat_offline);  // the text stays; sending again reuses its id
      return;
    }
    const answer = await reply.json().catch(() => ({}));
    if (!reply.ok) { showError(answer.error); return; }  // what was typed stays
    state.pending = null;
    showError("");
    $("chat-body").value = "";
    $("chat-file").value = "";
    received(answer);
  }

  // ---- search ----------------------------------------------------------------------------
  let searching = null;
  async function search() {
    const words = $("chat-search").value.trim();
    const results = $("chat-results");
    results.hidden = !words;
    if (!words) return;
    const asked = words;
    searching = asked;
    const found = await getJson(`${base}/search.json?q=${encodeURIComponent(words)}`);
    if (searching !== asked) return;
    results.replaceChildren(...found.map((m) => {
      const li = element("li");
      const open = element("button", "link", m.body || (m.attachment && m.attachment.name));
      open.addEventListener("click", () => openConversation(m.conversation_id));
      li.append(open, element("span", "muted", `${m.sender} · ${when(m.created_at)}`));
      return li;
    }));
    if (!found.length) results.append(element("li", "muted", texts.chat_no_results));
  }

  // ---- wiring ----------------------------------------------------------------------------
  $("chat-compose").addEventListener("submit", send);
  $("chat-body").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) send(event);
  });
  $("chat-back").addEventListener("click", () => { state.open = null; $("chat-pane").hidden = true; });
  $("chat-search").addEventListener("input", search);
  $("chat-direct").addEventListener("submit", async (event) => {
    event.preventDefault();
    const reply = await post(`${base}/direct`, form({user_id: $("chat-colleague").value}));
    if (reply.ok) { const {id} = await reply.json(); await loadList(); openConversation(id); }
  });
  $("chat-group").addEventListener("submit", async (event) => {
    event.preventDefault();
    const reply = await post(`${base}/groups`, form({title: $("chat-title").value,
                                                     kind: $("chat-kind").value}));
    const answer = await reply.json();
    if (!reply.ok) { $("chat-title").setCustomValidity(answer.error); $("chat-title").reportValidity(); return; }
    $("chat-title").setCustomValidity("");
    $("chat-title").value = "";
    await loadList();
    openConversation(answer.id);
  });
  $("chat-title").addEventListener("input", () => $("chat-title").setCustomValidity(""));
  $("chat-add").addEventListener("submit", async (event) => {
    event.preventDefault();
    await post(`${base}/${state.open}/members`, form({user_id: $("chat-add-who").value}));
  });
  $("chat-end").addEventListener("click", async () => {
    if (!window.confirm(texts.chat_end_question)) return;
    const reply = await post(`${base}/${state.open}/end`);
    if (!reply.ok) showError((await reply.json().catch(() => ({}))).error);
  });
  $("chat-leave").addEventListener("click", async () => {
    if (!window.confirm(texts.chat_leave_question)) return;
    if ((await post(`${base}/${state.open}/leave`)).ok) {
      state.open = null;
      $("chat-pane").hidden = true;
      loadList();
    }
  });

  // A phone going through a tunnel: drop the stream, and resume after the cursor when the
  // network is back, rather than wait for the browser's own retries.
  window.addEventListener("offline", () => {
    stream.close();
    document.body.dataset.chat = "offline";
  });
  window.addEventListener("online", connect);

  loadList().then(connect);
})();
