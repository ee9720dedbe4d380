/* A practice's words name the part it is done with. The server writes them with the part
   chosen when the page was drawn (or "this part"); each such piece of text keeps its pattern in
   data-part-text, and when another part is picked in the form the names are filled in again
   here. Names go in as text (textContent), never as markup. The words used until a part is
   chosen come from the part's select (data-fallback, data-fallback-start). */
(function () {
  "use strict";

  var PLACEHOLDER = /\{(part|Part|other|Other)\}/g;

  function startOfSentence(name) { return name.charAt(0).toUpperCase() + name.slice(1); }

  function words(form) {
    var found = {};
    form.querySelectorAll("select[data-part-names]").forEach(function (select) {
      var key = select.dataset.partNames;
      var option = select.options[select.selectedIndex];
      var name = option && option.value ? (option.dataset.name || "").trim() : "";
      found[key] = name || select.dataset.fallback;
      found[startOfSentence(key)] = name ? startOfSentence(name) : select.dataset.fallbackStart;
    });
    return found;
  }

  function fill(form) {
    var names = words(form);
    form.querySelectorAll("[data-part-text]").forEach(function (el) {
      el.textContent = el.dataset.partText.replace(PLACEHOLDER, function (whole, key) {
        return names[key] || whole.slice(1, -1);
      });
    });
  }

  function setup(form) {
    if (form.dataset.partNamesReady) return;
    form.dataset.partNamesReady = "1";
    form.addEventListener("change", function (event) {
      if (event.target.matches("select[data-part-names]")) fill(form);
    });
    // A page restored from the back/forward cache may hold another choice than it was drawn with.
    if (form.querySelector("[data-part-text]")) fill(form);
  }

  function scan(root) {
    var scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("form[data-practice]")) setup(scope);
    scope.querySelectorAll("form[data-practice]").forEach(setup);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
  if (document.readyState !== "loading") scan(document);
})();
