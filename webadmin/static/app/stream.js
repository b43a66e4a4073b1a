// The app's one push stream (/app/events, server-sent events): the colleagues board
// ("colleagues") and my chat messages ("message", each with its id), so an open app holds
// one server connection. Chat starts it with its cursor (the newest message id it has
// loaded): a new stream resumes after it (?after=), the browser's own reconnects send the
// last id back as Last-Event-ID. Board events carry no id and never move it.
"use strict";
window.vaxelStream = (() => {
  const url = document.body.dataset.eventsUrl;
  const handlers = [];  // [event name, function], added to every new EventSource
  let source = null;
  let cursor = () => 0;

  function connect() {
    if (source) source.close();
    const stream = new EventSource(`${url}?after=${cursor()}`);
    source = stream;
    handlers.forEach(([name, fn]) => stream.addEventListener(name, fn));
    stream.addEventListener("error", () => {
      if (stream === source && stream.readyState === EventSource.CLOSED) setTimeout(connect, 2000);
    });
  }

  return {
    on(name, fn) {
      handlers.push([name, fn]);
      if (source) source.addEventListener(name, fn);
    },
    start(getCursor) {
      cursor = getCursor;
      connect();
    },
    close() {
      if (source) source.close();
      source = null;
    },
  };
})();
