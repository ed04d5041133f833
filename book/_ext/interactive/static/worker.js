// The Web Worker that owns the page's Python: Pyodide, numpy, tinytorch and one shared namespace.
//
// Protocol (the page side is runtime.js; every message is an object with a `kind`):
//   page -> worker  {kind: "start", indexURL, runnerURL,      load Pyodide, numpy, tinytorch, the cell runner and
//                    completionURL, interruptBuffer?, input?} the completer; on cross-origin isolated pages also
//                                                             shared memory for Stop and input() (useIsolatedChannels)
//                   {kind: "run", id, code}                   run one cell (runs are queued, one at a time)
//                   {kind: "complete", id, code}              completions for the word at the end of `code` (the text
//                                                             before the cursor) from the page's namespace; answered
//                                                             at once, outside the run queue (runtime.js asks only
//                                                             while no run is in flight, so neither waits on the other)
//   worker -> page  {kind: "status", stage, state, message}   stage: runtime | numpy | tinytorch | packages | matplotlib
//                                                             state: loading | done | error
//                   {kind: "ready", versions}                 started; versions: {pyodide, python, numpy, tinytorch}
//                   {kind: "failed", message, offline}        could not start (offline: a request got no answer at
//                                                             all); the worker is of no further use
//                   {kind: "output", id, chunks, omitted, tail}
//                       output of run `id`, at most one message per BATCH_MS: chunks = [[stream, text], ...] in
//                       order (stream "stdout" | "stderr"). Past HEAD_LINES lines no more chunks come; instead
//                       omitted (lines dropped so far) and tail (the last TAIL_LINES lines, as chunks) replace
//                       what the page last got. The worker never holds more than head + tail.
//                   {kind: "result", id, result}              run `id` finished: {ok, value, images, error}
//                                                             error: {type, message, traceback, advice?}
//                   {kind: "input", id}                       run `id` called input(): the page answers through
//                                                             the shared input channel
//                   {kind: "completions", id, result}         answer to complete `id`: {items: [{label, type, detail}]}
//                                                             (completion.py), or null if Python could not say
"use strict";

const BATCH_MS = 16; // one output message per frame at most, so a flood cannot starve the page
const HEAD_LINES = 5000; // lines of a run shown as they come
const TAIL_LINES = 1000; // last lines kept once the head is full
const TAIL_CHARS = 200000; // and at most this much text in them (one huge line must not grow without bound)
const HEAD_CHARS = 1000000; // a head of fewer, very long lines ends here
const TAIL_MS = 100; // once the head is full, the page gets the latest tail this often

let pyodide = null;
let runCell = null;
let completeIn = null; // (code) -> completions from the cell runner's namespace (completion.py)
let currentRun = null; // the run in progress, for input() requests
let matplotlibImported = false;
let queue = Promise.resolve();

const post = (message) => self.postMessage(message);
const status = (stage, state, message = "") => post({ kind: "status", stage, state, message });
const fileName = (url) => String(url).split("?")[0].split("/").pop();

// ---- every fetch this worker makes (Pyodide's included), so that a failure can name file and cause ----------
const failedRequests = [];
const realFetch = self.fetch.bind(self);
self.fetch = async (input, init) => {
  const url = String(input && input.url || input);
  try {
    const response = await realFetch(input, init);
    if (!response.ok) failedRequests.push({ url, status: response.status, statusText: response.statusText });
    return response;
  } catch (error) {
    failedRequests.push(await whyFetchFailed(url, init));
    throw error;
  }
};

// A fetch that throws says only "Failed to fetch", also for a 404 when an integrity hash was given (as
// Pyodide gives for wheels). Ask once more without the hash to learn what happened.
async function whyFetchFailed(url, init) {
  if (!init || !init.integrity) return { url, status: 0 };
  try {
    const response = await realFetch(url, { cache: "no-store" });
    if (!response.ok) return { url, status: response.status, statusText: response.statusText };
    return { url, status: 200, integrity: true };
  } catch (error) {
    return { url, status: 0 };
  }
}

