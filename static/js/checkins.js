/* Check-ins: keep "when" at the moment of saving unless the person changed it themselves. */
(function () {
  "use strict";

  // "Now" on the clock of the account's time zone, which is how the server reads the field.
  function localNow(zone) {
    var parts = {};
    try {
      new Intl.DateTimeFormat("en-GB", {
        timeZone: zone || undefined, hourCycle: "h23", year: "numeric", month: "2-digit",
        day: "2-digit", hour: "2-digit", minute: "2-digit"
      }).formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    } catch (e) { return null; }
    return parts.year + "-" + parts.month + "-" + parts.day + "T" + parts.hour + ":" + parts.minute;
  }

  function setup(form) {
    var when = form.querySelector('input[name="occurred_at"]');
    // A form for a chosen day (/checkins/day/...) keeps the time it was drawn with, on that day.
    if (!when || form.dataset.whenReady || form.dataset.day) return;
    form.dataset.whenReady = "1";
    var touched = false;
    when.addEventListener("input", function () { touched = true; });
    // A page left open for hours (or a save replayed from the outbox) must not reuse the time
    // the page was drawn: "click" runs before the form's submit event, so the value is fresh.
    form.addEventListener("click", function (event) {
      if (!touched && event.target.closest('button[type="submit"]')) {
        when.value = localNow(form.dataset.timezone) || when.value;
      }
    }, true);
  }

  function scan() { document.querySelectorAll("form.checkin-form[data-outbox]").forEach(setup); }
  document.addEventListener("DOMContentLoaded", scan);
  document.addEventListener("htmx:load", scan);
})();
