// Xanh – Sạch – Đẹp "new audit" form: offer only the templates that apply to the chosen department
// (an option's data-departments lists them; empty: hospital-wide). The server checks it again.
(function () {
  "use strict";
  var department = document.querySelector("[data-department-select]");
  var template = document.querySelector("[data-template-select]");
  if (!department || !template) return;

  function applies(option) {
    var given = (option.getAttribute("data-departments") || "").split(" ").filter(Boolean);
    return given.length === 0 || given.indexOf(department.value) !== -1;
  }

  function update() {
    var first = null;
    Array.prototype.forEach.call(template.options, function (option) {
      var ok = applies(option);
      option.hidden = !ok;
      option.disabled = !ok;
      if (ok && first === null) first = option;
    });
    var chosen = template.options[template.selectedIndex];
    if ((!chosen || chosen.disabled) && first) first.selected = true;
  }

  department.addEventListener("change", update);
  update();
})();
