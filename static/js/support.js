/* Support that is already in the page: shown the moment it applies, with no request, so it
   works offline too; and carried onto the note of a save kept on the phone (outbox-ui.js).
   A block marked data-support-when="name:v1,v2;other:v3" shows while any of those answers is
   chosen in its form. The gentle question's answers only change what the page shows. */
(function () {
  "use strict";

  function rules(block) {
    return block.dataset.supportWhen.split(";").map(function (clause) {
      var parts = clause.split(":");
      return { name: parts[0], values: parts[1].split(",") };
    });
  }

  function applies(block, form) {
    return rules(block).some(function (rule) {
      return Array.prototype.some.call(form.elements, function (input) {
        return input.name === rule.name && input.checked && rule.values.indexOf(input.value) >= 0;
      });
    });
  }

  function update(form) {
    form.querySelectorAll("[data-support-when]").forEach(function (block) {
      block.hidden = !applies(block, form);
    });
  }

  /* Copies of the support blocks showing in a form, for the note that replaces it when the save
     is kept on the phone: the support must not vanish with the form. */
  function shownIn(form) {
    return Array.prototype.filter.call(form.querySelectorAll("[data-support-when]"),
      function (block) { return applies(block, form); }).map(function (block) {
      var copy = block.cloneNode(true);
      copy.hidden = false;
      copy.removeAttribute("data-support-when");
      return copy;
    });
  }

  function answer(button) {
    var ask = button.closest("[data-gentle-ask]");
    var yes = button.dataset.gentleAnswer === "yes";
    ask.querySelector("[data-gentle-yes]").hidden = !yes;
    ask.querySelector("[data-gentle-no]").hidden = yes;
    ask.querySelectorAll("[data-gentle-answer]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b === button));
    });
  }

  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.querySelector("[data-support-when]")) update(form);
  });
  // The answers work in place (without JavaScript, the standalone form opens the support page).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-gentle-answer]");
    if (!button) return;
    event.preventDefault();
    answer(button);
  });
  // No update on load: the server draws the first state (an edited old check-in is not asked).

  window.BefriendSupport = { shownIn: shownIn };
})();
