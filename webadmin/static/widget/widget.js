/* Växel's website widget: one <script> tag on a company's own site.
 *
 *   <script src="https://portal.example/static/widget/widget.js" data-key="vw_…"
 *           data-api="https://portal.example/widget/v1" data-lang="sv" async></script>
 *
 * It draws into a shadow root (the host page's CSS cannot reach it), sends no cookies
 * (credentials: "omit"), and puts every text from the server in with textContent, never
 * as HTML. Colours are used only when they are #rrggbb (the portal allows nothing else).
 */
(function () {
  "use strict";

  var POLL_MS = 20000;
  var COLOUR = /^#[0-9a-fA-F]{6}$/;
  var TEXTS = {
    en: {
      open: "Open now", closed: "Closed now", closes: "closes", opens: "opens",
      wait: "Expected wait", unknown: "not known right now", lessMinute: "less than a minute",
      minute: "about 1 minute", minutes: "about {n} minutes", queueClosed: "closed",
      callMe: "Call me back", name: "Your name", number: "Your phone number",
      queue: "About", send: "Call me back", sent: "Thank you! We will call you when it is your turn.",
      tooMany: "Too many requests from your address. Please try again in a while.",
      failed: "The request could not be sent. Please call us instead.",
      unavailable: "The information cannot be shown right now.",
      phone: "Phone", email: "E-mail",
      chat: "Chat with us", startChat: "Start the chat", message: "Your message",
      sendMessage: "Send", endChat: "End the chat", endQuestion: "End the chat?", inLine: "You are number {n} in line.",
      answering: "{name} is answering.", joined: "{name} has joined the chat.",
      ended: "The chat has ended.", you: "You", newChat: "Start a new chat",
      chatClosed: "Our chat is closed now.", reconnecting: "Reconnecting…"
    },
    sv: {
      open: "Öppet nu", closed: "Stängt nu", closes: "stänger", opens: "öppnar",
      wait: "Väntetid", unknown: "okänd just nu", lessMinute: "mindre än en minut",
      minute: "ungefär 1 minut", minutes: "ungefär {n} minuter", queueClosed: "stängt",
      callMe: "Bli uppringd", name: "Ditt namn", number: "Ditt telefonnummer",
      queue: "Gäller", send: "Ring upp mig", sent: "Tack! Vi ringer dig när det är din tur.",
      tooMany: "För många förfrågningar från din adress. Försök igen om en stund.",
      failed: "Förfrågan kunde inte skickas. Ring oss i stället.",
      unavailable: "Uppgifterna kan inte visas just nu.",
      phone: "Telefon", email: "E-post",
      chat: "Chatta med oss", startChat: "Starta chatten", message: "Ditt meddelande",
      sendMessage: "Skicka", endChat: "Avsluta chatten", endQuestion: "Avsluta chatten?", inLine: "Du är nummer {n} i kön.",
      answering: "{name} svarar.", joined: "{name} har anslutit till chatten.",
      ended: "Chatten är avslutad.", you: "Du", newChat: "Starta en ny chatt",
      chatClosed: "Chatten är stängd just nu.", reconnecting: "Återansluter…"
    }
  };
  // The server's refusals, in the visitor's language (field → text).
  var REFUSALS = {
    en: { name: "Write your name (letters, up to 80 characters).",
          number: "Write a phone number we can call, e.g. 070-123 45 67.",
          queue_id: "This queue takes no callback requests right now.",
          body: "Write a message (at most 4000 characters).",
          chat: "We take no chats right now. Please call us.",
          chat_closed: "Our chat has just closed. Please call us, or ask us to call you back." },
    sv: { name: "Skriv ditt namn (bokstäver, högst 80 tecken).",
          number: "Skriv ett telefonnummer vi kan ringa, t.ex. 070-123 45 67.",
          queue_id: "Den här kön tar inte emot förfrågningar just nu.",
          body: "Skriv ett meddelande (högst 4000 tecken).",
          chat: "Vi tar inte emot chattar just nu. Ring oss gärna.",
          chat_closed: "Chatten har precis stängt. Ring oss, eller be oss ringa upp dig." }
  };

  var script = document.currentScript || document.querySelector("script[data-key][src*='widget.js']");
  if (!script) { return; }
  var key = script.getAttribute("data-key") || "";
  var api = (script.getAttribute("data-api") || new URL("/widget/v1", script.src).href).replace(/\/$/, "");
  var lang = pickLanguage(script.getAttribute("data-lang"));
  var t = TEXTS[lang];

  function pickLanguage(asked) {
    var wanted = [asked || ""].concat(navigator.languages || [navigator.language || ""]);
    for (var i = 0; i < wanted.length; i++) {
      var code = String(wanted[i]).slice(0, 2).toLowerCase();
      if (TEXTS[code]) { return code; }
    }
    return "en";
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  var host = el("div", { "class": "vaxel-widget", "data-vaxel-widget": "" });
  script.parentNode.insertBefore(host, script.nextSibling);
  var root = host.attachShadow({ mode: "open" });
  var style = el("style");
  var box = el("section", { part: "box", "aria-live": "polite" });
  root.appendChild(style);
  root.appendChild(box);

  function css(colours) {
    var accent = COLOUR.test(colours.accent) ? colours.accent : "#1d4ed8";
    var text = COLOUR.test(colours.text) ? colours.text : "#ffffff";
    return ":host{all:initial;display:block;max-width:100%}" +
      "section{box-sizing:border-box;max-width:360px;width:100%;font:15px/1.4 system-ui,sans-serif;" +
      "color:#1f2937;background:#fff;border:1px solid #d1d5db;border-radius:10px;overflow:hidden}" +
      "header{background:" + accent + ";color:" + text + ";padding:10px 14px}" +
      "h2{margin:0;font-size:17px}header p{margin:4px 0 0}" +
      ".body{padding:10px 14px}.hours{font-weight:600}.open{color:#047857}.closed{color:#b91c1c}" +
      "ul{list-style:none;margin:8px 0;padding:0}li{padding:4px 0;border-top:1px solid #f3f4f6}" +
      "form{display:grid;gap:6px;margin-top:8px}label{display:grid;gap:2px;font-size:14px}" +
      "input,select{font:inherit;padding:6px;border:1px solid #9ca3af;border-radius:6px;min-width:0}" +
      "button{font:inherit;padding:8px;border:0;border-radius:6px;background:" + accent + ";color:" + text + "}" +
      ".error{color:#b91c1c;font-size:13px}.note{margin:6px 0 0}a{color:inherit}" +
      "ol{list-style:none;margin:8px 0;padding:0;max-height:260px;overflow-y:auto}" +
      "ol li{margin:4px 0;padding:6px 8px;border-radius:8px;background:#f3f4f6;overflow-wrap:anywhere}" +
      "ol li.visitor{background:#e0e7ff;margin-left:24px}ol li.system{background:none;color:#6b7280;font-size:13px}" +
      "textarea{font:inherit;padding:6px;border:1px solid #9ca3af;border-radius:6px;min-width:0;resize:vertical}" +
      "button.link{background:none;color:#1f2937;text-decoration:underline;padding:4px}" +
      "[hidden]{display:none!important}";
  }

  function clock(instant, zone) {
    var options = { weekday: "short", hour: "2-digit", minute: "2-digit", timeZone: zone };
    return new Intl.DateTimeFormat(lang === "sv" ? "sv-SE" : "en-GB", options).format(new Date(instant));
  }

  function waitText(seconds) {
    if (seconds === null || seconds === undefined) { return t.unknown; }
    if (seconds < 60) { return t.lessMinute; }
    var minutes = Math.max(1, Math.round(seconds / 60));
    return minutes === 1 ? t.minute : t.minutes.replace("{n}", minutes);
  }

  function hoursLine(state) {
    var hours = state.hours;
    var line = el("p", { "class": "hours " + (hours.open ? "open" : "closed"), "data-part": "hours" },
                  hours.open ? t.open : t.closed);
    if (hours.until) {
      line.textContent += " · " + (hours.open ? t.closes : t.opens) + " " + clock(hours.until, state.timezone);
    }
    if (hours.next && hours.next.until && !hours.open) {
      line.textContent += "–" + clock(hours.next.until, state.timezone).replace(/^\S+\s/, "");
    }
    return line;
  }

  function queueList(state) {
    var list = el("ul", { "data-part": "queues" });
    state.queues.forEach(function (q) {
      var item = el("li", { "data-queue": String(q.id) });
      item.appendChild(el("strong", {}, q.name));
      item.appendChild(document.createTextNode(": " + (q.open ? t.wait.toLowerCase() + " " +
        waitText(q.wait_seconds) : t.queueClosed)));
      list.appendChild(item);
    });
    return list;
  }

  function contact(state) {
    var p = el("p", { "class": "note", "data-part": "contact" });
    if (state.contact.phone) {
      p.appendChild(document.createTextNode(t.phone + ": "));
      p.appendChild(el("a", { href: "tel:" + state.contact.phone.replace(/[^+\d]/g, "") }, state.contact.phone));
      p.appendChild(document.createTextNode(" "));
    }
    if (state.contact.email) {
      p.appendChild(document.createTextNode(t.email + ": "));
      p.appendChild(el("a", { href: "mailto:" + state.contact.email }, state.contact.email));
    }
    return p;
  }

  var form = null;  // kept across polls: what the visitor typed is never redrawn away

  function field(label, name, type) {
    var wrap = el("label", {}, label);
    var input = el("input", { name: name, type: type, required: "", autocomplete: name === "name" ? "name" : "tel" });
    wrap.appendChild(input);
    wrap.appendChild(el("span", { "class": "error", "data-error": name }));
    return wrap;
  }

  function callbackForm(queues) {
    var f = el("form", { "data-part": "callback", novalidate: "" });
    f.appendChild(el("h3", {}, t.callMe));
    var choose = el("label", {}, t.queue);
    var select = el("select", { name: "queue_id" });
    queues.forEach(function (q) { select.appendChild(el("option", { value: String(q.id) }, q.name)); });
    choose.appendChild(select);
    choose.appendChild(el("span", { "class": "error", "data-error": "queue_id" }));
    f.appendChild(choose);
    f.appendChild(field(t.name, "name", "text"));
    f.appendChild(field(t.number, "number", "tel"));
    f.appendChild(el("button", { type: "submit" }, t.send));
    f.appendChild(el("p", { "class": "note", "data-part": "result", role: "status" }));
    f.addEventListener("submit", function (event) { event.preventDefault(); send(f); });
    return f;
  }

  function send(f) {
    f.querySelectorAll("[data-error]").forEach(function (n) { n.textContent = ""; });
    var result = f.querySelector("[data-part=result]");
    result.textContent = "";
    var body = { queue_id: f.queue_id.value, name: f.elements.name.value, number: f.number.value };
    fetch(api + "/" + encodeURIComponent(key) + "/callback", {
      method: "POST", credentials: "omit", mode: "cors",
      headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.status === 201) {
          result.textContent = t.sent;
          f.elements.name.value = ""; f.number.value = "";
        } else if (response.status === 429) {
          result.textContent = t.tooMany;
        } else if (data.field && REFUSALS[lang][data.field]) {
          f.querySelector("[data-error=" + data.field + "]").textContent = REFUSALS[lang][data.field];
        } else {
          result.textContent = t.failed;
        }
      });
    }).catch(function () { result.textContent = t.failed; });
  }

  function render(state) {
    style.textContent = css(state.colours);
    var texts = state.texts[lang] || {};
    var header = el("header");
    header.appendChild(el("h2", {}, texts.title || state.company));
    if (texts.intro) { header.appendChild(el("p", {}, texts.intro)); }
    var body = el("div", { "class": "body" });
    body.appendChild(hoursLine(state));
    body.appendChild(queueList(state));
    body.appendChild(contact(state));
    if (state.chat) {
      chat.section = chat.section || chatSection();
      body.appendChild(chat.section);
      chatHours(state);
    }
    var callable = state.queues.filter(function (q) { return q.callback; });
    if (callable.length) {
      form = form || callbackForm(callable);
      body.appendChild(form);
    }
    box.replaceChildren(header, body);
  }

  function poll() {
    fetch(api + "/" + encodeURIComponent(key) + "/state", { credentials: "omit", mode: "cors" })
      .then(function (response) {
        if (response.status === 429) { return null; }  // keep showing the last figures
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (state) {
        if (!state) { return; }
        var first = !chat.section;
        render(state);
        if (first && chat.section) { resumeChat(); }
      })
      .catch(function () {
        if (!box.firstChild) { box.replaceChildren(el("p", { "class": "note" }, t.unavailable)); }
      });
  }

  // ---- visitor chat ---------------------------------------------------------------------
  // The visitor's token lives in the company site's own sessionStorage (no cookie of ours:
  // it would be a third-party cookie here, and ride along on every request). It is sent
  // only in a header to the chat door; the tab keeps its chat across reloads, closing the
  // tab forgets it. Messages come from the server in id order, read "after the last id
  // seen", so a reconnect or a server restart loses or repeats none.
  var STORE = "vaxel-chat:" + key;
  var chat = { section: null, id: null, token: null, cursor: 0, known: "", reading: false,
               pending: null, closed: false };

  function remember() {
    try {
      window.sessionStorage.setItem(STORE, JSON.stringify({ id: chat.id, token: chat.token }));
    } catch (e) { /* storage refused: the chat lasts as long as the page */ }
  }

  function forget() {
    chat.id = null; chat.token = null; chat.cursor = 0; chat.known = "";
    try { window.sessionStorage.removeItem(STORE); } catch (e) { /* nothing kept */ }
  }

  function recalled() {
    try {
      var kept = JSON.parse(window.sessionStorage.getItem(STORE) || "null");
      if (kept && kept.id && kept.token) { chat.id = kept.id; chat.token = kept.token; }
    } catch (e) { /* nothing kept */ }
  }

  function chatUrl(path) {
    return api + "/" + encodeURIComponent(key) + "/chat" + (path || "");
  }

  function chatFetch(path, method, body) {
    var headers = { "X-Visitor-Token": chat.token || "" };
    if (body) { headers["Content-Type"] = "application/json"; }
    return fetch(chatUrl(path), { method: method || "GET", credentials: "omit", mode: "cors",
      headers: headers, body: body ? JSON.stringify(body) : undefined });
  }

  function clientId() {
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function chatSection() {
    var section = el("div", { "data-part": "chat" });
    section.appendChild(el("h3", {}, t.chat));
    var start = el("form", { "data-part": "chat-start", novalidate: "" });
    start.appendChild(field(t.name, "name", "text"));
    start.appendChild(el("button", { type: "submit" }, t.startChat));
    start.appendChild(el("p", { "class": "note", "data-part": "chat-start-result", role: "status" }));
    start.addEventListener("submit", function (event) { event.preventDefault(); startChat(start); });
    var closed = el("p", { "class": "note", "data-part": "chat-closed", hidden: "" });
    var talk = el("div", { "data-part": "chat-talk", hidden: "" });
    talk.appendChild(el("p", { "class": "note", "data-part": "chat-status", role: "status" }));
    talk.appendChild(el("ol", { "data-part": "chat-messages", "aria-live": "polite" }));
    var compose = el("form", { "data-part": "chat-compose", novalidate: "" });
    var label = el("label", {}, t.message);
    label.appendChild(el("textarea", { name: "body", rows: "2", maxlength: "4000" }));
    label.appendChild(el("span", { "class": "error", "data-error": "body" }));
    compose.appendChild(label);
    compose.appendChild(el("button", { type: "submit" }, t.sendMessage));
    compose.addEventListener("submit", function (event) { event.preventDefault(); sendMessage(compose); });
    compose.body.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); sendMessage(compose); }
    });
    var end = el("button", { type: "button", "class": "link", "data-part": "chat-end" }, t.endChat);
    end.addEventListener("click", endChat);
    talk.appendChild(compose);
    talk.appendChild(end);
    section.appendChild(closed);
    section.appendChild(start);
    section.appendChild(talk);
    return section;
  }

  // Outside the chat's hours no chat starts (the server refuses too): the start form gives
  // way to when it opens. A chat already going on goes on. The typed name is kept.
  function chatHours(state) {
    var hours = state.chat.hours;
    chat.closed = !state.chat.open;
    part("chat-closed").textContent = chat.closed ? t.chatClosed + (hours.until
      ? " " + t.opens.charAt(0).toUpperCase() + t.opens.slice(1) + " " + clock(hours.until, state.timezone) + "."
      : "") : "";
    showTalk(!!chat.id && !part("chat-talk").hidden);
  }

  function part(name) { return chat.section.querySelector("[data-part=" + name + "]"); }

  function showTalk(talking) {
    part("chat-start").hidden = talking || chat.closed;
    part("chat-closed").hidden = talking || !chat.closed;
    part("chat-talk").hidden = !talking;
  }

  function startChat(f) {
    f.querySelectorAll("[data-error]").forEach(function (n) { n.textContent = ""; });
    var result = part("chat-start-result");
    result.textContent = "";
    fetch(chatUrl(""), { method: "POST", credentials: "omit", mode: "cors",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: f.elements.name.value })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.status === 201) {
          chat.id = data.id; chat.token = data.token; chat.cursor = 0;
          remember();
          part("chat-messages").replaceChildren();
          showTalk(true);
          shown(data);
          read();
        } else if (response.status === 429) {
          result.textContent = t.tooMany;
        } else if (data.field && REFUSALS[lang][data.field] && f.querySelector("[data-error=" + data.field + "]")) {
          f.querySelector("[data-error=" + data.field + "]").textContent = REFUSALS[lang][data.field];
        } else {
          result.textContent = (data.field && REFUSALS[lang][data.field]) || t.failed;
        }
      });
    }).catch(function () { result.textContent = t.failed; });
  }

  function messageLine(m, agent) {
    var who = m.from === "visitor" ? t.you : (m.name || agent);
    var text = m.from === "system"
      ? (m.body === "ended" ? t.ended : t.joined.replace("{name}", agent))
      : who + ": " + m.body;
    return el("li", { "class": m.from, "data-message": String(m.id) }, text);
  }

  function shown(view) {
    var list = part("chat-messages");
    view.messages.forEach(function (m) {
      if (m.id <= chat.cursor) { return; }  // never twice
      chat.cursor = m.id;
      list.appendChild(messageLine(m, view.agent));
    });
    list.scrollTop = list.scrollHeight;
    chat.known = view.state + ":" + (view.position || "");
    var status = part("chat-status");
    if (view.state === "waiting") { status.textContent = t.inLine.replace("{n}", view.position); }
    else if (view.state === "active") { status.textContent = t.answering.replace("{name}", view.agent); }
    else { status.textContent = t.ended; }
    var ended = view.state === "ended";
    part("chat-compose").hidden = ended;
    part("chat-end").textContent = ended ? t.newChat : t.endChat;
    host.setAttribute("data-chat", view.state);
    return ended;
  }

  function read() {
    if (chat.reading || !chat.id) { return; }
    chat.reading = true;
    var asked = chat.id;
    chatFetch("/" + chat.id + "?wait=1&after=" + chat.cursor + "&known=" + encodeURIComponent(chat.known))
      .then(function (response) {
        if (response.status === 404) { forget(); showTalk(false); return "stop"; }
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json().then(function (view) {
          if (asked !== chat.id) { return "again"; }
          return shown(view) ? "stop" : "again";
        });
      })
      .then(function (next) {
        chat.reading = false;
        if (next === "again") { read(); }
      })
      .catch(function () {
        chat.reading = false;
        part("chat-status").textContent = t.reconnecting;
        setTimeout(read, 5000);
      });
  }

  function sendMessage(f) {
    var text = f.body.value;
    if (!text.trim() || !chat.id) { return; }
    f.querySelector("[data-error=body]").textContent = "";
    // The same words keep their id until sent: a retry after a lost answer is one message.
    if (!chat.pending || chat.pending.text !== text) { chat.pending = { text: text, id: clientId() }; }
    chatFetch("/" + chat.id + "/messages", "POST", { client_id: chat.pending.id, body: text })
      .then(function (response) {
        if (response.ok) { chat.pending = null; f.body.value = ""; return; }
        f.querySelector("[data-error=body]").textContent =
          response.status === 429 ? t.tooMany : REFUSALS[lang].body;
      })
      .catch(function () { f.querySelector("[data-error=body]").textContent = t.failed; });
  }

  function endChat() {
    if (host.getAttribute("data-chat") === "ended") {  // "start a new chat"
      forget();
      host.removeAttribute("data-chat");
      showTalk(false);
      return;
    }
    if (!window.confirm(t.endQuestion)) return;
    chatFetch("/" + chat.id + "/end", "POST", {}).then(function () { read(); })
      .catch(function () { part("chat-status").textContent = t.failed; });
  }

  function resumeChat() {
    recalled();
    if (chat.id && chat.section) { showTalk(true); read(); }
  }

  poll();
  setInterval(function () { if (!document.hidden) { poll(); } }, POLL_MS);
}());
