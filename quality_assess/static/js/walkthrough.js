// Shows the level a criterion reaches as the assessor ticks, by the rule of assessments/scoring.py.
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

  function update(form) {
    var out = form.querySelector("[data-live-level]");
    if (!out) return;
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

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-walkthrough]").forEach(function (form) {
      form.addEventListener("change", function () { update(form); });
      update(form);
    });
  });
})();
