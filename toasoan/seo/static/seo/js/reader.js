/* Tòa Soạn reader tools: view beacon, copy link, text size, most-read tabs.
   First-party, loaded with defer; no inline script anywhere. */
(function () {
  "use strict";

  var status = document.querySelector("[data-reader-status]");
  function announce(message) {
    if (!status) return;
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  /* One view of the article: a POST beacon, not counted for prerendered pages. */
  var beacon = document.querySelector('meta[name="toasoan:view-beacon"]');
  function sendView() {
    var url = beacon.getAttribute("content");
    if (navigator.sendBeacon) {
      navigator.sendBeacon(url);
    } else if (window.fetch) {
      fetch(url, { method: "POST", keepalive: true, credentials: "omit" });
    }
  }
  if (beacon) {
    if (document.visibilityState === "prerender" || document.prerendering) {
      document.addEventListener("prerenderingchange", sendView, { once: true });
    } else {
      sendView();
    }
  }

  /* Copy link: the Clipboard API, or a hidden textarea where it is missing. */
  function copyFallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(area);
    return done;
  }
  document.querySelectorAll("[data-copy-url]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-copy-url");
      var ok = status ? status.getAttribute("data-copied") : "";
      var failed = status ? status.getAttribute("data-copy-failed") + " " + url : url;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(
          function () { announce(ok); },
          function () { announce(copyFallback(url) ? ok : failed); }
        );
      } else {
        announce(copyFallback(url) ? ok : failed);
      }
    });
  });

  /* Text size: -1, 0, 1, 2 on <html data-text-size>, remembered on this device. */
  var KEY = "toasoan:text-size";
  var root = document.documentElement;
  var LEVELS = { "-1": "90%", "0": "100%", "1": "115%", "2": "130%" };
  function applySize(level) {
    if (!(String(level) in LEVELS)) level = 0;
    root.setAttribute("data-text-size", String(level));
    return level;
  }
  var saved = null;
  try { saved = window.localStorage.getItem(KEY); } catch (e) { saved = null; }
  var current = Number(applySize(saved === null ? 0 : Number(saved)));
  document.querySelectorAll(".text-size").forEach(function (group) {
    group.hidden = false;
    group.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-text-size]");
      if (!button) return;
      var step = Number(button.getAttribute("data-text-size"));
      var next = step === 0 ? 0 : Math.max(-1, Math.min(2, current + step));
      current = Number(applySize(next));
      try { window.localStorage.setItem(KEY, String(current)); } catch (e) { /* private mode */ }
      var label = status ? status.getAttribute("data-size-label") : "";
      announce(label + " " + LEVELS[String(current)]);
    });
  });

  /* Most read: two lists become two tabs (24 hours / 7 days). */
  document.querySelectorAll(".most-read[data-tabs]").forEach(function (box) {
    var tablist = box.querySelector("[role=tablist]");
    var tabs = Array.prototype.slice.call(box.querySelectorAll("[role=tab]"));
    if (!tablist || tabs.length < 2) return;
    tablist.hidden = false;
    box.classList.add("most-read--tabbed");
    function select(tab, focus) {
      tabs.forEach(function (t) {
        var on = t === tab;
        t.setAttribute("aria-selected", String(on));
        t.tabIndex = on ? 0 : -1;
        document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
      });
      if (focus) tab.focus();
    }
    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function () { select(tab, false); });
      tab.addEventListener("keydown", function (event) {
        if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
          var d = event.key === "ArrowRight" ? 1 : -1;
          select(tabs[(i + d + tabs.length) % tabs.length], true);
          event.preventDefault();
        }
      });
    });
    select(tabs[0], false);
  });
})();
