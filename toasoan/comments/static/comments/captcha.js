// "Mã bảo vệ": fetch a new code, or switch to the spoken-style question.
(function () {
  "use strict";
  document.querySelectorAll("[data-captcha]").forEach(function (box) {
    var form = box.closest("form");
    var token = form.querySelector("input[name=captcha_token]");
    var answer = form.querySelector("input[name=captcha_answer]");

    function load(kind, initial) {
      var url = box.dataset.newUrl + (kind === "question" ? "?loai=cau-hoi" : "");
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          token.value = data.token;
          var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
          if (csrf && data.csrf) { csrf.value = data.csrf; }
          answer.value = "";
          var img = box.querySelector("[data-captcha-image]");
          var question = box.querySelector("[data-captcha-question]");
          if (data.kind === "image") {
            if (question) { question.remove(); }
            if (!img) {
              img = document.createElement("img");
              img.className = "captcha__image";
              img.setAttribute("data-captcha-image", "");
              img.width = 200;
              img.height = 64;
              box.prepend(img);
            }
            img.src = data.image;
          } else {
            if (img) { img.remove(); }
            if (!question) {
              question = document.createElement("p");
              question.className = "captcha__question";
              question.setAttribute("data-captcha-question", "");
              question.setAttribute("aria-live", "polite");
              box.prepend(question);
            }
            question.textContent = data.question;
          }
          if (!initial) { answer.focus(); }
        });
    }

    box.querySelector("[data-captcha-refresh]").addEventListener("click", function () {
      load(box.querySelector("[data-captcha-question]") ? "question" : "image");
    });
    box.querySelector("[data-captcha-question-link]").addEventListener("click", function (event) {
      event.preventDefault();
      load("question");
    });
    // A page from the cache holds no code of its own: fetch this reader's.
    if (box.hasAttribute("data-captcha-deferred")) {
      load("image", true);
    }
  });
})();
