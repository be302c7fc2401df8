// The app's service worker (registered by production builds only): a second visit works
// with no network. Install precaches the app shell, every built file (sw-manifest.json,
// written by the build) and the built-in toy model; afterwards:
// - pages (navigations) and sw-manifest.json: network first, the cache when offline;
// - everything else from this origin: the cache first, else the network (and keep a copy).
// Hashed asset names change with every build, so new builds are fetched and cached as used.
const CACHE = 'dust-app-v1';
const TOY = ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'generation_config.json'].map((f) => `models/dust-toy/${f}`);
const scope = new URL(self.registration.scope);
const url = (p) => new URL(p, scope).href;

async function precache() {
  const cache = await caches.open(CACHE);
  let files = [];
  try {
    const res = await fetch(url('sw-manifest.json'), { cache: 'no-store' });
    if (res.ok) {
      await cache.put(url('sw-manifest.json'), res.clone());
      files = (await res.json()).files ?? [];
    }
  } catch {
    // offline during install: cache what the page fetches instead
  }
  const all = [...new Set(['./', 'index.html', ...files, ...TOY])].map(url);
  await Promise.all(
    all.map(async (u) => {
      try {
        const res = await fetch(u, { cache: 'no-store' });
        // Only real files: a missing model file (404) or the SPA fallback page is not cached.
        if (res.ok && !(u.includes('/models/') && (res.headers.get('content-type') ?? '').startsWith('text/html'))) await cache.put(u, res);
      } catch {
        // one missing file must not fail the install
      }
    }),
  );
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const k of await caches.keys()) if (k !== CACHE) await caches.delete(k);
      await self.clients.claim();
    })(),
  );
});

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    if (res.ok) await cache.put(key, res.clone());
    return res;
  } catch (e) {
    const hit = (await cache.match(key, { ignoreVary: true })) ?? (await cache.match(url('index.html'), { ignoreVary: true }));
    if (hit) return hit;
    throw e;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  // ignoreVary: the server may answer "Vary: Origin"; module scripts carry an Origin header that
  // the install's precache requests did not.
  const hit = await cache.match(request, { ignoreVary: true });
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok && res.status === 200) await cache.put(request, res.clone());
  return res;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const u = new URL(req.url);
  if (u.origin !== scope.origin || !u.pathname.startsWith(scope.pathname)) return;
  // Range requests are answered from the network (the cache holds whole files).
  if (req.headers.has('range')) return;
  if (req.mode === 'navigate') {
    event.respondWith(networkFirst(req, url('index.html')));
  } else if (u.pathname.endsWith('/sw-manifest.json')) {
    event.respondWith(networkFirst(req, req.url));
  } else {
    event.respondWith(cacheFirst(req));
  }
});
