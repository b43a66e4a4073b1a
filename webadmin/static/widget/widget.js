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
      phone: "Phone", email: "E-mail"
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
      phone: "Telefon", email: "E-post"
    }
  };
  // The server's refusals, in the visitor's language (field → text).
  var REFUSALS = {
    en: { name: "Write your name (letters, up to 80 characters).",
          number: "Write a phone number we can call, e.g. 070-123 45 67.",
          queue_id: "This queue takes no callback requests right now." },
    sv: { name: "Skriv ditt namn (bokstäver, högst 80 tecken).",
          number: "Skriv ett telefonnummer vi kan ringa, t.ex. 070-123 45 67.",
          queue_id: "Den här kön tar inte emot förfrågningar just nu." }
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
      ".error{color:#b91c1c;font-size:13px}.note{margin:6px 0 0}a{color:inherit}";
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
      .then(function (state) { if (state) { render(state); } })
      .catch(function () {
        if (!box.firstChild) { box.replaceChildren(el("p", { "class": "note" }, t.unavailable)); }
      });
  }

  poll();
  setInterval(function () { if (!document.hidden) { poll(); } }, POLL_MS);
}());
