// Shows the level a criterion reaches as the assessor ticks, by the rule of assessments/scoring.py, and makes the
// walk fast: "Đạt tất cả" per level and per criterion (with an undo until the page is saved), keyboard answers,
// a warning (never a block) for contradictory answers, and an autosaved draft per criterion kept in this browser
// until a save moves the result's version on.
// The server recomputes on save and is the authority. The rule itself is exposed as window.QA.levelFromAnswers
// and window.QA.levelFromItems so that tests/browser/test_level_parity.py can hold it to the Python one.
(function () {
  "use strict";

  // scoring.level_from_answers: finding true/false/null, met {2: true/false/null, …}.
  function levelFromAnswers(finding, met) {
    if (finding === true) return 1;
    if (met[2] === false) return 1;
    if (finding === null) return null;
    var level = 1;
    for (var n = 2; n <= 5; n++) {
      if (met[n] === null || met[n] === undefined) return null;
      if (met[n] === false) return level;
      level = n;
    }
    return level;
  }

  // scoring.answers_from_items: items as [[level, "present"|"absent"|"met"|"unmet"|"na"|null], …].
  // No items at all decide nothing: every answer null (an empty list is not "every item met").
  function answersFromItems(items) {
    if (items.length === 0) return {finding: null, met: {2: null, 3: null, 4: null, 5: null}};
    var finding = false, met = {2: true, 3: true, 4: true, 5: true};
    items.forEach(function (item) {
      var level = item[0], value = item[1];
      if (level === 1) {
        if (value === "present") finding = true;
        else if (value === null && finding === false) finding = null;
      } else if (value === "unmet") met[level] = false;
      else if (value === null && met[level] === true) met[level] = null;
    });
    return {finding: finding, met: met};
  }

  function levelFromItems(items) {
    var a = answersFromItems(items);
    return levelFromAnswers(a.finding, a.met);
  }

  function checked(form, name) {
    var el = form.querySelector('input[name="' + name + '"]:checked');
    return el ? el.value : null;
  }

  function itemsOf(form) {
    var items = [], seen = {};
    form.querySelectorAll("input[data-level]").forEach(function (input) {
      if (seen[input.name]) return;
      seen[input.name] = true;
      items.push([parseInt(input.getAttribute("data-level"), 10), checked(form, input.name)]);
    });
    return items;
  }

  function answersFromLevels(form) {
    function yn(name) { var v = checked(form, name); return v === null ? null : v === "yes"; }
    return {finding: yn("finding"), met: {2: yn("met_2"), 3: yn("met_3"), 4: yn("met_4"), 5: yn("met_5")}};
  }

  // A level-1 finding while every higher level is met: possible (the finding decides), but worth a second look.
  function contradictory(a) {
    return a.finding === true && [2, 3, 4, 5].every(function (n) { return a.met[n] === true; });
  }

  function answers(form) {
    return form.getAttribute("data-has-items") === "1" ? answersFromItems(itemsOf(form)) : answersFromLevels(form);
  }

  function update(form) {
    var out = form.querySelector("[data-live-level]");
    if (!out) return;
    var warning = form.querySelector("[data-contradiction]");
    if (warning) warning.hidden = !contradictory(answers(form));
    var na = form.querySelector('input[name="not_applicable"]'), reason = form.querySelector('input[name="na_reason"]');
    if (na && reason) reason.required = na.checked;
    if (na && na.checked) { out.textContent = out.getAttribute("data-na"); out.className = "level level-na"; return; }
    var level;
    if (form.getAttribute("data-has-items") === "1") level = levelFromItems(itemsOf(form));
    else { var a = answersFromLevels(form); level = levelFromAnswers(a.finding, a.met); }
    out.textContent = level === null ? out.getAttribute("data-none") : out.getAttribute("data-prefix") + " " + level;
    out.className = "level level-" + (level === null ? "none" : level);
  }

  window.QA = window.QA || {};
  window.QA.levelFromAnswers = levelFromAnswers;
  window.QA.levelFromItems = levelFromItems;

  // ---------------------------------------------------------------- "Đạt tất cả" and its undo
  function groups(form) { return Array.prototype.slice.call(form.querySelectorAll("fieldset.item")); }

  function state(form) {
    return Array.prototype.map.call(form.querySelectorAll('input[type="radio"]'), function (r) { return r.checked; });
  }

  function setState(form, checks) {
    form.querySelectorAll('input[type="radio"]').forEach(function (r, i) { r.checked = !!checks[i]; });
  }

  function markMet(form, level) {
    var count = 0;
    form.querySelectorAll("input[data-pass]").forEach(function (input) {
      if (level && input.getAttribute("data-group-level") !== String(level)) return;
      if (!input.checked) { input.checked = true; count++; }
    });
    return count;
  }

  function setupBulk(form, changed) {
    var undo = form.querySelector("[data-undo]"), said = form.querySelector("[data-bulk-status]"), before = null;
    form.querySelectorAll("[data-all-met]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var snapshot = state(form);
        var count = markMet(form, button.getAttribute("data-all-met") === "all" ? null : button.getAttribute("data-all-met"));
        if (count > 0) before = snapshot;
        if (said) said.textContent = (said.getAttribute("data-template") || "").replace("%n", count);
        if (undo) undo.hidden = before === null;
        changed();
      });
    });
    if (undo) undo.addEventListener("click", function () {
      if (before === null) return;
      setState(form, before);
      before = null;
      undo.hidden = true;
      if (said) said.textContent = said.getAttribute("data-undone") || "";
      changed();
    });
  }

  // ---------------------------------------------------------------- keyboard
  // J / K: next / previous item; 1, 2, 3: that choice of the current item, then the next item;
  // N or Ctrl+Enter: save and go to the next criterion (plain "Lưu" on the last one).
  function setupKeys(form, changed) {
    var hint = form.querySelector("[data-keys]");
    if (hint) hint.hidden = false;
    function current() { return document.activeElement ? document.activeElement.closest("fieldset.item") : null; }
    function focusGroup(group) {
      if (!group) return;
      var radio = group.querySelector('input[type="radio"]:checked') || group.querySelector('input[type="radio"]');
      if (radio) { radio.focus(); radio.scrollIntoView({block: "center"}); }
    }
    function move(step) {
      var all = groups(form), at = all.indexOf(current());
      focusGroup(all[at < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, at + step))]);
    }
    function saveAndNext() {
      var button = form.querySelector('button[value="next"]') || form.querySelector('button[type="submit"]');
      if (button && !button.disabled) button.click();
    }
    form.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.altKey || e.metaKey) return;
      if (e.key === "Enter" && e.ctrlKey) { e.preventDefault(); saveAndNext(); return; }
      if (e.ctrlKey) return;
      var target = e.target, type = (target.type || "").toLowerCase();
      if (target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && type !== "radio" && type !== "checkbox")) return;
      var key = e.key.toLowerCase();
      if (key === "j") { e.preventDefault(); move(1); }
      else if (key === "k") { e.preventDefault(); move(-1); }
      else if (key === "n") { e.preventDefault(); saveAndNext(); }
      else if (/^[1-3]$/.test(key)) {
        var group = current();
        if (!group) return;
        var choice = group.querySelectorAll('input[type="radio"]')[parseInt(key, 10) - 1];
        if (!choice) return;
        e.preventDefault();
        choice.checked = true;
        changed();
        move(1);
      }
    });
  }

  // ---------------------------------------------------------------- the autosaved draft
  // localStorage "qa-walk:<user>:<round>:<code>" holds the answers not yet saved, with the version of the result
  // they were typed over. Shown again on this criterion while that version is still the stored one; a save (the
  // version moves on) or "Bỏ bản nháp" removes it.
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && (el.type === "radio" || el.type === "checkbox" || el.type === "text" || el.tagName === "TEXTAREA");
    });
  }

  function values(form) {
    return fields(form).map(function (el) { return el.type === "radio" || el.type === "checkbox" ? el.checked : el.value; });
  }

  function putValues(form, list) {
    fields(form).forEach(function (el, i) {
      if (i >= list.length) return;
      if (el.type === "radio" || el.type === "checkbox") el.checked = !!list[i]; else el.value = list[i];
    });
  }

  function setupDraft(form) {
    var user = document.body.getAttribute("data-user"), key = form.getAttribute("data-draft-key");
    var versionInput = form.querySelector('input[name="version"]');
    if (!user || !key || !versionInput || form.querySelector("fieldset[disabled]")) return function () {};
    key = "qa-walk:" + user + ":" + key;
    var version = versionInput.value, stored = values(form), store = window.localStorage;
    var notice = form.querySelector("[data-draft-notice]");
    try {
      var draft = JSON.parse(store.getItem(key) || "null");
      if (draft && draft.version === version && JSON.stringify(draft.values) !== JSON.stringify(stored)) {
        putValues(form, draft.values);
        if (notice) notice.hidden = false;
      } else if (draft) store.removeItem(key);
    } catch (err) { /* no storage: no draft */ }
    var discard = form.querySelector("[data-draft-discard]");
    if (discard) discard.addEventListener("click", function () {
      putValues(form, stored);
      try { store.removeItem(key); } catch (err) { /* nothing kept */ }
      notice.hidden = true;
      update(form);
    });
    return function save() {
      try {
        var now = values(form);
        if (JSON.stringify(now) === JSON.stringify(stored)) store.removeItem(key);
        else store.setItem(key, JSON.stringify({version: version, values: now}));
      } catch (err) { /* storage full or disabled */ }
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-walkthrough]").forEach(function (form) {
      var keep = setupDraft(form);
      function changed() { update(form); keep(); }
      form.addEventListener("change", changed);
      form.addEventListener("input", keep);
      if (!form.querySelector("fieldset[disabled]")) { setupBulk(form, changed); setupKeys(form, changed); }
      update(form);
    });
  });
})();
