// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    var t = e.target.closest("[data-toggle]");
    if (!t) return;
    var el = document.getElementById(t.getAttribute("data-toggle"));
    if (!el) return;
    el.classList.toggle("open");
    t.setAttribute("aria-expanded", el.classList.contains("open") ? "true" : "false");
  });
  document.addEventListener("change", function (e) {
    if (e.target.matches("[data-autosubmit]")) e.target.form.submit();
  });

  // ------------------------------------------------------------------ nothing typed is lost
  // Every POST form's fields are kept in this tab's sessionStorage when it is sent, under the page it was
  // on and the signed-in user. When the server could not take the form (the session had expired, the
  // form's CSRF token no longer matched, or a refusal sent the user back to the page), it lands the user
  // back on that page marked "#restore-draft" (or data-restore-draft on <body>), and the fields are put
  // back. Passwords, files and hidden fields (the CSRF token, a version) are never kept.
  var PREFIX = "qa-draft:";

  function userId() { return document.body.getAttribute("data-user") || ""; }

  function postForms() {
    return Array.prototype.filter.call(document.forms, function (f) {
      return (f.getAttribute("method") || "").toLowerCase() === "post" && !f.hasAttribute("data-no-draft") && !f.hasAttribute("data-walkthrough");
    });
  }

  function formKey(form) { return (form.getAttribute("action") || "") + "|" + postForms().indexOf(form); }

  function keptFields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      var type = (el.type || "").toLowerCase();
      return el.name && ["password", "file", "hidden", "submit", "button", "reset"].indexOf(type) < 0 && el.name !== "csrf_token";
    });
  }

  function snapshot(form) {
    var fields = [];
    keptFields(form).forEach(function (el) {
      var type = (el.type || "").toLowerCase();
      if (type === "radio" || type === "checkbox") fields.push([el.name, el.value, el.checked]);
      else if (el.multiple) fields.push([el.name, Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; })]);
      else fields.push([el.name, el.value]);
    });
    return fields;
  }

  function restore(form, fields) {
    var changed = false;
    fields.forEach(function (f) {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name !== f[0] || keptFields(form).indexOf(el) < 0) return;
        var type = (el.type || "").toLowerCase();
        if (type === "radio" || type === "checkbox") {
          if (el.value === f[1] && el.checked !== f[2]) { el.checked = f[2]; changed = true; }
        } else if (el.multiple && Array.isArray(f[1])) {
          Array.prototype.forEach.call(el.options, function (o) { o.selected = f[1].indexOf(o.value) >= 0; });
          changed = true;
        } else if (!Array.isArray(f[1]) && el.value !== f[1]) { el.value = f[1]; changed = true; }
      });
    });
    return changed;
  }

  function storageKey(page) { return PREFIX + page; }
  function here() { return location.pathname + location.search; }

  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); return; }
    var form = e.target;
    if (postForms().indexOf(form) < 0 || !userId()) return;
    try {
      sessionStorage.setItem(storageKey(here()), JSON.stringify({user: userId(), form: formKey(form), fields: snapshot(form)}));
    } catch (err) { /* storage full or disabled: the form is sent all the same */ }
  });

  function notice(text) {
    var main = document.querySelector("main");
    if (!main || !text) return;
    var div = document.createElement("div");
    div.className = "flash flash-info";
    div.setAttribute("role", "status");
    div.setAttribute("data-draft-notice", "");
    div.textContent = text;
    main.insertBefore(div, main.firstChild);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var wanted = location.hash === "#restore-draft" || document.body.hasAttribute("data-restore-draft");
    if (!wanted || !userId()) return;
    if (location.hash === "#restore-draft") history.replaceState(null, "", here());
    var raw = null;
    try { raw = sessionStorage.getItem(storageKey(here())); } catch (err) { return; }
    if (!raw) return;
    var draft;
    try { draft = JSON.parse(raw); } catch (err) { return; }
    sessionStorage.removeItem(storageKey(here()));
    if (draft.user !== userId()) return;  // someone else typed it: never shown to another user
    var form = postForms().filter(function (f) { return formKey(f) === draft.form; })[0];
    if (form && restore(form, draft.fields || [])) {
      notice(document.body.getAttribute("data-draft-restored"));
      form.dispatchEvent(new Event("change", {bubbles: true}));
    }
  });
})();
// A "select all" box ticks every box named by its data-select-all in the same form.
document.addEventListener("change", function (e) {
  var name = e.target.getAttribute && e.target.getAttribute("data-select-all");
  if (!name || !e.target.form) return;
  e.target.form.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (box) { box.checked = e.target.checked; });
});
