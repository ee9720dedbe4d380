/* Logging out (the More page). The logout is sent first; only once the server has confirmed it
   does the phone forget this person's pages, and the worker keeps the public pages (crisis,
   breathing, offline, the start page) again at once. Without a connection nothing changes, and
   the person is told why they are still signed in: the crisis path never leaves the phone.
   Without this file the form simply posts. */
(function () {
  "use strict";
  var Befriend = window.Befriend;

  var STILL_SIGNED_IN = {
    offline: "Signing out needs a connection, so you're still signed in on this phone. " +
      "Nothing is lost: your entries stay here and sync when you're back online. " +
      "Try logging out again once you're connected.",
    unreachable: "Befriend can't be reached just now, so you're still signed in on this phone. " +
      "Your entries stay here. Please try logging out again in a little while.",
  };

  function stillSignedIn(form, why) {
    var note = form.querySelector("[data-logout-note]");
    if (!note) {
      note = document.createElement("p");
      note.className = "flash logout-note";
      note.setAttribute("role", "alert");
      note.dataset.logoutNote = "";
      form.prepend(note);
    }
    note.textContent = STILL_SIGNED_IN[why];
  }

  function signOut(form) {
    var body = new URLSearchParams(new FormData(form));
    return fetch(form.action, { method: "POST", body: body, credentials: "same-origin",
      redirect: "manual" }).then(function (res) {
      if (res.type === "opaqueredirect" || res.ok) {
        return Befriend.forgetPages({ refill: true }).then(function () {
          window.location.assign(form.dataset.after || "/");
        });
      }
      if (res.status >= 500) return stillSignedIn(form, "unreachable");
      // Anything else (an expired form, say): let the server explain it as a page.
      form.dataset.confirmed = "1";
      form.submit();
    }, function () { return stillSignedIn(form, "offline"); });
  }

  /* Entries still on the phone: try to send them, then ask before going. */
  function unsentEntries() {
    return Befriend.outboxUI().then(function (ui) { return ui.unsent(); },
      function () { return 0; });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-logout]") || form.dataset.confirmed || !window.fetch || !Befriend) {
      return;
    }
    event.preventDefault();
    unsentEntries().then(function (n) {
      var question = n + " " + (n === 1 ? "entry hasn't" : "entries haven't") + " reached your account yet. " +
        "If you log out, they stay on this phone and sync the next time you log in here. Log out anyway?";
      if (n && !window.confirm(question)) return;
      return signOut(form);
    });
  });
})();
