// localoffer default theme. Everything works without this script; it only adds
// conveniences: opening the question a link points at, and "open all answers".
(function () {
  "use strict";

  var KIND_LABELS = {
    faq: "Question and answer",
    guide: "Step-by-step guide",
    jargon: "Jargon buster",
    team: "Team",
    performance: "Performance",
    news: "News",
    feedback: "You said, we did",
    service: "Service",
    organisation: "Organisation",
    page: "Page"
  };

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

  // A button that opens every item, or closes them all once all are open; items
  // have open() and set(open). Returns update(), to call when one item changes.
  function openAllButton(button, items, openLabel, closeLabel) {
    function allOpen() { return items.every(function (i) { return i.open(); }); }
    function update() {
      button.textContent = allOpen() ? closeLabel : openLabel;
      button.setAttribute("aria-expanded", String(allOpen()));
    }
    button.parentElement.hidden = false;
    button.addEventListener("click", function () {
      var open = !allOpen();
      items.forEach(function (i) { i.set(open); });
      update();
    });
    update();
    return update;
  }

  function setUpToggle() {
    var button = document.querySelector("[data-faq-toggle]");
    if (!button) return;
    var all = Array.prototype.slice.call(document.querySelectorAll("details.faq"));
    if (all.length < 2) return;
    var update = openAllButton(button, all.map(function (d) {
      return { open: function () { return d.open; }, set: function (open) { d.open = open; } };
    }), "Open all answers", "Close all answers");
    all.forEach(function (d) { d.addEventListener("toggle", update); });
  }

  // Step-by-step guides: each step's text shows and hides under its heading, and
  // "Show all steps" opens them all. Without this script every step is shown.
  function setUpSteps() {
    var list = document.querySelector("ol.step-nav");
    var all = document.querySelector("[data-steps-toggle]");
    if (!list || !all) return;
    var steps = [];
    var update = function () {};
    Array.prototype.forEach.call(list.querySelectorAll(".step-nav__step"), function (step) {
      var title = step.querySelector(".step-nav__title");
      var panel = step.querySelector(".step-nav__panel");
      if (!title || !panel || !step.id) return;
      panel.id = step.id + "-panel";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "step-nav__toggle";
      button.setAttribute("aria-controls", panel.id);
      while (title.firstChild) button.appendChild(title.firstChild);
      var state = document.createElement("span");
      state.className = "step-nav__state";
      button.appendChild(state);
      title.appendChild(button);
      var entry = {
        step: step,
        set: function (open) {
          panel.hidden = !open;
          button.setAttribute("aria-expanded", String(open));
          state.textContent = open ? "Hide" : "Show";
        },
        open: function () { return !panel.hidden; }
      };
      button.addEventListener("click", function () {
        entry.set(!entry.open());
        update();
      });
      entry.set(false);
      steps.push(entry);
    });
    if (steps.length === 0) return;
    update = openAllButton(all, steps, "Show all steps", "Hide all steps");
    // A link to a step, or to something inside one, opens that step.
    function openLinked() {
      var target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      if (!target) return;
      steps.forEach(function (s) {
        if (s.step.contains(target)) s.set(true);
      });
      update();
    }
    window.addEventListener("hashchange", openLinked);
    openLinked();
  }

  // Search as you type: the header form still submits to /search without this.
  function setUpSearch() {
    var form = document.querySelector("[data-search]");
    if (!form || !window.fetch) return;
    var input = form.querySelector("input[name=q]");
    var list = form.querySelector("[data-search-results]");
    var status = form.querySelector("[data-search-status]");
    var timer = null;
    var latest = 0;

    function close() {
      list.hidden = true;
      list.innerHTML = "";
    }
    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a"));
    }
    function show(data) {
      list.innerHTML = "";
      data.results.forEach(function (r) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = r.url;
        a.textContent = r.title;
        var kind = document.createElement("span");
        kind.className = "meta";
        // What the results page calls each kind (the table of kinds in
        // src/content/kinds/mod.rs); the API gives only the kind's name.
        kind.textContent = KIND_LABELS[r.kind] || r.kind;
        a.appendChild(kind);
        li.appendChild(a);
        list.appendChild(li);
      });
      if (data.total > data.results.length) {
        var li = document.createElement("li");
        var all = document.createElement("a");
        all.href = "/search?q=" + encodeURIComponent(input.value);
        all.textContent = "See all " + data.total + " results";
        li.appendChild(all);
        list.appendChild(li);
      }
      list.hidden = data.results.length === 0;
      status.textContent = data.total === 0 ? "No results" : data.total + (data.total === 1 ? " result" : " results");
    }
    function search() {
      var q = input.value.trim();
      if (q.length < 2) { close(); status.textContent = ""; return; }
      var id = ++latest;
      fetch("/api/search?limit=5&q=" + encodeURIComponent(input.value))
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data && id === latest) show(data); })
        .catch(function () { /* no search server: the form still submits */ });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    form.addEventListener("keydown", function (e) {
      var items = links();
      var at = items.indexOf(document.activeElement);
      if (e.key === "Escape") {
        close();
        input.focus();
      } else if (e.key === "ArrowDown" && items.length) {
        e.preventDefault();
        items[Math.min(at + 1, items.length - 1)].focus();
      } else if (e.key === "ArrowUp" && items.length) {
        e.preventDefault();
        if (at <= 0) input.focus(); else items[at - 1].focus();
      }
    });
    // Close the results when Tab moves on past them, or they would cover what has focus
    // next. Focus going nowhere (relatedTarget null, e.g. a click on a link in Safari,
    // which does not focus links) must not close them before the click lands.
    form.addEventListener("focusout", function (e) {
      if (e.relatedTarget && !form.contains(e.relatedTarget)) close();
    });
    document.addEventListener("click", function (e) {
      if (!form.contains(e.target)) close();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    openTarget();
    setUpToggle();
    setUpSteps();
    setUpSearch();
  });
  window.addEventListener("hashchange", openTarget);
})();
