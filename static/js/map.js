/* Arranging the parts map. A part can be dragged (mouse, pen or finger: pointer events) or, once
   focused, moved with the arrow keys (Shift for bigger steps); Enter still opens it, as any
   link. Where it lands is sent to POST /parts/<id>/position as fractions of the map's width and
   height (parts/partmap.py), and the map comes back drawn again, so parts in the way make room.
   Without this file the map is a picture of links, as before. */
(function () {
  "use strict";

  var STEP = 10;        // map units per arrow press (about 10 CSS px on a phone)
  var BIG_STEP = 40;    // with Shift
  var KEY_SAVE_MS = 400; // a run of arrow presses is saved once, when it pauses
  var DRAG_START = 6;   // units a pointer must travel before a press becomes a drag
  var ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

  function setup(figure) {
    if (figure.dataset.mapReady) return;
    figure.dataset.mapReady = "true";
    var status = document.querySelector("[data-map-status]");
    var drag = null;
    var swallowClick = false;
    var keyTimer = null;
    var keyMoved = {};  // parts moved by the keys since the last save
    var moves = 0;  // local moves so far: an answer to an older save must not undo newer ones

    function svg() { return figure.querySelector("svg.parts-map"); }
    function nodeOf(target) { return target && target.closest ? target.closest("a.node") : null; }
    function nodeById(id) { return svg().querySelector('a.node[data-part-id="' + id + '"]'); }
    function nameOf(node) { return (node.getAttribute("aria-label") || "").split(",")[0]; }
    function say(words) { if (status) status.textContent = words; }

    /* Where a pointer is, in the map's own units. */
    function pointer(event) {
      var matrix = svg().getScreenCTM();
      if (!matrix) return null;
      var found = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
      return { x: found.x, y: found.y };
    }

    /* Move a part, kept inside the map with its label (the bounds partmap gave it). */
    function moveTo(node, x, y) {
      var b = node.dataset.bounds.split(" ").map(Number);
      x = Math.round(Math.min(Math.max(x, b[0]), b[1]) * 10) / 10;
      y = Math.round(Math.min(Math.max(y, b[2]), b[3]) * 10) / 10;
      node.dataset.x = x;
      node.dataset.y = y;
      node.setAttribute("transform", "translate(" + x + " " + y + ")");
      moves += 1;
      redrawLines(node.dataset.partId);
    }

    /* The part's lines follow it, stopping at the circles' rims (as partmap.edges_between). */
    function redrawLines(id) {
      var map = svg();
      var trim = Number(map.dataset.radius) + 3;
      map.querySelectorAll('line[data-from="' + id + '"], line[data-to="' + id + '"]')
        .forEach(function (line) {
          var a = nodeById(line.dataset.from);
          var b = nodeById(line.dataset.to);
          if (!a || !b) return;
          var ax = Number(a.dataset.x), ay = Number(a.dataset.y);
          var dx = Number(b.dataset.x) - ax, dy = Number(b.dataset.y) - ay;
          var length = Math.hypot(dx, dy) || 1;
          var ux = dx / length, uy = dy / length;
          line.setAttribute("x1", ax + ux * trim);
          line.setAttribute("y1", ay + uy * trim);
          line.setAttribute("x2", ax + dx - ux * trim);
          line.setAttribute("y2", ay + dy - uy * trim);
        });
    }

    function save(id) {
      var node = nodeById(id);
      if (!node) return;
      var map = svg();
      var body = new URLSearchParams();
      body.set("x", (Number(node.dataset.x) / Number(map.dataset.width)).toFixed(5));
      body.set("y", (Number(node.dataset.y) / Number(map.dataset.height)).toFixed(5));
      var name = nameOf(node);
      var at = moves;
      fetch(node.dataset.positionUrl, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "HX-Request": "true", "X-CSRFToken": window.Befriend.csrfToken() }
      }).then(function (res) {
        if (!res.ok) {
          return res.json().catch(function () { return {}; }).then(function (answer) {
            say(answer.message || "That place couldn't be kept just now. Please try again.");
          });
        }
        return res.text().then(function (html) {
          if (at !== moves || drag) return;  // moved again since: that save draws the map
          redraw(html);
          say(name + " is kept where you put it.");
        });
      }, function () {
        say("The new place couldn't be kept (no connection?). The map shows the last kept " +
          "places when it loads again.");
      });
    }

    /* The map as the server drew it after the save; the focused part keeps the focus. */
    function redraw(html) {
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var fresh = holder.querySelector("svg.parts-map");
      if (!fresh) return;
      var focused = nodeOf(document.activeElement);
      var focusId = focused && figure.contains(focused) ? focused.dataset.partId : null;
      var scrolled = window.scrollY;
      svg().replaceWith(fresh);
      // The page stays where it was, even if the new drawing is taller (a crowded map).
      if (window.scrollY !== scrolled) window.scrollTo(window.scrollX, scrolled);
      if (focusId && nodeById(focusId)) nodeById(focusId).focus({ preventScroll: true });
    }

    figure.addEventListener("pointerdown", function (event) {
      swallowClick = false;
      var node = nodeOf(event.target);
      if (!node || !event.isPrimary || event.button > 0) return;
      var start = pointer(event);
      if (!start) return;
      drag = { node: node, pointerId: event.pointerId, start: start, moved: false,
        x: Number(node.dataset.x), y: Number(node.dataset.y) };
    });

    figure.addEventListener("pointermove", function (event) {
      if (!drag || event.pointerId !== drag.pointerId) return;
      var now = pointer(event);
      if (!now) return;
      var dx = now.x - drag.start.x, dy = now.y - drag.start.y;
      if (!drag.moved) {
        if (Math.hypot(dx, dy) < DRAG_START) return;
        drag.moved = true;
        drag.node.parentNode.appendChild(drag.node);  // drawn above the others while it moves
        drag.node.classList.add("is-dragging");
        try { drag.node.setPointerCapture(event.pointerId); } catch (e) { /* still follows */ }
      }
      event.preventDefault();
      moveTo(drag.node, drag.x + dx, drag.y + dy);
    });

    /* A finger on a part drags it, not the page: touch-action (in app.css) is ignored inside an
       SVG by Chromium, so the page's scroll is held back here, only while a part is held. A tap
       moves nothing and still opens the part. */
    figure.addEventListener("touchmove", function (event) {
      if (drag) event.preventDefault();
    }, { passive: false });

    function finish(event, keep) {
      if (!drag || event.pointerId !== drag.pointerId) return;
      var done = drag;
      drag = null;
      if (!done.moved) return;
      done.node.classList.remove("is-dragging");
      swallowClick = true;  // the click that ends a drag must not open the part
      if (keep) save(done.node.dataset.partId);
      else moveTo(done.node, done.x, done.y);
    }
    figure.addEventListener("pointerup", function (event) { finish(event, true); });
    figure.addEventListener("pointercancel", function (event) { finish(event, false); });

    figure.addEventListener("click", function (event) {
      if (swallowClick && nodeOf(event.target)) event.preventDefault();
      swallowClick = false;
    }, true);
    // A link's own drag (its address, to drop elsewhere) would take over the pointer.
    figure.addEventListener("dragstart", function (event) {
      if (nodeOf(event.target)) event.preventDefault();
    });

    figure.addEventListener("keydown", function (event) {
      var node = nodeOf(event.target);
      var arrow = ARROWS[event.key];
      if (!node || !arrow || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();  // the page stays still; the part moves
      var step = event.shiftKey ? BIG_STEP : STEP;
      moveTo(node, Number(node.dataset.x) + arrow[0] * step,
        Number(node.dataset.y) + arrow[1] * step);
      keyMoved[node.dataset.partId] = true;
      clearTimeout(keyTimer);
      keyTimer = setTimeout(function () {
        var ids = Object.keys(keyMoved);
        keyMoved = {};
        ids.forEach(save);
      }, KEY_SAVE_MS);
    });
  }

  function setupAll(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("[data-parts-map]").forEach(setup);
  }

  document.addEventListener("DOMContentLoaded", function () { setupAll(document); });
  document.addEventListener("htmx:load", function (event) {
    setupAll(event.target.parentNode || document);
  });
})();
