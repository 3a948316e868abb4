// The comment form sent back with errors: focus on the summary of every
// error, and each of its links takes the reader into the field it names.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  summary.focus();
  // The address's #fragment is followed once the page is loaded, which moves
  // the focus again where a browser does not focus its target itself.
  window.addEventListener("load", function () {
    if (document.activeElement === document.body) { summary.focus(); }
  });
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.hash.slice(1));
    if (!field) { return; }
    event.preventDefault();
    var label = document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
})();
