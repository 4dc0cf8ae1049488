// localoffer default theme. Everything works without this script; it only adds
// conveniences: opening the question a link points at, and "open all answers".
(function () {
  "use strict";

  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    var details = target.tagName === "DETAILS" ? target : target.closest("details");
    if (details && !details.open) {
      details.open = true;
      target.scrollIntoView();
    }
  }

  function setUpToggle() {
    var button = document.querySelector("[data-faq-toggle]");
    if (!button) return;
    var all = Array.prototype.slice.call(document.querySelectorAll("details.faq"));
    if (all.length < 2) return;
    button.parentElement.hidden = false;
    function update() {
      var allOpen = all.every(function (d) { return d.open; });
      button.textContent = allOpen ? "Close all answers" : "Open all answers";
      button.setAttribute("aria-expanded", String(allOpen));
    }
    button.addEventListener("click", function () {
      var open = !all.every(function (d) { return d.open; });
      all.forEach(function (d) { d.open = open; });
      update();
    });
    all.forEach(function (d) { d.addEventListener("toggle", update); });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    openTarget();
    setUpToggle();
  });
  window.addEventListener("hashchange", openTarget);
})();
