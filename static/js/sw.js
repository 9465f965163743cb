/* The portal's service worker: pages come from the network; the citizen's card pages (the home page
   and the check-in QR page) are also kept, so that they still open at the clinic counter when the phone
   has no connection. Nothing else personal is kept: no other page, no /api/ call, no POST.
   self.BHXH_CONFIG ({assets, home, cardPages, logout, version}) is put in front of this file by
   participants/pwa.py. */
"use strict";

const CONFIG = self.BHXH_CONFIG;
const CARD_CACHE = "bhxh-card"; // app.js deletes it by this name on sign-out
const ASSET_PREFIX = "bhxh-assets-";
const ASSET_CACHE = ASSET_PREFIX + CONFIG.version;
// participants/_coverage.html marks a page that shows a citizen's card. The kept copy is re-marked,
// which is how app.js knows the card on screen was saved earlier rather than just fetched.
const FROM_NETWORK = 'data-card-source="network"';
const FROM_CACHE = 'data-card-source="cache"';

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(ASSET_CACHE)
      // One missing file must not stop the worker from installing.
      .then((cache) => Promise.all(CONFIG.assets.map((url) => cache.add(url).catch(() => undefined))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((name) => name.startsWith(ASSET_PREFIX) && name !== ASSET_CACHE).map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "forget-card") {
    event.waitUntil(caches.delete(CARD_CACHE));
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method === "POST" && url.pathname === CONFIG.logout) {
    // Also covers a sign-out that app.js did not see (script still loading, say).
    event.waitUntil(caches.delete(CARD_CACHE));
    return;
  }
  if (request.method !== "GET") {
    return;
  }
  if (request.mode === "navigate" && CONFIG.cardPages.includes(url.pathname)) {
    event.respondWith(cardPage(event, url.pathname));
  } else if (CONFIG.assets.includes(url.pathname)) {
    event.respondWith(asset(request));
  }
});

async function savedCard(path) {
  return caches.match(path, { cacheName: CARD_CACHE });
}

async function cardPage(event, path) {
  let response;
  try {
    response = await fetch(event.request);
  } catch (error) {
    return (await savedCard(path)) || Response.error();
  }
  if (response.ok) {
    event.waitUntil(keepOrForget(response.clone(), path));
    return response;
  }
  if (response.status >= 500) {
    // The server is down: the saved card is more use at the counter than an error page.
    return (await savedCard(path)) || response;
  }
  return response;
}

async function keepOrForget(response, path) {
  const html = await response.text();
  if (!html.includes(FROM_NETWORK)) {
    // Signed out, session ended or not a citizen: no card may stay behind on this phone.
    await caches.delete(CARD_CACHE);
    return;
  }
  const headers = new Headers(response.headers);
  headers.delete("Content-Length");
  headers.delete("Content-Encoding");
  const cache = await caches.open(CARD_CACHE);
  await cache.put(path, new Response(html.replace(FROM_NETWORK, FROM_CACHE), { status: 200, headers }));
}

async function asset(request) {
  const cache = await caches.open(ASSET_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const saved = await cache.match(request);
    if (saved) {
      return saved;
    }
    throw error;
  }
}
