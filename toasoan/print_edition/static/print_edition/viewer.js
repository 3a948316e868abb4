// Page viewer: zoom the page image (the search marks scale with it).
(function () {
  "use strict";
  function start() {
    var viewer = document.querySelector("[data-viewer]");
    if (!viewer) return;
    var page = viewer.querySelector("[data-page]");
    var zoom = document.querySelector(".viewer__zoom");
    if (!page || !zoom) return;
    var level = 1;
    zoom.hidden = false;
    zoom.addEventListener("click", function (event) {
      var button = event.target.closest("[data-zoom]");
      if (!button) return;
      var step = Number(button.getAttribute("data-zoom"));
      level = step === 0 ? 1 : Math.min(4, Math.max(1, level + step * 0.5));
      page.style.width = level * 100 + "%";
      viewer.classList.toggle("viewer--zoomed", level > 1);
    });
    var hit = page.querySelector(".viewer__hit");
    if (hit && hit.scrollIntoView) hit.scrollIntoView({ block: "center" });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
