// "Mã bảo vệ": fetch a new picture code; offer the proof of work instead.
(function () {
  "use strict";

  // The picture: a new code on request, and this reader's own code (with the
  // CSRF token) when the page came from the cache without one.
  document.querySelectorAll("[data-captcha]").forEach(function (box) {
    var form = box.closest("form");
    var token = form.querySelector("input[name=captcha_token]");
    var answer = form.querySelector("input[name=captcha_answer]");
    var refresh = box.querySelector("[data-captcha-refresh]");
    var submit = form.querySelector("[data-comment-submit]");

    function showError() {
      var line = box.querySelector("[data-captcha-error]");
      if (!line) {
        line = document.createElement("p");
        line.className = "captcha__question";
        line.setAttribute("data-captcha-error", "");
        line.setAttribute("role", "alert");
        box.prepend(line);
      }
      line.textContent = box.dataset.error;
      var loading = box.querySelector("[data-captcha-loading]");
      if (loading) { loading.remove(); }
      refresh.hidden = false;
    }

    function show(data) {
      var error = box.querySelector("[data-captcha-error]");
      if (error) { error.remove(); }
      var loading = box.querySelector("[data-captcha-loading]");
      if (loading) { loading.remove(); }
      token.value = data.token;
      var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
      if (csrf && data.csrf) { csrf.value = data.csrf; }
      answer.value = "";
      var img = box.querySelector("[data-captcha-image]");
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
      if (submit) { submit.disabled = false; }
    }

    function load(initial) {
      fetch(box.dataset.newUrl, { credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) { throw new Error(r.status); }
          return r.json();
        })
        .then(function (data) {
          show(data);
          if (!initial) { answer.focus(); }
        })
        .catch(showError);
    }

    refresh.addEventListener("click", function () { load(false); });
    if (box.hasAttribute("data-captcha-deferred")) {
      box.querySelector("[data-captcha-loading]").hidden = false;
      refresh.hidden = false;
      load(true);
    }
  });

  // The proof of work (the ALTCHA widget): its worker, its texts in the
  // site's language, its progress told to screen readers; shown only where
  // the widget can run (JavaScript, a secure context, the module loaded).
  function setUpProof(box) {
    var widget = box.querySelector("altcha-widget");
    var status = box.querySelector("[data-captcha-pow-status]");
    var texts = box.dataset;
    var said = {
      verifying: texts.verifying,
      verified: texts.verified,
      error: texts.failed,
      expired: texts.expired
    };
    var language = widget.getAttribute("language") || "vi";
    var registry = globalThis.$altcha;
    registry.algorithms.set("PBKDF2/SHA-256", function () {
      return new Worker(texts.worker);
    });
    registry.i18n.set(language, Object.assign({}, registry.i18n.get("en"), {
      label: texts.label,
      verifying: texts.verifying,
      verified: texts.verified,
      error: texts.failed,
      expired: texts.expired,
      waitAlert: texts.verifying
    }));
    widget.addEventListener("statechange", function (event) {
      status.textContent = said[event.detail.state] || "";
    });
    var answer = box.closest("form").querySelector("input[name=captcha_answer]");
    var described = (answer.getAttribute("aria-describedby") || "").split(" ");
    answer.setAttribute("aria-describedby",
      described.concat("captcha-pow-intro").join(" ").trim());
    box.hidden = false;
  }

  var boxes = document.querySelectorAll("[data-captcha-pow]");
  if (boxes.length && window.isSecureContext && window.customElements) {
    customElements.whenDefined("altcha-widget").then(function () {
      boxes.forEach(setUpProof);
    });
  }
})();
