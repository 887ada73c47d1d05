// Online filing: a ticked "correct this" box opens its field at once
// (without script the field opens when the form is shown again).
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.name || box.name.slice(-9) !== "__correct") return;
    var field = box.form && box.form.elements[box.name.slice(0, -9)];
    if (!field) return;
    var inputs = field.tagName ? [field] : Array.prototype.slice.call(field);
    inputs.forEach(function (input) {
      var text = input.tagName === "TEXTAREA" || input.type === "text" ||
        input.type === "tel" || input.type === "email";
      if (text) input.readOnly = !box.checked;
      else input.disabled = !box.checked;
    });
    if (box.checked) inputs[0].focus();
  });
})();
