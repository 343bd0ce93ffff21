// The entry page's dataset picker without reloading. Progressive
// enhancement: without JavaScript the "search" and "add" buttons are submit
// buttons of the entry form, which save the draft first and come back.
// Here a search asks the read-only endpoint (data-datasets) and an add fills
// the first empty dataset row of the form; nothing typed is touched.
// Text is inserted with textContent only.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  var input = document.getElementById("dq");
  var button = document.getElementById("dq-search");
  var out = document.getElementById("picker-results");
  if (!form || !input || !button || !out || !window.fetch) { return; }
  var texts = form.dataset;

  function emptyRow() {
    var rows = form.querySelectorAll(".dataset-row");
    for (var i = 0; i < rows.length; i++) {
      var n = rows[i].getAttribute("data-row");
      var id = form.querySelector("[name='ds_id_" + n + "']");
      var usage = form.querySelector("[name='ds_usage_" + n + "']");
      if (id && !id.value.trim() && usage && !usage.value.trim()) { return rows[i]; }
    }
    return null;
  }

  function declared(id) {
    var ids = form.querySelectorAll("input[name^='ds_id_']");
    for (var i = 0; i < ids.length; i++) {
      if (ids[i].value.trim() === id) { return true; }
    }
    return false;
  }

  function badge(text, className) {
    var b = document.createElement("span");
    b.className = className;
    b.textContent = text;
    return b;
  }

  function say(text) {
    var p = document.createElement("p");
    p.className = "hint";
    p.setAttribute("role", "status");
    p.textContent = text;
    out.appendChild(p);
  }

  function add(d, li) {
    var row = emptyRow();
    if (!row) { say(texts.noRow); return; }
    var n = row.getAttribute("data-row");
    row.id = "ds-" + d.id;
    form.querySelector("[name='ds_id_" + n + "']").value = d.id;
    row.querySelector(".ds-title").textContent = ": " + d.title;
    row.querySelector(".ds-publisher").textContent = texts.publisher + d.publisher;
    var flags = row.querySelector(".ds-flags");
    if (flags) {
      flags.textContent = "";
      (d.flags || []).forEach(function (f) { flags.appendChild(badge(f.label, "badge badge-warn")); flags.appendChild(document.createTextNode(" ")); });
      var link = document.createElement("a");
      link.className = "ds-card";
      link.href = "/catalog/" + encodeURIComponent(d.id) + "#card";
      link.textContent = texts.seeCard;
      flags.appendChild(link);
      flags.hidden = false;
    }
    var box = row.querySelector(".known-fields");
    var legend = box.querySelector("legend");
    legend.textContent = d.real ? texts.realColumns : texts.listedFields;
    box.textContent = "";
    box.appendChild(legend);
    d.fields.forEach(function (f, i) {
      var label = document.createElement("label");
      label.className = "choice";
      var check = document.createElement("input");
      check.type = "checkbox";
      check.name = "ds_pick_" + n;
      check.value = f;
      label.appendChild(check);
      label.appendChild(document.createTextNode(" "));
      // Column names come from outside: isolated, their invisible characters shown.
      var bdi = document.createElement("bdi");
      bdi.textContent = (d.labels && d.labels[i]) || f;
      label.appendChild(bdi);
      box.appendChild(label);
      box.appendChild(document.createTextNode(" "));
    });
    box.hidden = d.fields.length === 0;
    var mark = document.createElement("span");
    mark.className = "badge";
    mark.textContent = texts.declared;
    li.replaceChild(mark, li.querySelector("button"));
    say(texts.added.replace("{id}", d.id));
    var usage = form.querySelector("[name='ds_usage_" + n + "']");
    if (usage) { usage.focus(); }
  }

  function show(data) {
    out.textContent = "";
    if (!data.results.length) {
      var none = document.createElement("p");
      none.className = "empty";
      none.textContent = data.none;
      out.appendChild(none);
      return;
    }
    var ul = document.createElement("ul");
    ul.className = "dataset-list";
    data.results.forEach(function (d) {
      var li = document.createElement("li");
      var strong = document.createElement("strong");
      strong.textContent = d.id;
      li.appendChild(strong);
      li.appendChild(document.createTextNode(" " + d.title + " "));
      var pub = document.createElement("span");
      pub.className = "hint";
      pub.textContent = d.publisher;
      li.appendChild(pub);
      li.appendChild(document.createTextNode(" "));
      (d.flags || []).forEach(function (f) {
        li.appendChild(badge(f.label, "badge badge-warn"));
        li.appendChild(document.createTextNode(" "));
      });
      if (declared(d.id)) {
        var mark = document.createElement("span");
        mark.className = "badge";
        mark.textContent = texts.declared;
        li.appendChild(mark);
      } else {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "button button-small";
        b.textContent = texts.addLabel;
        b.setAttribute("aria-label", texts.addLabel + " " + d.id + " " + d.title);
        b.addEventListener("click", function () { add(d, li); });
        li.appendChild(b);
      }
      ul.appendChild(li);
    });
    out.appendChild(ul);
  }

  function search(event) {
    if (event) { event.preventDefault(); }
    var q = input.value.trim();
    fetch(form.getAttribute("data-datasets") + "?dq=" + encodeURIComponent(q), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.error) { out.textContent = ""; say(data.error); return; }
        show(data);
      })
      .catch(function () { form.requestSubmit ? form.requestSubmit(button) : form.submit(); });
  }

  button.addEventListener("click", function (e) {
    // Enter in another field submits the form through this (its first)
    // button: let it save as it would without JavaScript.
    var from = document.activeElement;
    if (from && from !== input && from !== button && from.form === form) {
      var save = form.querySelector("button[name='action'][value='save']");
      if (save && form.requestSubmit) { e.preventDefault(); form.requestSubmit(save); }
      return;
    }
    search(e);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { search(e); }
  });
  // Add buttons rendered by the server (a search without JavaScript first).
  out.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("button[data-add]") : null;
    if (!b) { return; }
    e.preventDefault();
    fetch(form.getAttribute("data-datasets") + "?dq=" + encodeURIComponent(b.getAttribute("data-add")), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var id = b.getAttribute("data-add");
        var d = (data.results || []).filter(function (x) { return x.id === id; })[0];
        if (d) { add(d, b.parentNode); } else { form.requestSubmit ? form.requestSubmit(b) : form.submit(); }
      })
      .catch(function () { form.requestSubmit ? form.requestSubmit(b) : form.submit(); });
  });
}());
