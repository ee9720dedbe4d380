/* Questionnaires on phones: one question per screen. Without this file, all show on one page. */
(function () {
  "use strict";

  var PHONE = "(max-width: 47.99rem)";

  function setup(form) {
    if (form.dataset.stepping || !window.matchMedia(PHONE).matches) return;
    form.dataset.stepping = "true";
    var steps = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
    var nav = form.querySelector("[data-step-nav]");
    var back = nav.querySelector("[data-back]");
    var next = nav.querySelector("[data-next]");
    var progress = nav.querySelector("[data-progress]");
    var submit = form.querySelector("[data-submit]");
    var error = form.querySelector(".has-error[data-step]");
    var current = Math.max(0, steps.indexOf(error));

    function show(index, focus) {
      current = index;
      steps.forEach(function (step, i) { step.hidden = i !== index; });
      back.disabled = index === 0;
      next.hidden = index === steps.length - 1;
      submit.hidden = index !== steps.length - 1;
      progress.textContent = "Question " + (index + 1) + " of " + steps.length;
      if (focus) steps[index].querySelector("legend").focus();
    }

    nav.hidden = false;
    form.classList.add("stepping");
    back.addEventListener("click", function () { if (current > 0) show(current - 1, true); });
    next.addEventListener("click", function () {
      if (current < steps.length - 1) show(current + 1, true);
    });
    // No auto-advance: a slip of the finger never skips a question unseen.
    show(current, false);
  }

  function setupAll(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("[data-measure]").forEach(setup);
  }

  document.addEventListener("DOMContentLoaded", function () { setupAll(document); });
  // A 422 answer is swapped in place of the form: set the new one up too.
  document.addEventListener("htmx:load", function (event) { setupAll(event.target.parentNode || document); });
})();
