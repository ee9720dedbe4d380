/* Befriend's service worker, served at /sw.js by the pwa blueprint with SETTINGS filled in:
   {version, shell (pages), assets (hashed URLs + pinned htmx), htmx, offline, outbox}.
   Pages: network first, then the copy on the phone (also when the server answers 5xx), then
   /offline. Static files: cache first.
   htmx fragment requests are never cached (only boosted and history-restore ones are pages). */
"use strict";
var SETTINGS = self.__SETTINGS__;
var STATIC = "befriend-static-" + SETTINGS.version;
var PAGES = "befriend-pages-" + SETTINGS.version;    // one person's pages
var PUBLIC = "befriend-public-" + SETTINGS.version;  // pages drawn for nobody

importScripts(SETTINGS.outbox);

function assetRequest(url) {
  // htmx comes from the CDN with SRI, so it must be fetched (and kept) as a CORS response.
  return new Request(url, { mode: new URL(url, self.location).origin === self.location.origin
    ? "same-origin" : "cors", credentials: "same-origin" });
}

function pageKey(url) {
  var clean = new URL(url);
  clean.hash = "";
  return clean.href;
}

/* Whose pages are kept. Pages drawn for a person live in PAGES, which only ever holds the pages
   of one person: its owner is written in it (OWNER_KEY) and every copy still carries the
   server's X-Befriend-User header. Pages drawn for nobody (the crisis page, breathing, the
   offline page, the start page) live in PUBLIC, which no change of identity touches, so crisis
   help stays on the phone whoever holds it. Whenever the server (a page's header, or
   /session-token through a page) or the browser's cookies (the owner cookie the server mirrors)
   say someone else is here now, or nobody, PAGES is emptied before anything is shown. */
var OWNER_HEADER = SETTINGS.owner_header;
var OWNER_KEY = new URL("/__befriend/owner", self.location).href;
var owner = null;         // a promise of whom PAGES belongs to (a user id, "" for nobody)
var writes = Promise.resolve();  // changes to PAGES, one after the other
var warmedFor;            // whom this running worker has just kept the shell pages for
var warming = null;       // {user, done}: the warm-up under way, if any
var forgotten = 0;        // moves when the pages are forgotten on purpose (logout)

function ownerOf(res) {
  var who = res.headers.get(OWNER_HEADER);
  return who === null ? undefined : who;
}

function serially(work) {
  var next = writes.then(work, work);
  writes = next.catch(function () {});
  return next;
}

function currentOwner() {
  if (!owner) {
    owner = caches.open(PAGES).then(function (cache) { return cache.match(OWNER_KEY); })
      .then(function (res) { return res ? res.text() : ""; }).catch(function () { return ""; });
  }
  return owner;
}

/* Someone (or nobody) is here now: the previous person's pages are deleted before the answer
   that said so is shown. Resolves once PAGES belongs to `who`. */
function settle(who) {
  // The usual case (the same person again) needs no turn in the queue: nothing waits for writes.
  return currentOwner().then(function (known) {
    return known === who ? undefined : serially(function () { return changeOwner(who); });
  });
}

function changeOwner(who) {
  return currentOwner().then(function (was) {
    if (was === who) return;
    owner = Promise.resolve(who);
    warmedFor = undefined;
    return caches.delete(PAGES).then(function () { return caches.open(PAGES); })
      .then(function (cache) {
        return cache.put(OWNER_KEY, new Response(who, { headers: { "Content-Type": "text/plain" } }));
      });
  });
}

/* The owner cookie as the browser holds it now ("" without one), or undefined where a worker
   cannot read cookies (no Cookie Store API): the pages then check it themselves (app.js). */
function cookieOwner() {
  if (!self.cookieStore) return Promise.resolve(undefined);
  return self.cookieStore.get(SETTINGS.owner_cookie).then(function (cookie) {
    return cookie ? cookie.value : "";
  }, function () { return undefined; });
}

/* Who is here, when the server cannot be asked (offline, or it answered 5xx): the last owner
   the server reported, unless the cookies now say otherwise (cleared, expired, someone else):
   then the cookies win, and the pages kept for the last owner are forgotten first. */
function whoIsHere() {
  return Promise.all([currentOwner(), cookieOwner()]).then(function (both) {
    var known = both[0];
    var jar = both[1];
    if (jar === undefined || jar === known) return known;
    return settle(jar).then(function () { return jar; });
  });
}

/* Keep one answer: a page drawn for nobody goes to PUBLIC, a person's page to PAGES only while
   PAGES is still theirs (someone else may have signed in while it was on its way). */
function keep(url, res, who) {
  if (who === undefined) return Promise.resolve();
  if (who === "") {
    return caches.open(PUBLIC).then(function (cache) { return cache.put(pageKey(url), res); });
  }
  return serially(function () {
    return currentOwner().then(function (now) {
      if (now !== who) return;
      return caches.open(PAGES).then(function (cache) { return cache.put(pageKey(url), res); });
    });
  });
}