function describeRequest({ url, status, statusText, integrity }) {
  if (integrity) return `${fileName(url)} does not match the sha256 in pyodide-lock.json`;
  if (status === 0) return `the request for ${fileName(url)} got no answer (the browser may be offline)`;
  return `the server answered ${fileName(url)} with HTTP ${status}${statusText ? ` (${statusText})` : ""}`;
}

// A sentence for what failed since `mark` (an index into failedRequests), or `fallback`.
function failureSince(mark, fallback) {
  const failed = failedRequests.slice(mark);
  return failed.length ? failed.map(describeRequest).join("; ") : fallback;
}

class LoadFailure extends Error {
  constructor(message, offline) {
    super(message);
    this.offline = offline;
  }
}

function loadFailure(what, mark, fallback) {
  const offline = failedRequests.slice(mark).some((request) => request.status === 0);
  return new LoadFailure(`${what}: ${failureSince(mark, fallback)}.`, offline);
}

// ---- output of the current run: batched, and capped at head + tail -------------------------------------
const output = {
  id: null, chunks: [], headLines: 0, headChars: 0, headFull: false, tail: [], tailChars: 0, omitted: 0,
  lastPost: 0, timer: null,

  begin(id) {
    Object.assign(this, { id, chunks: [], headLines: 0, headChars: 0, headFull: false, tail: [], tailChars: 0,
      omitted: 0, lastPost: 0 });
  },

  write(stream, text) {
    if (this.id === null) return;
    const rest = this.takeHead(stream, text);
    if (rest) this.keepInTail(stream, rest);
    // Python may hold the worker's event loop for the whole run: post from here when a batch is due.
    if (performance.now() - this.lastPost >= (this.headFull ? TAIL_MS : BATCH_MS)) this.flush();
    else if (this.timer === null) this.timer = setTimeout(() => this.flush(), BATCH_MS);
  },

  // Queue what still fits in the head for the page; return the rest.
  takeHead(stream, text) {
    if (this.headFull) return text;
    const room = HEAD_CHARS - this.headChars;
    let at = 0;
    while (at < text.length && at < room && this.headLines < HEAD_LINES) {
      const lineBreak = text.indexOf("\n", at);
      if (lineBreak === -1 || lineBreak + 1 > room) {
        at = Math.min(text.length, room);
        break;
      }
      at = lineBreak + 1;
      this.headLines += 1;
    }
    if (at > 0) this.chunks.push([stream, text.slice(0, at)]);
    this.headChars += at;
    this.headFull = this.headLines >= HEAD_LINES || this.headChars >= HEAD_CHARS;
    return text.slice(at);
  },

  // Keep the last TAIL_LINES lines (one entry per line); count every line dropped.
  keepInTail(stream, text) {
    for (let at = 0; at < text.length;) {
      const lineBreak = text.indexOf("\n", at);
      const end = lineBreak === -1 ? text.length : lineBreak + 1;
      const piece = text.slice(at, end);
      const last = this.tail[this.tail.length - 1];
      if (last && last[0] === stream && !last[1].endsWith("\n")) last[1] += piece;
      else this.tail.push([stream, piece]);
      this.tailChars += piece.length;
      at = end;
    }
    while (this.tail.length > TAIL_LINES || (this.tail.length > 1 && this.tailChars > TAIL_CHARS)) {
      this.tailChars -= this.tail.shift()[1].length;
      this.omitted += 1;
    }
    const last = this.tail[this.tail.length - 1];
    if (last[1].length > TAIL_CHARS) { // one line longer than the whole tail: keep its end
      this.tailChars -= last[1].length - TAIL_CHARS;
      last[1] = last[1].slice(-TAIL_CHARS);
    }
  },

  // The tail as few chunks as possible: neighbouring lines of one stream joined.
  joinedTail() {
    const joined = [];
    for (const [stream, text] of this.tail) {
      const last = joined[joined.length - 1];
      if (last && last[0] === stream) last[1] += text;
      else joined.push([stream, text]);
    }
    return joined;
  },

  flush() {
    clearTimeout(this.timer);
    this.timer = null;
    if (this.id === null || (!this.chunks.length && !this.tail.length)) return;
    post({ kind: "output", id: this.id, chunks: this.chunks, omitted: this.omitted,
      tail: this.tail.length ? this.joinedTail() : null });
    this.chunks = [];
    this.lastPost = performance.now();
  },

  end() {
    this.flush();
    this.id = null;
    this.tail = [];
  },
};

