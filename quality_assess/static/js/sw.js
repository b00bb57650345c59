// The service worker (served as /sw.js by quality_assess/pwa.py, scope "/").
//
// - The app shell (CSS, JS, icons, the manifest, the offline page) is kept in SHELL, served from it and
//   refreshed in the background.
// - Pages of Xanh – Sạch – Đẹp the user opened (the offline audit page, audit forms) are kept in PAGES,
//   the network first and the kept copy when there is none. Every HTML response names its scope
//   (X-QA-Scope: the signed-in session, or "anon"); PAGES only ever holds pages of the current scope, and a
//   response of another scope (sign-out, someone else signing in) empties it first. A kept page is served
//   only when its scope is the current one; otherwise the offline page, which shows nobody's data.
// - Nothing else is touched: forms (POST), the API (the page sends it itself and keeps what failed in
//   IndexedDB, static/js/offline.js), downloads.
"use strict";

var VERSION = "1";
var SHELL = "qa-shell-" + VERSION;
var PAGES = "qa-pages";
var META = "qa-meta";
var PAGE_LIMIT = 20;
var SHELL_FILES = [
  "/static/css/app.css", "/static/css/checklists.css", "/static/js/app.js", "/static/js/pwa.js",
  "/static/js/checklists.js", "/static/js/offline.js", "/static/favicon.svg", "/static/bell.svg",
  "/static/icons/icon-192.png", "/static/icons/icon-512.png", "/manifest.webmanifest", "/offline",
];
var KEPT_PAGES = /^\/xsd\/(offline|audits\/\d+)?$/;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    // The offline page without cookies: it must be nobody's.
    return cache.addAll(SHELL_FILES.map(function (url) { return new Request(url, {credentials: "omit"}); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf("qa-shell-") === 0 && n !== SHELL; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function currentScope() {
  return caches.open(META).then(function (cache) { return cache.match("/__scope"); })
    .then(function (r) { return r ? r.text() : "anon"; });
}

function setScope(scope) {
  return currentScope().then(function (old) {
    if (old === scope) return null;
    return caches.delete(PAGES).then(function () { return caches.open(META); })
      .then(function (cache) { return cache.put("/__scope", new Response(scope)); });
  });
}

function keepPage(request, response) {
  return caches.open(PAGES).then(function (cache) {
    return cache.put(request.url.split("#")[0], response).then(function () { return cache.keys(); })
      .then(function (keys) {  // the most recent pages only
        return Promise.all(keys.slice(0, Math.max(0, keys.length - PAGE_LIMIT)).map(function (k) { return cache.delete(k); }));
      });
  });
}

function page(request) {
  return fetch(request).then(function (response) {
    var scope = response.headers.get("X-QA-Scope");
    if (!scope) return response;
    var path = new URL(response.url).pathname;
    var keep = scope !== "anon" && response.status === 200 && !response.redirected && KEPT_PAGES.test(path);
    var copy = keep ? response.clone() : null;
    return setScope(scope).then(function () { return copy ? keepPage(request, copy) : null; })
      .then(function () { return response; }, function () { return response; });
  }, function () {
    return Promise.all([currentScope(), caches.open(PAGES).then(function (c) { return c.match(request.url.split("#")[0], {ignoreVary: true}); })])
      .then(function (found) {
        var scope = found[0], kept = found[1];
        if (kept && scope !== "anon" && kept.headers.get("X-QA-Scope") === scope) return kept;
        return caches.match("/offline", {cacheName: SHELL});
      });
  });
}

function shellFile(request) {
  return caches.open(SHELL).then(function (cache) {
    return cache.match(request, {ignoreSearch: true}).then(function (kept) {
      var fresh = fetch(request).then(function (response) {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
      if (kept) { fresh.catch(function () { return null; }); return kept; }
      return fresh;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0 || url.pathname === "/manifest.webmanifest") {
    event.respondWith(shellFile(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(request));
  }
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var port = event.ports && event.ports[0];
  var done = function (value) { if (port) port.postMessage(value); };
  if (data.type === "logout") {
    event.waitUntil(setScope("anon").then(function () { return caches.delete(PAGES); }).then(function () { done(true); }));
  } else if (data.type === "keep" && Array.isArray(data.urls)) {
    // The page asks to keep itself (it was loaded before this worker controlled it).
    event.waitUntil(Promise.all(data.urls.map(function (u) {
      return page(new Request(u, {credentials: "same-origin"})).catch(function () { return null; });
    })).then(function () { done(true); }, function () { done(false); }));
  }
});
