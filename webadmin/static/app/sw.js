// The app's service worker: keeps the shell (page, styles, scripts) so the installed app
// opens without a network; everything else, and the page first of all, comes from the
// network when it can (calls, colleagues and credentials are live and never cached).
"use strict";
const SHELL = "vaxel-app-shell-v2";
const SHELL_FILES = ["/app/", "/static/app/app.css", "/static/app/softphone.js",
                     "/static/app/stream.js", "/static/app/board.js", "/static/app/mine.js",
                     "/app/jssip.js", "/static/app/icon.svg"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_FILES))
    .catch(() => undefined));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((names) => Promise.all(
    names.filter((name) => name !== SHELL).map((name) => caches.delete(name)))));
  self.clients.claim();
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || !SHELL_FILES.includes(url.pathname)) return;
  event.respondWith(fetch(event.request).then((reply) => {
    const copy = reply.clone();
    if (reply.ok) caches.open(SHELL).then((cache) => cache.put(event.request, copy));
    return reply;
  }).catch(() => caches.match(event.request)));
});
