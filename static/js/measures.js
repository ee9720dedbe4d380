/* Questionnaires on phones: one question per screen. Without this file, all show on one page.
   Choosing an answer moves on to the next question by itself (a PHQ-9 is nine taps and a
   submit); Back is there from the second question on, so a slip of the finger is one tap to
   undo. An answer that brings up support (PHQ-9's question 9) does not move on: the person stays
   with the crisis card that has just appeared, and goes on with Next when ready. */
(function () {
  "use strict";

  var PHONE = "(max-width: 47.99rem)";
  var SETTLE_MS = 250;  // long enough to see the chosen answer marked before the next question

  function bringsSupport(form, input) {
    return Array.prototype.some.call(form.querySelectorAll("[data-support-when]"), function (block) {
      return block.dataset.supportWhen.split(";").some(function (clause) {
        var parts = clause.split(":");
        return parts[0] === input.name && parts[1].split(",").indexOf(input.value) >= 0;
      });
    });
  }

  function setup(form) {
    if (form.dataset.stepping || !window.matchMedia(PHONE).matches) return;
    form.dataset.stepping = "true";
    var steps = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
    var scored = steps.filter(function (step) { return !step.hasAttribute("data-follow-up"); }).length;
    var nav = form.querySelector("[data-step-nav]");
    var back = nav.querySelector("[data-back]");
    var next = nav.querySelector("[data-next]");
    var progress = nav.querySelector("[data-progress]");
    var submit = form.querySelector("[data-submit]");
    var error = form.querySelector(".has-error[data-step]");
    var current = Math.max(0, steps.indexOf(error));
    var timer = null;

    function answered(step) { return Boolean(step.querySelector("input[type=radio]:checked")); }

    function show(index, focus) {
      clearTimeout(timer);
      current = index;
      steps.forEach(function (step, i) { step.hidden = i !== index; });
      back.hidden = index === 0;
      // A tap moves on by itself; Next is for an answer already given (after Back, after the
      // keyboard, or beside the support an answer brought up).
      next.hidden = index === steps.length - 1 || !answered(steps[index]);
      submit.hidden = index !== steps.length - 1;
      progress.textContent = index < scored
        ? "Question " + (index + 1) + " of " + scored
        : "One last question, if you like";
      if (focus) steps[index].querySelector("legend").focus();
    }

    nav.hidden = false;
    form.classList.add("stepping");
    back.addEventListener("click", function () { if (current > 0) show(current - 1, true); });
    next.addEventListener("click", function () {
      if (current < steps.length - 1) show(current + 1, true);
    });
    // Only a tap or click moves on: arrow keys also change a radio, and must not jump away.
    var tapped = 0;
    form.addEventListener("pointerdown", function () { tapped = Date.now(); });
    form.addEventListener("change", function (event) {
      var input = event.target;
      if (input.type !== "radio" || current >= steps.length - 1) return;
      if (!steps[current].contains(input)) return;
      next.hidden = false;
      if (Date.now() - tapped > 1500 || bringsSupport(form, input)) return;
      var from = current;
      clearTimeout(timer);
      timer = setTimeout(function () { if (current === from) show(from + 1, true); }, SETTLE_MS);
    });
    show(current, false);
  }

  function setupAll(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("[data-measure]").forEach(setup);
  }

  document.addEventListener("DOMContentLoaded", function () { setupAll(document); });
  // A 422 answer is swapped in place of the form: set the new one up too.
  document.addEventListener("htmx:load", function (event) { setupAll(event.target.parentNode || document); });
})();
