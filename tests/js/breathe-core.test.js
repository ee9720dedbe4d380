// Pacer maths, run by `node --test tests/js` (pytest runs it too: tests/unit/test_js.py).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const core = require("../../static/js/breathe-core.js");

test("parses the four phases and drops empty ones", () => {
  const phases = core.parse("4,7,8,0");
  assert.deepEqual(phases.map((p) => [p.kind, p.seconds]), [["in", 4], ["hold", 7], ["out", 8]]);
  assert.equal(core.cycleLength(phases), 19);
});

test("accepts half-second steps and a double inhale", () => {
  assert.equal(core.cycleLength(core.parse("5.5,0,5.5,0")), 11);
  const sigh = core.parse("2+1,0,6,0");
  assert.deepEqual(sigh.map((p) => p.kind), ["in", "top", "out"]);
  assert.equal(sigh[1].from, 0.75);
});

test("rejects what is not a pattern", () => {
  for (const bad of ["", "4,4,4", "4,4,4,4,4", "0,4,4,4", "4,4,0,4", "4.2,0,4,0", "-1,0,4,0",
    "a,b,c,d", "31,0,4,0", "1+1+1,0,4,0", null]) {
    assert.equal(core.parse(bad), null, String(bad));
  }
});

test("the phase at any moment follows the pattern", () => {
  const box = core.parse("4,4,4,4");
  const expect = [[0, "in"], [3.99, "in"], [4, "hold"], [8, "out"], [12, "rest"], [15.9, "rest"],
    [16, "in"], [37, "hold"]];
  for (const [t, kind] of expect) assert.equal(core.at(box, t, null).kind, kind, `t=${t}`);
  const later = core.at(box, 37, null);
  assert.equal(later.cycle, 2);
  assert.equal(later.remaining, 3);
});

const near = (a, b) => assert.ok(Math.abs(a - b) < 1e-9, `${a} != ${b}`);

test("the shape grows on the in-breath and shrinks on the out-breath", () => {
  const gentle = core.parse("4,0,6,0");
  assert.equal(core.at(gentle, 0, null).scale, 0);
  near(core.at(gentle, 2, null).scale, 0.5);
  assert.equal(core.at(gentle, 4, null).scale, 1);
  near(core.at(gentle, 7, null).scale, 0.5);
  const sigh = core.parse("2+1,0,6,0");
  assert.equal(core.at(sigh, 2, null).scale, 0.75);
  assert.equal(core.at(sigh, 2.5, null).word, "A little more");
});

test("a session ends after whole breaths, never short of the time asked for", () => {
  const coherent = core.parse("5.5,0,5.5,0");
  assert.equal(core.cyclesFor(coherent, 60), 6);
  assert.equal(core.cyclesFor(core.parse("4,4,4,4"), 64), 4);
  assert.equal(core.cyclesFor(coherent, null), null);
  const quick = core.parse("0.5,0,0.5,0");
  assert.equal(core.at(quick, 2.99, 3).done, false);
  const end = core.at(quick, 3, 3);
  assert.equal(end.done, true);
  assert.equal(end.elapsed, 3);
  assert.equal(core.at(quick, 1.25, 3).left, 1.75);
});

test("countdowns and clocks read like a person would say them", () => {
  assert.equal(core.countdown(2.1), 3);
  assert.equal(core.countdown(3), 3);
  assert.equal(core.countdown(-1), 0);
  assert.equal(core.clock(65), "1:05");
  assert.equal(core.clock(0), "0:00");
});