function streamTo(stream) {
  const decoder = new TextDecoder();
  return {
    write(bytes) {
      const text = decoder.decode(bytes, { stream: true });
      if (text) output.write(stream, text);
      return bytes.length;
    },
  };
}

// Pyodide only warns when the WebAssembly module cannot be fetched or compiled, then waits forever:
// turn that warning into a failure the page can show.
function failOnWasmWarning(reject, mark) {
  const warn = console.warn.bind(console);
  let sawWasmFailure = false;
  console.warn = (...args) => {
    if (String(args[0]).includes("wasm instantiation failed")) {
      sawWasmFailure = true;
    } else if (sawWasmFailure) {
      reject(loadFailure("The WebAssembly runtime could not be loaded", mark, args.join(" ")));
    }
    warn(...args);
  };
}

async function loadPackage(pyodideInstance, name) {
  const problems = [];
  const mark = failedRequests.length;
  await pyodideInstance.loadPackage(name, { messageCallback: () => {}, errorCallback: (m) => problems.push(m) });
  if (problems.length) throw loadFailure(`Python could not load ${name}`, mark, problems.join(" ").trim());
}

async function loadScript(url) {
  try {
    importScripts(url);
  } catch (error) {
    const mark = failedRequests.length;
    try {
      await self.fetch(url, { cache: "no-store" }); // only to learn why: records the status or the lost network
    } catch (ignored) { /* recorded */ }
    throw loadFailure(`Python could not load ${fileName(url)}`, mark, error.message);
  }
}

// Cross-origin isolated pages only. interruptBuffer: Pyodide raises KeyboardInterrupt when the page writes 2.
// input: {control: Int32Array [state, length], data: Uint8Array}; input() waits on control[0] until the page
// stores 1 (answered: `length` bytes of UTF-8 in data) or 2 (ended: input() raises EOFError).
const INPUT_WAITING = 0, INPUT_ANSWERED = 1;
let interruptBuffer = null;

function useIsolatedChannels(pyodideInstance, { interruptBuffer: buffer, input }) {
  if (buffer) {
    interruptBuffer = buffer;
    pyodideInstance.setInterruptBuffer(buffer);
  }
  if (!input) return;
  const decoder = new TextDecoder();
  pyodideInstance.setStdin({
    stdin: () => {
      Atomics.store(input.control, 0, INPUT_WAITING);
      post({ kind: "input", id: currentRun });
      Atomics.wait(input.control, 0, INPUT_WAITING);
      if (Atomics.load(input.control, 0) !== INPUT_ANSWERED) return null;
      return decoder.decode(input.data.slice(0, input.control[1]));
    },
  });
}

function clearInterrupt() {
  if (interruptBuffer) interruptBuffer[0] = 0;
}

async function start({ indexURL, runnerURL, completionURL, ...channels }) {
  status("runtime", "loading", "Python runtime");
  await loadScript(indexURL + "pyodide.js");
  const mark = failedRequests.length;
  pyodide = await new Promise((resolve, reject) => {
    failOnWasmWarning(reject, mark);
    loadPyodide({ indexURL }).then(resolve, (error) => reject(loadFailure("Python could not start", mark, error.message)));
  });
  pyodide.setStdout(streamTo("stdout"));
  pyodide.setStderr(streamTo("stderr"));
  useIsolatedChannels(pyodide, channels);
  status("runtime", "done");

  status("numpy", "loading", "numpy");
  await loadPackage(pyodide, "numpy");
  status("numpy", "done");

  status("tinytorch", "loading", "tinytorch");
  await loadPackage(pyodide, "tinytorch");
  pyodide.FS.writeFile("cell_runner.py", await fetchText(runnerURL, "the cell runner"));
  const runner = pyodide.pyimport("cell_runner");
  runCell = runner.run_cell;
  if (channels.input) runner.read_input_from_page(); // input() reads the page's field, not the no-keyboard message
  pyodide.FS.writeFile("completion.py", await fetchText(completionURL, "the completer"));
  const completer = pyodide.pyimport("completion");
  const namespace = runner.namespace;
  completeIn = (code) => completer.complete(code, namespace);
  const versions = pyodide.runPython(
    "import sys, numpy, tinytorch; " +
    "{'python': sys.version.split()[0], 'numpy': numpy.__version__, 'tinytorch': tinytorch.__version__}"
  ).toJs({ dict_converter: Object.fromEntries });
  status("tinytorch", "done");
  post({ kind: "ready", versions: { pyodide: pyodide.version, ...versions } });
}