function fetchToKeep(url, credentials) {
  // X-Befriend-Keep asks the server to leave any one-time message for the page the person
  // sees; X-Befriend-Copy says (to logs and tests) which copy this is.
  var headers = { "X-Befriend-Keep": "1",
    "X-Befriend-Copy": credentials === "omit" ? "public" : "own" };
  return fetch(url, { credentials: credentials, cache: "no-store", headers: headers })
    .then(function (res) {
    return storable(res) && !serverCouldNotServe(res) ? res : null;
  }, function () { return null; });
}

/* The public copy of a page, drawn for nobody whoever is signed in (no cookies sent): what the
   phone shows once the person it kept pages for is gone. */
function keepPublic(url) {
  return fetchToKeep(url, "omit").then(function (res) {
    if (res && ownerOf(res) === "") return keep(res.url, res, "");
  });
}

/* Keep copies of pages, as the person signed in sees them and, when that is someone, as nobody
   sees them too. Resolves to whom they were made for (undefined if they disagree, say a sign-in
   happened half-way). One page failing (a blip, a restart) must not fail the whole install:
   that page is simply fetched again on the next visit or warm-up. */
function storePages(urls) {
  var started = forgotten;
  return Promise.all(urls.map(function (url) {
    return fetchToKeep(url, "same-origin").then(function (res) {
      // Pages fetched before a logout finished must not land after it.
      if (!res || forgotten !== started) return null;
      var who = ownerOf(res);
      if (who === undefined) return null;
      return settle(who).then(function () {
        return Promise.all([keep(res.url, res, who), who === "" ? null : keepPublic(url)]);
      }).then(function () { return who; });
    }).catch(function () { return null; });
  })).then(function (users) {
    if (forgotten !== started) return undefined;
    var seen = users.filter(function (who) { return who !== null; });
    var first = seen[0];
    warmedFor = seen.every(function (who) { return who === first; }) ? first : undefined;
    return warmedFor;
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(Promise.all([
    caches.open(STATIC).then(function (cache) {
      return cache.addAll(SETTINGS.assets.map(assetRequest));
    }),
    storePages(SETTINGS.shell),
  ]));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("befriend-") === 0 && name !== STATIC && name !== PAGES &&
        name !== PUBLIC;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function isPage(request) {
  if (request.mode === "navigate") return true;
  var h = request.headers;
  return h.get("HX-Request") === "true" &&
    (h.get("HX-Boosted") === "true" || h.get("HX-History-Restore-Request") === "true");
}

/* The offline page, answered under the original URL so neither the browser nor htmx shows
   /offline in the address bar; "Try again" then reloads the page the person wanted. */
function offlinePage() {
  return keptCopy(SETTINGS.offline).then(function (res) {
    if (!res) return Response.error();
    return res.blob().then(function (body) {
      return new Response(body, { status: 200, headers: res.headers });
    });
  });
}

/* no-store answers (a recovery code on screen, a download of everything, the printable summary)
   are never kept on the phone. */
function storable(res) {
  return res.ok && res.type === "basic" && !res.redirected &&
    !/no-store/.test(res.headers.get("Cache-Control") || "");
}

/* The server answered but could not really serve the page: a 5xx, or a page it could only draw
   without the database (the crisis page then lacks the person's own safety plan). */
function serverCouldNotServe(res) {
  return res.status >= 500 || res.headers.get("X-Befriend-Degraded") === "1";
}

/* The phone's copy of a page for whoever is here: their own, if it was drawn for them, else the
   one drawn for nobody; never a page of someone who is no longer signed in. Resolves to null
   when there is none. */
function keptCopy(url) {
  var key = pageKey(new URL(url, self.location).href);
  return whoIsHere().then(function (who) {
    if (!who) return null;
    return caches.match(key, { cacheName: PAGES, ignoreVary: true }).then(function (res) {
      return res && ownerOf(res) === who ? res : null;
    });
  }).then(function (own) {
    return own || caches.match(key, { cacheName: PUBLIC, ignoreVary: true }).then(function (res) {
      return res && ownerOf(res) === "" ? res : null;
    });
  });
}

/* The kept copy, marked on its <html> so the page says it is a saved copy (the note is in
   base.html, shown by CSS alone). */
function savedCopy(request) {
  return keptCopy(request.url).then(function (cached) {
    if (!cached) return null;
    return cached.text().then(function (markup) {
      var headers = new Headers(cached.headers);
      headers.delete("Content-Length");
      headers.delete("Content-Encoding");
      return new Response(markup.replace(/<html\b/, "<html data-saved-copy"),
        { status: 200, headers: headers });
    });
  });
}

/* The server's answer says whom it was drawn for: if that is not whom the kept pages belong to,
   they are deleted before this answer is shown (a sign-in, a logout, a session ended on another
   device, cookies cleared). */
/* A page that showed a one-time message ("Saved.", "You're logged out") is kept without it: the
   phone would otherwise say it again, offline, every time the page is opened. */
function withoutOneTimeMessages(res) {
  if (res.headers.get("X-Befriend-Once") !== "1") return Promise.resolve(res);
  return res.text().then(function (markup) {
    var headers = new Headers(res.headers);
    headers.delete("Content-Length");
    headers.delete("Content-Encoding");
    headers.delete("X-Befriend-Once");
    return new Response(markup.replace(/<div class="flashes"[^>]*>[\s\S]*?<\/div>/, ""),
      { status: res.status, statusText: res.statusText, headers: headers });
  });
}

function networkFirst(request) {
  return fetch(request).then(function (res) {
    if (serverCouldNotServe(res)) {
      // The server's own answer (a calm error page with crisis numbers) when nothing is kept.
      return savedCopy(request).then(function (copy) { return copy || res; });
    }
    var who = ownerOf(res);
    return (who === undefined ? Promise.resolve() : settle(who)).then(function () {
      if (storable(res)) withoutOneTimeMessages(res.clone()).then(function (copy) {
        return keep(request.url, copy, who);
      }).catch(function () {});
      return res;
    });
  }, function () {
    return savedCopy(request).then(function (copy) {
      return copy || withoutItsQuery(request).then(function (plain) { return plain || offlinePage(); });
    });
  });
}

/* A practice opened for one part (/practices/unblending?part=7) is the same practice: offline,
   the copy kept without the query serves it (the page then picks the part from its address).
   Only practices: another page's query (a month of the calendar) is a different page. */
function withoutItsQuery(request) {
  var url = new URL(request.url);
  if (!url.search || url.pathname.indexOf("/practices/") !== 0) return Promise.resolve(null);
  url.search = "";
  return savedCopy({ url: url.href });
}

function cacheFirst(request) {
  return caches.match(request, { cacheName: STATIC, ignoreVary: true }).then(function (cached) {
    if (cached) return cached;
    return fetch(request).then(function (res) {
      if (res.ok) {
        var copy = res.clone();
        caches.open(STATIC).then(function (cache) { return cache.put(request, copy); });
      }
      return res;
    });
  });
}

/* A plain form (one the outbox does not keep: a part's edit, the settings) sent as a page when
   the network fails: the offline page, saying that it was not sent and nothing changed, instead
   of the browser's own error. app.js stops such a form before it goes when the phone knows it
   is offline; this is for when it doesn't (a network that is there but carries nothing). */
function formWithoutConnection(request) {
  return fetch(request).catch(function () {
    return keptCopy(SETTINGS.offline).then(function (res) {
      if (!res) return Response.error();
      return res.text().then(function (markup) {
        var headers = new Headers(res.headers);
        headers.delete("Content-Length");
        headers.delete("Content-Encoding");
        return new Response(markup.replace(/<html\b/, "<html data-offline-post"),
          { status: 503, headers: headers });
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method === "POST" && request.mode === "navigate" &&
      new URL(request.url).origin === self.location.origin) {
    event.respondWith(formWithoutConnection(request));
    return;
  }
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.href === new URL(SETTINGS.htmx, self.location).href) {
    event.respondWith(cacheFirst(request));
    return;
  }
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(cacheFirst(request));
  } else if (isPage(request)) {
    event.respondWith(networkFirst(request));
  }
  // Anything else (fragments, JSON, sw.js itself) goes straight to the network, uncached.
});

/* After a confirmed logout: the shell again, as a visitor sees it (the crisis page, breathing,
   offline, the start page), so the crisis path never leaves the phone. Pages that need an
   account redirect and are simply not kept. */
function keepPublicShell() {
  return storePages(SETTINGS.shell).catch(function () {});
}

function tellPages(message) {
  return self.clients.matchAll({ type: "window" }).then(function (clients) {
    clients.forEach(function (client) { client.postMessage(message); });
  });
}

// The worker's own sync asks /session-token too: what it hears settles whose pages are kept.
self.BefriendOutbox.onSession(function (who) { return settle(who.user ? String(who.user) : ""); });

self.addEventListener("sync", function (event) {
  if (event.tag !== "outbox") return;
  event.waitUntil(self.BefriendOutbox.flush({ force: true }).then(function (result) {
    return tellPages({ type: "outbox-changed", result: result }).then(function () {
      // A failed network makes the browser try this sync again later, with its own backoff.
      if (result.failed || result.unreachable) throw new Error("outbox: some entries are still waiting");
    });
  }));
});

/* Whether every shell page is already kept for this person (a worker started again has
   forgotten whom it warmed for, and must not fetch them all on every page). */
function shellKeptFor(user) {
  if (!user) return Promise.resolve(false);
  return currentOwner().then(function (now) {
    if (now !== user) return [false];
    return caches.open(PAGES).then(function (cache) {
      return Promise.all(SETTINGS.shell.map(function (url) {
        return cache.match(pageKey(new URL(url, self.location).href), { ignoreVary: true })
          .then(function (res) { return Boolean(res) && ownerOf(res) === user; });
      }));
    });
  }).then(function (found) { return found.every(Boolean); }, function () { return false; });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var answer = function (message) { if (event.source) event.source.postMessage(message); };
  if (data.type === "skip-waiting") {
    self.skipWaiting();
  } else if (data.type === "warm") {
    // After signing in (or out), keep the shell pages as this person sees them now, unless this
    // worker has just kept them for the same person (installing while signed in).
    var reply = function (who) {
      answer({ type: "warmed", version: SETTINGS.version, user: who });
    };
    if (warmedFor !== undefined && warmedFor === data.user) {
      reply(warmedFor);
      return;
    }
    event.waitUntil(shellKeptFor(data.user).then(function (kept) {
      if (kept) return reply(data.user);
      // Pages opened while a warm-up is under way ask too: they share it instead of another.
      if (!warming || warming.user !== data.user) {
        var run = { user: data.user };
        run.done = storePages(SETTINGS.shell).finally(function () {
          if (warming === run) warming = null;
        });
        warming = run;
      }
      return warming.done.then(reply, function () {});
    }));
  } else if (data.type === "claim") {
    event.waitUntil(self.clients.claim());
  } else if (data.type === "identity") {
    // A page heard who is signed in (from /session-token, or from the owner cookie where this
    // worker cannot read cookies): the pages of anyone else go before it shows anything.
    event.waitUntil(settle(data.user ? String(data.user) : "").then(function () {
      answer({ type: "identity-settled", user: data.user ? String(data.user) : "" });
    }));
  } else if (data.type === "forget-pages") {
    // A confirmed logout (or an account being deleted): nobody is here now. PUBLIC stays.
    warming = null;
    forgotten += 1;
    event.waitUntil(settle("").then(function () {
      return data.refill ? keepPublicShell() : undefined;
    }).then(function () {
      answer({ type: "forgotten" });
    }));
  }
});

/* Reminders (Web Push). Every push must show a notification (browsers insist), so when a
   check-in from today is still waiting in this phone's outbox, the note says it is waiting to
   sync instead of reminding the person to check in. One tag: reminders never pile up. */
var REMINDER_TAG = "befriend-reminder";

function reminderFromPush(event) {
  try {
    return (event.data && event.data.json()) || {};
  } catch (error) {
    return {};
  }
}

function sameDay(iso, now) {
  var saved = new Date(iso);
  return saved.getFullYear() === now.getFullYear() && saved.getMonth() === now.getMonth() &&
    saved.getDate() === now.getDate();
}

function checkinWaitingToday() {
  var now = new Date();
  return self.BefriendOutbox.all().then(function (entries) {
    return entries.some(function (entry) {
      return new URL(entry.url, self.location).pathname === "/checkins" &&
        entry.state === "pending" && sameDay(entry.saved_at, now);
    });
  }, function () { return false; });
}

function showReminder(message) {
  return checkinWaitingToday().then(function (waiting) {
    var body = waiting && message.kind !== "practice"
      ? "Today's check-in is saved on this phone, waiting to sync. Nothing else to do."
      : message.body || "A moment for yourself, if you'd like one.";
    return self.registration.showNotification(message.title || "Befriend", {
      body: body, tag: REMINDER_TAG, renotify: false, icon: SETTINGS.icon, badge: SETTINGS.icon,
      data: { url: waiting ? "/" : (message.url || "/") },
    });
  });
}

/* Focus a window of this app and take it to the page (Today, or the linked practice); open
   one when there is none. A window that can't be focused is still taken there. */
function openFromNotification(url) {
  var target = new URL(url, self.location);
  if (target.origin !== self.location.origin) target = new URL("/", self.location);
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
    var open = windows.filter(function (w) { return new URL(w.url).origin === target.origin; })[0];
    if (!open) return self.clients.openWindow(target.href);
    return open.focus().catch(function () { return open; }).then(function (client) {
      return client.url === target.href ? client : client.navigate(target.href);
    }).catch(function () { return self.clients.openWindow(target.href); });
  });
}

function onNotificationClick(event) {
  event.notification.close();
  event.waitUntil(openFromNotification((event.notification.data || {}).url || "/"));
}

self.addEventListener("push", function (event) {
  event.waitUntil(showReminder(reminderFromPush(event)));
});

self.addEventListener("notificationclick", onNotificationClick);
