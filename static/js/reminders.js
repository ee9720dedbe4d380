/* Turning reminders on and off for this device (the settings form itself needs no script).
   Permission is asked only after a tap on "Turn on reminders"; a browser that can't receive
   pushes (an iPhone's Safari tab before "Add to Home Screen", say) is told so plainly. */
(function () {
  "use strict";
  var box = document.querySelector("[data-reminders]");
  if (!box) return;
  var status = box.querySelector("[data-push-status]");
  var onButton = box.querySelector("[data-push-on]");
  var offButton = box.querySelector("[data-push-off]");

  function say(words) { status.textContent = words; }

  function appleTouch() {
    return /iPad|iPhone|iPod/.test(navigator.userAgent) ||
      (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  }
  function standalone() {
    return navigator.standalone === true || window.matchMedia("(display-mode: standalone)").matches;
  }
  function keyBytes(base64) {
    var padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  function post(url, body) {
    return fetch(url, { method: "POST", credentials: "same-origin", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", "X-CSRFToken": window.Befriend.csrfToken() } })
      .then(function (res) { if (!res.ok) throw new Error("server " + res.status); return res; });
  }
  function show(subscription) {
    onButton.hidden = Boolean(subscription);
    offButton.hidden = !subscription;
    var enabled = document.getElementById("enabled");
    if (!subscription) say("Reminders don't come to this device yet.");
    else if (enabled && !enabled.checked) {
      say("This device is ready. Reminders start once \u201cSend me a reminder\u201d is ticked and saved.");
    } else say("Reminders come to this device.");
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say(appleTouch() && !standalone()
      ? "On iPhone and iPad, reminders work once Befriend is on your Home Screen: tap Share, " +
        "then \u201cAdd to Home Screen\u201d, and open Befriend from there."
      : "This browser can't receive reminders. Your settings are kept for one that can.");
    return;
  }

  function registration() { return navigator.serviceWorker.ready; }

  function turnOn() {
    onButton.disabled = true;
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        say("Befriend can't show reminders here without permission. You can allow " +
          "notifications in this browser's settings whenever you like.");
        return null;
      }
      return registration().then(function (reg) {
        return reg.pushManager.subscribe({ userVisibleOnly: true,
          applicationServerKey: keyBytes(box.dataset.key) });
      }).then(function (subscription) {
        return post(box.dataset.subscribe, subscription.toJSON()).then(function () {
          show(subscription);
        });
      });
    }).catch(function () {
      say("Reminders couldn't be turned on in this browser just now. Please try again later.");
    }).finally(function () { onButton.disabled = false; });
  }

  function turnOff() {
    offButton.disabled = true;
    registration().then(function (reg) { return reg.pushManager.getSubscription(); })
      .then(function (subscription) {
        if (!subscription) return show(null);
        var endpoint = subscription.endpoint;
        return subscription.unsubscribe().then(function () {
          return post(box.dataset.unsubscribe, { endpoint: endpoint });
        }).then(function () { show(null); });
      }).catch(function () {
        say("Reminders couldn't be stopped on this device just now. Please try again.");
      }).finally(function () { offButton.disabled = false; });
  }

  onButton.addEventListener("click", turnOn);
  offButton.addEventListener("click", turnOff);
  if (Notification.permission === "denied") {
    say("Notifications are blocked for Befriend in this browser. You can allow them in its settings.");
    return;
  }
  onButton.hidden = false;
  say("Reminders don't come to this device yet.");
  registration().then(function (reg) { return reg.pushManager.getSubscription(); })
    .then(show, function () {});
})();
