// Registers the site's service worker (sw.js at the site root, found relative to this script, so the site may
// live under any sub-path) once the page has loaded, and tells the reader when a newer build is ready.
//
// It asks the worker to keep only what this page has already fetched: its own files (Resource Timing) and,
// once the page's Python has started, the runtime. Nothing is downloaded for the cache alone, and with
// Save-Data on, nothing is kept beyond what passes through the worker anyway.
(() => {
  "use strict";

  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  const workerURL = new URL("../sw.js", document.currentScript.src);
  const siteRoot = new URL("./", workerURL).href;
  const saveData = Boolean(navigator.connection && navigator.connection.saveData);
  let reloadAsked = false;

  function fetchedPaths() {
    const icons = [...document.querySelectorAll("link[rel~='icon']")].map((link) => link.href); // not in Resource Timing
    return performance.getEntriesByType("resource").map((entry) => entry.name.split("#")[0])
      .concat(location.href.split("#")[0], icons)
      .filter((url) => url.startsWith(siteRoot))
      .map((url) => url.slice(siteRoot.length));
  }

  function keep(worker, runtime) {
    if (!saveData) worker.postMessage({ kind: "keep", paths: fetchedPaths(), runtime });
  }

  function keepRuntimeOnceStarted(worker) {
    const runtime = window.interactiveRuntime;
    if (!runtime) return;
    const stop = runtime.onStatus((status) => {
      if (status.stage !== "ready") return;
      keep(worker, true);
      setTimeout(() => stop()); // onStatus calls back before it returns its unsubscribe function
    });
  }

  function offerReload(waiting) {
    if (!navigator.serviceWorker.controller || document.querySelector(".tt-update")) return;
    const notice = document.createElement("div");
    notice.className = "tt-update";
    notice.setAttribute("role", "status");
    const text = document.createElement("span");
    text.textContent = "A newer version of this chapter is ready.";
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Reload";
    button.addEventListener("click", () => {
      reloadAsked = true;
      button.disabled = true;
      waiting.postMessage({ kind: "skip-waiting" });
    });
    notice.append(text, button);
    document.body.append(notice);
  }

  function watchForUpdates(registration) {
    if (registration.waiting) offerReload(registration.waiting);
    registration.addEventListener("updatefound", () => {
      const installing = registration.installing;
      if (!installing) return;
      installing.addEventListener("statechange", () => {
        if (installing.state === "installed") offerReload(installing);
      });
    });
  }

  async function register() {
    const registration = await navigator.serviceWorker.register(workerURL.href);
    watchForUpdates(registration);
    const active = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
    }
    keep(active.active, false);
    keepRuntimeOnceStarted(active.active);
  }

  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloadAsked) location.reload();
  });
  navigator.serviceWorker.addEventListener("message", ({ data }) => {
    if (!data || data.kind !== "kept") return;
    document.documentElement.dataset.offlineBuild = data.build; // tests and the bench wait on these
    if (data.runtime) document.documentElement.dataset.offlineRuntime = data.build;
  });
  const start = () => register().catch((error) => console.warn(`The offline copy could not be set up: ${error.message}`));
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start, { once: true });
})();
