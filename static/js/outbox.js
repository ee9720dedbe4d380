/* The offline outbox, shared by the page (app.js) and the service worker (sync event).
   Entries live in IndexedDB: {id, url, page, fields, shown, client_id, label, user, record,
   saved_at, state, attempts, next_try, status, reasons}. `user` is whom the server said the session belonged to when the
   entry was saved (outbox-ui.js), and an entry is only ever sent in that person's session.
   2xx -> removed; 409 -> removed, the server keeps it beside the newer version for the person
   to choose; other 4xx -> state "attention", kept until the person
   discards it; server trouble -> that entry is retried later with backoff. Being offline is not an
   entry's fault: it leaves every entry due, and the caller tries again soon (result.unreachable).
   Never dropped silently. */
(function (root) {
  "use strict";
  var DB_NAME = "befriend-outbox";
  var STORE = "entries";
  var TOKEN_URL = "/session-token";
  var database = null;

  function open() {
    if (database) return database;
    database = new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { database = null; reject(request.error); };
    });
    return database;
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function all() { return run("readonly", function (store) { return store.getAll(); }); }
  function add(entry) {
    var row = Object.assign({ saved_at: new Date().toISOString(), state: "pending", attempts: 0,
      next_try: 0 }, entry);
    return run("readwrite", function (store) { return store.add(row); });
  }
  function put(entry) { return run("readwrite", function (store) { return store.put(entry); }); }
  function remove(id) { return run("readwrite", function (store) { store.delete(id); }); }
  /* Every entry of one person, in one go: their account is being deleted. */
  function forget(user) {
    return run("readwrite", function (store) {
      var request = store.openCursor();
      request.onsuccess = function () {
        var cursor = request.result;
        if (!cursor) return;
        if (String(cursor.value.user) === String(user)) cursor.delete();
        cursor.continue();
      };
    });
  }

  /* Seconds to wait after the nth failure: 10 s, 20 s, 40 s ... at most 10 minutes. */
  function backoff(attempts) { return Math.min(600, 10 * Math.pow(2, Math.max(0, attempts - 1))); }

  /* A request that hangs (a half-open connection after the network comes back) must not hold the
     flush lock for ever; the server dedupes by client_id, so giving up and retrying is safe. */
  var TIMEOUT_MS = 20000;
  function timedFetch(url, init) {
    if (typeof AbortController !== "function") return fetch(url, init);
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
    return fetch(url, Object.assign({ signal: controller.signal }, init)).then(function (res) {
      clearTimeout(timer);
      return res;
    }, function (error) {
      clearTimeout(timer);
      throw error;
    });
  }

  /* Who is signed in, as the server says, is told to whoever listens (the worker, which forgets
     the pages of anyone else) before the answer is used. */
  var listeners = [];
  function onSession(listener) { listeners.push(listener); }

  function session() {
    return timedFetch(TOKEN_URL, { credentials: "same-origin", cache: "no-store" })
      .then(function (res) { if (!res.ok) throw new Error("token " + res.status); return res.json(); })
      .then(function (who) {
        return Promise.all(listeners.map(function (listener) {
          return Promise.resolve(listener(who)).catch(function () {});
        })).then(function () { return who; });
      });
  }

  function offline() { return Boolean(root.navigator && root.navigator.onLine === false); }

  function body(fields, token) {
    var params = new URLSearchParams();
    fields.forEach(function (pair) {
      params.append(pair[0], pair[0] === "csrf_token" ? token : pair[1]);
    });
    return params;
  }

  /* POST one form the way app.js does when online; resolves to the Response. */
  function post(url, fields, token) {
    return timedFetch(url, {
      method: "POST", body: body(fields, token), credentials: "same-origin", redirect: "manual",
      headers: { "HX-Request": "true", "X-CSRFToken": token },
    });
  }

  var VERSION_HEADER = "X-Befriend-Version";

  /* The server's own words for what it refused, read from the form it answered with (its
     messages are <p class="error"> and <div class="form-error"> everywhere), so the attention
     list can say "Please answer question 3" instead of "something was wrong". A regular
     expression, not a parser: this also runs in the worker, which has no DOMParser. */
  var MESSAGE = /<(p|div)\b[^>]*\bclass="(?:error|form-error)[^"]*"[^>]*>([\s\S]*?)<\/(?:p|div)>/g;
  var ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&#x27;": "'" };
  function reasonsIn(markup) {
    var found = [];
    var match;
    MESSAGE.lastIndex = 0;
    while ((match = MESSAGE.exec(markup || "")) && found.length < 3) {
      var text = match[2].replace(/<[^>]*>/g, " ").replace(/&[#\w]+;/g, function (e) {
        return ENTITIES[e] || e;
      }).replace(/\s+/g, " ").trim();
      if (text && found.indexOf(text) < 0) found.push(text);
    }
    return found;
  }

  function replay(entry, token) {
    return post(entry.url, entry.fields, token).then(function (res) {
      if (res.status >= 200 && res.status < 300) {
        entry.answered_version = res.headers.get(VERSION_HEADER);
        return remove(entry.id).then(function () { return "sent"; });
      }
      // Edited from an older version than the record now is: the server keeps it beside the
      // newer one for the person to choose, so nothing is lost by letting it go from the phone.
      if (res.status === 409) return remove(entry.id).then(function () { return "kept"; });
      if (res.type === "opaqueredirect") return "signed-out";  // sign in again: it stays queued
      // The session changed between asking for the token and sending: never a mistake in the
      // entry, and never sent as whoever is signed in now; it waits for its own person.
      if (res.status === 400 && res.headers.get("X-Befriend-Refused") === "csrf") return "signed-out";
      if (res.status >= 400 && res.status < 500) {
        return res.text().catch(function () { return ""; }).then(function (markup) {
          entry.state = "attention";
          entry.status = res.status;
          entry.reasons = reasonsIn(markup);
          return put(entry).then(function () { return "attention"; });
        });
      }
      throw new Error("server " + res.status);
    }).catch(function (error) {
      if (error && error.name === "InvalidStateError") throw error;
      entry.attempts += 1;
      entry.next_try = Date.now() + backoff(entry.attempts) * 1000;
      return put(entry).then(function () { return "failed"; });
    });
  }

  function locked(work) {
    // One flush at a time across the page and the worker; the server dedupes by client_id anyway.
    if (root.navigator && navigator.locks) return navigator.locks.request("befriend-outbox", work);
    return work();
  }

  /* A record replaced as a whole (the safety plan) is edited in order: its entries go in the
     order they were saved, and stop at the first one that didn't go (the later edit was made
     on top of it). Entries of new records (each check-in) don't wait for each other. */
  function recordKey(entry) { return entry.record ? entry.user + "|" + entry.record : null; }

  function field(entry, name) {
    var pair = entry.fields.filter(function (p) { return p[0] === name; })[0];
    return pair ? pair[1] : undefined;
  }

  /* The record's next queued edit was opened from the same version as the one just sent, on
     this phone: it follows that edit, so it is moved on to the version the server answered. */
  function rebase(later, sent) {
    if (!sent.answered_version || recordKey(later) !== recordKey(sent)) return Promise.resolve();
    if (field(later, "base_version") !== field(sent, "base_version")) return Promise.resolve();
    later.fields = later.fields.map(function (pair) {
      return pair[0] === "base_version" ? [pair[0], sent.answered_version] : pair;
    });
    return put(later);
  }

  /* Send what is due for the signed-in person. {force: true} ignores the backoff clock.
     Resolves to counts of what happened; `unreachable` means Befriend could not be reached at all
     (offline, or the network not back yet), and nothing was counted against any entry. */
  function flush(options) {
    var force = options && options.force;
    var result = { sent: 0, failed: 0, attention: 0, waiting: 0, kept: 0, kept_at: [],
      unreachable: false };
    return locked(function () {
      return all().then(function (entries) {
        var held = {};  // records whose earlier entry isn't going now: the later ones wait too
        var due = entries.filter(function (e) {
          var key = recordKey(e);
          if (key && held[key]) return false;
          var ready = e.state === "pending" && (force || e.next_try <= Date.now());
          if (key && !ready) held[key] = true;
          return ready;
        });
        if (!due.length) return result;
        if (offline()) {
          result.unreachable = true;
          return result;
        }
        return session().then(function (who) {
          var mine = due.filter(function (e) { return String(e.user) === String(who.user); });
          result.waiting = due.length - mine.length;
          var stopped = {};
          return mine.reduce(function (chain, entry, index) {
            return chain.then(function () {
              var key = recordKey(entry);
              if (key && stopped[key]) {
                result.waiting += 1;
                return;
              }
              return replay(entry, who.csrf_token).then(function (outcome) {
                if (outcome === "signed-out") result.waiting += 1;
                else result[outcome] += 1;
                // Kept beside a newer version: where the person chooses between the two.
                if (outcome === "kept" && entry.versions) result.kept_at.push(entry.versions);
                if (key && outcome !== "sent" && outcome !== "kept") stopped[key] = true;
                if (outcome !== "sent") return;
                return mine.slice(index + 1).reduce(function (next, later) {
                  return next.then(function () { return rebase(later, entry); });
                }, Promise.resolve());
              });
            });
          }, Promise.resolve());
        }, function () {
          result.unreachable = true;
        }).then(function () { return result; });
      });
    });
  }

  /* Entries for one person: what is waiting, and what needs their attention. */
  function summary(user) {
    return all().then(function (entries) {
      var mine = entries.filter(function (e) { return String(e.user) === String(user); });
      return {
        pending: mine.filter(function (e) { return e.state === "pending"; }),
        attention: mine.filter(function (e) { return e.state === "attention"; }),
      };
    });
  }

  root.BefriendOutbox = { add: add, all: all, put: put, remove: remove, forget: forget,
    flush: flush, post: post, session: session, onSession: onSession, summary: summary,
    backoff: backoff, reasonsIn: reasonsIn };
})(self);
