/* Befriend's small enhancements. Everything works without this file; it only makes things nicer:
   the CSRF header for htmx, the phone's time zone, the service worker (offline use, updates) and
   the offline outbox for forms marked data-outbox (the engine is in outbox.js). */
(function () {
  "use strict";
  var html = document.documentElement;
  var Outbox = window.BefriendOutbox;

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

  /* ---- Outbox: forms that must survive a lost connection ---- */
  function user() { return html.dataset.user || ""; }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); });
    return [h.slice(0, 4), h.slice(4, 6), h.slice(6, 8), h.slice(8, 10), h.slice(10)]
      .map(function (part) { return part.join(""); }).join("-");
  }

  function make(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function settled(form, outcome) {
    document.dispatchEvent(new CustomEvent("outbox:settled", { detail: { form: form, outcome: outcome } }));
  }

  function focusFirst(nodes) {
    var el = nodes.filter(function (n) { return n.nodeType === 1; })[0];
    if (!el) return;
    var invalid = el.querySelector && el.querySelector("[aria-invalid=true]");
    var target = invalid || (el.hasAttribute("tabindex") ? el : el.querySelector("[tabindex='-1']"));
    if (target) target.focus();
  }

  /* Put the server's fragment where the form was (or data-outbox-target), and let htmx wire it. */
  function swap(form, markup) {
    var target = form.dataset.outboxTarget ? document.querySelector(form.dataset.outboxTarget) : form;
    var template = document.createElement("template");
    template.innerHTML = markup.trim();
    var nodes = Array.prototype.slice.call(template.content.childNodes);
    (target || form).replaceWith(template.content);
    nodes.forEach(function (node) {
      if (node.nodeType !== 1) return;
      if (window.htmx) window.htmx.process(node);
      node.dispatchEvent(new CustomEvent("outbox:swapped", { bubbles: true }));
    });
    focusFirst(nodes);
  }

  function problem(form, text) {
    var old = form.querySelector(".outbox-problem");
    if (old) old.remove();
    var note = make("p", "error outbox-problem", text);
    note.setAttribute("role", "alert");
    form.prepend(note);
  }

  function queue(form, entry) {
    return Outbox.add(entry).then(function () {
      var note = make("div", "card outbox-queued");
      note.setAttribute("role", "status");
      note.tabIndex = -1;
      note.append(make("p", "", "Saved on this phone. It will sync by itself when you're back online."));
      form.replaceWith(note);
      note.focus();
      askForSync();
      refreshStatus();
      settled(form, "queued");
    }, function () {
      delete form.dataset.sending;
      problem(form, "We couldn't reach Befriend or keep this on the phone. Please try again in a moment.");
      settled(form, "error");
    });
  }

  function send(form) {
    if (form.dataset.sending) return;
    form.dataset.sending = "1";
    var idField = form.querySelector('[name="client_id"]');
    var id = uuid();  // fresh for every save; a replay later reuses this one
    if (idField) idField.value = id;
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") fields.push([name, value]);
    });
    var entry = { url: form.action, fields: fields, client_id: id,
      label: form.dataset.outboxLabel || "Entry", user: user() };
    Outbox.post(form.action, fields, csrfToken()).then(function (res) {
      if ((res.status >= 200 && res.status < 300) || res.status === 422) {
        return res.text().then(function (markup) {
          swap(form, markup);
          settled(form, res.status === 422 ? "invalid" : "saved");
        });
      }
      if (res.status >= 500 || res.type === "opaqueredirect") return queue(form, entry);
      delete form.dataset.sending;
      problem(form, "This couldn't be saved (error " + res.status + "). Please reload the page and try again.");
      settled(form, "error");
    }, function () { return queue(form, entry); });
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  var REASONS = {
    422: "Something in it couldn't be accepted.",
    404: "What it belongs to no longer exists.",
    400: "It couldn't be checked as coming from you.",
  };

  function attentionItem(entry) {
    var li = make("li", "outbox-item");
    li.append(make("p", "", ""));
    li.firstChild.append(make("strong", "", entry.label));
    li.firstChild.append(" from " + new Date(entry.saved_at).toLocaleString() + ". " +
      (REASONS[entry.status] || "Befriend couldn't accept it (error " + entry.status + ")."));
    var details = make("details");
    details.append(make("summary", "", "What you entered"));
    var list = make("dl");
    entry.fields.forEach(function (pair) {
      if (pair[0] === "csrf_token" || pair[0] === "client_id" || !pair[1]) return;
      list.append(make("dt", "", pair[0].replace(/_/g, " ")), make("dd", "", pair[1]));
    });
    details.append(list);
    var retry = make("button", "secondary", "Try again");
    retry.type = "button";
    retry.addEventListener("click", function () {
      entry.state = "pending"; entry.attempts = 0; entry.next_try = 0;
      Outbox.put(entry).then(function () { return flushNow(true); });
    });
    var discard = make("button", "secondary", "Discard");
    discard.type = "button";
    discard.addEventListener("click", function () {
      if (window.confirm("Discard this " + entry.label.toLowerCase() + " from the phone? It can't be brought back.")) {
        Outbox.remove(entry.id).then(refreshStatus);
      }
    });
    var actions = make("div", "actions");
    actions.append(retry, discard);
    li.append(details, actions);
    return li;
  }

  function refreshStatus() {
    var box = document.querySelector("[data-outbox-status]");
    if (!box || !Outbox || !user()) return Promise.resolve();
    return Outbox.summary(user()).then(function (s) {
      var count = box.querySelector("[data-outbox-count]");
      var attention = box.querySelector("[data-outbox-attention]");
      count.textContent = s.pending.length
        ? plural(s.pending.length, "entry", "entries") + " waiting to sync" : "";
      attention.textContent = "";
      if (s.attention.length) {
        var details = make("details");
        details.append(make("summary", "", plural(s.attention.length, "entry needs", "entries need") + " your attention"));
        details.append(make("p", "muted", "These are kept on this phone until you decide what to do with them."));
        var list = make("ul", "outbox-list");
        s.attention.forEach(function (entry) { list.append(attentionItem(entry)); });
        details.append(list);
        attention.append(details);
      }
      box.hidden = !(s.pending.length || s.attention.length);
    }, function () {});
  }

  var retryTimer = null;
  function flushNow(force) {
    if (!Outbox) return Promise.resolve();
    return Outbox.flush({ force: force }).then(function (result) {
      clearTimeout(retryTimer);
      if (result.failed) {
        retryTimer = setTimeout(flushNow, Outbox.backoff(1) * 1000);
      }
    }, function () {}).then(refreshStatus);
  }

  function askForSync() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (reg) {
      if (reg.sync) return reg.sync.register("outbox");
    }).catch(function () {});
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-logout]")) return confirmLogout(event, form);
    if (!form.matches("form[data-outbox]") || !Outbox || !window.fetch) return;
    event.preventDefault();
    send(form);
  });

  /* Logging out with entries still on the phone: try to send them, then ask before going. */
  function confirmLogout(event, form) {
    if (form.dataset.confirmed || !Outbox) return;
    event.preventDefault();
    flushNow(true).then(function () { return Outbox.summary(user()); }).then(function (s) {
      var n = s.pending.length + s.attention.length;
      var question = plural(n, "entry hasn't", "entries haven't") + " reached your account yet. " +
        "If you log out, they stay on this phone and sync the next time you log in here. Log out anyway?";
      if (n && !window.confirm(question)) return;
      return forgetPages().then(function () {
        form.dataset.confirmed = "1";
        form.submit();
      });
    });
  }

  /* ---- Service worker: offline pages and the "new version" prompt ---- */
  var reloading = false;

  function worker(message) {
    var sw = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (sw) sw.postMessage(message);
    return Boolean(sw);
  }

  function forgetPages() {
    localStorage.removeItem("befriend-warm");
    return new Promise(function (resolve) {
      if (!worker({ type: "forget-pages" })) return resolve();
      navigator.serviceWorker.addEventListener("message", function (e) {
        if (e.data && e.data.type === "forgotten") resolve();
      });
      setTimeout(resolve, 1500);
    });
  }

  function warm() {
    var key = html.dataset.version + "|" + user();
    if (localStorage.getItem("befriend-warm") === key) {
      html.dataset.offlineReady = "true";
    } else {
      worker({ type: "warm" });
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
      if (reloading) window.location.reload(); else warm();
    });
    sw.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type === "outbox-changed") refreshStatus();
      if (data.type === "warmed") {
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
  window.addEventListener("online", function () { flushNow(true); });

  window.Befriend = { csrfToken: csrfToken, flush: flushNow, refreshStatus: refreshStatus };
  document.addEventListener("DOMContentLoaded", function () {
    setupTimezone(document);
    startWorker();
    if (user()) flushNow(false);
  });
})();
