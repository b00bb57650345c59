// Xanh – Sạch – Đẹp audits with no network (the page /xsd/offline, checklists/offline.html).
//
// Everything the auditor gives is kept at once in IndexedDB, in a database of the signed-in user only
// ("qa-offline-u<id>"): the departments and templates (fetched while there is network), each audit
// (answers, notes, whether to submit it, the server's id and the version its changes are based on) and
// its photos (as Blobs, each with its own id). When the network returns the audits are sent through
// /api/v1/xsd/audits: a new one with its client id (sent twice, made once), a change with its
// base_version, then each photo with its id (stored once). A 409 answer is a conflict: both versions are
// shown side by side and nothing is sent until the user keeps theirs or takes the server's.
// Each audit shows its state: "chưa gửi" / "đang gửi" / "đã gửi" (or "xung đột").
(function () {
  "use strict";
  var root = document.getElementById("offline-app");
  if (!root || !window.indexedDB) return;
  var T = JSON.parse(root.getAttribute("data-texts"));
  var user = root.getAttribute("data-user");
  var csrf = root.getAttribute("data-csrf");
  var API = root.getAttribute("data-api");  // /api/v1/xsd/audits
  var $ = function (sel, el) { return (el || root).querySelector(sel); };

  // ------------------------------------------------------------------ IndexedDB, promised
  var dbPromise = new Promise(function (resolve, reject) {
    var open = indexedDB.open("qa-offline-u" + user, 1);
    open.onupgradeneeded = function () {
      var db = open.result;
      db.createObjectStore("kit");
      db.createObjectStore("audits", {keyPath: "local"});
      db.createObjectStore("photos", {keyPath: "id"}).createIndex("audit", "audit");
    };
    open.onsuccess = function () { resolve(open.result); };
    open.onerror = function () { reject(open.error); };
  });

  function tx(store, mode, work) {
    return dbPromise.then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(store, mode), result;
        var request = work(t.objectStore(store));
        if (request) request.onsuccess = function () { result = request.result; };
        t.oncomplete = function () { resolve(result); };
        t.onerror = function () { reject(t.error); };
      });
    });
  }
  var get = function (store, key) { return tx(store, "readonly", function (s) { return s.get(key); }); };
  var all = function (store) { return tx(store, "readonly", function (s) { return s.getAll(); }); };
  var put = function (store, value, key) { return tx(store, "readwrite", function (s) { return key === undefined ? s.put(value) : s.put(value, key); }); };
  var photosOf = function (local) { return tx("photos", "readonly", function (s) { return s.index("audit").getAll(local); }); };

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // ------------------------------------------------------------------ the kit: departments and templates
  var kit = null, current = null, syncing = false;

  // navigator.onLine is only a hint (a page reloaded without network may still say true): the page
  // counts as online when its last request reached the server.
  var reachable = navigator.onLine, pending = false;
  var embeddedKit = JSON.parse(root.getAttribute("data-kit") || "null");
  var embeddedAudit = JSON.parse(root.getAttribute("data-audit-copy") || "null");

  function loadKit() {
    var fromNetwork = fetch(root.getAttribute("data-kit-url"), {credentials: "same-origin"}).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    }).then(function (data) {
      csrf = data.csrf_token || csrf;
      reachable = true;
      data.fetched = Date.now();
      return put("kit", data, "kit").then(function () { return data; });
    });
    return fromNetwork.catch(function () {
      reachable = false;
      return get("kit", "kit");
    }).then(function (data) {
      data = data || embeddedKit;  // what the page itself carries (a copy kept by the service worker)
      kit = data || null;
      if (!current) fillStart();
      network();
      return kit;
    });
  }

  function option(value, label) {
    var o = document.createElement("option");
    o.value = value; o.textContent = label;
    return o;
  }

  function fillStart() {
    var dep = $("[data-department]"), tpl = $("[data-template]");
    dep.textContent = ""; tpl.textContent = "";
    if (!kit) { $("[data-ready]").textContent = T.no_kit; $("[data-begin]").disabled = true; return; }
    $("[data-begin]").disabled = false;
    kit.departments.forEach(function (d) { dep.appendChild(option(d.id, d.name)); });
    kit.templates.forEach(function (t) { tpl.appendChild(option(t.id, t.label)); });
    if (!$("[data-date]").value && kit.today) {
      // The hospital's date when the kit came, and the days this device has counted since.
      var days = Math.floor((Date.now() - (kit.fetched || Date.now())) / 86400000);
      var day = new Date(kit.today + "T00:00:00Z");
      day.setUTCDate(day.getUTCDate() + Math.max(0, days));
      $("[data-date]").value = day.toISOString().slice(0, 10);
    }
  }

  function templateOf(audit) {
    return kit && kit.templates.filter(function (t) { return t.id === audit.templateId; })[0];
  }

  function items(template) {
    var list = [];
    template.groups.forEach(function (g) { g.items.forEach(function (i) { list.push(i); }); });
    return list;
  }

  // ------------------------------------------------------------------ the list of audits on this device
  function stateText(audit) { return T[audit.state] || T.unsent; }

  function renderList() {
    return all("audits").then(function (audits) {
      var list = $("[data-list]");
      list.textContent = "";
      audits.sort(function (a, b) { return (b.created || 0) - (a.created || 0); }).forEach(function (a) {
        var li = document.createElement("li");
        li.setAttribute("data-local", a.local);
        var name = document.createElement("span");
        name.textContent = a.department + " · " + a.auditDate + " ";
        var state = document.createElement("strong");
        state.className = "sync-state sync-" + a.state;
        state.setAttribute("aria-live", "polite");
        state.setAttribute("data-list-state", "");
        state.textContent = stateText(a);
        var open = document.createElement("button");
        open.type = "button"; open.className = "button small"; open.textContent = T.open;
        open.addEventListener("click", function () { openAudit(a.local); });
        li.appendChild(name); li.appendChild(state); li.appendChild(document.createTextNode(" ")); li.appendChild(open);
        list.appendChild(li);
      });
      $("[data-list-box]").hidden = audits.length === 0;
    });
  }

  // ------------------------------------------------------------------ one audit's form
  function chip(name, value, label, checked) {
    var l = document.createElement("label");
    l.className = "xsd-chip";
    var input = document.createElement("input");
    input.type = "radio"; input.name = name; input.value = value; input.checked = checked;
    var span = document.createElement("span");
    span.textContent = label;
    l.appendChild(input); l.appendChild(span);
    return l;
  }

  function renderAudit(audit) {
    var template = templateOf(audit), box = $("[data-items]");
    box.textContent = "";
    $("[data-audit]").hidden = false;
    $("[data-audit-title]").textContent = audit.department + " · " + audit.auditDate;
    $("[data-submit]").checked = !!audit.submit;
    if (!template) return;
    template.groups.forEach(function (g) {
      var section = document.createElement("section");
      section.className = "xsd-group";
      var h = document.createElement("h2");
      h.textContent = g.name;
      section.appendChild(h);
      g.items.forEach(function (item) {
        var given = audit.answers[item.id] || {choice: "", note: ""};
        var fs = document.createElement("fieldset");
        fs.className = "xsd-item card";
        fs.setAttribute("data-item", item.id);
        fs.setAttribute("data-max", item.max_points);
        var legend = document.createElement("legend");
        var code = document.createElement("strong");
        code.textContent = item.code;
        legend.appendChild(code);
        legend.appendChild(document.createTextNode((item.critical ? " ⚑ " : " ") + item.text));
        fs.appendChild(legend);
        var choices = document.createElement("div");
        choices.className = "xsd-choices";
        choices.setAttribute("role", "radiogroup");
        choices.setAttribute("aria-label", item.code);
        for (var p = item.max_points; p >= 0; p--) choices.appendChild(chip("o" + item.id, String(p), String(p), given.choice === String(p)));
        choices.appendChild(chip("o" + item.id, "na", T.na, given.choice === "na"));
        fs.appendChild(choices);
        var noteLabel = document.createElement("label");
        noteLabel.className = "field";
        var noteText = document.createElement("span");
        noteText.textContent = T.note;
        var note = document.createElement("textarea");
        note.rows = 2; note.value = given.note || ""; note.setAttribute("data-note", "");
        noteLabel.appendChild(noteText); noteLabel.appendChild(note);
        fs.appendChild(noteLabel);
        var photoLabel = document.createElement("label");
        photoLabel.className = "field";
        var photoText = document.createElement("span");
        photoText.textContent = T.photo;
        var photo = document.createElement("input");
        photo.type = "file"; photo.accept = "image/jpeg,image/png,image/webp"; photo.setAttribute("capture", "environment");
        photo.setAttribute("data-photo", "");
        var kept = document.createElement("span");
        kept.className = "muted"; kept.setAttribute("data-photo-kept", "");
        photoLabel.appendChild(photoText); photoLabel.appendChild(photo);
        fs.appendChild(photoLabel); fs.appendChild(kept);
        section.appendChild(fs);
      });
      box.appendChild(section);
    });
    showPhotos(audit);
    liveScore(audit);
  }

  function showPhotos(audit) {
    return photosOf(audit.local).then(function (photos) {
      photos.forEach(function (p) {
        var el = root.querySelector('[data-item="' + p.itemId + '"] [data-photo-kept]');
        if (el) el.textContent = p.sent ? T.photo_sent : T.photo_kept;
      });
    });
  }

  function liveScore(audit) {
    var template = templateOf(audit), points = 0, max = 0;
    if (!template) return;
    items(template).forEach(function (item) {
      var c = (audit.answers[item.id] || {}).choice || "";
      if (c !== "na") max += item.max_points;
      if (c !== "" && c !== "na") points += parseInt(c, 10);
    });
    $("[data-live-score]").textContent = max ? (points / max * 100).toFixed(2).replace(".", ",") : "—";
  }

  function showState(audit) {
    var el = $("[data-audit-state]");
    if (current && current.local === audit.local) {
      el.textContent = stateText(audit);
      el.className = "sync-state sync-" + audit.state;
      $("[data-audit-error]").textContent = audit.error || "";
      renderConflict(audit);
    }
    var row = root.querySelector('[data-local="' + audit.local + '"] [data-list-state]');
    if (row) { row.textContent = stateText(audit); row.className = "sync-state sync-" + audit.state; }
  }

  function describe(answer) {
    if (!answer || !answer.choice) return T.not_answered + (answer && answer.note ? " · " + answer.note : "");
    return (answer.choice === "na" ? T.na : answer.choice) + (answer.note ? " · " + answer.note : "");
  }

  function renderConflict(audit) {
    var box = $("[data-conflict]");
    box.hidden = audit.state !== "conflict" || !audit.conflict;
    if (box.hidden) return;
    var body = $("[data-conflict-table] tbody");
    body.textContent = "";
    var theirs = audit.conflict.answers || {}, template = templateOf(audit);
    (template ? items(template) : []).forEach(function (item) {
      var mine = audit.answers[item.id], other = theirs[item.id];
      var a = describe(mine), b = describe(other);
      if (a === b) return;
      var tr = document.createElement("tr");
      [item.code + " " + item.text, a, b].forEach(function (text) {
        var td = document.createElement("td"); td.textContent = text; tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }

  function save(audit) {
    pending = true;
    audit.rev = (audit.rev || 0) + 1;
    audit.dirty = true;
    if (audit.state !== "conflict") audit.state = "unsent";
    return put("audits", audit).then(function () { showState(audit); });
  }

  function openAudit(local) {
    return get("audits", local).then(function (audit) {
      if (!audit) { $("[data-ready]").textContent = T.not_found; return; }
      current = audit;
      renderAudit(audit);
      showState(audit);
      $("[data-audit]").scrollIntoView({block: "start"});
    });
  }

  $("[data-items]").addEventListener("change", function (e) {
    if (!current) return;
    var fs = e.target.closest("[data-item]");
    if (!fs) return;
    var id = fs.getAttribute("data-item");
    var answer = current.answers[id] || (current.answers[id] = {choice: "", note: ""});
    if (e.target.type === "radio") answer.choice = e.target.value;
    else if (e.target.hasAttribute("data-note")) answer.note = e.target.value;
    else if (e.target.hasAttribute("data-photo") && e.target.files && e.target.files[0]) {
      var file = e.target.files[0], audit = current;
      var photo = {id: uuid(), audit: audit.local, itemId: parseInt(id, 10), blob: file, name: file.name, type: file.type, sent: false};
      return put("photos", photo).then(function () { return save(audit); }).then(function () { showPhotos(audit); renderList(); });
    }
    liveScore(current);
    save(current).then(renderList);
  });
  $("[data-items]").addEventListener("input", function (e) {
    if (current && e.target.hasAttribute("data-note")) {
      var id = e.target.closest("[data-item]").getAttribute("data-item");
      (current.answers[id] || (current.answers[id] = {choice: "", note: ""})).note = e.target.value;
      save(current);
    }
  });
  $("[data-submit]").addEventListener("change", function (e) {
    if (!current) return;
    current.submit = e.target.checked;
    save(current).then(renderList);
  });
  $("[data-close]").addEventListener("click", function () { current = null; $("[data-audit]").hidden = true; });
  $("[data-send]").addEventListener("click", function () { syncAll(true); });

  $("[data-begin]").addEventListener("click", function () {
    var dep = $("[data-department]"), tpl = $("[data-template]");
    if (!kit || !dep.value || !tpl.value) return;
    var audit = {
      local: uuid(), serverId: null, baseVersion: null, departmentId: parseInt(dep.value, 10),
      department: dep.options[dep.selectedIndex].textContent, templateId: parseInt(tpl.value, 10),
      auditDate: $("[data-date]").value, answers: {}, submit: false, state: "unsent", dirty: true, rev: 1, created: Date.now(),
    };
    put("audits", audit).then(renderList).then(function () { return openAudit(audit.local); });
  });

  // ------------------------------------------------------------------ an audit opened on the server, continued here
  function adopt(state, keepLocal) {
    return all("audits").then(function (audits) {
      var mine = audits.filter(function (a) { return a.serverId === state.id; })[0];
      if (mine && (mine.dirty || mine.state === "conflict" || keepLocal)) return mine;
      var audit = mine || {local: state.client_id || uuid(), created: Date.now(), rev: 0};
      audit.serverId = state.id; audit.baseVersion = state.version; audit.departmentId = state.department_id;
      audit.department = state.department; audit.templateId = state.template_id; audit.auditDate = state.audit_date;
      audit.answers = {};
      Object.keys(state.answers).forEach(function (k) { audit.answers[k] = {choice: state.answers[k].choice, note: state.answers[k].note}; });
      audit.submit = state.status === "submitted"; audit.serverStatus = state.status; audit.state = "sent"; audit.dirty = false; audit.conflict = null; audit.error = "";
      return put("audits", audit).then(function () { return audit; });
    });
  }

  function fromQuery() {
    var id = parseInt(new URLSearchParams(location.search).get("audit") || "", 10);
    if (!id) return Promise.resolve(null);
    var local = all("audits").then(function (audits) {
      var mine = audits.filter(function (a) { return a.serverId === id; })[0] || null;
      // Not on this device yet, or older than the copy the page carries: take the page's copy.
      if (embeddedAudit && embeddedAudit.id === id && (!mine || (!mine.dirty && mine.state !== "conflict" && mine.baseVersion < embeddedAudit.version))) {
        return adopt(embeddedAudit, false);
      }
      return mine;
    });
    if (!reachable) return local;
    return fetch(API + "/" + id, {credentials: "same-origin"}).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    }).then(function (state) { return adopt(state, false); }).catch(function () { return local; });
  }

  // ------------------------------------------------------------------ sending
  function send(method, url, body, isForm) {
    var headers = {"X-CSRFToken": csrf, "Accept": "application/json"};
    if (!isForm) headers["Content-Type"] = "application/json";
    return fetch(url, {method: method, credentials: "same-origin", headers: headers, body: isForm ? body : JSON.stringify(body)})
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (data) { return {status: r.status, data: data}; });
      });
  }

  function refused(audit, answer) {
    audit.state = answer.status === 409 && answer.data.current ? "conflict" : "unsent";
    audit.conflict = audit.state === "conflict" ? answer.data.current : null;
    audit.error = answer.status === 401 ? T.login_again : (answer.data.error || "");
    // Refused as it is (a score without its finding, a submitted audit): not tried again until it changes.
    if (audit.state === "unsent" && answer.status >= 400 && answer.status < 500 && answer.status !== 401) audit.blockedRev = audit.rev;
    return put("audits", audit).then(function () { showState(audit); return false; });
  }

  function syncAudit(audit) {
    if (audit.state === "conflict") return Promise.resolve(false);
    var rev = audit.rev;
    audit.state = "sending"; audit.error = "";
    showState(audit);
    var step;
    if (audit.serverId === null) {
      step = send("POST", API, {client_id: audit.local, department_id: audit.departmentId, template_id: audit.templateId,
                               audit_date: audit.auditDate, answers: audit.answers});
    } else if (audit.dirty) {
      step = send("PUT", API + "/" + audit.serverId, {base_version: audit.baseVersion, answers: audit.answers});
    } else {
      step = Promise.resolve({status: 200, data: null});
    }
    return step.then(function (answer) {
      if (answer.status >= 300) return refused(audit, answer);
      if (answer.data) { audit.serverId = answer.data.id; audit.baseVersion = answer.data.version; audit.serverStatus = answer.data.status; }
      return photosOf(audit.local).then(function (photos) {
        return photos.filter(function (p) { return !p.sent && !p.refused; }).reduce(function (chain, p) {
          return chain.then(function (ok) {
            if (!ok) return false;
            var form = new FormData();
            form.append("client_id", p.id); form.append("item_id", String(p.itemId));
            form.append("photo", p.blob, p.name || "anh");
            return send("POST", API + "/" + audit.serverId + "/photos", form, true).then(function (a) {
              if (a.status === 400 || a.status === 413) {  // not a photo, or too large: kept aside, the rest goes on
                p.refused = true;
                audit.error = a.data.error || "";
                return put("photos", p).then(function () { showState(audit); return true; });
              }
              if (a.status >= 300) return refused(audit, a);
              audit.baseVersion = a.data.version;
              p.sent = true;
              return put("photos", p).then(function () { return true; });
            });
          });
        }, Promise.resolve(true));
      }).then(function (ok) {
        // Submitted last, once its photos are in (a submitted audit is closed to the auditor).
        if (!ok || !audit.submit || audit.serverStatus === "submitted") return ok;
        return send("PUT", API + "/" + audit.serverId, {base_version: audit.baseVersion, answers: {}, submit: true}).then(function (a) {
          if (a.status >= 300) return refused(audit, a);
          audit.baseVersion = a.data.version; audit.serverStatus = a.data.status;
          return true;
        });
      }).then(function (ok) {
        if (!ok) return false;
        return get("audits", audit.local).then(function (stored) {
          // a change made while this was on its way is sent next time
          var changedMeanwhile = stored && stored.rev !== rev;
          if (changedMeanwhile) {
            stored.serverId = audit.serverId; stored.baseVersion = audit.baseVersion; stored.serverStatus = audit.serverStatus;
            audit = stored;
          }
          audit.dirty = !!changedMeanwhile;
          audit.state = changedMeanwhile ? "unsent" : "sent";
          audit.conflict = null;
          if (current && current.local === audit.local) current = audit;
          return put("audits", audit).then(function () { showState(audit); showPhotos(audit); return true; });
        });
      });
    }, function () {  // the network went away again
      audit.state = "unsent";
      return put("audits", audit).then(function () { showState(audit); return false; });
    });
  }

  function syncAll(manual) {
    if (syncing) return Promise.resolve();
    syncing = true;
    var left = false;
    return loadKit().then(function () { return reachable ? all("audits") : null; }).then(function (audits) {
      if (!audits) { left = true; return null; }
      return audits.reduce(function (chain, a) {
        return chain.then(function () {
          return photosOf(a.local).then(function (photos) {
            var waiting = a.dirty || a.serverId === null || (a.submit && a.serverStatus !== "submitted") ||
              photos.some(function (p) { return !p.sent && !p.refused; });
            if (!waiting || a.state === "conflict" || (a.blockedRev === a.rev && !manual)) return null;
            if (current && current.local === a.local) a = current;
            return syncAudit(a).then(function (ok) { if (!ok && a.blockedRev !== a.rev) left = true; });
          });
        });
      }, Promise.resolve());
    }).then(renderList).then(function () { syncing = false; pending = left; }, function () { syncing = false; });
  }

  // Whatever is not sent yet is tried again every few seconds (and at once when the browser says it is online).
  window.setInterval(function () { if (pending || !reachable) syncAll(); }, 3000);

  // ------------------------------------------------------------------ settling a conflict
  $("[data-keep-mine]").addEventListener("click", function () {
    var audit = current;
    if (!audit || !audit.conflict) return;
    audit.baseVersion = audit.conflict.version;  // mine, knowingly over theirs
    audit.conflict = null; audit.state = "unsent"; audit.dirty = true; audit.error = "";
    put("audits", audit).then(function () { showState(audit); return syncAll(); });
  });
  $("[data-take-theirs]").addEventListener("click", function () {
    var audit = current;
    if (!audit || !audit.conflict) return;
    var theirs = audit.conflict;
    audit.answers = {};
    Object.keys(theirs.answers).forEach(function (k) { audit.answers[k] = {choice: theirs.answers[k].choice, note: theirs.answers[k].note}; });
    audit.baseVersion = theirs.version; audit.submit = theirs.status === "submitted"; audit.serverStatus = theirs.status;
    audit.conflict = null; audit.state = "sent"; audit.dirty = false; audit.error = "";
    put("audits", audit).then(function () { return openAudit(audit.local); }).then(renderList);
  });

  // ------------------------------------------------------------------ network state, the service worker
  function network() {
    $("[data-net]").textContent = reachable ? T.online : T.offline;
  }
  window.addEventListener("online", function () { syncAll(); });
  window.addEventListener("offline", function () { reachable = false; network(); });
  network();

  function keepThisPage() {
    if (!("serviceWorker" in navigator)) return Promise.resolve(false);
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (e) { resolve(e.data); };
        (navigator.serviceWorker.controller || registration.active).postMessage(
          {type: "keep", urls: [location.pathname + location.search]}, [channel.port2]);
      });
    });
  }

  loadKit().then(renderList).then(fromQuery).then(function (audit) {
    if (audit) return renderList().then(function () { return openAudit(audit.local); });
    return null;
  }).then(function () {
    if (!reachable) return null;
    return keepThisPage().then(function (kept) { if (kept && kit) $("[data-ready]").textContent = T.ready; });
  }).then(function () { return syncAll(); });
})();
