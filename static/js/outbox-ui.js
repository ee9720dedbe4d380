/* What the person sees of the offline outbox: forms marked data-outbox are posted by fetch; when
   the network fails the entry is kept on the phone (outbox.js) and a calm note says so; entries the
   server refused are listed until the person retries or discards them. app.js loads this file (and
   outbox.js before it) once the page is up, or at the first save. */
(function () {
  "use strict";
  var Outbox = window.BefriendOutbox;
  var Befriend = window.Befriend;
  var csrfToken = Befriend.csrfToken;
  var user = Befriend.user;

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

  /* Put the server's fragment where the form was (or data-outbox-target) with htmx's own swap:
     it takes hx-swap-oob parts of the answer to their places (a questionnaire's history), wires
     the new content and fires htmx:load on it, the one event every page script starts on. */
  function swap(form, markup) {
    var target = (form.dataset.outboxTarget && document.querySelector(form.dataset.outboxTarget)) || form;
    var before = target.previousSibling;
    var parent = target.parentNode;
    window.htmx.swap(target, markup, { swapStyle: "outerHTML", swapDelay: 0, settleDelay: 0 });
    var nodes = [];
    for (var n = before ? before.nextSibling : parent.firstChild; n; n = n.nextSibling) nodes.push(n);
    focusFirst(nodes);
  }

  function problem(form, text) {
    var old = form.querySelector(".outbox-problem");
    if (old) old.remove();
    var note = make("p", "error outbox-problem", text);
    note.setAttribute("role", "alert");
    form.prepend(note);
  }

  /* The support the form was showing (a crisis card, the gentle question), kept with the note. */
  function supportShownIn(form) {
    return window.BefriendSupport ? window.BefriendSupport.shownIn(form) : [];
  }

  var SIGNED_OUT = "You've been signed out on this phone, so this wasn't saved. What you wrote is still here: sign in again in a new tab (once you're online), then save.";
  var SOMEONE_ELSE = "Someone else is signed in on this phone now, so this wasn't saved to their account. What you wrote is still here.";

  /* Kept on the phone for the person the session belongs to as the server last said (its owner
     cookie), never for whoever the page was drawn for: if they differ, the words would be sent
     as someone who did not write them, so nothing is kept and what was typed stays. */
  function queue(form, entry) {
    var who = Befriend.sessionOwner();
    if (who !== user()) {
      delete form.dataset.sending;
      problem(form, who ? SOMEONE_ELSE : SIGNED_OUT);
      settled(form, "error");
      return Promise.resolve();
    }
    entry.user = who;
    return Outbox.add(entry).then(function () {
      var note = make("div", "card outbox-queued");
      note.setAttribute("role", "status");
      note.tabIndex = -1;
      note.append(make("p", "", "Saved on this phone. It will sync by itself when you're back online."));
      note.append.apply(note, supportShownIn(form));
      form.replaceWith(note);
      note.focus();
      keepStorage();
      askForSync();
      refreshStatus();
      settled(form, "queued");
    }, function () {
      delete form.dataset.sending;
      problem(form, "We couldn't reach Befriend or keep this on the phone. Please try again in a moment.");
      settled(form, "error");
    });
  }

  /* The page's token can belong to a session that has since been renewed: a sign-in on this
     phone, a session cookie restored from the remember cookie, a late answer from before. The
     server says so (400 with X-Befriend-Refused: csrf); then ask for this session's token and send
     once more (the same client_id keeps it exactly once), but only while the same person is signed
     in: words written as one person are never sent as another. */
  function postWithFreshToken(form, fields) {
    return Outbox.post(form.action, fields, csrfToken()).then(function (res) {
      if (res.status !== 400 || res.headers.get("X-Befriend-Refused") !== "csrf") return res;
      return Outbox.session().then(function (who) {
        if (who.user === null || who.user === undefined) {
          res.refusedFor = SIGNED_OUT;
          return res;
        }
        if (String(who.user) !== String(user())) {
          res.refusedFor = SOMEONE_ELSE;
          return res;
        }
        var meta = document.querySelector('meta[name="csrf-token"]');
        if (meta) meta.content = who.csrf_token;
        return Outbox.post(form.action, fields, who.csrf_token);
      }, function () { return res; });
    });
  }

  /* Fields that only the machinery reads: never shown back to the person. */
  var INTERNAL = ["csrf_token", "client_id", "made_at", "base_version", "resolves", "started_at",
    "finished_at", "finished", "at", "trail", "ready", "go", "day", "timezone"];

  /* What the person entered, in the words they saw it with (a field's label, a question's
     legend, the chosen option's own text), kept with the entry for the attention list. */
  function shownFields(form) {
    var shown = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || INTERNAL.indexOf(el.name) >= 0 || !el.value || el.disabled) return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      var group = el.closest("fieldset");
      var legend = group && group.querySelector("legend");
      var own = el.labels && el.labels[0] ? el.labels[0].textContent.trim() : "";
      var chosen = el.type === "radio" || el.type === "checkbox";
      var named = el.name.charAt(0).toUpperCase() + el.name.slice(1).replace(/_/g, " ");
      var label = el.type === "hidden" ? named
        : chosen || !own ? (legend ? legend.textContent.trim() : named) : own;
      var value = chosen ? own || el.value : el.value;
      if (el.tagName === "SELECT" && el.selectedOptions[0]) value = el.selectedOptions[0].textContent;
      shown.push([label.replace(/\s+/g, " "), value.replace(/\s+/g, " ")]);
    });
    return shown;
  }

  function send(form) {
    if (form.dataset.sending) return;
    form.dataset.sending = "1";
    var idField = form.querySelector('[name="client_id"]');
    var id = uuid();  // fresh for every save; a replay later reuses this one
    if (idField) idField.value = id;
    // The moment of pressing save, kept in the entry: a replay the next morning still says 23:50.
    var madeAt = form.querySelector('[name="made_at"]');
    // (A refused entry being fixed keeps the moment it was first made.)
    if (madeAt) madeAt.value = form.dataset.madeAt || new Date().toISOString();
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") fields.push([name, value]);
    });
    var entry = { url: form.action, page: window.location.pathname + window.location.search,
      fields: fields, client_id: id, shown: shownFields(form),
      label: form.dataset.outboxLabel || "Entry",
      record: form.dataset.outboxRecord || undefined,  // and the person, once it is kept (queue)
      versions: form.dataset.outboxVersions || undefined };
    postWithFreshToken(form, fields).then(function (res) {
      if (res.refusedFor) {
        delete form.dataset.sending;
        problem(form, res.refusedFor);
        settled(form, "error");
        return;
      }
      if ((res.status >= 200 && res.status < 300) || res.status === 422 || res.status === 409) {
        return res.text().then(function (markup) {
          var fixed = form.dataset.fixing, madeAt = form.dataset.madeAt, action = form.action;
          swap(form, markup);
          settled(form, res.status === 422 ? "invalid" : res.status === 409 ? "kept" : "saved");
          if (res.status === 422) return keepFixing(action, fixed, madeAt);
          return fixedNow(fixed);
        });
      }
      if (res.status >= 500 || res.type === "opaqueredirect") {
        var fixed = form.dataset.fixing;
        return queue(form, entry).then(function () { return fixedNow(fixed); });
      }
      delete form.dataset.sending;
      problem(form, "This couldn't be saved (error " + res.status + "). Please reload the page and try again.");
      settled(form, "error");
    }, function () { return queue(form, entry); });
  }

  /* Fixing a refused entry: "Open it to fix" goes to the page it was written on, whose form is
     filled with what was entered (its hidden fields too: the version it was edited from, the
     moment it was made) and says what Befriend said. The refused entry stays on the phone
     until the fixed one has gone in (or is kept on the phone again), so leaving the page half
     way loses nothing. */
  var FIX_KEY = "befriend-fix";
  var fixing = null;  // the refused entry this page is fixing, if any

  function fill(form, fields) {
    var byName = {};
    fields.forEach(function (pair) {
      if (pair[0] === "csrf_token" || pair[0] === "client_id") return;
      (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]);
    });
    var used = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in byName)) return;
      var values = byName[el.name];
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = values.indexOf(el.value) >= 0;
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = values.indexOf(o.value) >= 0; });
      } else {
        var n = used[el.name] || 0;
        if (n < values.length) el.value = values[n];
        used[el.name] = n + 1;
      }
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function fixingNote(form, entry) {
    var note = make("div", "card outbox-fixing");
    note.setAttribute("role", "status");
    note.append(make("p", "", "This is your " + entry.label.toLowerCase() + " from " +
      new Date(entry.saved_at).toLocaleString() + ", as you entered it on this phone."));
    if (entry.reasons && entry.reasons.length) {
      note.append(make("p", "", "Befriend said: " + entry.reasons.join(" ")));
    }
    note.append(make("p", "", "Change what's needed, then save it again. Until then it stays on this phone."));
    form.prepend(note);  // focus stays on the first field that needs a look (swap)
  }

  function openFix() {
    var id = sessionStorage.getItem(FIX_KEY);
    if (!id) return Promise.resolve();
    sessionStorage.removeItem(FIX_KEY);
    return Outbox.all().then(function (entries) {
      var entry = entries.filter(function (e) { return String(e.id) === id; })[0];
      if (!entry || String(entry.user) !== String(user())) return;
      var form = formFor(entry.url);
      if (!form) return;
      fill(form, entry.fields);
      form.dataset.fixing = String(entry.id);
      var madeAt = entry.fields.filter(function (pair) { return pair[0] === "made_at"; })[0];
      if (madeAt && madeAt[1]) form.dataset.madeAt = madeAt[1];
      fixing = entry;
      // Sent once as it is: the server answers with its own form, its messages beside the
      // fields that need a look and opened where they are (a practice's screen, a question).
      send(form);
    }, function () {});
  }

  /* The page's outbox form that sends to `url`. */
  function formFor(url) {
    var path = new URL(url, window.location.href).pathname;
    return Array.prototype.filter.call(document.querySelectorAll("form[data-outbox]"),
      function (f) { return new URL(f.action, window.location.href).pathname === path; })[0];
  }

  /* The server answered the fixed entry with its form again (422): the new form is still the
     one that fixes it. */
  function keepFixing(url, id, madeAt) {
    var form = id && formFor(url);
    if (!form) return;
    form.dataset.fixing = id;
    if (madeAt) form.dataset.madeAt = madeAt;
    if (fixing && String(fixing.id) === id && !form.querySelector(".outbox-fixing")) {
      fixingNote(form, fixing);
    }
  }

  function fixedNow(id) {
    if (!id) return Promise.resolve();
    return Outbox.remove(Number(id)).then(refreshStatus, function () {});
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
    if (entry.reasons && entry.reasons.length) {
      var said = make("p", "outbox-reasons");
      said.append(make("span", "", "Befriend said: "));
      said.append(entry.reasons.join(" "));
      li.append(said);
    }
    var details = make("details");
    details.append(make("summary", "", "What you entered"));
    var list = make("dl");
    var pairs = entry.shown || entry.fields.filter(function (pair) {
      return INTERNAL.indexOf(pair[0]) < 0 && pair[1];
    }).map(function (pair) { return [pair[0].replace(/_/g, " "), pair[1]]; });
    pairs.forEach(function (pair) {
      list.append(make("dt", "", pair[0]), make("dd", "", pair[1]));
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
    if (entry.page) {
      var fix = make("a", "button", "Open it to fix");
      fix.href = entry.page;
      fix.addEventListener("click", function () {
        sessionStorage.setItem(FIX_KEY, String(entry.id));  // the page fills its form from it
      });
      actions.append(fix);
    }
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
      // The session is gone (the owner cookie empty): entries wait for their person to sign in.
      var away = Befriend.sessionOwner() !== String(user());
      count.textContent = !s.pending.length ? ""
        : away ? "Sign in again to send " + plural(s.pending.length, "entry", "entries") + "."
          : plural(s.pending.length, "entry", "entries") + " waiting to sync";
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

  /* After entries made offline went in: say so, once, and where an edit was kept beside a
     newer version, where to choose between them. */
  function showNews(result) {
    var news = document.querySelector("[data-outbox-news]");
    if (!news || !(result.sent || result.kept)) return;
    news.textContent = "";
    var sent = result.sent + result.kept;
    news.append(plural(sent, "entry", "entries") + " made on this phone " +
      (sent === 1 ? "is" : "are") + " in. ");
    var places = (result.kept_at || []).filter(function (url, i, all) { return all.indexOf(url) === i; });
    if (result.kept && places.length) {
      news.append((places.length === 1 ? "What you edited here had" : "Some things you edited here had") +
        " been changed somewhere else meanwhile, so both versions are kept: ");
      places.forEach(function (url, i) {
        var link = make("a", "", places.length === 1 ? "see both and choose" : "choose " + (i + 1));
        link.href = url;
        news.append(i ? ", " : "", link);
      });
      news.append(".");
    }
    news.hidden = false;
  }

  /* While this page is open, what could not be sent is tried again by itself: soon when Befriend
     was unreachable (1 s, 2 s, 4 s ... at most a minute: the "online" event can arrive a moment
     before the network is usable), and on the entries' own backoff when the server failed. */
  var retryTimer = null;
  var unreachableRuns = 0;
  function flushNow(force) {
    if (!Outbox) return Promise.resolve();
    return Outbox.flush({ force: force }).then(function (result) {
      clearTimeout(retryTimer);
      retryTimer = null;
      if (result.unreachable) {
        retryTimer = setTimeout(flushNow, Math.min(60, Math.pow(2, unreachableRuns)) * 1000);
        unreachableRuns += 1;
        return;
      }
      unreachableRuns = 0;
      showNews(result);
      if (result.failed) retryTimer = setTimeout(flushNow, Outbox.backoff(1) * 1000);
    }, function () {}).then(refreshStatus);
  }

  /* Once something waits on the phone, ask the browser not to clear it under storage pressure
     (once per phone; the browser may say no, and nothing depends on its answer). */
  var PERSIST_KEY = "befriend-persist-asked";
  function keepStorage() {
    if (!navigator.storage || !navigator.storage.persist || localStorage.getItem(PERSIST_KEY)) return;
    localStorage.setItem(PERSIST_KEY, "1");
    navigator.storage.persist().catch(function () {});
  }

  function askForSync() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (reg) {
      if (reg.sync) return reg.sync.register("outbox");
    }).catch(function () {});
  }

  function unsent() {
    return flushNow(true).then(function () { return Outbox.summary(user()); }).then(function (s) {
      return s.pending.length + s.attention.length;
    });
  }

  window.BefriendOutboxUI = { send: send, flush: flushNow, refreshStatus: refreshStatus,
    showNews: showNews, unsent: unsent };
  openFix();
})();
