// Suggests similar data requests and datasets while the title is typed.
// Progressive enhancement: the form's "check" button does the same without
// JavaScript. Text is inserted with textContent only.
(function () {
  "use strict";
  var input = document.getElementById("title");
  var out = document.getElementById("live-similar");
  if (!input || !out || !window.fetch) { return; }
  var timer = null;
  var last = "";

  function link(href, text, extra) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    li.appendChild(a);
    if (extra) { li.appendChild(document.createTextNode(" · " + extra)); }
    return li;
  }

  function show(data) {
    out.textContent = "";
    if (!data.requests.length && !data.datasets.length) { return; }
    var p = document.createElement("p");
    p.textContent = data.heading;
    out.appendChild(p);
    var ul = document.createElement("ul");
    data.requests.forEach(function (r) {
      ul.appendChild(link("/requests/" + r.id, "#" + r.id + " " + r.title, r.state));
    });
    data.datasets.forEach(function (d) {
      ul.appendChild(link("/catalog/" + encodeURIComponent(d.id), d.title, d.publisher));
    });
    out.appendChild(ul);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var title = input.value.trim();
      if (title === last) { return; }
      last = title;
      if (title.length < 2) { out.textContent = ""; return; }
      fetch("/requests/similar?title=" + encodeURIComponent(title), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data && input.value.trim() === title) { show(data); } })
        .catch(function () {});
    }, 400);
  });
}());
