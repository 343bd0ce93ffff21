// The profile's school search without reloading. Progressive enhancement:
// without JavaScript the search and each result are submit buttons of the
// profile form, which comes back with everything typed and saves nothing.
// Text is inserted with textContent only.
(function () {
  "use strict";
  var input = document.getElementById("school_q");
  var button = document.getElementById("school-search-button");
  var out = document.getElementById("school-results");
  var school = document.getElementById("school_name");
  if (!input || !button || !out || !school || !window.fetch) { return; }

  function pick(name) {
    school.value = name;
    school.focus();
  }

  function show(data) {
    out.textContent = "";
    if (data.error || !data.results.length) {
      var p = document.createElement("p");
      p.className = data.error ? "field-error" : "empty";
      p.textContent = data.error || data.none;
      out.appendChild(p);
      return;
    }
    var ul = document.createElement("ul");
    data.results.forEach(function (s) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button button-small";
      b.textContent = s.name;
      b.addEventListener("click", function () { pick(s.name); });
      li.appendChild(b);
      var city = document.createElement("span");
      city.className = "hint";
      city.textContent = " " + s.city;
      li.appendChild(city);
      ul.appendChild(li);
    });
    out.appendChild(ul);
  }

  function search(event) {
    event.preventDefault();
    fetch("/profile/schools?q=" + encodeURIComponent(input.value.trim()), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    })
      .then(function (r) { return r.json(); })
      .then(show)
      .catch(function () { out.textContent = ""; });
  }

  button.addEventListener("click", function (e) {
    // Enter in another field submits the form through this (its first)
    // button: save instead, as the person meant.
    var from = document.activeElement;
    if (from && from !== input && from !== button && from.form === button.form) {
      var save = button.form.querySelector("button[name='action'][value='save']");
      if (save && button.form.requestSubmit) { e.preventDefault(); button.form.requestSubmit(save); }
      return;
    }
    search(e);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { search(e); }
  });
  // Result buttons rendered by the server fill the field without a reload.
  out.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("button[value^='school:']") : null;
    if (!b) { return; }
    e.preventDefault();
    pick(b.value.slice("school:".length));
  });
}());
