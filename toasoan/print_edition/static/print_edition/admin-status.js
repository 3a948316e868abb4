// Refresh a processing status while its PDF is being processed: an issue's
// panel, and each row of the list of jobs ([data-print-polling], whose fields
// are [data-print-field]; the JSON of admin_views.job_status).
(function () {
  "use strict";
  function poll(box) {
    var url = box.getAttribute("data-print-status-url");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || !data.status) return;
        box.querySelectorAll("[data-print-field]").forEach(function (el) {
          var key = el.getAttribute("data-print-field");
          if (!(key in data)) return;
          if (el.tagName === "PROGRESS") el.value = data[key];
          else el.textContent = data[key];
        });
        // A failure's reason is shown as an error, as the page itself does.
        var message = box.querySelector('[data-print-field="message"]');
        if (message) {
          message.classList.toggle("help-block", data.status === "failed");
          message.classList.toggle("help-critical", data.status === "failed");
        }
        if (data.status === "queued" || data.status === "running") {
          setTimeout(function () { poll(box); }, 3000);
        }
      })
      .catch(function () { setTimeout(function () { poll(box); }, 10000); });
  }
  function start() {
    document.querySelectorAll("[data-print-polling]").forEach(function (box) {
      if (box.dataset.printStarted) return;
      box.dataset.printStarted = "1";
      setTimeout(function () { poll(box); }, 3000);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
