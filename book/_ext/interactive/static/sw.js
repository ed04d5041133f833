// The site's service worker (sw.js at the site root; service_worker.py stamps BUILD, RUNTIME_FILES and
// CACHE_PREFIX at build time).
//
// - One cache per build, "<cache prefix><build>": every file of a page and of its Python comes from the
//   same build, so a new page never meets an old wheel. Older builds' caches are deleted on activation.
// - Cache-first for the site's own GET requests; a miss goes to the network, is kept and is answered from
//   the kept copy (see kept; matplotlib and its dependencies are kept this way on first use). Byte ranges
//   (audio seeking) are cut from the cached file.
// - Pages and workers it serves carry COOP/COEP/CORP, so pages it controls are cross-origin isolated and
//   may use SharedArrayBuffer (Stop through Pyodide's interrupt buffer, input()).
//
// - Copies of the page's start that worker.js makes on the first start and reuses on later ones (KEPT_COPIES:
//   the just-started Python as a Pyodide memory snapshot, the files the start's packages installed): kept in
//   the build's cache, beside the runtime and wheels they came from. worker.js reads and writes them in that
//   cache itself (reading them through this worker's fetch handler took twice as long); a GET of
//   KEPT_COPIES_URL tells it where: {cache, python, packages} (the cache's name, each copy's key). They are
//   never fetched, nor carried over to a newer build.
//
// Messages from pages: {kind: "keep", paths, runtime}  keep what the page already fetched (site-relative
//                        paths; runtime: true adds RUNTIME_FILES) with revalidating requests: a 304, not a
//                        second download; answered {kind: "kept", count, build, runtime}.
//                      {kind: "skip-waiting"}  the reader asked for the newer build: take over now.
"use strict";

const BUILD = "__BUILD_ID__";
const RUNTIME_FILES = ["__RUNTIME_FILES__"];
const CACHE_PREFIX = "__CACHE_PREFIX__"; // from interactive_storage_prefix: "course:chapter:" -> "course-chapter-site-"
const CACHE_NAME = CACHE_PREFIX + BUILD;
const ROOT = new URL("./", self.location.href).href;
const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};
const BYTE_RANGE = /^bytes=(\d*)-(\d*)$/;
const RUNTIME_FOLDER = RUNTIME_FILES.find((path) => path.endsWith("/pyodide.asm.wasm")).replace(/[^/]+$/, "");
const beside = (name) => new URL(RUNTIME_FOLDER + name, ROOT).href; // beside the runtime
const KEPT_COPIES_URL = beside("kept-copies.json"); // runtime.js gives worker.js the same address
const KEPT = { cache: CACHE_NAME, python: beside("memory-snapshot.bin"), packages: beside("start-packages.bin") };
const KEPT_COPIES = new Set([KEPT.python, KEPT.packages]);
// Only documents and workers need COOP/COEP on their own response (same-origin files need no CORP): every
// other file is given exactly as the cache holds it, so the browser can reuse its compiled code (the wasm
// and pyodide.asm.js) from one visit to the next.
const CARRIES_HEADERS = new Set(["document", "iframe", "worker", "sharedworker"]);

function cacheKey(url) {
  const parsed = new URL(url);
  return parsed.origin + parsed.pathname; // queries (?prefetch=0, ?v=hash) do not change the file
}

function inScope(url) {
  return url.startsWith(ROOT) && cacheKey(url) !== cacheKey(self.location.href);
}

async function keepOne(cache, url) {
  const key = cacheKey(url);
  if (!inScope(key) || (await cache.match(key))) return 0;
  const response = await fetch(key, { cache: "no-cache" }).catch(() => null);
  if (!response || response.status !== 200) return 0;
  await cache.put(key, response);
  return 1;
}

async function keep(urls) {
  const cache = await caches.open(CACHE_NAME);
  const counts = await Promise.all([...new Set(urls)].map((url) => keepOne(cache, url)));
  return counts.reduce((a, b) => a + b, 0);
}

async function olderCaches() {
  return (await caches.keys()).filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME);
}

