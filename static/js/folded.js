// The country page's folded report years: <details class="folded-year" data-fragment="URL">.
// Without JavaScript a folded year opens to a link to its own page; with it, opening the year
// fetches that page's list (URL?fragment=1, cached by the server like the page) into place.
(function () {
  "use strict";

  function load(details) {
    details.dataset.loaded = "loading";
    details.setAttribute("aria-busy", "true");
    fetch(details.dataset.fragment, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        details.querySelector("summary").insertAdjacentHTML("afterend", html);
        details.dataset.loaded = "yes";
      })
      .catch(function () {
        delete details.dataset.loaded;  // the link below still opens the year's page
      })
      .finally(function () {
        details.removeAttribute("aria-busy");
      });
  }

  document.querySelectorAll("details.folded-year[data-fragment]").forEach(function (details) {
    details.addEventListener("toggle", function () {
      if (details.open && !details.dataset.loaded) {
        load(details);
      }
    });
  });
})();
