/* Practices one step at a time: progress, back/next, branching. Without this file the practice is
   one long form that still works; answers stay in the page and are sent once, at the end. */
(function () {
  "use strict";

  function init(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    var steps = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
    var progress = form.querySelector("[data-progress]");
    var stepper = form.querySelector("[data-stepper]");
    var back = form.querySelector("[data-back]");
    var next = form.querySelector("[data-next]");
    var breathe = form.querySelector("[data-breathe-toggle]");
    var started = form.querySelector("[data-started-at]");
    var trail = [];
    var current = 0;
    if (started && !started.value) started.value = new Date().toISOString();

    function indexOf(id) {
      for (var i = 0; i < steps.length; i++) if (steps[i].dataset.step === id) return i;
      return -1;
    }
    function skipped(step) {
      if (step.hasAttribute("data-branch")) return true;
      return step.hasAttribute("data-breathe-first") && breathe && !breathe.checked;
    }
    // Where "Next" leads: a choice may branch (e.g. to unblending), otherwise the next step in order.
    function following(i) {
      var chosen = steps[i].querySelector("input[type=radio]:checked");
      var target = chosen && chosen.dataset.goto ? indexOf(chosen.dataset.goto) : -1;
      if (target >= 0) return target;
      for (var j = i + 1; j < steps.length; j++) if (!skipped(steps[j])) return j;
      return -1;
    }
    function remaining(i) {
      var count = 0;
      while ((i = following(i)) >= 0 && count < steps.length) count++;
      return count;
    }
    function show(i, focus) {
      current = i;
      steps.forEach(function (step, k) { step.hidden = k !== i; });
      var position = trail.length + 1;
      progress.textContent = "Step " + position + " of " + (position + remaining(i));
      back.hidden = trail.length === 0;
      next.hidden = following(i) < 0;
      var heading = steps[i].querySelector("h2");
      if (focus && heading) heading.focus();
    }

    next.addEventListener("click", function () {
      var j = following(current);
      if (j < 0) return;
      trail.push(current);
      show(j, true);
    });
    back.addEventListener("click", function () {
      if (trail.length) show(trail.pop(), true);
    });
    // The outbox may not send the pressed button, so its meaning travels in a hidden field too.
    form.addEventListener("click", function (event) {
      var button = event.target.closest("[data-submit-finished]");
      if (button) form.querySelector("[data-finished]").value = button.dataset.submitFinished;
    });
    form.addEventListener("submit", function () {
      form.querySelector("[data-finished-at]").value = new Date().toISOString();
    }, true);

    form.classList.add("stepping");
    progress.hidden = false;
    stepper.hidden = false;
    // After a 422 the form comes back with errors: open on the first step that needs a look.
    var problem = form.querySelector(".has-error");
    var start = problem ? steps.indexOf(problem.closest("[data-step]")) : 0;
    for (var i = 0; start > 0 && i !== start && i >= 0 && trail.length < steps.length;) {
      trail.push(i);
      i = following(i);
    }
    show(Math.max(start, 0), Boolean(problem));
  }

  function scan(root) {
    if (root.matches && root.matches("form[data-practice]")) init(root);
    if (root.querySelectorAll) root.querySelectorAll("form[data-practice]").forEach(init);
  }
  /* The breathing pacer is only needed once the page is up, so its scripts come after it. */
  function loadPacer() {
    var meta = document.querySelector('meta[name="befriend-pacer"]');
    if (!meta || window.BefriendBreathe || !window.Befriend) return;
    window.Befriend.loadScripts(meta.content).catch(function () {});
  }
  if (document.readyState === "complete") loadPacer();
  else window.addEventListener("load", loadPacer);

  scan(document);
  new MutationObserver(function (records) {
    records.forEach(function (record) { record.addedNodes.forEach(scan); });
  }).observe(document.body, { childList: true, subtree: true });
})();