async function fetchText(url, what) {
  const mark = failedRequests.length;
  let response;
  try {
    response = await self.fetch(url);
  } catch (error) {
    throw loadFailure(`Python could not load ${what}`, mark, error.message);
  }
  if (!response.ok) throw loadFailure(`Python could not load ${what}`, mark, `HTTP ${response.status}`);
  return response.text();
}

// Completions never raise: a name whose lookup fails in Python just gives none.
function complete({ id, code }) {
  let result = null;
  try {
    const proxy = completeIn(String(code));
    result = proxy.toJs({ dict_converter: Object.fromEntries });
    proxy.destroy();
  } catch (error) {
    result = null;
  }
  post({ kind: "completions", id, result });
}

// Packages a cell imports beyond numpy and tinytorch (matplotlib for the plot) load on first use.
// Returns null, or a sentence saying which package failed to load and why.
async function loadImportedPackages(code) {
  const problems = [];
  let announced = null;
  const mark = failedRequests.length;
  await pyodide.loadPackagesFromImports(code, {
    messageCallback: (message) => {
      if (!announced && message.startsWith("Loading ")) {
        announced = message.replace(/^Loading /, "");
        status("packages", "loading", announced);
      }
    },
    errorCallback: (message) => problems.push(message),
  });
  if (problems.length) {
    const wheels = failedRequests.slice(mark).map(({ url }) => fileName(url)).filter((name) => name.endsWith(".whl"));
    const names = wheels.length ? [...new Set(wheels.map((name) => name.split("-")[0]))].join(", ")
      : announced || "a package this cell imports";
    const message = `Python could not load ${names}: ${failureSince(mark, problems.join(" ").trim())}.`;
    status("packages", "error", message);
    return message;
  }
  if (pyodide.loadedPackages.matplotlib && !matplotlibImported) {
    // Setup, not the reader's output: the first pyplot import builds matplotlib's font list and says so.
    status("matplotlib", "loading", "matplotlib's font list (first plot only)");
    pyodide.runPython("import matplotlib.pyplot");
    matplotlibImported = true;
  }
  if (announced || matplotlibImported) status("packages", "done");
  return null;
}

function failedRun(type, message, advice) {
  return { ok: false, value: null, images: [], error: { type, message, traceback: message, advice } };
}

async function run({ id, code }) {
  currentRun = id;
  clearInterrupt();
  try {
    const packageProblem = await loadImportedPackages(code);
    if (packageProblem) {
      post({ kind: "result", id, result: failedRun("PackageLoadFailed", packageProblem,
        "The cell did not run. Check the connection, then run it again.") });
      return;
    }
    output.begin(id);
    const proxy = await runCell(code);
    output.end();
    const result = proxy.toJs({ dict_converter: Object.fromEntries });
    proxy.destroy();
    post({ kind: "result", id, result });
  } catch (error) {
    output.end();
    const message = String(error && error.message || error);
    post({ kind: "result", id, result: failedRun("RuntimeError", message) });
  }
}

self.onmessage = ({ data }) => {
  if (data.kind === "start") {
    start(data).catch((error) => {
      post({ kind: "failed", message: String(error && error.message || error), offline: Boolean(error && error.offline) });
    });
  } else if (data.kind === "run") {
    queue = queue.then(() => run(data));
  } else if (data.kind === "complete") {
    if (completeIn) complete(data);
    else post({ kind: "completions", id: data.id, result: null });
  } else {
    post({ kind: "failed", message: `The worker got a message of unknown kind ${JSON.stringify(data.kind)}.`, offline: false });
  }
};
