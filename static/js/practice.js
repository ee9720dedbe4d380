/* Practices one step at a time: progress, back/next, branching. The route comes from the page:
   every step carries its successor (data-then) and every choice its target (data-goto), both
   written by the server from the practice's graph, so this file never decides a path of its own
   and never falls through to the next step in the page. Without this file the server shows one
   screen at a time along the same graph. Answers stay in the page and are sent once, at the end.
   The practice's title and summary show on the first screen only. "Read it to me", the timed
   pauses and hands-free mode come from speak.js, fetched after the page has loaded. */
(function () {
  "use strict";

  var END = "end";
  var FINISH = "finish";

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
    var at = form.querySelector("[data-at]");
    var head = document.querySelector("[data-practice-head]");
    var trail = [];
    var current = 0;
    var guide = null;
    if (started && !started.value) started.value = new Date().toISOString();

    function indexOf(id) {
      if (id === END) id = FINISH;
      for (var i = 0; i < steps.length; i++) if (steps[i].dataset.step === id) return i;
      return -1;
    }
    function radios(step) { return step.querySelectorAll("input[type=radio]"); }
    // The successor named by the page; for a choice not yet made, -1 (or, when only estimating
    // how many steps are left, the first option's target).
    function following(i, estimate) {
      var step = steps[i];
      if (step.dataset.step === FINISH) return -1;
      if (step.hasAttribute("data-then-breathe") && breathe && breathe.checked) {
        return indexOf(step.dataset.thenBreathe);
      }
      var options = radios(step);
      if (!options.length) return indexOf(step.dataset.then);
      var chosen = step.querySelector("input[type=radio]:checked");
      if (chosen) return indexOf(chosen.dataset.goto);
      return estimate ? indexOf(options[0].dataset.goto) : -1;
    }
    function remaining(i) {
      var count = 0;
      while ((i = following(i, true)) >= 0 && count < steps.length) count++;
      return count;
    }
    function show(i, focus, how) {
      current = i;
      at.value = steps[i].dataset.step;
      steps.forEach(function (step, k) { step.hidden = k !== i; });
      var position = trail.length + 1;
      progress.textContent = "Step " + position + " of " + (position + remaining(i));
      back.hidden = trail.length === 0;
      next.hidden = steps[i].dataset.step === FINISH;
      if (head) {
        head.querySelector("h1").classList.toggle("visually-hidden", i !== 0);
        head.querySelector("[data-summary]").hidden = i !== 0;
      }
      var heading = steps[i].querySelector("h2");
      if (focus && heading) {
        // Each step starts at the top: its own words, in view, above the controls.
        window.scrollTo(0, 0);
        heading.focus({ preventScroll: true });
      }
      if (guide) guide.show(steps[i], how || "tap");
    }

    function goNext(how) {
      var j = following(current, false);
      var hint = steps[current].querySelector("[data-choose-hint]");
      if (j < 0) {
        if (hint) { hint.hidden = false; radios(steps[current])[0].focus(); }
        return;
      }
      if (hint) hint.hidden = true;
      trail.push(current);
      show(j, true, how);
    }
    next.addEventListener("click", function () { goNext("tap"); });
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
      if (guide) guide.halt();
    }, true);

    // The server's own Next/Back buttons are for pages without JavaScript: switch them off (a
    // disabled first button also keeps Enter in a field from sending the form).
    form.querySelectorAll("[data-nojs]").forEach(function (el) {
      el.hidden = true;
      el.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      if (el.matches("button")) el.disabled = true;
    });
    form.classList.add("stepping");
    stepper.hidden = false;
    // After a 422 the server says which screen needs a look: walk the graph to it, so Back works.
    var start = Math.max(indexOf(at.value), 0);
    for (var i = 0; start > 0 && i !== start && i >= 0 && trail.length < steps.length;) {
      trail.push(i);
      i = following(i, false);
    }
    if (trail.length && trail[trail.length - 1] < 0) trail = [];
    show(start, start > 0, "load");
    form.attachGuide = function (speak) {
      if (guide) return;
      guide = speak.guide(form, { current: function () { return steps[current]; },
        advance: function () { goNext("auto"); } });
    };
    if (window.BefriendSpeak) form.attachGuide(window.BefriendSpeak);
  }

  function scan(root) {
    if (root.matches && root.matches("form[data-practice]")) init(root);
    if (root.querySelectorAll) root.querySelectorAll("form[data-practice]").forEach(init);
  }
  /* Reading aloud and the breathing pacer are only needed once the page is up, so their scripts
     come after it (speak.js first: the pacer speaks through it). */
  function loadLater() {
    if (!window.Befriend) return;
    var speak = document.querySelector('meta[name="befriend-speak"]');
    var pacer = document.querySelector('meta[name="befriend-pacer"]');
    var ready = speak && !window.BefriendSpeak ? window.Befriend.loadScripts(speak.content)
      : Promise.resolve();
    ready.then(function () {
      if (window.BefriendSpeak) {
        document.querySelectorAll("form[data-practice]").forEach(function (form) {
          if (form.attachGuide) form.attachGuide(window.BefriendSpeak);
        });
      }
    }).catch(function () {}).then(function () {
      if (pacer && !window.BefriendBreathe) return window.Befriend.loadScripts(pacer.content);
    }).catch(function () {});
  }
  if (document.readyState === "complete") loadLater();
  else window.addEventListener("load", loadLater);

  // The page as drawn, and every fragment htmx (or the outbox, through htmx.swap) puts in it.
  scan(document);
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
})();
