// Where the reader's edits live: localStorage entries under "<prefix><kind>:<parts…>", shared by the runnable
// cells (cells.js) and the exercises (exercises.js), so both keep, read and forget edits one way. The prefix
// is the book's interactive_storage_prefix (runtime.js's config), e.g. "course:chapter:".
//
//   key(kind, ...parts) -> string;  load(key) -> object ({} when absent or unreadable);  save(key, entry);
//   forget(key);  forgetOthers(prefix, keep): drop every entry under prefix but `keep`;
//   sourceHash(text) -> 8 hex digits (FNV-1a over UTF-16 units), so a key can name the code it edits.
// Storage may be blocked (private mode, a full quota): every call then does nothing and the page still works.
window.interactiveEdits = (() => {
  "use strict";

  const PREFIX = window.interactiveRuntime.config.storagePrefix;

  const key = (kind, ...parts) => PREFIX + [kind, ...parts].join(":");

  function load(name) {
    try {
      const entry = JSON.parse(localStorage.getItem(name));
      return entry && typeof entry === "object" ? entry : {};
    } catch {
      return {}; // storage blocked or an entry this page did not write: start from the chapter's code
    }
  }

  function save(name, entry) {
    try {
      localStorage.setItem(name, JSON.stringify(entry));
    } catch {
      // the edit still runs; it just will not survive a reload
    }
  }

  function forget(name) {
    try { localStorage.removeItem(name); } catch { /* nothing was stored */ }
  }

  function forgetOthers(prefix, keep) {
    try {
      const stale = [];
      for (let i = 0; i < localStorage.length; i++) {
        const name = localStorage.key(i);
        if (name.startsWith(prefix) && name !== keep) stale.push(name);
      }
      stale.forEach(forget);
    } catch { /* storage blocked: nothing to clean */ }
  }

  function sourceHash(text) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    return (hash >>> 0).toString(16).padStart(8, "0");
  }

  return { PREFIX, key, load, save, forget, forgetOthers, sourceHash };
})();
