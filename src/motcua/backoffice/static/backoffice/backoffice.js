// Back office enhancements; every screen works without this file.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    // Enter in a text box must not press the first button of the long
    // reception form (it would drop the attached files); only buttons submit.
    document.querySelectorAll("form[data-no-enter-submit]").forEach(function (form) {
      form.addEventListener("keydown", function (event) {
        var target = event.target;
        if (event.key === "Enter" && target.tagName === "INPUT" &&
            ["submit", "button", "checkbox", "radio", "file"].indexOf(target.type) === -1) {
          event.preventDefault();
        }
      });
    });

    // After a refused submission, bring the list of problems into view.
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  });
})();
