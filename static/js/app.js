/* Befriend's small enhancements. Everything works without this file; it only makes things nicer:
   the CSRF header for htmx, the phone's time zone, a new recovery code's Copy and "I've saved
   it", the trust slider's value, the service worker (offline use, updates) and,
   loaded once the page is up, the offline outbox for forms marked data-outbox (outbox.js is the
   engine, outbox-ui.js what the person sees of it). */
(function () {
  "use strict";
  var html = document.documentElement;
  var loadingOutbox = null;

  /* Scripts a page needs only after it has loaded, one after the other (each may use the last). */
  function loadScripts(sources) {
    return sources.split(" ").reduce(function (previous, src) {
      return previous.then(function () {
        return new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = src;
          script.onload = resolve;
          script.onerror = reject;
          document.head.append(script);
        });
      });
    }, Promise.resolve());
  }

  /* Nothing on a page needs the outbox to be shown, so it is fetched after the page has loaded
     (or at the first offline-ready save, if that comes first): the first round trip stays small. */
  function outbox() {
    if (window.BefriendOutboxUI) return Promise.resolve(window.BefriendOutboxUI);
    if (!window.indexedDB || !html.dataset.outbox) return Promise.reject(new Error("no outbox"));
    if (!loadingOutbox) {
      loadingOutbox = loadScripts(html.dataset.outbox).then(function () {
        if (!window.BefriendOutboxUI) throw new Error("no outbox");
        // Whoever /session-token says is signed in, the worker hears it before the answer is used.
        window.BefriendOutbox.onSession(function (who) { return tellIdentity(who.user); });
        return window.BefriendOutboxUI;
      });
      loadingOutbox.catch(function () { loadingOutbox = null; });
    }
    return loadingOutbox;
  }

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
    // Sign-up's field (and any hidden one) starts from the phone's zone; never over typing.
    root.querySelectorAll("input[type=hidden][name=timezone], input[data-phone-timezone]")
      .forEach(function (input) { if (!input.value) input.value = zone; });
    // Settings offer the phone's zone only when it differs from the one saved.
    root.querySelectorAll("[data-use-timezone]").forEach(function (button) {
      var target = document.getElementById(button.dataset.target);
      if (!target || target.value === zone) return;
      button.textContent = "Use this phone's time zone (" + zone + ")";
      button.closest("[hidden]") && button.closest("[hidden]").removeAttribute("hidden");
      button.addEventListener("click", function () {
        target.value = zone;
        target.dispatchEvent(new Event("input", { bubbles: true }));
        target.focus();
      });
    });
  }

  /* ---- A new recovery code: Copy, and the way on behind "I've saved it" ---- */
  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  function setupCopy(root) {
    root.querySelectorAll("[data-copy-code]").forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      var code = document.getElementById(button.dataset.copyCode);
      var status = button.parentNode.querySelector("[data-copy-status]");
      if (!code || !status) return;
      button.hidden = false;
      var say = function (words) { status.textContent = words; };
      var copied = function () { say("Copied"); };
      // No clipboard (an old browser, a page not over HTTPS): the code is selected instead,
      // for the phone's own Copy, and copied too where the older way still works.
      var fallback = function () {
        selectText(code);
        var done = false;
        try { done = document.execCommand("copy"); } catch (e) { done = false; }
        if (done) copied(); else say("The code is selected: use your phone's Copy to keep it.");
      };
      button.addEventListener("click", function () {
        say("");
        var text = code.textContent.trim();
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(copied, fallback);
        } else {
          fallback();
        }
      });
    });
  }
  /* Without JavaScript the box is `required`, so the browser itself holds the form back; here
     the buttons also look unavailable until it is ticked, and a tap on one says why. */
  function setupSavedGate(root) {
    root.querySelectorAll("form[data-saved-gate]").forEach(function (form) {
      if (form.dataset.ready) return;
      var box = document.querySelector('input[type=checkbox][form="' + form.id + '"]');
      if (!box) return;
      form.dataset.ready = "1";
      var buttons = form.querySelectorAll("button[type=submit]");
      var note = document.createElement("p");
      note.className = "error saved-note";
      note.id = form.id + "-note";
      note.hidden = true;
      note.textContent = "First tick \u201cI've saved my recovery code\u201d, once it's somewhere safe.";
      form.prepend(note);
      var sync = function () {
        buttons.forEach(function (button) {
          if (box.checked) {
            button.removeAttribute("aria-disabled");
            button.removeAttribute("aria-describedby");
          } else {
            button.setAttribute("aria-disabled", "true");
            button.setAttribute("aria-describedby", note.id);
          }
        });
        if (box.checked) note.hidden = true;
      };
      box.addEventListener("change", sync);
      // Nothing in the form is named: go straight to the page, without a bare "?" on its URL.
      form.addEventListener("submit", function (event) {
        var own = event.submitter && event.submitter.getAttribute("formaction");
        event.preventDefault();
        window.location.assign(own || form.action);
      });
      form.addEventListener("click", function (event) {
        if (box.checked || !event.target.closest("button[type=submit]")) return;
        event.preventDefault();
        note.hidden = false;
        box.focus();
        box.scrollIntoView({ block: "center" });
      });
      sync();
    });
  }

  /* Trust in Self: the value beside the slider follows it; moving it means "I know now". */
  function setupTrust(root) {
    root.querySelectorAll("[data-trust]").forEach(function (box) {
      if (box.dataset.ready) return;
      var range = box.querySelector("input[type=range]");
      var output = box.querySelector("output");
      var unsure = box.querySelector("input[type=checkbox]");
      if (!range || !output || !unsure) return;
      box.dataset.ready = "1";
      var show = function () {
        output.textContent = unsure.checked ? "Not sure yet" : range.value;
        range.setAttribute("aria-valuetext", unsure.checked ? "not sure yet"
          : range.value + " out of 10");
      };
      range.addEventListener("input", function () { unsure.checked = false; show(); });
      unsure.addEventListener("change", show);
      show();
    });
  }

  function enhance(root) {
    setupCopy(root);
    setupSavedGate(root);
    setupTrust(root);
  }
  // Swapped-in forms (an inline part edit) are enhanced as they arrive.
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });

  /* Whom this page was drawn for ("" for nobody). */
  function user() { return html.dataset.user || ""; }

  /* Whom the server last said this browser is signed in as ("" for nobody), from the cookie it
     mirrors the session into (pwa/owner.py, COOKIE): gone with the session's own cookies, and
     readable offline, when nobody can be asked. */
  var OWNER_COOKIE = "befriend_owner";
  function sessionOwner() {
    var found = new RegExp("(?:^|;\\s*)" + OWNER_COOKIE + "=([^;]*)").exec(document.cookie);
    return found ? decodeURIComponent(found[1]) : "";
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-delete-account]")) return leaveThisPhone(event, form);
    if (!form.matches("form[data-outbox]") || !window.fetch || !window.htmx || !html.dataset.outbox) return;
    event.preventDefault();
    outbox().then(function (ui) { ui.send(form); }, function () { form.submit(); });
  });

  /* Deleting the account: the server answers with Clear-Site-Data, but a browser that ignores it
     would keep the person's pages and unsent entries on the phone, so they are forgotten here
     first. Only once the typed name is theirs (the server checks it again): a typo must not cost
     entries still waiting to sync. Without JavaScript the form simply posts. */
  function leaveThisPhone(event, form) {
    if (form.dataset.confirmed || !typedOwnName(form)) return;
    event.preventDefault();
    var who = user();
    var submit = function () {
      if (form.dataset.confirmed) return;
      form.dataset.confirmed = "1";
      form.submit();
    };
    // Forgetting should take a moment; it must never keep the person from leaving.
    setTimeout(submit, 4000);
    Promise.all([forgetPages(), forgetAllPages(), forgetEntries(who)]).then(submit, submit);
  }

  function typedOwnName(form) {
    var typed = (form.elements.username.value || "").trim();
    var own = form.dataset.username || "";
    return Boolean(typed) && (typed.toLowerCase() === own.toLowerCase() ||
      typed.toUpperCase() === own.toUpperCase());
  }

  /* Every kept copy of a page (any version's), even if no worker controls this page. */
  function forgetAllPages() {
    if (!window.caches) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("befriend-pages-") === 0;
      }).map(function (name) { return caches.delete(name); }));
    });
  }

  /* The person's entries in the outbox and what this phone remembers for them. */
  function forgetEntries(who) {
    Object.keys(localStorage).forEach(function (key) {
      if (key.indexOf("befriend-") === 0) localStorage.removeItem(key);
    });
    return outbox().then(function () { return window.BefriendOutbox.forget(who); },
      function () {});
  }

  /* ---- Service worker: offline pages and the "new version" prompt ---- */
  var reloading = false;

  function worker(message) {
    var sw = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (sw) sw.postMessage(message);
    return Boolean(sw);
  }

  /* Forget the pages kept for this person; with refill, the worker keeps the public pages again
     before answering (after a confirmed logout, so they are drawn for nobody in particular). */
  function forgetPages(options) {
    var refill = Boolean(options && options.refill);
    localStorage.removeItem("befriend-warm");
    return new Promise(function (resolve) {
      if (!worker({ type: "forget-pages", refill: refill })) return resolve();
      navigator.serviceWorker.addEventListener("message", function (e) {
        if (e.data && e.data.type === "forgotten") resolve();
      });
      setTimeout(resolve, refill ? 8000 : 1500);
    });
  }

  /* Tell the worker who is here now; it forgets the pages of anyone else, then answers. */
  function tellIdentity(who) {
    var id = who === null || who === undefined ? "" : String(who);
    return new Promise(function (resolve) {
      if (!worker({ type: "identity", user: id })) return resolve();
      navigator.serviceWorker.addEventListener("message", function (e) {
        if (e.data && e.data.type === "identity-settled") resolve();
      });
      setTimeout(resolve, 1500);
    });
  }

  /* A page that did not just come from the server for this session (a copy the worker kept, or
     one the browser restored from its back/forward cache) may belong to someone who is no
     longer signed in here: the cookies cleared, a logout in another tab, the session ended on
     another device. The worker checks before it serves a copy where it can read cookies; this
     is the check everywhere else, and the only one that can ask the server. */
  function confirmOwner(restored) {
    var page = user();
    if (!page || !(restored || html.hasAttribute("data-saved-copy"))) return;
    if (sessionOwner() !== page) return leave(sessionOwner());
    if (navigator.onLine === false || !window.fetch) return;
    fetch("/session-token", { credentials: "same-origin", cache: "no-store" }).then(function (res) {
      return res.ok ? res.json() : null;
    }).then(function (who) {
      if (!who) return;
      var now = who.user === null || who.user === undefined ? "" : String(who.user);
      if (now !== page) leave(now);
    }, function () {});
  }

  /* Hide this page at once, have the worker forget the pages of the person who left, then show
     the page again as it is for whoever is here (the public copy, or the offline page). */
  function leave(who) {
    if (document.body) document.body.hidden = true;
    tellIdentity(who).then(function () { window.location.reload(); });
  }

  /* Keep the shell pages for whoever this page is for. A visitor's (the public pages) never go
     with a change of identity, so once is enough; a person's go whenever the worker sees
     someone else (or nobody) here, so it is asked each time, and answers at once when they are
     all still kept. */
  function warm() {
    var key = html.dataset.version + "|" + user();
    if (!user() && localStorage.getItem("befriend-warm") === key) {
      html.dataset.offlineReady = "true";
    } else {
      worker({ type: "warm", user: user() });
    }
  }

  function offerUpdate(waiting) {
    var banner = document.querySelector("[data-update]");
    if (!banner) return;
    banner.hidden = false;
    banner.querySelector("button").addEventListener("click", function () {
      reloading = true;
      waiting.postMessage({ type: "skip-waiting" });
    });
  }

  function startWorker() {
    if (!("serviceWorker" in navigator) || !html.dataset.sw) return;
    var sw = navigator.serviceWorker;
    sw.addEventListener("controllerchange", function () {
      // The new version took over (from this tab or another): no tab offers it any more.
      var banner = document.querySelector("[data-update]");
      if (banner) banner.hidden = true;
      if (reloading) window.location.reload(); else warm();
    });
    sw.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type === "outbox-changed") {
        refreshStatus();
        // The worker sent what was waiting: the page says so, as when it sends them itself.
        if (data.result && window.BefriendOutboxUI) window.BefriendOutboxUI.showNews(data.result);
      }
      // Marked ready only if the copies were made for whoever this page is for.
      if (data.type === "warmed" && data.user === user()) {
        localStorage.setItem("befriend-warm", html.dataset.version + "|" + user());
        html.dataset.offlineReady = "true";
      }
    });
    sw.register(html.dataset.sw, { scope: "/" }).then(function (reg) {
      if (reg.waiting && sw.controller) offerUpdate(reg.waiting);
      reg.addEventListener("updatefound", function () {
        var incoming = reg.installing;
        incoming.addEventListener("statechange", function () {
          if (incoming.state === "installed" && sw.controller) offerUpdate(incoming);
        });
      });
      if (sw.controller) warm();
    }, function () {});
    // A page that loaded while the first worker was activating can miss its claim; ask again,
    // so this very page (not only the next one) works offline.
    sw.ready.then(function (reg) {
      if (!sw.controller && reg.active) reg.active.postMessage({ type: "claim" });
    });
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-reload]")) {
      event.preventDefault();
      window.location.reload();
    }
  });
  function whenOutbox(then) {
    return function () { return outbox().then(then, function () {}); };
  }
  function refreshStatus() {
    return window.BefriendOutboxUI ? window.BefriendOutboxUI.refreshStatus() : Promise.resolve();
  }
  function flushNow(force) {
    return outbox().then(function (ui) { return ui.flush(force); }, function () {});
  }
  window.addEventListener("online", whenOutbox(function (ui) { return ui.flush(true); }));
  window.addEventListener("online", function () { confirmOwner(false); });
  window.addEventListener("pageshow", function (event) { if (event.persisted) confirmOwner(true); });
  // Coming back to the app (unlocking the phone, switching tabs) is a good moment to send too.
  document.addEventListener("visibilitychange", function () {
    // Only once the outbox is here: coming back is no reason to fetch it early.
    if (document.visibilityState === "visible" && user() && window.BefriendOutboxUI) flushNow(false);
  });

  /* A form the outbox does not keep (a part's edit, the settings), sent while offline: it stays
     on the page with what was typed and says why nothing happened, instead of the browser's
     error page. htmx forms are told the same when their request cannot reach Befriend. */
  var NOT_SENT = "You're offline, so this wasn't sent and nothing changed. What you typed is " +
    "still here: send it again once you're back online.";
  function notSent(form) {
    var note = form.querySelector("[data-not-sent]");
    if (!note) {
      note = document.createElement("p");
      note.className = "error";
      note.setAttribute("role", "alert");
      note.dataset.notSent = "";
      form.prepend(note);
    }
    note.textContent = NOT_SENT;
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || navigator.onLine !== false) return;
    if ((form.getAttribute("method") || "").toLowerCase() !== "post") return;
    if (form.matches("form[data-outbox], form[data-logout]")) return;
    event.preventDefault();
    notSent(form);
  });
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form");
    if (form && !form.matches("form[data-outbox]")) notSent(form);
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-go-back]")) {
      event.preventDefault();
      window.history.back();
    }
  });

  /* A practice's copy kept on the phone is drawn without a part; opened offline for one
     (/practices/unblending?part=7, sw.js withoutItsQuery) the part is taken from the address. */
  function choosePartFromAddress() {
    var wanted = new URLSearchParams(window.location.search).get("part");
    var select = document.querySelector("select[name=part_id]");
    if (!wanted || !select || select.value) return;
    if (!select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) return;
    select.value = wanted;
    select.dispatchEvent(new Event("change", { bubbles: true }));  // the words name it (part-name.js)
  }

  window.Befriend = { csrfToken: csrfToken, user: user, sessionOwner: sessionOwner, flush: flushNow,
    refreshStatus: refreshStatus, loadScripts: loadScripts, forgetPages: forgetPages, outboxUI: outbox,
    outbox: function () { return outbox().then(function () { return window.BefriendOutbox; }); } };
  document.addEventListener("DOMContentLoaded", function () {
    setupTimezone(document);
    enhance(document);
    choosePartFromAddress();
    confirmOwner(false);
    startWorker();
  });
  // Entries written offline on an earlier visit are sent as soon as this page has loaded.
  window.addEventListener("load", function () {
    if (user()) whenOutbox(function (ui) { return ui.flush(false); })();
  });
})();
