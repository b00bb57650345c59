// Installable app: registers the service worker (/sw.js) and, when the user signs out, tells it to drop
// the pages it keeps for them (the server's X-QA-Scope header does the same on the next page it serves).
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/sw.js", {scope: "/"}).catch(function () { /* no worker: pages work online */ });

  // Pages to have at hand offline (the audit page's "continue without network"): kept by the worker now.
  var keep = Array.prototype.map.call(document.querySelectorAll("a[data-offline-keep]"), function (a) { return a.getAttribute("href"); });
  if (keep.length && navigator.onLine) {
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage({type: "keep", urls: keep});
    });
  }

  document.addEventListener("submit", function (e) {
    var action = e.target.getAttribute("action") || "";
    if (!/\/logout$/.test(action)) return;
    var worker = navigator.serviceWorker.controller;
    if (worker) worker.postMessage({type: "logout"});
  });
})();
