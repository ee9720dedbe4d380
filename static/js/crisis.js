/* Crisis page and safety plan: choosing a country works offline, and the plan prints. */
(function () {
  "use strict";

  // Every country is already on the page: choosing one opens it in place, no network needed.
  function setupPicker(form) {
    form.addEventListener("submit", function (event) {
      var code = form.elements.country.value;
      if (code === form.dataset.home) {
        event.preventDefault();
        var home = document.getElementById("home-country");
        home.scrollIntoView({ block: "start" });
        return;
      }
      var section = document.getElementById("country-" + code);
      if (!section) return;
      event.preventDefault();
      var list = section.parentNode;
      list.insertBefore(section, list.firstChild);
      section.open = true;
      section.querySelector("summary").focus();
      section.scrollIntoView({ block: "start" });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-country-picker]").forEach(setupPicker);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
