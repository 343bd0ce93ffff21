// Copy buttons for links shown in read-only fields (the team's invite
// links). Progressive enhancement: without JavaScript the buttons stay
// hidden and the link is there to select and copy by hand.
(function () {
  "use strict";
  var status = document.getElementById("copy-status");
  function copied(button) {
    if (status) { status.textContent = button.getAttribute("data-copied"); }
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      source.focus();
      source.select();
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(source.value).then(function () { copied(button); }, function () {});
      } else if (document.execCommand && document.execCommand("copy")) {
        copied(button);
      }
    });
  });
}());
