// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    var t = e.target.closest("[data-toggle]");
    if (t) { var el = document.getElementById(t.getAttribute("data-toggle")); if (el) el.classList.toggle("open"); }
  });
  document.addEventListener("change", function (e) {
    if (e.target.matches("[data-autosubmit]")) e.target.form.submit();
  });
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
})();
// A "select all" box ticks every box named by its data-select-all in the same form.
document.addEventListener("change", function (e) {
  var name = e.target.getAttribute && e.target.getAttribute("data-select-all");
  if (!name || !e.target.form) return;
  e.target.form.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (box) { box.checked = e.target.checked; });
});
