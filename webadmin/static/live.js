// The operator console (templates/live/show.html): the server pushes the whole panel,
// rendered and translated, as server-sent events (webadmin/push.py) the moment a call or
// a queue changes; this swaps it in and makes the clocks tick between pushes. No polling.
(function () {
  "use strict";
  var panel = document.getElementById("live-panel");
  if (!panel || !window.EventSource) { return; }
  var stamp = document.getElementById("live-updated");
  var waiting = null;  // a state that came while the operator was typing or clicking
  // A button pressed but not yet released: swapped away under the pointer, the release
  // would land on its successor and the click would be lost.
  var pressing = false;
  // A refused form drawn again as typed, its reason beside it (webadmin/refusals.py): the
  // stream's first state must not wipe it before the operator has read it and acted.
  var refused = panel.querySelector(".field-error, form .flash.error") !== null;

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var h = Math.floor(seconds / 3600), m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return h ? h + ":" + two(m) + ":" + two(s) : m + ":" + two(s);
  }

  function tick() {
    var now = Date.now() / 1000;  // the portal's and the browser's clocks agree (NTP)
    panel.querySelectorAll("[data-since]").forEach(function (el) {
      el.textContent = clock(now - parseFloat(el.getAttribute("data-since")));
    });
  }

  function typing() {
    var el = document.activeElement;
    return el && panel.contains(el) && el.tagName === "INPUT" && el.value !== "";
  }

  function show(html) {
    // Swapping the panel now would throw away a half-typed transfer number or a click
    // under way: wait.
    if (typing() || refused || pressing) { waiting = html; return; }
    waiting = null;
    panel.innerHTML = html;
    panel.setAttribute("data-refreshed", String(Date.now()));
    tick();  // a pushed panel leaves the durations to this page's clock
    if (stamp) { stamp.textContent = new Date().toLocaleTimeString(); }
  }

  function caughtUp() {
    refused = false;
    window.setTimeout(function () { if (waiting !== null) { show(waiting); } }, 0);
  }
  panel.addEventListener("focusout", caughtUp);
  panel.addEventListener("pointerdown", function () { pressing = true; });
  ["pointerup", "pointercancel"].forEach(function (name) {
    // The click (fired after pointerup) runs first; then the waiting state comes in.
    document.addEventListener(name, function () {
      if (pressing) { pressing = false; caughtUp(); }
    });
  });
  document.addEventListener("click", function (event) {
    if (refused && !panel.contains(event.target)) { caughtUp(); }
  });
  var source = new EventSource(panel.getAttribute("data-events"));
  source.onmessage = function (event) { show(event.data); };
  source.onerror = function () {
    // Logged out (the stream answers with the log-in page): reload to show it.
    if (source.readyState === EventSource.CLOSED) { window.location.reload(); }
  };
  window.setInterval(tick, 1000);
})();
