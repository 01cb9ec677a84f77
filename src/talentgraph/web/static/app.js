/* talentgraph web app: small glue for htmx, no framework.
   - Every htmx request carries the CSRF token of <meta name="csrf-token"> as X-CSRF-Token.
   - A failed htmx request shows the server's message (the JSON error envelope's "error")
     or a generic message in the #flash region. */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (token) {
      event.detail.headers["X-CSRF-Token"] = token;
    }
  });

  function showError(message) {
    var region = document.getElementById("flash");
    if (!region) {
      return;
    }
    var box = document.createElement("div");
    box.className = "flash flash-error";
    box.setAttribute("role", "alert");
    box.textContent = message;
    region.replaceChildren(box);
  }

  document.addEventListener("htmx:responseError", function (event) {
    var fallback = document.body.getAttribute("data-request-failed") || "Error";
    var message = fallback;
    var xhr = event.detail.xhr;
    var type = xhr && xhr.getResponseHeader("Content-Type");
    if (type && type.indexOf("application/json") === 0) {
      try {
        var body = JSON.parse(xhr.responseText);
        if (body && typeof body.error === "string" && body.error) {
          message = body.error;
        }
      } catch (ignored) {
        message = fallback;
      }
    }
    showError(message);
  });

  document.addEventListener("htmx:sendError", function () {
    showError(document.body.getAttribute("data-request-failed") || "Error");
  });
})();
