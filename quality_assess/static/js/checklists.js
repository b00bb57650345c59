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

  function update() {
    var points = 0, max = 0;
    form.querySelectorAll(".xsd-item").forEach(function (item) {
      var value = chosen(item), itemMax = parseInt(item.getAttribute("data-max"), 10);
      var note = item.querySelector("textarea");
      if (value !== "na") max += itemMax;
      if (value !== "" && value !== "na") points += parseInt(value, 10);
      var needsNote = value !== "" && value !== "na" && parseInt(value, 10) < itemMax;
      item.classList.toggle("xsd-needs-note", needsNote && note && !note.value.trim());
      if (note) note.required = needsNote;
    });
    box.textContent = max ? (points / max * 100).toFixed(2).replace(".", ",") : "—";
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
