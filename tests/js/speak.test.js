// speak.js's plain functions, run by `node --test tests/js` (pytest runs it too: tests/unit/test_js.py).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const speak = require("../../static/js/speak.js");

const cloud = { name: "Cloud English", lang: "en-US", localService: false };
const phone = { name: "Phone English", lang: "en_GB", localService: true };
const german = { name: "Anna", lang: "de-DE", localService: true };

test("prefers a voice on the phone in the page's language", () => {
  assert.equal(speak.pickVoice([german, cloud, phone], "en"), phone);
  assert.equal(speak.pickVoice([german, cloud, phone], "en-AU"), phone);
});

test("falls back to a network voice in the language, then to the browser's default", () => {
  assert.equal(speak.pickVoice([german, cloud], "en"), cloud);
  assert.equal(speak.pickVoice([german], "en"), null);
  assert.equal(speak.pickVoice([], "en"), null);
});

test("says the time left in whole seconds, rounding up", () => {
  assert.equal(speak.secondsText(30), "30 seconds");
  assert.equal(speak.secondsText(19.2), "20 seconds");
  assert.equal(speak.secondsText(0.4), "1 second");
  assert.equal(speak.secondsText(-1), "0 seconds");
});
