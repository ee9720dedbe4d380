/* Befriend's service worker, served at /sw.js by the pwa blueprint with SETTINGS filled in:
   {version, shell (pages), assets (hashed URLs + pinned htmx), htmx, offline, outbox}.
   Pages: network first, then the copy on the phone (also when the server answers 5xx), then
   /offline. Static files: cache first.
   htmx fragment requests are never cached (only boosted and history-restore ones are pages). */
"use strict";
var SETTINGS = self.__SETTINGS__;
var STATIC = "befriend-static-" + SETTINGS.version;
var PAGES = "befriend-pages-" + SETTINGS.version;

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

/* Whom the shell copies on the phone were made for (a user id, "" for a visitor), or undefined
   when not known: a worker that was stopped and started again has forgotten, and fetches anew. */
var storedFor;
var warming = null;  // {user, done}: the warm-up under way, if any
var generation = 0;  // moves when the kept pages are forgotten (logout)

function madeFor(res) {
  return res.clone().text().then(function (markup) {
    var found = /<html[^>]*\sdata-user="([^"]*)"/.exec(markup);
    return found ? found[1] : undefined;
  });
}

/* Keep copies of pages; resolves to whom they were made for (undefined if they disagree, say a
   sign-in happened half-way). One page failing (a blip, a restart) must not fail the whole
   install: that page is simply fetched again on the next visit or warm-up. */
function storePages(urls) {
  var started = generation;
  return caches.open(PAGES).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      // The header asks the server to leave any one-time message for the page the person sees.
      return fetch(url, { credentials: "same-origin", cache: "no-store",
        headers: { "X-Befriend-Keep": "1" } }).then(function (res) {
        // Pages fetched before a logout finished must not land in the emptied cache.
        if (!storable(res) || serverCouldNotServe(res) || generation !== started) return null;
        return madeFor(res).then(function (who) {
          return cache.put(pageKey(res.url), res).then(function () { return who; });
        });
      }).catch(function () { return null; });
    }));
  }).then(function (users) {
    if (generation !== started) return undefined;
    var seen = users.filter(function (who) { return who !== null; });
    var first = seen[0];
    storedFor = seen.every(function (who) { return who === first; }) ? first : undefined;
    return storedFor;
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
      return name.indexOf("befriend-") === 0 && name !== STATIC && name !== PAGES;
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
  return caches.match(SETTINGS.offline, { cacheName: PAGES, ignoreVary: true }).then(function (res) {
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

/* The phone's copy of a page, marked on its <html> so the page says it is a saved copy (the
   note is in base.html, shown by CSS alone). Resolves to null when there is none. */
function savedCopy(request) {
  return caches.match(pageKey(request.url), { cacheName: PAGES, ignoreVary: true })
    .then(function (cached) {
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

function networkFirst(request) {
  return fetch(request).then(function (res) {
    if (serverCouldNotServe(res)) {
      // The server's own answer (a calm error page with crisis numbers) when nothing is kept.
      return savedCopy(request).then(function (copy) { return copy || res; });
    }
    if (storable(res)) {
      var copy = res.clone();
      caches.open(PAGES).then(function (cache) { return cache.put(pageKey(request.url), copy); });
    }
    return res;
  }, function () {
    return savedCopy(request).then(function (copy) { return copy || offlinePage(); });
  });
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

self.addEventListener("fetch", function (event) {
  var request = event.request;
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

self.addEventListener("sync", function (event) {
  if (event.tag !== "outbox") return;
  event.waitUntil(self.BefriendOutbox.flush({ force: true }).then(function (result) {
    return tellPages({ type: "outbox-changed", result: result }).then(function () {
      // A failed network makes the browser try this sync again later, with its own backoff.
      if (result.failed || result.unreachable) throw new Error("outbox: some entries are still waiting");
    });
  }));
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "skip-waiting") {
    self.skipWaiting();
  } else if (data.type === "warm") {
    // After signing in (or out), keep the shell pages as this person sees them now, unless this
    // worker has just kept them for the same person (installing while signed in).
    var reply = function (who) {
      if (event.source) {
        event.source.postMessage({ type: "warmed", version: SETTINGS.version, user: who });
      }
    };
    if (storedFor !== undefined && storedFor === data.user) {
      reply(storedFor);
    } else {
      // Pages opened while a warm-up is under way ask too: they share it instead of another.
      if (!warming || warming.user !== data.user) {
        var run = { user: data.user };
        run.done = storePages(SETTINGS.shell).finally(function () {
          if (warming === run) warming = null;
        });
        warming = run;
      }
      event.waitUntil(warming.done.then(reply, function () {}));
    }
  } else if (data.type === "claim") {
    event.waitUntil(self.clients.claim());
  } else if (data.type === "forget-pages") {
    storedFor = undefined;
    warming = null;
    generation += 1;
    event.waitUntil(caches.delete(PAGES).then(function () {
      return data.refill ? keepPublicShell() : undefined;
    }).then(function () {
      if (event.source) event.source.postMessage({ type: "forgotten" });
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
