// localoffer serve --watch: reloads the page after each rebuild, and lets the
// error panel be hidden. Served as a file (not inline) so a Content Security
// Policy without 'unsafe-inline' allows it.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="localoffer-build"]');
  var shown = meta ? meta.getAttribute("content") : null;
  var panel = document.getElementById("localoffer-error");
  var hide = document.querySelector("[data-localoffer-hide]");
  if (panel && hide) {
    hide.addEventListener("click", function () {
      panel.hidden = true;
      var main = document.getElementById("main-content");
      if (main) { main.focus(); }
    });
  }
  if (!window.EventSource) { return; }
  var events = new EventSource("/__localoffer/events");
  events.addEventListener("build", function (e) {
    if (shown !== null && e.data !== shown) {
      events.close();
      window.location.reload();
    }
  });
})();
