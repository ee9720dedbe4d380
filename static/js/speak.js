/* "Read it to me" and timed pauses, for following a practice or a breath with eyes closed.
   Speech is the browser's own speechSynthesis (an on-device voice first: it works offline), off
   until the person turns it on with a tap, so it never starts talking over a screen reader. A
   step's stay time is a calm countdown, held in silence after the words; in hands-free mode a
   step with nothing to answer moves on by itself, and a soft chime marks each new step.
   practice.js and breathe.js fetch this file after the page has loaded and use the small API at
   the bottom (window.BefriendSpeak); node's test runner uses the plain functions. */
(function (root) {
  "use strict";

  /* The voice to ask for: one on the phone itself (no network needed) in the page's language,
     then any voice in that language; none (the browser's default) when nothing matches. */
  function pickVoice(voices, lang) {
    var want = String(lang || "en").toLowerCase().split(/[-_]/)[0];
    var same = (voices || []).filter(function (v) {
      return String(v.lang || "").toLowerCase().split(/[-_]/)[0] === want;
    });
    return same.filter(function (v) { return v.localService; })[0] || same[0] || null;
  }

  function secondsText(seconds) {
    var s = Math.max(0, Math.ceil(seconds - 1e-9));
    return s === 1 ? "1 second" : s + " seconds";
  }

  var pure = { pickVoice: pickVoice, secondsText: secondsText };
  if (typeof module === "object" && module.exports) { module.exports = pure; return; }

  var synth = root.speechSynthesis;
  var Utterance = root.SpeechSynthesisUtterance;
  var supported = !!(synth && typeof synth.speak === "function" && typeof Utterance === "function");
  var KEY = "befriend-speak";
  var RATES = { slower: 0.8, normal: 1 };
  var reduceMotion = root.matchMedia("(prefers-reduced-motion: reduce)");
  var run = 0;  // every say() and cancel() starts a new run; an older run's callbacks do nothing
  var audio = null;
  var meta = document.querySelector('meta[name="befriend-speak"]');
  if (meta && meta.dataset.css) {
    var sheet = document.createElement("link");
    sheet.rel = "stylesheet";
    sheet.href = meta.dataset.css;
    document.head.append(sheet);
  }

  function prefs() {
    var saved = {};
    try { saved = JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { /* defaults */ }
    return { read: supported && saved.read === true, rate: RATES[saved.rate] ? saved.rate : "normal",
      handsfree: saved.handsfree === true };
  }
  function save(changes) {
    var next = Object.assign(prefs(), changes);
    try { localStorage.setItem(KEY, JSON.stringify(next)); } catch (e) { /* private mode */ }
    document.dispatchEvent(new CustomEvent("speak:prefs", { detail: next }));
  }

  function cancel() {
    run++;
    if (supported) synth.cancel();
  }

  /* Speak the texts one after another, then call done. Returns {at}: the text being spoken, so
     a pause can pick up where it stopped. A browser that never says "end" is not waited on
     forever: the next text is queued after a generous guess (the engine still queues it). */
  function say(texts, done) {
    cancel();
    var mine = run;
    var state = { at: 0 };
    if (!supported) return state;
    function next() {
      if (mine !== run) return;
      if (state.at >= texts.length) { if (done) done(); return; }
      var text = texts[state.at];
      var utterance = new Utterance(text);
      utterance.rate = RATES[prefs().rate];
      utterance.lang = document.documentElement.lang || "en";
      var voice = pickVoice(synth.getVoices(), utterance.lang);
      try { if (voice) utterance.voice = voice; } catch (e) { /* the default voice */ }
      var over = false;
      var guard = setTimeout(end, 4000 + text.length * 90 / utterance.rate);
      function end() {
        if (over) return;
        over = true;
        clearTimeout(guard);
        if (mine !== run) return;
        state.at++;
        next();
      }
      utterance.onend = end;
      utterance.onerror = end;
      synth.speak(utterance);
    }
    next();
    return state;
  }

  /* Two quiet sine notes, fading within a second: "a new step", without words. */
  function chime() {
    var Context = root.AudioContext || root.webkitAudioContext;
    if (!Context) return;
    try {
      audio = audio || new Context();
      if (audio.state === "suspended") audio.resume();
      var t = audio.currentTime;
      [523.25, 784].forEach(function (frequency, k) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        var start = t + k * 0.15;
        osc.type = "sine";
        osc.frequency.value = frequency;
        gain.gain.setValueAtTime(0, start);
        gain.gain.linearRampToValueAtTime(0.035, start + 0.03);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + 1);
        osc.connect(gain).connect(audio.destination);
        osc.start(start);
        osc.stop(start + 1.05);
      });
    } catch (e) { /* no sound is fine */ }
  }

  function make(tag, attrs, text) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (text) el.textContent = text;
    return el;
  }

  var uid = 0;
  function check(key, label, hint) {
    var id = "speak-" + key + "-" + (++uid);
    var row = make("div", { class: "field check speak-option" });
    var box = row.appendChild(make("input", { type: "checkbox", id: id, "data-speak": key }));
    row.append(make("label", { for: id }, label));
    if (hint) {
      var note = make("p", { class: "hint", id: id + "-hint" }, hint);
      box.setAttribute("aria-describedby", note.id);
      return [row, note];
    }
    return [row];
  }

  /* The settings, drawn into holder: "Read it to me" and its speed (only where the browser can
     speak), and hands-free (practices). Each is remembered on this phone. */
  function controls(holder, options) {
    var parts = [];
    if (supported) {
      parts = parts.concat(check("read", "Read it to me",
        "Off unless you turn it on, and it only starts when you tap. If you use a screen " +
        "reader, leave this off: it would talk over it."));
      var id = "speak-rate-" + (++uid);
      var rate = make("div", { class: "field speak-rate" });
      rate.append(make("label", { for: id }, "Reading speed"));
      var select = rate.appendChild(make("select", { id: id, "data-speak": "rate" }));
      select.append(make("option", { value: "slower" }, "Slower"), make("option", { value: "normal" }, "Normal"));
      parts.push(rate);
    }
    if (options && options.handsfree) {
      parts = parts.concat(check("handsfree", "Hands-free: move on by itself after a timed pause",
        "Only on steps with nothing to answer. You can pause at any time."));
    }
    holder.append.apply(holder, parts);
    function fill() {
      var p = prefs();
      holder.querySelectorAll("[data-speak]").forEach(function (input) {
        var key = input.dataset.speak;
        if (input.type === "checkbox") input.checked = p[key]; else input.value = p[key];
      });
    }
    fill();
    document.addEventListener("speak:prefs", fill);
    holder.addEventListener("change", function (event) {
      var input = event.target.closest("[data-speak]");
      if (!input) return;
      var change = {};
      change[input.dataset.speak] = input.type === "checkbox" ? input.checked : input.value;
      save(change);
    });
    return holder;
  }

  /* A step's stay time as a ring that empties (a plain text countdown with reduced motion). */
  function Countdown(step, seconds, onEnd) {
    this.seconds = seconds;
    this.onEnd = onEnd;
    var box = step.querySelector(".stay");
    if (!box) {
      box = make("div", { class: "stay" });
      box.innerHTML = '<svg class="stay-ring" viewBox="0 0 100 100" aria-hidden="true" focusable="false">' +
        '<circle class="stay-track" cx="50" cy="50" r="44"></circle>' +
        '<circle class="stay-left" cx="50" cy="50" r="44" pathLength="100"></circle></svg>';
      box.append(make("p", { class: "stay-time", role: "timer", "data-stay-time": "" }));
      (step.querySelector(".pause-note") || step.lastElementChild).after(box);
    }
    this.box = box;
    this.ring = box.querySelector(".stay-left");
    this.time = box.querySelector("[data-stay-time]");
    this.left = seconds;
    this.motion();
    this.draw();
  }
  Countdown.prototype.motion = function () { this.box.classList.toggle("stay-text", reduceMotion.matches); };
  Countdown.prototype.draw = function () {
    var left = Math.max(0, this.left);
    this.ring.style.setProperty("stroke-dashoffset", String(100 - 100 * left / this.seconds));
    this.time.textContent = left > 0 ? secondsText(left) + " left"
      : "Take your time. Go on when you're ready.";
  };
  Countdown.prototype.start = function () {
    if (this.timer || this.left <= 0) return;
    var self = this;
    var until = Date.now() + this.left * 1000;
    this.box.classList.add("is-counting");
    this.timer = setInterval(function () {
      self.left = (until - Date.now()) / 1000;
      self.draw();
      if (self.left <= 0) { self.stop(); self.onEnd(); }
    }, 250);
  };
  Countdown.prototype.stop = function () {
    clearInterval(this.timer);
    this.timer = null;
    this.box.classList.remove("is-counting");
  };

  /* One practice form: speaks each step as it is shown, holds its stay time, moves on by itself
     in hands-free mode. hooks.advance() is practice.js's own "Next". */
  function guide(form, hooks) {
    var stepper = form.querySelector("[data-stepper]");
    var button = make("button", { type: "button", class: "secondary", "data-speak-pause": "" });
    stepper.querySelector("[data-next]").before(button);
    var details = make("details", { class: "card speak-settings" });
    details.append(make("summary", {}, supported ? "Read it to me, and timing" : "Timing"));
    stepper.after(controls(details, { handsfree: true }));

    var step = null;
    var started = false;  // nothing is spoken before the person's first tap on this page
    var paused = false;
    var speaking = null;  // {texts, state} while words are being read
    var countdown = null;
    var delay = null;     // the moment between the chime and the words
    var reading = prefs().read;

    function words(el) {
      return Array.prototype.map.call(el.querySelectorAll("[data-say]"), function (n) {
        return n.textContent.replace(/\s+/g, " ").trim();
      }).filter(Boolean);
    }
    function answerless(el) { return !el.querySelector("input, textarea, select"); }
    function label() {
      var p = prefs();
      button.hidden = !p.read && !p.handsfree;
      var busy = speaking || (countdown && countdown.timer);
      button.textContent = paused ? "Resume" : busy ? "Pause" : p.read ? "Read this step" : "Pause";
      button.disabled = !paused && !busy && !p.read;
    }
    function ended() {
      if (prefs().handsfree && answerless(step)) hooks.advance();
      label();
    }
    function stay() {
      speaking = null;
      if (countdown) countdown.start();
      label();
    }
    function read(texts) {
      speaking = { texts: texts, state: say(texts, stay) };
      label();
    }
    function halt() {
      clearTimeout(delay);
      cancel();
      speaking = null;
      if (countdown) countdown.stop();
    }
    function show(el, how) {
      halt();
      step = el;
      paused = false;
      var seconds = Number(el.dataset.stay) || 0;
      countdown = seconds ? (el.countdown = el.countdown || new Countdown(el, seconds, ended)) : null;
      if (countdown) { countdown.left = seconds; countdown.draw(); }
      var p = prefs();
      if (how !== "load") started = true;
      if (p.read && started && how !== "load") {
        chime();
        var texts = words(el);
        speaking = { texts: texts, state: { at: 0 } };
        delay = setTimeout(function () { read(texts); }, 700);
        label();
      } else {
        if (how === "auto") chime();
        stay();
      }
    }
    button.addEventListener("click", function () {
      started = true;
      if (paused) {
        paused = false;
        if (speaking) read(speaking.texts.slice(speaking.state.at));
        else stay();
      } else if (speaking || (countdown && countdown.timer)) {
        var kept = speaking;
        halt();  // speechSynthesis.cancel() at once
        speaking = kept;
        paused = true;
        label();
      } else {
        read(words(step));
      }
    });
    document.addEventListener("speak:prefs", function (event) {
      var turned = event.detail.read !== reading;
      reading = event.detail.read;
      if (turned && reading && form.isConnected && step) {
        started = true;  // ticking the box is the tap that starts it
        paused = false;
        halt();
        read(words(step));
      } else if (turned && !reading) {
        halt();
        paused = false;
        stay();
      }
      label();
    });
    reduceMotion.addEventListener("change", function () { if (countdown) countdown.motion(); });
    var current = hooks.current();
    if (current) show(current, "load");
    return { show: show, halt: halt };
  }

  root.BefriendSpeak = Object.assign({ supported: supported, prefs: prefs, save: save, say: say,
    cancel: cancel, chime: chime, controls: controls, guide: guide }, pure);
})(typeof self !== "undefined" ? self : this);
