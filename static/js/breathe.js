/* Breathing pacers. Any [data-pacer] element on any page becomes one (data-pattern="in,hold,out,hold"
   seconds, data-seconds total or empty for no end, optional data-cycles) and fires "pacer:done"
   when it ends. Timing comes from performance.now() through BreatheCore, so it never drifts.
   With "Read it to me" on (speak.js), each phase's word is spoken as it begins. */
(function () {
  "use strict";
  var core = window.BreatheCore;
  var PREFS = "befriend-breathe";
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  function prefs() {
    try { return JSON.parse(localStorage.getItem(PREFS)) || {}; } catch (e) { return {}; }
  }
  function savePrefs(values) { localStorage.setItem(PREFS, JSON.stringify(values)); }

  // Only once the person has tapped Start: speak.js never talks unasked.
  function speak(word) {
    var voice = window.BefriendSpeak;
    if (voice && voice.prefs().read) voice.say([word]);
  }
  function hush() { if (window.BefriendSpeak) window.BefriendSpeak.cancel(); }

  function make(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function Pacer(el) {
    this.el = el;
    this.running = false;
    var box = make("div", "pacer");
    var stage = make("div", "pacer-stage");
    stage.setAttribute("aria-hidden", "true");
    this.shape = stage.appendChild(make("div", "pacer-shape"));
    this.count = stage.appendChild(make("span", "pacer-count"));
    this.word = make("p", "pacer-word", "Ready when you are");
    this.word.setAttribute("aria-live", "polite");
    this.bar = make("progress", "pacer-progress");
    this.bar.max = 1;
    this.bar.value = 0;
    this.bar.setAttribute("aria-label", "How far through this part of the breath");
    this.time = make("p", "pacer-time muted");
    var actions = make("div", "actions pacer-actions");
    this.startButton = actions.appendChild(make("button", "", "Start"));
    this.pauseButton = actions.appendChild(make("button", "secondary", "Pause"));
    this.stopButton = actions.appendChild(make("button", "secondary", "Stop"));
    [this.startButton, this.pauseButton, this.stopButton].forEach(function (b) { b.type = "button"; });
    var keys = make("p", "hint keys", "Keys: Space starts or pauses, Escape stops.");
    box.append(stage, this.word, this.bar, this.time, actions, keys);
    el.textContent = "";
    el.append(box);
    this.box = box;
    this.startButton.addEventListener("click", this.toggle.bind(this));
    this.pauseButton.addEventListener("click", this.toggle.bind(this));
    this.stopButton.addEventListener("click", this.stop.bind(this, false));
    box.addEventListener("keydown", this.key.bind(this));
    this.tick = this.tick.bind(this);
    reduceMotion.addEventListener("change", this.motion.bind(this));
    this.motion();
    this.configure();
  }

  Pacer.prototype.motion = function () {
    // Reduced motion: no growing shape, the phase word with a countdown and a progress bar.
    this.box.classList.toggle("pacer-text", reduceMotion.matches);
  };

  Pacer.prototype.configure = function () {
    this.phases = core.parse(this.el.dataset.pattern) || core.parse("5.5,0,5.5,0");
    var cycles = parseInt(this.el.dataset.cycles, 10);
    this.cycles = cycles > 0 ? cycles : core.cyclesFor(this.phases, Number(this.el.dataset.seconds));
    if (!this.running && !this.paused) this.idle();
  };

  Pacer.prototype.idle = function () {
    this.startButton.hidden = false;
    this.pauseButton.hidden = true;
    this.stopButton.hidden = true;
    this.box.classList.remove("is-running");
    this.shape.style.setProperty("--breath", "0");
    this.count.textContent = "";
    this.bar.value = 0;
    this.time.textContent = this.cycles
      ? "About " + core.clock(this.cycles * core.cycleLength(this.phases)) + " (" + this.cycles +
        (this.cycles === 1 ? " breath)" : " breaths)")
      : "No set end: stop whenever you like.";
  };

  Pacer.prototype.elapsed = function (now) {
    return ((this.paused ? this.pausedAt : now) - this.started - this.pausedFor) / 1000;
  };

  Pacer.prototype.toggle = function () {
    var now = performance.now();
    if (!this.running && !this.paused) {
      this.options = Object.assign({ haptics: true, tone: false, awake: true }, prefs().options);
      this.started = now;
      this.pausedFor = 0;
      this.lastPhase = null;
      this.running = true;
      this.el.dispatchEvent(new CustomEvent("pacer:start", { bubbles: true }));
      if (this.options.tone) this.audio();
    } else if (this.running) {
      this.running = false;
      this.paused = true;
      this.pausedAt = now;
      this.word.textContent = "Paused";
      this.pauseButton.textContent = "Resume";
      this.release();
      hush();
      return;
    } else {
      this.pausedFor += now - this.pausedAt;
      this.lastPhase = null;  // say the phase again on resuming
      this.paused = false;
      this.running = true;
    }
    this.pauseButton.textContent = "Pause";
    this.startButton.hidden = true;
    this.pauseButton.hidden = false;
    this.stopButton.hidden = false;
    this.box.classList.add("is-running");
    this.pauseButton.focus();
    this.awake();
    requestAnimationFrame(this.tick);
  };

  Pacer.prototype.tick = function () {
    if (!this.running) return;
    var state = core.at(this.phases, this.elapsed(performance.now()), this.cycles);
    if (state.done) return this.stop(true, state.elapsed);
    var phaseKey = state.cycle + ":" + state.index;
    if (phaseKey !== this.lastPhase) {
      this.lastPhase = phaseKey;
      this.word.textContent = state.word;
      this.box.dataset.phase = state.kind;
      this.cue(state.kind);
      speak(state.word);
    }
    this.shape.style.setProperty("--breath", state.scale.toFixed(3));
    this.count.textContent = core.countdown(state.remaining);
    this.bar.value = state.progress;
    this.time.textContent = state.left === null ? core.clock(state.elapsed)
      : core.clock(state.left) + " left";
    requestAnimationFrame(this.tick);
  };

  Pacer.prototype.stop = function (finished, elapsed) {
    if (!this.running && !this.paused) return;
    var seconds = Math.round(elapsed === undefined ? this.elapsed(performance.now()) : elapsed);
    this.running = false;
    this.paused = false;
    this.release();
    hush();
    this.idle();
    delete this.box.dataset.phase;
    this.word.textContent = finished ? "Well done. Let your breath find its own pace."
      : "Stopped. Any breath you took counts.";
    this.startButton.textContent = "Start again";
    this.startButton.focus();
    this.el.dispatchEvent(new CustomEvent("pacer:done", { bubbles: true, detail: {
      seconds: seconds, finished: finished, pattern: this.el.dataset.pattern,
      slug: this.el.dataset.slug || "custom" } }));
  };

  Pacer.prototype.key = function (event) {
    if (event.key === "Escape") { this.stop(false); event.preventDefault(); }
    if (event.key === " " && event.target.tagName !== "BUTTON") { this.toggle(); event.preventDefault(); }
  };

  Pacer.prototype.cue = function (kind) {
    if (this.options.haptics && navigator.vibrate) navigator.vibrate(kind === "out" ? [15, 60, 15] : 25);
    if (!this.options.tone || !this.sound) return;
    var ctx = this.sound;
    var t = ctx.currentTime;
    var osc = ctx.createOscillator();
    var gain = ctx.createGain();
    osc.type = "sine";
    osc.frequency.value = { in: 392, top: 440, hold: 330, out: 294, rest: 262 }[kind] || 330;
    gain.gain.setValueAtTime(0, t);
    gain.gain.linearRampToValueAtTime(0.05, t + 0.08);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.9);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + 1);
  };

  Pacer.prototype.audio = function () {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (Context && !this.sound) this.sound = new Context();
    if (this.sound && this.sound.state === "suspended") this.sound.resume();
  };

  Pacer.prototype.awake = function () {
    var self = this;
    if (!this.options.awake || !navigator.wakeLock || this.lock) return;
    navigator.wakeLock.request("screen").then(function (lock) { self.lock = lock; }, function () {});
  };

  Pacer.prototype.release = function () {
    if (this.lock) this.lock.release().catch(function () {});
    this.lock = null;
  };

  function init(root) {
    (root || document).querySelectorAll("[data-pacer]").forEach(function (el) {
      if (!el.pacer) el.pacer = new Pacer(el);
    });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "visible") return;
    document.querySelectorAll("[data-pacer]").forEach(function (el) {
      if (el.pacer && el.pacer.running) { el.pacer.lock = null; el.pacer.awake(); }
    });
  });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
  window.BefriendBreathe = { init: init };
  function start() { init(document); setupPage(); }
  // Practice pages load this file after the page itself (practice.js), when DOMContentLoaded is past.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  /* ---- The Breathe page: choices, remembered on the phone, and recording a session ---- */
  function setupPage() {
    var setup = document.querySelector("[data-breathe-setup]");
    var pacerEl = document.querySelector("[data-pacer][data-main]");
    if (!setup || !pacerEl) return;
    var custom = setup.querySelector("[data-custom]");
    var phaseInputs = Array.prototype.slice.call(custom.querySelectorAll("[data-phase]"));
    var saved = prefs();
    var params = new URLSearchParams(window.location.search);

    function check(name, value) {
      var input = setup.querySelector("input[name=" + name + "][value='" + value + "']");
      if (input) input.checked = true;
    }
    if (!params.has("pattern") && saved.pattern) check("pattern", saved.pattern);
    if (!params.has("minutes") && saved.minutes) check("minutes", saved.minutes);
    if (saved.custom) phaseInputs.forEach(function (input, i) { input.value = saved.custom[i]; });
    setup.querySelectorAll("[data-option]").forEach(function (box) {
      if (saved.options && box.dataset.option in saved.options) box.checked = saved.options[box.dataset.option];
    });

    function chosen(name) {
      var input = setup.querySelector("input[name=" + name + "]:checked");
      return input ? input : null;
    }

    function apply() {
      var pattern = chosen("pattern");
      var isCustom = pattern && pattern.value === "custom";
      custom.hidden = !isCustom;
      var spec = isCustom ? phaseInputs.map(function (i) { return i.value || "0"; }).join(",")
        : pattern.dataset.spec;
      var problem = custom.querySelector(".error");
      if (problem) problem.remove();
      if (!core.parse(spec)) {
        problem = make("p", "error", "Use half-second steps up to 30, with some time to breathe in and out.");
        problem.setAttribute("role", "alert");
        custom.append(problem);
        return;
      }
      var length = (chosen("minutes") || { value: "1" }).value;
      pacerEl.dataset.pattern = spec;
      pacerEl.dataset.slug = pattern.value;
      pacerEl.dataset.seconds = /^\d+$/.test(length) ? String(Number(length) * 60) : "";
      pacerEl.dataset.cycles = length === "breaths" ? "3" : "";
      var options = {};
      setup.querySelectorAll("[data-option]").forEach(function (box) { options[box.dataset.option] = box.checked; });
      savePrefs({ pattern: pattern.value, minutes: length, options: options,
        custom: phaseInputs.map(function (i) { return i.value; }) });
      pacerEl.pacer.configure();
    }

    // "Read it to me" and its speed, drawn by speak.js once the page has loaded.
    var speakMeta = document.querySelector('meta[name="befriend-speak"]');
    var speakHere = setup.querySelector("[data-speak-here]");
    function speakControls() {
      var ready = window.BefriendSpeak ? Promise.resolve()
        : window.Befriend.loadScripts(speakMeta.content);
      ready.then(function () { window.BefriendSpeak.controls(speakHere); }).catch(function () {});
    }
    if (speakMeta && speakHere && window.Befriend) {
      if (document.readyState === "complete") speakControls();
      else window.addEventListener("load", speakControls);
    }

    setup.addEventListener("change", apply);
    setup.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    apply();
    pacerEl.addEventListener("pacer:start", function () { setup.classList.add("is-quiet"); });

    var holder = document.getElementById("breathing-record");
    var blank = holder && holder.querySelector("[data-breathing-record]");
    blank = blank && blank.cloneNode(true);
    var then = document.querySelector("[data-then]");

    pacerEl.addEventListener("pacer:done", function (event) {
      setup.classList.remove("is-quiet");
      var d = event.detail;
      var recording = blank && (d.finished || d.seconds >= 10);
      if (then && d.finished) {
        if (recording) {
          document.addEventListener("outbox:settled", function () { window.location.assign(then.href); }, { once: true });
        } else {
          window.location.assign(then.href);
        }
      }
      if (!recording) return;
      var form = blank.cloneNode(true);
      holder.textContent = "";
      holder.append(form);
      form.elements.pattern.value = d.slug;
      form.elements.spec.value = d.pattern;
      form.elements.seconds.value = String(Math.max(1, d.seconds));
      form.elements.finished_at.value = new Date().toISOString();
      form.requestSubmit();
    });
  }
})();
