// The server's own words for a refused entry, read from the form it answered with (outbox.js).
const test = require("node:test");
const assert = require("node:assert");

global.self = global;
require("../../static/js/outbox.js");
const { reasonsIn } = global.BefriendOutbox;

test("the form's messages are found, decoded and given once each", () => {
  const markup = `<div class="form-error" role="alert">
    <p>Please answer question 3 so the score can be worked out.</p>
  </div>
  <p class="error" id="q3-error">Please choose an answer.</p>
  <p class="error">Please choose an answer.</p>
  <p class="hint">Not a message</p>
  <p class="error">That&#39;s more than 2,000 characters &amp; too long.</p>`;
  assert.deepStrictEqual(reasonsIn(markup), [
    "Please answer question 3 so the score can be worked out.",
    "Please choose an answer.",
    "That's more than 2,000 characters & too long.",
  ]);
});

test("no markup, or none of the app's messages, gives no reasons", () => {
  assert.deepStrictEqual(reasonsIn(""), []);
  assert.deepStrictEqual(reasonsIn(undefined), []);
  assert.deepStrictEqual(reasonsIn("<p>Bad Request</p>"), []);
});

test("at most three reasons are kept", () => {
  const many = [1, 2, 3, 4].map((n) => `<p class="error">Problem ${n}</p>`).join("");
  assert.strictEqual(reasonsIn(many).length, 3);
});
