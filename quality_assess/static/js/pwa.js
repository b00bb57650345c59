// Installable app: registers the service worker (/sw.js) and, when the user signs out, tells it to drop
// the pages it keeps for them (the server's X-QA-Scope header does the same on the next page it serves).
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/sw.js", {scope: "/"}).catch(function () { /* no worker: pages work online */ });

  document.addEventListener("submit", function (e) {
    var action = e.target.getAttribute("action") || "";
    if (!/\/logout$/.test(action)) return;
    var worker = navigator.serviceWorker.controller;
    if (worker) worker.postMessage({type: "logout"});
  });
})();
