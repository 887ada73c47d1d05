// Progressive enhancements; every page works without this file.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    // A print button only makes sense when script can open the dialog.
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });

    // Filters fold away on phones, where they would push the results
    // below the fold; wide screens have room to show them open.
    if (window.matchMedia("(min-width: 64em)").matches) {
      document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
        details.open = true;
      });
    }

    // htmx changes the address while the header stays: send the current one.
    document.querySelectorAll("[data-lang-switch]").forEach(function (form) {
      form.addEventListener("submit", function () {
        var next = form.querySelector("input[name=next]");
        if (next) next.value = window.location.pathname + window.location.search;
      });
    });
  });

  // Closed <details> would hide their content on paper.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.setAttribute("open", "");
      details.setAttribute("data-opened-for-print", "");
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-opened-for-print]").forEach(function (details) {
      details.removeAttribute("open");
      details.removeAttribute("data-opened-for-print");
    });
  });
})();
