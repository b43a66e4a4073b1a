// The live view (templates/live/show.html): fetch the server-rendered panel every few
// seconds and swap it in. No framework; the server escapes and translates every text.
(function () {
  "use strict";
  var panel = document.getElementById("live-panel");
  if (!panel) { return; }
  var every = parseInt(panel.getAttribute("data-every"), 10) || 3000;
  var stamp = document.getElementById("live-updated");

  function later() { window.setTimeout(refresh, every); }

  function refresh() {
    if (document.hidden) { later(); return; }  // nobody looks: ask again later
    fetch(panel.getAttribute("data-src"), {credentials: "same-origin", redirect: "manual",
                                           headers: {"Accept": "text/html"}})
      .then(function (response) {
        // A redirect means the session ended: reload, so the log-in page shows.
        if (response.type === "opaqueredirect" || response.status === 401) {
          window.location.reload();
          return null;
        }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html !== null) {
          panel.innerHTML = html;
          panel.setAttribute("data-refreshed", String(Date.now()));
          if (stamp) { stamp.textContent = new Date().toLocaleTimeString(); }
        }
      })
      .catch(function () { /* offline for a moment: the next round tries again */ })
      .then(later);
  }
  later();
})();
