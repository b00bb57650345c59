// Xanh – Sạch – Đẹp audit form: live score and a reminder that a score below the maximum needs a
// finding. The server checks everything again; the form works without this file.
(function () {
  "use strict";
  var form = document.querySelector(".xsd-form");
  var box = document.querySelector("[data-score]");
  if (!form || !box) return;

  function chosen(item) {
    var input = item.querySelector(".xsd-choices input:checked");
    return input ? input.value : "";
  }

  var scoreBox = document.querySelector("[data-score-box]");
  var pointsBox = scoreBox.querySelector("[data-points]"), bandBox = scoreBox.querySelector("[data-band]");
  var unansweredBox = scoreBox.querySelector("[data-unanswered]");
  var unansweredText = scoreBox.querySelector("template[data-unanswered-text]");
  var bands = JSON.parse(scoreBox.getAttribute("data-bands") || "[]").sort(function (a, b) { return b.min - a.min; });

  function band(score) {  // the hospital's bands, highest first (scoring.band on the server)
    for (var i = 0; i < bands.length; i++) if (score >= bands[i].min) return bands[i].label;
    return "";
  }

  var severeBox = scoreBox.querySelector("[data-severe]"), severeCodes = scoreBox.querySelector("[data-severe-codes]");

  function update() {
    var points = 0, max = 0, unanswered = 0, severe = [];
    form.querySelectorAll(".xsd-item").forEach(function (item) {
      var value = chosen(item), itemMax = parseInt(item.getAttribute("data-max"), 10);
      // an unmet severe-risk item ("nguy cơ cao") forces the lowest band (scoring.grade on the server)
      if (item.getAttribute("data-severe") === "1" && value !== "" && value !== "na" && parseInt(value, 10) < itemMax) {
        severe.push(item.getAttribute("data-code"));
      }
      var note = item.querySelector("textarea");
      if (value === "") unanswered += 1;
      if (value !== "na") max += itemMax;
      if (value !== "" && value !== "na") points += parseInt(value, 10);
      var needsNote = value !== "" && value !== "na" && parseInt(value, 10) < itemMax;
      item.classList.toggle("xsd-needs-note", needsNote && note && !note.value.trim());
      if (note) note.required = needsNote;
    });
    var score = max ? points / max * 100 : null;
    box.textContent = score === null ? "—" : score.toFixed(2).replace(".", ",");
    if (pointsBox) pointsBox.textContent = points + "/" + max;
    var lowest = bands.length ? bands[bands.length - 1].label : "";
    if (bandBox) { bandBox.textContent = severe.length ? lowest : (score === null ? "" : band(score)); bandBox.hidden = !bandBox.textContent; }
    if (severeBox && severeCodes) { severeCodes.textContent = severe.join(", "); severeBox.hidden = severe.length === 0; }
    if (unansweredBox && unansweredText) {
      unansweredBox.textContent = unansweredText.innerHTML.replace("{n}", unanswered);
      unansweredBox.hidden = unanswered === 0;
    }
  }

  form.addEventListener("click", function (e) {
    var button = e.target.closest("button[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) e.preventDefault();
  });
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();

  // A refused save or submit comes back with the items at fault marked: bring the first into view,
  // below the sticky score bar (scroll-margin-top in checklists.css), and put the focus in it.
  var fault = form.querySelector(".xsd-item[data-fault]");
  if (fault) {
    fault.scrollIntoView({block: "start"});
    var target = fault.querySelector(".xsd-choices input:checked") || fault.querySelector("textarea") || fault.querySelector("input");
    if (target) target.focus({preventScroll: true});
  }
})();