// A new build keeps the same files the reader had from the one before (changed files download, unchanged revalidate).
self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const urls = [];
    for (const name of await olderCaches()) {
      for (const request of await (await caches.open(name)).keys()) {
        if (!KEPT_COPIES.has(request.url)) urls.push(request.url); // a kept copy belongs to its own build's runtime
      }
    }
    await keep(urls);
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    await Promise.all((await olderCaches()).map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

function isolated(response, extra = {}) {
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries({ ...ISOLATION_HEADERS, ...extra })) headers.set(name, value);
  return { status: response.status, statusText: response.statusText, headers };
}

async function withIsolation(response) {
  if (response.type === "opaque" || response.status === 0) return response;
  return new Response(response.body, isolated(response));
}

async function byteRange(response, range) {
  const body = await response.arrayBuffer();
  const size = body.byteLength;
  const [, first, last] = BYTE_RANGE.exec(range.trim()) || [];
  let start = first ? Number(first) : Math.max(size - Number(last || size), 0);
  let end = first && last ? Math.min(Number(last), size - 1) : size - 1;
  if (first === undefined || (!first && !last) || start > end) {
    return new Response(null, { status: 416, headers: { ...ISOLATION_HEADERS, "Content-Range": `bytes */${size}` } });
  }
  const init = isolated(response, { "Content-Range": `bytes ${start}-${end}/${size}`, "Content-Length": String(end - start + 1) });
  return new Response(body.slice(start, end + 1), { ...init, status: 206, statusText: "Partial Content" });
}

function offlineResponse(url) {
  const text = `This page is offline and ${new URL(url).pathname} was not saved on an earlier visit. ` +
    "Reconnect and reload to get it.";
  return new Response(text, { status: 503, headers: { ...ISOLATION_HEADERS, "Content-Type": "text/plain; charset=utf-8" } });
}

// The network already serves a newer build: a file from it must not join this build's page.
function newerBuildResponse(url) {
  const text = `A newer version of this chapter is ready, so ${new URL(url).pathname} is not fetched for this ` +
    "older page: press Reload in the notice at the bottom of the page to use the newer version.";
  return new Response(text, { status: 503, headers: { ...ISOLATION_HEADERS, "Content-Type": "text/plain; charset=utf-8" } });
}

// A miss is answered with the copy just kept, not with the network's response: the browser ties the code it
// compiles for a wasm module (or a script) to the response it compiled from, so only an answer read from the
// cache lets later visits reuse that code. Not kept (storage full, say): the network's answer still serves.
async function kept(cache, key, response) {
  try {
    await cache.put(key, response.clone());
    const copy = await cache.match(key);
    if (!copy) return response;
    response.body?.cancel();
    return copy;
  } catch (error) {
    return response;
  }
}

async function respond(request) {
  const key = cacheKey(request.url);
  const range = request.headers.get("Range");
  const cache = await caches.open(CACHE_NAME);
  let response = await cache.match(key);
  if (!response) {
    if (self.registration.waiting || self.registration.installing) return newerBuildResponse(request.url);
    try {
      response = await fetch(range ? key : request);
    } catch (error) {
      return offlineResponse(request.url);
    }
    if (response.status === 200 && response.type === "basic") response = await kept(cache, key, response);
  }
  if (range && response.status === 200) return byteRange(response, range);
  return CARRIES_HEADERS.has(request.destination) ? withIsolation(response) : response;
}

self.addEventListener("fetch", (event) => {
  if (cacheKey(event.request.url) === KEPT_COPIES_URL) {
    event.respondWith(new Response(JSON.stringify(KEPT), { headers: { "Content-Type": "application/json" } }));
    return;
  }
  if (event.request.method !== "GET" || !inScope(event.request.url)) return;
  event.respondWith(respond(event.request));
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.kind === "skip-waiting") {
    self.skipWaiting();
  } else if (data.kind === "keep") {
    const urls = [...(data.paths || []), ...(data.runtime ? RUNTIME_FILES : [])].map((path) => new URL(path, ROOT).href);
    event.waitUntil(keep(urls).then((count) => event.source && event.source.postMessage({ kind: "kept", count, build: BUILD, runtime: Boolean(data.runtime) })));
  }
});
