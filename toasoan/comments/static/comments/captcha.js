// "Mã bảo vệ": fetch a new code, or switch to the spoken-style question.
(function () {
  "use strict";
  document.querySelectorAll("[data-captcha]").forEach(function (box) {
    var form = box.closest("form");
    var token = form.querySelector("input[name=captcha_token]");
    var answer = form.querySelector("input[name=captcha_answer]");

    var refresh = box.querySelector("[data-captcha-refresh]");
    var submit = form.querySelector("[data-comment-submit]");
    var current = box.querySelector("[data-captcha-question]") &&
      !box.hasAttribute("data-captcha-deferred") ? "question" : "image";

    // The box's line of text (the question, or a failure), made if missing.
    function line(attribute, role) {
      var found = box.querySelector("[" + attribute + "]");
      if (!found) {
        found = document.createElement("p");
        found.className = "captcha__question";
        found.setAttribute(attribute, "");
        found.setAttribute(role[0], role[1]);
        box.prepend(found);
      }
      return found;
    }

    function showError() {
      line("data-captcha-error", ["role", "alert"]).textContent = box.dataset.error;
      var loading = box.querySelector("[data-captcha-loading]");
      if (loading) { loading.remove(); }
      refresh.hidden = false;
    }

    function load(kind, initial) {
      var url = box.dataset.newUrl + (kind === "question" ? "?loai=cau-hoi" : "");
      fetch(url, { credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) { throw new Error(r.status); }
          return r.json();
        })
        .then(function (data) {
          current = data.kind;
          var error = box.querySelector("[data-captcha-error]");
          if (error) { error.remove(); }
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
              img.alt = box.dataset.imageAlt || "";
              box.prepend(img);
            }
            img.src = data.image;
          } else {
            if (img) { img.remove(); }
            line("data-captcha-question", ["aria-live", "polite"]).textContent =
              data.question;
          }
          if (submit) { submit.disabled = false; }
          if (!initial) { answer.focus(); }
        })
        .catch(showError);
    }

    refresh.addEventListener("click", function () {
      load(current);
    });
    box.querySelector("[data-captcha-question-link]").addEventListener("click", function (event) {
      event.preventDefault();
      load("question");
    });
    // A page from the cache holds no code of its own: fetch this reader's.
    if (box.hasAttribute("data-captcha-deferred")) {
      box.querySelector("[data-captcha-loading]").hidden = false;
      refresh.hidden = false;
      load("image", true);
    }
  });
})();
