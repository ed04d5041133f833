// window.interactiveRuntime: the page's one Python runtime (Pyodide in a Web Worker), shared by every widget.
//
// Nothing is fetched until a widget calls ensureStarted() or run(). All cells and widgets of a page
// share ONE Python namespace, in the order they run, as in a notebook.
//
//   config: the page's settings, as the build wrote them into this script's data-config (runtime.py):
//       {library, startup, packages, storagePrefix, prefetch, binderUrl, page, exerciseCheck}; plus the
//       URLs of the Pyodide folder, the worker and the cell runner.
//
//   ensureStarted(): Promise<void>
//       Start the worker and load Pyodide and config.startup (once). Rejects with an Error whose
//       message says what failed; a later call tries again.
//   run(code, {onStdout?, onStderr?, onOverflow?, onInput?}): Promise<Result>
//       Run code after any runs already queued. onStdout/onStderr get text as it is written (in batches).
//       Past the worker's cap (worker.js: 5,000 lines) no more text comes; onOverflow({omitted, tail}) gets
//       the count of lines dropped so far and the last lines (tail = [[stream, text], ...]), each call
//       replacing the one before. onInput() -> Promise<string | null> answers the cell's input()
//       (cross-origin isolated pages only; null, or no onInput, ends the input with EOFError).
//       Never rejects. Result = {ok: boolean, value?: string (repr of the last
//       expression), stdout: string, stderr: string (the shown head, then the tail), omitted: number,
//       images: string[] (PNG data URLs of matplotlib figures), error?: {type, message, traceback, advice?}}.
//       If the runtime cannot start, ok is false and error.type is "RuntimeUnavailable"; if the run was
//       stopped, "Interrupted"; if a package the code imports could not be loaded, "PackageLoadFailed".
//   call(target, args): Promise<{ok, data?, error?}>
//       Call "module:function"(...args) in the page's Python (queued like run; args plain data, data its
//       answer as plain data). Never rejects; errors come as for run().
//   interrupt(): Promise<void>
//       Stop whatever runs now. On a cross-origin isolated page the running cell first gets a
//       KeyboardInterrupt (Pyodide's interrupt buffer) and, if it ends within 1 s, resolves as Interrupted
//       with every variable kept. Otherwise (no isolation, or a cell stuck outside Python bytecode) the
//       worker is terminated (the namespace is lost), pending runs resolve as Interrupted with a message
//       that says so, and a fresh runtime is started; resolves when it is ready.
//   restart(): Promise<void>
//       A fresh runtime with an empty namespace (same as interrupt when nothing runs).
//   onStatus(callback): () => void
//       callback(status) now and on every change; returns a function that unsubscribes.
//       status = {stage, state, message}: stage "idle" | "runtime" | <each of config.startup> |
//       "packages" | "matplotlib" | "ready" | "running" | "failed"; state "loading" | "done" | "error".
//   complete(textBeforeCursor): Promise<{items: [{label, type, detail}]} | null>
//       Completions of the word ending textBeforeCursor from the page's namespace, made in the worker
//       (completion.py). null at once while Python is not ready or busy (a run or call in flight: neither
//       waits on the other), or after COMPLETE_MS. Never starts Python.
//   versions: {pyodide, python, packages: {name: version}} once started, else null.
//   python: {restored, kept}: restored, whether the running Python started from the snapshot the site's
//       service worker kept (worker.js: startPython); kept, true once a snapshot of it has been stored.
//   packages: {restored, kept}: the same for the files the start's packages installed (worker.js: startPackages).
//   prefetchWhenIdle(): void
//       Start Python ahead of the first Run, once the page has settled (load event, fonts, then two idle
//       periods), so the download never competes with the page's own first paint. Skipped when the
//       book's prefetch setting is "never", with ?prefetch=0, on Save-Data and on slow connections
//       (navigator.connection).
//   prefetch: {state: "not asked" | "waiting" | "started" | "skipped", reason: string}
//   prefetchSkipReason(): why nothing should be fetched ahead of the reader here ("" if it may);
//   whenSettled(): Promise, once the page has settled (load, fonts, two idle periods); idle(): Promise, the next
//   idle period. The rules of prefetchWhenIdle, for every widget.
(() => {
  "use strict";

  const script = document.currentScript;
  const scriptURL = script.src;
  const config = {
    ...JSON.parse(script.dataset.config || "{}"),
    indexURL: new URL("pyodide/", scriptURL).href,
    runnerURL: new URL("cell_runner.py", scriptURL).href,
    completionURL: new URL("completion.py", scriptURL).href,
    workerURL: new URL("worker.js", scriptURL).href,
  };
  const STALL_MS = 90000; // no progress for this long while loading: give up and say so
  const OFFLINE = "Python cannot be restarted without the network: reconnect, then press Restart runtime.";
  const INTERRUPTED = "Stopped. The Python runtime was restarted to stop it, so every variable defined " +
    "before is gone: run the cells above again (Run all above) before continuing.";
  const INTERRUPTED_KEPT = "Stopped with KeyboardInterrupt. Python kept running, so every variable defined " +
    "before is still there.";
  const INTERRUPTED_STUCK = "Stopped. The cell did not stop within 1 s of a KeyboardInterrupt (it was busy " +
    "outside Python), so the Python runtime was restarted and every variable defined before is gone: run the " +
    "cells above again (Run all above) before continuing.";
  const SOFT_STOP_MS = 1000;
  const COMPLETE_MS = 1000;
  const INPUT_BYTES = 65536;
  const INPUT_WAITING = 0, INPUT_ANSWERED = 1, INPUT_ENDED = 2; // control[0] of the input channel (worker.js)

  let worker = null;
  let starting = null; // Promise of the current start
  let session = null; // that start's {timer, reject}; callbacks of a start no longer current do nothing
  let nextId = 1;
  const pending = new Map(); // id -> {resolve, stdout, stderr, omitted, tail, onStdout, onStderr, onOverflow}
  const completions = new Map(); // id -> resolve, for complete() requests the worker has not answered yet
  const listeners = new Set();
  let lastStatus = { stage: "idle", state: "done", message: "not started" };
  let queue = Promise.resolve();
  let generation = 0; // bumped by interrupt(): runs queued before it never start
  let channels = null; // the current worker's shared buffers, on cross-origin isolated pages only
  let idleWaiters = []; // resolved when no run is pending
  let restarting = false; // the current start follows a Stop or Restart

  function setStatus(status) {
    lastStatus = status;
    for (const listener of listeners) listener(status);
  }

  function settle(id, result) {
    const run = pending.get(id);
    if (!run) return;
    pending.delete(id);
    const stopped = run.stopping && result.error && result.error.type === "KeyboardInterrupt";
    const error = stopped ? { type: "Interrupted", message: INTERRUPTED_KEPT, traceback: result.error.traceback } : result.error;
    const tailOf = (stream) => (run.tail || []).filter(([s]) => s === stream).map(([, text]) => text).join("");
    run.resolve({ ...result, error, stdout: run.stdout + tailOf("stdout"), stderr: run.stderr + tailOf("stderr"),
      omitted: run.omitted });
    if (pending.size === 0) for (const wake of idleWaiters.splice(0)) wake();
  }

  function failedResult(type, message) {
    return { ok: false, images: [], error: { type, message, traceback: message } };
  }

  function stopWorker(reason) {
    if (session) {
      clearTimeout(session.timer);
      session.reject(new Error(reason)); // a start still loading ends here; a finished one ignores it
      session = null;
    }
    if (worker) worker.terminate();
    worker = null;
    starting = null;
    api.versions = null;
    api.python.restored = false;
    api.packages.restored = false;
    for (const id of [...pending.keys()]) settle(id, failedResult("Interrupted", reason));
    for (const answer of completions.values()) answer(null);
  }

  function startWorker() {
    return new Promise((resolve, reject) => {
      const mine = { timer: null, reject };
      session = mine;
      const current = () => session === mine;
      const fail = (reason, offline = false) => {
        if (!current()) return;
        const message = offline && restarting ? `${OFFLINE} (${reason.replace(/[.\s]+$/, "")}.)` : reason;
        stopWorker(message);
        setStatus({ stage: "failed", state: "error", message });
      };
      const armStallTimer = () => {
        clearTimeout(mine.timer);
        mine.timer = setTimeout(() => fail(`Loading stalled at ${lastStatus.stage} for ${STALL_MS / 1000} s.`), STALL_MS);
      };
      if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
        setTimeout(() => fail("This browser lacks WebAssembly or Web Workers."));
        return;
      }
      try {
        worker = new Worker(config.workerURL);
      } catch (error) {
        setTimeout(() => fail(`The browser could not start the worker (${error.message}).`));
        return;
      }
      const own = worker;
      own.onerror = (event) => {
        event.preventDefault();
        if (event.message) fail(`The worker crashed: ${event.message}.`);
        else whyNotLoaded(config.workerURL).then(([reason, offline]) => fail(reason, offline));
      };
      own.onmessage = ({ data }) => {
        if (!current()) return;
        if (data.kind === "status") {
          if (mine.timer !== null) armStallTimer();
          if (data.state === "error") setStatus({ stage: data.stage, state: "error", message: data.message });
          else if (data.state === "loading") setStatus({ stage: data.stage, state: "loading", message: data.message });
        } else if (data.kind === "ready") {
          clearTimeout(mine.timer);
          mine.timer = null;
          api.versions = data.versions;
          api.python.restored = data.restored.python;
          api.packages.restored = data.restored.packages;
          setStatus({ stage: "ready", state: "done", message: readyMessage() });
          resolve();
        } else if (data.kind === "kept") {
          api[data.what].kept = true;
        } else if (data.kind === "failed") {
          fail(data.message, data.offline);
        } else if (data.kind === "output") {
          const run = pending.get(data.id);
          if (!run) return;
          for (const [stream, text] of data.chunks) {
            run[stream] += text;
            const callback = stream === "stdout" ? run.onStdout : run.onStderr;
            if (callback) callback(text);
          }
          if (data.tail) {
            run.omitted = data.omitted;
            run.tail = data.tail;
            if (run.onOverflow) run.onOverflow({ omitted: data.omitted, tail: data.tail });
          }
        } else if (data.kind === "completions") {
          completions.get(data.id)?.(data.result);
        } else if (data.kind === "input") {
          answerInput(data.id);
        } else if (data.kind === "result") {
          settle(data.id, data.result);
          // A package that failed to load keeps its error on the status line: Python is not all there.
          if (pending.size === 0 && data.result.error?.type !== "PackageLoadFailed") {
            setStatus({ stage: "ready", state: "done", message: readyMessage() });
          }
        }
      };
      armStallTimer();
      channels = isolatedChannels();
      // a page the site's service worker controls keeps copies of its start for the next (worker.js: keptCopiesURL)
      const keptCopiesURL = navigator.serviceWorker?.controller ? new URL("kept-copies.json", config.indexURL).href : null;
      own.postMessage({ kind: "start", indexURL: config.indexURL, runnerURL: config.runnerURL, keptCopiesURL,
        completionURL: config.completionURL, packages: config.startup, shipped: config.packages, ...(channels || {}) });
    });
  }

  // Cross-origin isolated pages only (the site's service worker makes them so): memory shared with the worker
  // for Stop (Pyodide's interrupt buffer) and input() (the worker waits on `control` until the page answers).
  function isolatedChannels() {
    if (!self.crossOriginIsolated || typeof SharedArrayBuffer !== "function") return null;
    return {
      interruptBuffer: new Uint8Array(new SharedArrayBuffer(1)),
      input: { control: new Int32Array(new SharedArrayBuffer(8)), data: new Uint8Array(new SharedArrayBuffer(INPUT_BYTES)) },
    };
  }

  async function answerInput(id) {
    const run = pending.get(id);
    const line = run && run.onInput ? await run.onInput() : null;
    if (!channels || !pending.has(id)) return; // stopped meanwhile: Stop already woke the worker
    const { control, data } = channels.input;
    if (line === null) {
      Atomics.store(control, 0, INPUT_ENDED);
    } else {
      const bytes = new TextEncoder().encode(String(line)).slice(0, INPUT_BYTES);
      data.set(bytes);
      control[1] = bytes.length;
      Atomics.store(control, 0, INPUT_ANSWERED);
    }
    Atomics.notify(control, 0);
  }

  // KeyboardInterrupt in the running cell; true if every pending run ended within SOFT_STOP_MS.
  async function stopSoftly() {
    if (!channels || pending.size === 0 || !worker) return false;
    for (const run of pending.values()) run.stopping = true;
    channels.interruptBuffer[0] = 2; // SIGINT
    Atomics.store(channels.input.control, 0, INPUT_ENDED); // a cell waiting in input() wakes up too
    Atomics.notify(channels.input.control, 0);
    let timer;
    const ended = await Promise.race([
      new Promise((resolve) => idleWaiters.push(() => resolve(true))),
      new Promise((resolve) => { timer = setTimeout(() => resolve(false), SOFT_STOP_MS); }),
    ]);
    clearTimeout(timer);
    if (ended) channels.interruptBuffer[0] = 0; // no run is left to take it: a later run must not start stopped
    return ended;
  }

  // Why `url` could not be loaded: [sentence, offline], learnt by asking for it again.
  async function whyNotLoaded(url) {
    const name = url.split("/").pop();
    try {
      const response = await fetch(url, { cache: "no-store" });
      if (!response.ok) return [`The server answered ${name} with HTTP ${response.status}.`, false];
      return [`The browser could not load or run ${name}.`, false];
    } catch (error) {
      return [`The request for ${name} got no answer (the browser may be offline).`, true];
    }
  }

  function readyMessage() {
    const v = api.versions;
    if (!v) return "ready";
    const packages = Object.entries(v.packages).map(([name, version]) => `${name} ${version}`);
    return `Python ${v.python} (Pyodide ${v.pyodide}), ${packages.join(", ")}`;
  }

  async function restartRuntime(reason) {
    queue = Promise.resolve();
    stopWorker(reason);
    restarting = true;
    setStatus({ stage: "idle", state: "done", message: "is restarting (variables cleared)" });
    await api.ensureStarted();
  }

  // Queue a run or a call: it starts after those before it, in a started runtime; never rejects.
  function enqueue(message, { onStdout, onStderr, onOverflow, onInput } = {}) {
    const queuedIn = generation;
    const job = queue.then(async () => {
      if (queuedIn !== generation) return { ...failedResult("Interrupted", INTERRUPTED), stdout: "", stderr: "" };
      try {
        await api.ensureStarted();
      } catch (error) {
        if (queuedIn !== generation) return { ...failedResult("Interrupted", INTERRUPTED), stdout: "", stderr: "" };
        return { ...failedResult("RuntimeUnavailable", error.message), stdout: "", stderr: "" };
      }
      const id = nextId++;
      const done = new Promise((resolve) => pending.set(id,
        { resolve, stdout: "", stderr: "", omitted: 0, tail: null, onStdout, onStderr, onOverflow, onInput }));
      setStatus({ stage: "running", state: "loading", message: "running" });
      worker.postMessage({ ...message, id });
      return done;
    });
    queue = job;
    return job;
  }

  const api = {
    versions: null,
    python: { restored: false, kept: false },
    packages: { restored: false, kept: false },
    config,

    ensureStarted() {
      if (!starting) {
        starting = startWorker();
        starting.then(() => { restarting = false; }, () => {});
        starting.catch(() => {}); // the caller gets the rejection; keep it from being "unhandled" here
      }
      return starting;
    },

    run(code, { onStdout, onStderr, onOverflow, onInput } = {}) {
      return enqueue({ kind: "run", code: String(code) }, { onStdout, onStderr, onOverflow, onInput });
    },

    call(target, args = []) {
      return enqueue({ kind: "call", target: String(target), args });
    },

    complete(textBeforeCursor) {
      if (!worker || !api.versions || pending.size > 0) return Promise.resolve(null);
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => answer(null), COMPLETE_MS);
        const answer = (result) => {
          clearTimeout(timer);
          completions.delete(id);
          resolve(result);
        };
        completions.set(id, answer);
        worker.postMessage({ kind: "complete", id, code: String(textBeforeCursor) });
      });
    },

    async interrupt() {
      generation += 1;
      if (await stopSoftly()) return;
      await restartRuntime(channels ? INTERRUPTED_STUCK : INTERRUPTED);
    },

    restart() {
      generation += 1;
      return restartRuntime(INTERRUPTED);
    },

    onStatus(callback) {
      listeners.add(callback);
      callback(lastStatus);
      return () => listeners.delete(callback);
    },

    get status() {
      return lastStatus;
    },

    prefetch: { state: "not asked", reason: "" },

    prefetchSkipReason,

    prefetchWhenIdle() {
      if (api.prefetch.state !== "not asked") return;
      const reason = prefetchSkipReason();
      if (reason) {
        api.prefetch = { state: "skipped", reason };
        return;
      }
      api.prefetch = { state: "waiting", reason: "waiting for the page to settle" };
      api.whenSettled().then(() => {
        if (api.prefetch.state !== "waiting") return;
        api.prefetch = { state: "started", reason: "the page had settled" };
        api.ensureStarted().catch(() => {});
      });
    },

    idle: () => new Promise((resolve) => (window.requestIdleCallback ? requestIdleCallback(resolve) : setTimeout(resolve, 1500))),

    whenSettled() {
      const loaded = new Promise((resolve) => {
        if (document.readyState === "complete") resolve();
        else window.addEventListener("load", resolve, { once: true });
      });
      return loaded.then(() => document.fonts?.ready).then(api.idle).then(api.idle);
    },
  };

  // Why idle prefetch should not run here, or "" when it may.
  function prefetchSkipReason() {
    if (config.prefetch === "never") return "the book's prefetch setting is \"never\"";
    if (new URLSearchParams(location.search).get("prefetch") === "0") return "?prefetch=0 in the address";
    const connection = navigator.connection;
    if (connection?.saveData) return "the browser asks to save data (Save-Data)";
    if (["slow-2g", "2g", "3g"].includes(connection?.effectiveType)) {
      return `the connection is slow (${connection.effectiveType})`;
    }
    return "";
  }

  window.interactiveRuntime = api;
})();
