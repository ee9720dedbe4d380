/* Breathing maths with no DOM: which phase a pacer is in at any moment, worked out from the
   clock alone so a session never drifts. Shared by breathe.js and node's test runner. */
(function (root, factory) {
  "use strict";
  var core = factory();
  if (typeof module === "object" && module.exports) module.exports = core;
  else root.BreatheCore = core;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var WORDS = { in: "Breathe in", top: "A little more", hold: "Hold", out: "Breathe out",
    rest: "Rest" };
  var MAX_PHASE = 30;

  function halfSteps(text) {
    var value = Number(String(text).trim());
    if (!isFinite(value) || value < 0 || value > MAX_PHASE) return null;
    return Math.round(value * 2) === value * 2 ? value : null;
  }

  /* "in,hold,out,hold" in seconds (0.5 s steps); the in-breath may be "2+1", a double inhale.
     Returns the list of non-empty phases, or null when the text is not a pattern. */
  function parse(spec) {
    var parts = String(spec || "").split(",");
    if (parts.length !== 4) return null;
    var ins = parts[0].split("+");
    if (ins.length > 2) return null;
    var inSeconds = ins.map(halfSteps);
    var rest = parts.slice(1).map(halfSteps);
    if (inSeconds.concat(rest).some(function (v) { return v === null; })) return null;
    var inTotal = inSeconds.reduce(function (a, b) { return a + b; }, 0);
    if (inTotal <= 0 || rest[1] <= 0) return null;
    var phases = [{ kind: "in", seconds: inSeconds[0], from: 0,
      to: inSeconds.length === 2 ? 0.75 : 1 }];
    if (inSeconds.length === 2) phases.push({ kind: "top", seconds: inSeconds[1], from: 0.75, to: 1 });
    phases.push({ kind: "hold", seconds: rest[0], from: 1, to: 1 });
    phases.push({ kind: "out", seconds: rest[1], from: 1, to: 0 });
    phases.push({ kind: "rest", seconds: rest[2], from: 0, to: 0 });
    return phases.filter(function (p) { return p.seconds > 0; });
  }

  function cycleLength(phases) {
    return phases.reduce(function (sum, p) { return sum + p.seconds; }, 0);
  }

  /* Whole breaths for a session: at least the time asked for, ending on a full out-breath. */
  function cyclesFor(phases, seconds) {
    if (!seconds || seconds <= 0) return null;
    return Math.max(1, Math.ceil(seconds / cycleLength(phases) - 1e-9));
  }

  /* Everything a pacer shows at `t` seconds into a session of `cycles` breaths (null: open). */
  function at(phases, t, cycles) {
    var cycle = cycleLength(phases);
    var total = cycles ? cycles * cycle : null;
    var elapsed = Math.max(0, t);
    if (total !== null && elapsed >= total) {
      return { done: true, index: phases.length - 1, kind: "done", word: "Done", cycle: cycles,
        remaining: 0, progress: 1, scale: 0, elapsed: total, left: 0 };
    }
    var number = Math.floor(elapsed / cycle);
    var within = elapsed - number * cycle;
    var index = 0;
    while (index < phases.length - 1 && within >= phases[index].seconds) {
      within -= phases[index].seconds;
      index += 1;
    }
    var phase = phases[index];
    var progress = Math.min(1, within / phase.seconds);
    var eased = 0.5 - Math.cos(Math.PI * progress) / 2;
    return {
      done: false, index: index, kind: phase.kind, word: WORDS[phase.kind], cycle: number,
      remaining: phase.seconds - within, progress: progress,
      scale: phase.from + (phase.to - phase.from) * eased,
      elapsed: elapsed, left: total === null ? null : total - elapsed,
    };
  }

  /* Whole seconds for a countdown: 2.1 s left reads "3" until it truly is 2. */
  function countdown(seconds) {
    return Math.max(0, Math.ceil(seconds - 1e-9));
  }

  function clock(seconds) {
    var whole = Math.max(0, Math.round(seconds));
    var s = whole % 60;
    return Math.floor(whole / 60) + ":" + (s < 10 ? "0" : "") + s;
  }

  return { parse: parse, cycleLength: cycleLength, cyclesFor: cyclesFor, at: at,
    countdown: countdown, clock: clock, WORDS: WORDS };
});
