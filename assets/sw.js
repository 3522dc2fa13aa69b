// Offline copies for travellers: the light edition of the home page and of each office page a
// visitor opened, kept in the browser and shown, marked as a saved copy, when the network is gone.
// Only those public pages are handled; every other request (the workspace under /admin included)
// goes to the network untouched and is never stored.
const CACHE = "imigrasi-offline-v1";
const SAVED_PAGE = /^\/(kantor\/[^/]+\/?)?$/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

function cacheKey(url) {
  return url.pathname.replace(/\/$/, "") + (url.searchParams.get("lang") === "en" ? "?lang=en" : "");
}

async function saveLightCopy(url) {
  const light = new URL(url.pathname, url.origin);
  light.searchParams.set("versi", "ringan");
  if (url.searchParams.get("lang")) light.searchParams.set("lang", url.searchParams.get("lang"));
  // The header keeps this request from changing the visitor's remembered edition.
  const response = await fetch(light, { headers: { "X-Offline-Copy": "1" }, credentials: "same-origin" });
  if (response.ok) await (await caches.open(CACHE)).put(cacheKey(url), response);
}

async function savedCopy(url) {
  const cached = await (await caches.open(CACHE)).match(cacheKey(url));
  if (!cached) return Response.error();
  const page = (await cached.text()).replace('id="saved-copy" hidden', 'id="saved-copy"');
  return new Response(page, { headers: { "Content-Type": "text/html; charset=utf-8" } });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.mode !== "navigate") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !SAVED_PAGE.test(url.pathname)) return;
  event.respondWith((async () => {
    try {
      // Revalidated every time (a 304 is cheap): a status page must not show an old copy as new.
      const response = await fetch(request, { cache: "no-cache" });
      // A fresh copy for next time; the page itself does not wait for it.
      if (response.ok) event.waitUntil(saveLightCopy(url).catch(() => {}));
      return response;
    } catch (offline) {
      return savedCopy(url);
    }
  })());
});
