// Title suggestions while typing, from /api/v1/search/suggest/.
(function () {
  "use strict";
  document.querySelectorAll("input[data-suggest-url]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2 || !list) { return; }
      timer = setTimeout(function () {
        fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q))
          .then(function (r) { return r.json(); })
          .then(function (data) {
            list.replaceChildren();
            data.suggestions.forEach(function (s) {
              var option = document.createElement("option");
              option.value = s.title;
              list.appendChild(option);
            });
          });
      }, 200);
    });
  });
})();
