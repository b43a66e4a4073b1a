// The wallboard (templates/wallboard/board.html): figures pushed as server-sent events
// (webadmin/wallboard/views.py), the longest wait ticking between pushes. No polling.
(function () {
  "use strict";
  var board = document.getElementById("wallboard");
  if (!board || !window.EventSource) { return; }
  var state = document.getElementById("wallboard-state");
  var longest = board.querySelector("[data-figure=longest]");
  var offset = 0;

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function tick() {
    var oldest = parseFloat(longest.getAttribute("data-oldest"));
    longest.textContent = isNaN(oldest) ? "0:00" : clock(Date.now() / 1000 + offset - oldest);
  }

  function set(selector, value) {
    var el = board.querySelector(selector);
    if (el) { el.textContent = value; }
  }

  var source = new EventSource(board.getAttribute("data-events"));
  source.onmessage = function (event) {
    var f = JSON.parse(event.data);
    offset = f.now - Date.now() / 1000;
    set("[data-figure=waiting]", f.waiting);
    set("[data-figure=answered]", f.answered);
    set("[data-figure=abandoned]", f.abandoned);
    set("[data-figure=service_level]", f.service_level === null ? "–" : f.service_level + " %");
    longest.setAttribute("data-oldest", f.oldest === null ? "" : f.oldest);
    Object.keys(f.agents).forEach(function (name) { set("[data-agents=" + name + "]", f.agents[name]); });
    board.setAttribute("data-refreshed", String(Date.now()));
    tick();
    if (state) { state.textContent = state.getAttribute("data-live"); }
  };
  source.onerror = function () {
    if (state) { state.textContent = state.getAttribute("data-offline"); }
    // A revoked link (410) closes the stream for good: reload to show why.
    if (source.readyState === EventSource.CLOSED) { window.setTimeout(function () { window.location.reload(); }, 5000); }
  };
  tick();
  window.setInterval(tick, 1000);
})();
