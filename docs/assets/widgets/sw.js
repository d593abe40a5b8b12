// Service worker for repeat visits: serves the pinned Pyodide runtime, our wheels and the
// trust anchors from Cache Storage, and stores only bytes whose sha256 matches the digest
// the site build wrote below (the fetch carries it as Subresource Integrity, so the
// browser itself refuses anything else). Every other request goes to the network
// untouched. The build (hooks/pyodide_bundle.py) writes this file to the site root,
// with the manifest filled in, so that its scope covers every page.
const MANIFEST = /*__OCES_SW_MANIFEST__*/{};
const CACHE = "oces-runtime-v1";
const ROOT = new URL("./", self.location.href);

// worker.js reads the memory snapshot from Cache Storage under this same key.
const keyFor = (path) => new URL(path + "?sha256=" + encodeURIComponent(MANIFEST[path]), ROOT).href;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    // Drop what the current manifest no longer lists (an older Pyodide or wheel).
    const keep = new Set(Object.keys(MANIFEST).map(keyFor));
    const cache = await caches.open(CACHE);
    for (const req of await cache.keys()) if (!keep.has(req.url)) await cache.delete(req);
    await self.clients.claim();
  })());
});

async function fromCache(path, request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(keyFor(path));
  if (hit) return hit;
  let response;
  try {
    response = await fetch(request.url, { integrity: MANIFEST[path], credentials: "same-origin" });
  } catch (err) {
    // Not the bytes this worker's manifest pins (the site was rebuilt and this worker is
    // about to be replaced): pass the response through, uncached.
    return fetch(request);
  }
  if (response.ok) await cache.put(keyFor(path), response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== ROOT.origin || !url.pathname.startsWith(ROOT.pathname)) return;
  const path = url.pathname.slice(ROOT.pathname.length);
  if (!(path in MANIFEST) || url.search) return;
  event.respondWith(fromCache(path, event.request));
});

// After the first visit has loaded the runtime, copy the files into the cache; they
// mostly come out of the browser's HTTP cache, so this costs no second download there.
self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "warm") return;
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // All at once: the files are in the HTTP cache, and the warm-up should end quickly.
    await Promise.all(Object.keys(MANIFEST).map(async (path) => {
      const key = keyFor(path);
      if (await cache.match(key)) return;
      try {
        const response = await fetch(new URL(path, ROOT).href, { integrity: MANIFEST[path], cache: "force-cache" });
        if (response.ok) await cache.put(key, response);
      } catch (err) {
        // A digest mismatch or a network error: leave it to the next visit.
      }
    }));
  })());
});
