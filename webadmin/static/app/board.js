// The colleagues board: everyone in the company with their live status, pushed by the
// server (the app's one stream, /app/events, stream.js) the moment it changes; search
// by name or extension; a colleague's button calls them with the softphone.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const texts = JSON.parse($("texts").textContent);
  const list = $("colleague-list");
  const search = $("colleague-search");
  const me = Number(document.body.dataset.userId);
  let board = [];

  function matches(colleague, query) {
    return !query || colleague.name.toLowerCase().includes(query)
      || colleague.extension.includes(query);
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function item(colleague) {
    const li = element("li");
    li.dataset.extension = colleague.extension;
    li.dataset.status = colleague.status;
    const who = element("div");
    who.append(element("strong", "", colleague.name), " ",
               element("span", "muted", colleague.extension));
    const details = [colleague.profile, ...colleague.queues].filter(Boolean).join(" · ");
    if (details) who.append(element("div", "muted", details));
    const status = element("span", `status ${colleague.status}`,
                           texts[colleague.status] || colleague.status);
    li.append(who, status);
    if (colleague.user_id !== me) {
      const call = element("button", "", texts.call);
      call.addEventListener("click", () => window.vaxelPhone.call(colleague.extension));
      li.append(call);
    }
    return li;
  }

  function draw() {
    const query = search.value.trim().toLowerCase();
    list.replaceChildren(...board.filter((c) => matches(c, query)).map(item));
  }

  window.vaxelStream.on("colleagues", (event) => {  // the app's one stream (stream.js)
    board = JSON.parse(event.data);
    draw();
  });
  search.addEventListener("input", draw);
})();
