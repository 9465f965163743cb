/* Installs the service worker (static/js/sw.js), forgets the saved card on sign-out, and says so when
   the card on screen is a saved copy or the phone is offline. Every word shown comes from the page
   (data attributes rendered by the templates), so it is translated there. */
(() => {
  "use strict";

  const CARD_CACHE = "bhxh-card"; // the name sw.js keeps the card page under
  const script = document.currentScript;
  const settings = script ? script.dataset : {};

  if ("serviceWorker" in navigator && settings.serviceWorker) {
    navigator.serviceWorker.register(settings.serviceWorker, { scope: "/" }).catch(() => undefined);
  }

  // Sign-out: the saved card is deleted as the form is sent, so the next person to pick up this phone
  // cannot open it offline. Sign-out itself is never delayed for it: the worker deletes the card as well
  // when it sees the sign-out request, and again when the home page next comes back without a card.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!settings.logout || !(form instanceof HTMLFormElement)) {
      return;
    }
    if (new URL(form.action, window.location.href).pathname !== settings.logout) {
      return;
    }
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "forget-card" });
    }
    if (window.caches) {
      window.caches.delete(CARD_CACHE).catch(() => undefined);
    }
  });

  // The offline banner, on the card page only.
  const card = document.querySelector("[data-card-source]");
  const main = document.getElementById("main");
  if (!card || !main || !card.dataset.offlineMessage) {
    return;
  }
  const fromCache = card.dataset.cardSource === "cache";
  let banner = null;

  function showBanner() {
    if (banner) {
      return;
    }
    banner = document.createElement("p");
    banner.className = "notice offline-banner";
    banner.setAttribute("role", "status");
    main.prepend(banner);
    // Filled once the live region is in the page, so that screen readers announce it.
    window.setTimeout(() => {
      if (banner) {
        banner.textContent = card.dataset.offlineMessage;
      }
    }, 50);
  }

  function update() {
    if (fromCache || !navigator.onLine) {
      showBanner();
    } else if (banner) {
      banner.remove();
      banner = null;
    }
  }

  update();
  window.addEventListener("online", update);
  window.addEventListener("offline", update);
})();

/* Inside an element marked data-swap-errors, htmx shows 4xx answers in place (a refused check-in is a
   409 or a 400 with its reason as a page fragment) instead of dropping them. */
document.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status;
  if (status >= 400 && status < 500 && event.detail.elt.closest("[data-swap-errors]")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

/* A "Show password" button after every password box (the words come from base.html's script tag). Without
   JavaScript the boxes stay as they are. */
(() => {
  "use strict";
  const script = document.querySelector("script[data-show-password]");
  if (!script) {
    return;
  }
  const { showPassword, hidePassword } = script.dataset;
  document.querySelectorAll("input[type=password]").forEach((input) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary-dark password-toggle";
    button.textContent = showPassword;
    button.setAttribute("aria-controls", input.id);
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", () => {
      const shown = input.type === "text";
      input.type = shown ? "password" : "text";
      button.textContent = shown ? showPassword : hidePassword;
      button.setAttribute("aria-pressed", shown ? "false" : "true");
    });
    input.after(button);
  });
})();

/* After a form is answered (a full page or an htmx swap), the element marked data-autofocus takes the focus:
   the error summary, or the results' heading, so that nobody has to look for what changed. */
(() => {
  "use strict";
  const focusMarked = (root) => {
    const target = root.querySelector("[data-autofocus]");
    if (target) {
      target.focus();
      target.scrollIntoView({ block: "start" });
    }
  };
  focusMarked(document);
  // Only after a form was sent: the unread badge and the QR refresh themselves and must not move the focus.
  document.addEventListener("htmx:afterSettle", (event) => {
    const config = event.detail.requestConfig;
    if (config && config.verb === "post") {
      focusMarked(document);
    }
  });
})();
