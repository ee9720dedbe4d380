/* Befriend's small enhancements. Everything works without this file; it only makes things nicer. */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  // htmx requests carry the CSRF token in a header (one listener, no inline script).
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });

  // Pre-fill time zone fields from the phone, and offer it on the settings page.
  function phoneTimezone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return ""; }
  }
  function setupTimezone(root) {
    var zone = phoneTimezone();
    if (!zone) return;
    root.querySelectorAll('input[type=hidden][name=timezone]').forEach(function (input) {
      if (!input.value) input.value = zone;
    });
    root.querySelectorAll("[data-use-timezone]").forEach(function (button) {
      var target = document.getElementById(button.dataset.target);
      if (!target || target.value === zone) return;
      button.textContent = "Use this phone's time zone (" + zone + ")";
      button.closest("[hidden]") && button.closest("[hidden]").removeAttribute("hidden");
      button.addEventListener("click", function () { target.value = zone; target.focus(); });
    });
  }

  window.Befriend = { csrfToken: csrfToken };
  document.addEventListener("DOMContentLoaded", function () { setupTimezone(document); });
})();
