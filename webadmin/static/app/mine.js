// My calls (call back with one click), my voicemail (play, mark heard, delete), my
// presence profile and my queues: JSON from /app/*.json, changes through the portal's
// own routes, all without leaving the page (a reload would drop a call).
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const texts = JSON.parse($("texts").textContent);
  const csrf = document.body.dataset.csrf;
  let which = "all";

  const getJson = (url) => fetch(url, {credentials: "same-origin"}).then((r) => r.json());
  const post = (url, fields = {}) => fetch(url, {
    method: "POST", credentials: "same-origin", headers: {"X-CSRF-Token": csrf},
    body: new URLSearchParams(fields)});

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(label, action) {
    const node = element("button", "", label);
    node.addEventListener("click", action);
    return node;
  }

  const when = (iso) => new Date(iso).toLocaleString(document.documentElement.lang,
    {dateStyle: "short", timeStyle: "short"});

  // ---- my calls --------------------------------------------------------------------------
  function callItem(call) {
    const li = element("li");
    li.dataset.result = call.result;
    li.dataset.direction = call.direction;
    const kind = call.result === "missed" ? "missed_call" : `${call.direction}_call`;
    const who = element("div");
    who.append(element("strong", "", call.name || call.number), " ",
               element("span", "muted", `${texts[kind] || call.direction} · ${when(call.started_at)}`));
    li.append(who);
    if (call.number) {
      li.append(button(texts.call_back, () => window.vaxelPhone.call(call.number)));
    }
    return li;
  }

  async function loadCalls() {
    const calls = await getJson(`${$("calls").dataset.url}?which=${which}`);
    const list = $("call-list");
    list.replaceChildren(...calls.map(callItem));
    if (!calls.length) list.append(element("li", "muted", texts.no_calls));
  }

  document.querySelectorAll("#calls [data-which]").forEach((tab) => {
    tab.addEventListener("click", () => { which = tab.dataset.which; loadCalls(); });
  });

  // ---- my voicemail ------------------------------------------------------------------------
  function messageItem(message) {
    const li = element("li");
    li.dataset.state = message.state;
    const who = element("div");
    who.append(element("strong", "", message.name || message.number), " ",
               element("span", "muted", `${when(message.received_at)} · ${message.seconds} s`));
    if (message.state === "new") who.append(" ", element("span", "status ringing", texts.new));
    const audio = element("audio");
    audio.controls = true;
    audio.preload = "none";
    audio.src = message.audio;
    who.append(audio);
    li.append(who);
    if (message.state === "new") {
      li.append(button(texts.mark_heard, () => post(message.heard).then(loadVoicemail)));
    } else {
      li.append(button(texts.mark_new, () => post(message.unheard).then(loadVoicemail)));
    }
    // The portal's delete route asks first (webadmin/confirm.py); the app asks here and
    // sends the answer with the request.
    li.append(button(texts.delete, () => {
      if (window.confirm(texts.delete_question)) {
        post(message.delete, {confirmed: "yes"}).then(loadVoicemail);
      }
    }));
    return li;
  }

  async function loadVoicemail() {
    const found = await getJson($("voicemail").dataset.url);
    const list = $("voicemail-list");
    list.replaceChildren(...found.map(messageItem));
    if (!found.length) list.append(element("li", "muted", texts.no_messages));
  }

  // ---- my presence and queues ---------------------------------------------------------------
  function queueItem(queue) {
    const li = element("li");
    li.dataset.queue = queue.id;
    li.dataset.loggedIn = String(queue.logged_in);
    li.append(element("span", "", queue.name),
              element("span", `status ${queue.logged_in ? "available" : ""}`,
                      queue.logged_in ? texts.logged_in : texts.logged_out));
    const action = queue.logged_in ? "logout" : "login";
    li.append(button(queue.logged_in ? texts.log_out : texts.log_in, async () => {
      const reply = await post(`/app/queues/${action}`, {queue_id: queue.id});
      if (reply.ok) drawQueues((await reply.json()).queues);
    }));
    return li;
  }

  function drawQueues(queues) {
    $("queue-list").replaceChildren(...queues.map(queueItem));
  }

  async function loadMe() {
    const me = await getJson($("me").dataset.url);
    const select = $("profile");
    select.replaceChildren(...me.profiles.map((p) => {
      const option = element("option", "", p.name);
      option.value = p.id;
      option.selected = p.id === me.active_profile_id;
      return option;
    }));
    drawQueues(me.queues);
  }

  $("profile").addEventListener("change", (event) => {
    post($("me").dataset.presenceUrl, {profile_id: event.target.value});
  });

  window.addEventListener("vaxel:call-ended", () => setTimeout(loadCalls, 1500));
  loadCalls();
  loadVoicemail();
  loadMe();
})();
