// The Web Worker that owns the page's Python: Pyodide, the page's packages and one shared namespace.
//
// Protocol (the page side is runtime.js; every message is an object with a `kind`):
//   page -> worker  {kind: "start", indexURL, runnerURL,      load Pyodide, then each of `packages` in order (the
//                    keptCopiesURL, completionURL, packages,  library's dependencies, then the library), then the
//                    shipped, interruptBuffer?, input?}       cell runner (its text and the completer's download
//                                                             while Python starts; the completer is imported
//                                                             after the first run or at the first completion,
//                                                             see loadCompleter); shipped: what the page's
//                                                             Python has, for advice on a failed import; on
//                                                             cross-origin isolated pages also shared memory for
//                                                             Stop and input() (see useIsolatedChannels);
//                                                             keptCopiesURL: where the site's service worker says
//                                                             where copies of this start are kept for the next
//                                                             (see "kept copies" below), or null
//                   {kind: "run", id, code}                   run one cell (runs and calls are queued, one at a time)
//                   {kind: "call", id, target, args}          call "module:function"(...args) (plain data) in the
//                                                             page's Python; its answer comes back as data
//                   {kind: "complete", id, code}              completions for the word at the end of `code` (the text
//                                                             before the cursor) from the page's namespace; answered
//                                                             at once, outside the run queue (runtime.js asks only
//                                                             while no run or call is in flight, so neither waits)
//   worker -> page  {kind: "status", stage, state, message}   stage: runtime | <a package's name> | packages |
//                                                             matplotlib; state: loading | done | error
//                   {kind: "ready", versions, restored}       started; versions: {pyodide, python, packages:
//                                                             {name: version} for each of the start's packages};
//                                                             restored: {python, packages}, which came from
//                                                             kept copies
//                   {kind: "kept", what}                      what ("python" | "packages") of this start is
//                                                             now kept for the next
//                   {kind: "failed", message, offline}        could not start (offline: a request got no answer at
//                                                             all); the worker is of no further use
//                   {kind: "output", id, chunks, omitted, tail}
//                       output of run `id`, at most one message per BATCH_MS: chunks = [[stream, text], ...] in
//                       order (stream "stdout" | "stderr"). Past HEAD_LINES lines no more chunks come; instead
//                       omitted (lines dropped so far) and tail (the last TAIL_LINES lines, as chunks) replace
//                       what the page last got. The worker never holds more than head + tail.
//                   {kind: "result", id, result}              run or call `id` finished: {ok, value (a run's last
//                                                             expression, repr) | data (a call's answer), images,
//                                                             error: {type, message, traceback, advice?}}
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
let runner = null; // the cell runner module (cell_runner.py)
let completer = null; // the completer module (completion.py), imported once a first run is done (loadCompleter)
let completerText = null; // its text, downloaded during the start
let currentRun = null; // the run in progress, for input() requests
const restored = { python: false, packages: false }; // which parts of the start came from kept copies
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

// Requests made beside the start's steps (the cell runner's and completer's texts, fetched while Python
// starts): a failure of one is told by its own step (fetchText), not by whichever step was running then.
const besideRequests = new Set();

// The requests that failed since `mark` (an index into failedRequests): those for `url`, or with no url all
// but the requests made beside.
function failedSince(mark, url = null) {
  return failedRequests.slice(mark).filter((request) => (url ? request.url === url : !besideRequests.has(request.url)));
}

// A sentence for what failed since `mark` (of `url` only, if given), or `fallback`.
function failureSince(mark, fallback, url = null) {
  const failed = failedSince(mark, url);
  return failed.length ? failed.map(describeRequest).join("; ") : fallback;
}

class LoadFailure extends Error {
  constructor(message, offline) {
    super(message);
    this.offline = offline;
  }
}

function loadFailure(what, mark, fallback, url = null) {
  const offline = failedSince(mark, url).some((request) => request.status === 0);
  return new LoadFailure(`${what}: ${failureSince(mark, fallback, url)}.`, offline);
}

// ---- output of the current run: capped at head + tail (output_cap.js), posted in batches -------------------
importScripts("output_cap.js", "kept_copies.js");
const { createOutputCap } = self.interactiveOutputCap;
const keptFormats = self.interactiveKeptCopies;

const output = {
  id: null, cap: null, lastPost: 0, timer: null,

  begin(id) {
    Object.assign(this, { id, lastPost: 0,
      cap: createOutputCap({ headLines: HEAD_LINES, headChars: HEAD_CHARS, tailLines: TAIL_LINES, tailChars: TAIL_CHARS }) });
  },

  write(stream, text) {
    if (this.id === null) return;
    this.cap.write(stream, text);
    // Python may hold the worker's event loop for the whole run: post from here when a batch is due.
    if (performance.now() - this.lastPost >= (this.cap.headFull ? TAIL_MS : BATCH_MS)) this.flush();
    else if (this.timer === null) this.timer = setTimeout(() => this.flush(), BATCH_MS);
  },

  flush() {
    clearTimeout(this.timer);
    this.timer = null;
    if (this.id === null || !this.cap.pending) return;
    post({ kind: "output", id: this.id, ...this.cap.take() });
    this.lastPost = performance.now();
  },

  end() {
    this.flush();
    this.id = null;
    this.cap = null;
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

// Loads one package; returns its version as the lock file gives it (what Pyodide installed), or null when the
// package was there already.
async function loadPackage(pyodideInstance, name) {
  const problems = [];
  const mark = failedRequests.length;
  const loaded = await pyodideInstance.loadPackage(name, { messageCallback: () => {}, errorCallback: (m) => problems.push(m) });
  if (problems.length) throw loadFailure(`Python could not load ${name}`, mark, problems.join(" ").trim());
  const normal = (text) => text.toLowerCase().replace(/[-_.]+/g, "-");
  const found = (loaded || []).find((data) => normal(data.name) === normal(name));
  return found ? found.version : null;
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

// The worker's own Python work between a cell's runs (loading the packages it imports, importing the
// completer) runs with interrupts off. A Stop pressed meanwhile is for the cell the page has already sent: it
// stays in the buffer and stops that cell's code as soon as it runs, instead of ending an import in the
// worker's own work. The page drops a Stop that no run took (runtime.js: stopSoftly).
function withInterruptsOff(work) {
  if (!interruptBuffer) return work();
  pyodide.setInterruptBuffer(undefined);
  const restore = () => pyodide.setInterruptBuffer(interruptBuffer);
  let result;
  try {
    result = work();
  } catch (error) {
    restore();
    throw error;
  }
  if (result instanceof Promise) return result.finally(restore);
  restore();
  return result;
}

// ---- kept copies: what one start makes, the next visit reuses --------------------------------------------------
// Starting Python and installing the start's packages give the same result on every visit. On pages the site's
// service worker controls (keptCopiesURL) the first start keeps two copies of its work in the build's cache,
// beside the runtime and the wheels they came from, and later starts reuse them:
// - python: the new interpreter's memory (Pyodide's makeMemorySnapshot, taken before anything else touches
//   Python); later starts restore it instead of initialising Python again (startPython).
// - packages: the files the start's packages installed (kept_copies.js); later starts write them back instead
//   of fetching and unpacking the wheels again (startPackages).
// The worker reads and writes them in the cache itself; sw.js answers keptCopiesURL with the cache's name and
// each copy's key ({cache, python, packages}) and never carries them over to a newer build. Pyodide refuses a
// snapshot of another build of itself, the packages' copy names the wheels it came from, and a copy that
// cannot be read or restored just means a plain start, which keeps a good copy again.

// {python, packages: promises of {bytes: a promise of the copy's bytes}, or of null when none is kept;
//  keep(what, bytes)}. Whether a copy is kept is known at once; its bytes are read from then on.
function keptCopies(url) {
  const where = (async () => {
    try {
      const response = await realFetch(url);
      if (!response.ok) return null;
      const { cache, python, packages } = await response.json();
      return { cache: await caches.open(cache), keys: { python, packages } };
    } catch (error) {
      return null;
    }
  })();
  const copy = async (what) => {
    const kept = await where;
    const response = kept && await kept.cache.match(kept.keys[what]).catch(() => null);
    if (!response) return null;
    const bytes = response.blob().then((blob) => blob.arrayBuffer()).then((buffer) => new Uint8Array(buffer));
    bytes.catch(() => {}); // a failed read is met where the bytes are used
    return { bytes };
  };
  return {
    python: copy("python"),
    packages: copy("packages"),
    async keep(what, bytes) { // in the background; a later visit tries again if this fails
      try {
        const kept = await where;
        if (!kept) return;
        await kept.cache.put(kept.keys[what], new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }));
        post({ kind: "kept", what });
      } catch (error) {
        console.warn(`The ${what === "python" ? "started Python" : "installed packages"} could not be kept: ${error.message}`);
      }
    },
  };
}

// The worker's own Python, run in a namespace of its own.
function runInScratch(code) {
  const scratch = pyodide.toPy({});
  try {
    pyodide.runPython(code, { globals: scratch });
  } finally {
    scratch.destroy();
  }
}

function loadPython(options) {
  const mark = failedRequests.length;
  return new Promise((resolve, reject) => {
    failOnWasmWarning(reject, mark);
    loadPyodide(options).then(resolve, (error) => reject(loadFailure("Python could not start", mark, error.message)));
  });
}

// kept: keptCopies(...), or null. Pyodide starts fetching the runtime before it waits for the snapshot's bytes,
// so it is called as soon as a snapshot is known to be kept, while the bytes are still being read.
async function startPython(indexURL, kept) {
  const saved = kept && await kept.python;
  if (saved) {
    try {
      const instance = await loadPython({ indexURL, _loadSnapshot: saved.bytes.then(keptFormats.withZeroPages) });
      restored.python = true;
      return instance;
    } catch (error) {
      console.warn(`The kept Python could not be restored (${error.message}); starting afresh.`);
    }
  }
  const instance = await loadPython({ indexURL, _makeSnapshot: Boolean(kept) });
  if (kept) {
    try {
      kept.keep("python", keptFormats.withoutZeroPages(instance.makeMemorySnapshot()));
    } catch (error) {
      console.warn(`The started Python could not be kept for the next visit: ${error.message}`);
    }
  }
  return instance;
}

// What the kept packages must have come from: each package the start installed, by its wheel.
function installedFrom(names) {
  const lock = pyodide._api.lockfile_packages;
  return names.map((name) => ({ name, file_name: lock[name]?.file_name ?? null, sha256: lock[name]?.sha256 ?? null }));
}

// Writes the kept packages back; returns their versions. Throws, before writing, if the copy is not of this start.
function restorePackages(packages, bytes) {
  const { about } = keptFormats.unpackFiles(pyodide.FS, bytes, (root, about) => {
    if (root !== pyodide._api.sitepackages) throw new Error(`they were installed in ${root}`);
    const same = JSON.stringify(about.start) === JSON.stringify(packages)
      && JSON.stringify(about.wheels) === JSON.stringify(installedFrom(Object.keys(about.channels || {})));
    if (!same) throw new Error("they were installed from other wheels");
  });
  Object.assign(pyodide.loadedPackages, about.channels); // as loadPackage records them: never installed twice
  runInScratch(FORGET_LISTINGS);
  return about.versions;
}

// After files are written back: what importlib.invalidate_caches() does, less importing importlib.metadata
// (30-50 ms here) only to clear its caches, which stay empty until something imports it.
const FORGET_LISTINGS = `
import sys
for finder in list(sys.path_importer_cache.values()):
    if finder is not None and hasattr(finder, "invalidate_caches"):
        finder.invalidate_caches()
if "importlib.metadata" in sys.modules:
    sys.modules["importlib.metadata"].MetadataPathFinder.invalidate_caches()
`;

// Installs the start's packages (or writes back the kept copy of them); returns {name: version}.
async function startPackages(packages, kept) {
  const saved = kept && await kept.packages;
  if (saved) {
    status("packages", "loading", `${packages.join(", ")} (kept from an earlier visit)`);
    try {
      const versions = restorePackages(packages, await saved.bytes);
      restored.packages = true;
      return versions;
    } catch (error) {
      console.warn(`The kept packages could not be restored (${error.message}); installing them afresh.`);
    }
  }
  const versions = {};
  const sharedLibraries = () => Object.keys(pyodide._module.LDSO.loadedLibsByName).length;
  const before = sharedLibraries();
  for (const name of packages) {
    status(name, "loading", name);
    versions[name] = await loadPackage(pyodide, name);
    if (name !== packages[packages.length - 1]) status(name, "done"); // the library's stage goes on (start)
  }
  // A package that loads a shared library as it installs would need that library loaded again, not just its
  // files written back: such a start is not kept (the chapter's are not of that kind).
  if (kept && sharedLibraries() === before) {
    const channels = { ...pyodide.loadedPackages };
    const about = { start: packages, versions, channels, wheels: installedFrom(Object.keys(channels)) };
    kept.keep("packages", keptFormats.packFiles(pyodide.FS, pyodide._api.sitepackages, about));
  }
  return versions;
}

// Run once Python has started, before any package loads. Pyodide calls importlib.invalidate_caches() after
// every load, and Python 3.12's zipimport answers that by reading the whole directory of its archive again,
// once for each of the dozen or more importers of the standard library's zip (one per package imported from
// it): 150-300 ms per load here. That archive is part of the runtime and nothing writes it while the page
// runs, so its importers keep what they read; every other importer is invalidated as before.
const KEEP_STDLIB_INDEX = `
def keep_stdlib_index():
    import sys, zipimport
    stdlib = [path for path in sys.path if path.endswith(".zip")]
    reread = zipimport.zipimporter.invalidate_caches

    def invalidate_caches(self):
        if self.archive not in stdlib:
            reread(self)

    zipimport.zipimporter.invalidate_caches = invalidate_caches
keep_stdlib_index()
`;

// Also run before any package loads. Pyodide installs a wheel by copying it into a temporary file and handing
// that to shutil.unpack_archive, which copies each member out in 64 KB pieces, and then opens the archive twice
// more (for the installer record and the list of .so files). In Emscripten's in-memory file system a file
// that grows in pieces is copied again each time it grows, so the numpy wheel's 14 MB went through memory many
// times over. This installs a wheel from the bytes Pyodide fetched: one pass over one archive, each member
// written whole, with Pyodide's own rules for what to skip, the installer record and data files.
// Of the .so files it reports for Pyodide to load at once only shared libraries, not Python's extension
// modules: in a worker, CPython loads an extension module when it is first imported (a synchronous compile,
// which browsers allow off the main thread), and numpy's start imports 3 of its 19. Anything that is not a
// wheel goes to Pyodide's own unpacking.
const WHEELS_WRITTEN_WHOLE = `
def wheels_written_whole():
    import io, os, zipfile
    from pathlib import Path
    from importlib.machinery import EXTENSION_SUFFIXES
    from pyodide import _package_loader as loader
    plain = loader.unpack_buffer
    on_import = tuple(suffix for suffix in EXTENSION_SUFFIXES if suffix != ".so")  # .cpython-312-..., .abi3

    def unpack_buffer(buffer, *, filename="", format=None, extract_dir=None, calculate_dynlibs=False,
                      installer=None, source=None):
        name = filename.rpartition("/")[-1]
        if format is not None or not name.endswith(".whl"):
            return plain(buffer, filename=filename, format=format, extract_dir=extract_dir,
                         calculate_dynlibs=calculate_dynlibs, installer=installer, source=source)
        target = Path(extract_dir or ".")
        made = set()
        with zipfile.ZipFile(io.BytesIO(buffer.to_bytes())) as wheel:
            for info in wheel.infolist():
                member = info.filename
                if member.startswith("/") or ".." in member:
                    continue  # as shutil.unpack_archive: nothing outside the target
                path = os.path.join(target, *member.split("/"))
                folder = path if member.endswith("/") else os.path.dirname(path)
                if folder not in made:
                    os.makedirs(folder, exist_ok=True)
                    made.add(folder)
                if not member.endswith("/"):
                    with open(path, "wb") as out:
                        out.write(wheel.read(info))
            loader.set_wheel_installer(name, wheel, target, installer, source)
            loader.install_datafiles(name, wheel, target)
            dynlibs = [str((target / member).resolve()) for member in wheel.namelist()
                       if loader.should_load_dynlib(member) and not member.endswith(on_import)]
        return loader.to_js(dynlibs) if calculate_dynlibs else None

    loader.unpack_buffer = unpack_buffer
wheels_written_whole()
`;

async function start({ indexURL, runnerURL, keptCopiesURL, completionURL, packages, shipped, ...channels }) {
  status("runtime", "loading", "Python runtime");
  // Neither text needs Python: both download while it starts; a failure is told by its own step, below.
  const [runnerText, completerSource] = [[runnerURL, "the cell runner"], [completionURL, "the completer"]].map(([url, what]) => {
    besideRequests.add(url);
    const text = fetchText(url, what);
    text.catch(() => {}); // awaited below
    return text;
  });
  const kept = keptCopiesURL ? keptCopies(keptCopiesURL) : null;
  await loadScript(indexURL + "pyodide.js");
  pyodide = await startPython(indexURL, kept);
  pyodide.setStdout(streamTo("stdout"));
  pyodide.setStderr(streamTo("stderr"));
  useIsolatedChannels(pyodide, channels);
  for (const patch of [KEEP_STDLIB_INDEX, WHEELS_WRITTEN_WHOLE]) runInScratch(patch);
  status("runtime", "done");

  const versions = await startPackages(packages, kept);
  const library = packages[packages.length - 1];
  if (restored.packages) status(library, "loading", library); // the library's stage also covers the cell runner
  pyodide.FS.writeFile("cell_runner.py", await runnerText);
  runner = pyodide.pyimport("cell_runner");
  runner.set_shipped(shipped);
  if (channels.input) runner.read_input_from_page(); // input() reads the page's field, not the no-keyboard message
  completerText = await completerSource; // a failed download fails the start; the import waits (loadCompleter)
  const python = pyodide.runPython("import sys; sys.version.split()[0]");
  for (const name of packages) { // a package Pyodide had already (none in a fresh worker): ask its metadata
    versions[name] ??= pyodide.runPython(`import importlib.metadata as m; m.version(${JSON.stringify(name)})`);
  }
  status(library, "done");
  post({ kind: "ready", versions: { pyodide: pyodide.version, python, packages: versions }, restored });
}

async function fetchText(url, what) {
  const mark = failedRequests.length;
  let response;
  try {
    response = await self.fetch(url);
  } catch (error) {
    throw loadFailure(`Python could not load ${what}`, mark, error.message, url);
  }
  if (!response.ok) throw loadFailure(`Python could not load ${what}`, mark, `HTTP ${response.status}`, url);
  return response.text();
}

// The completer's imports (inspect, typing, ...) take 15-45 ms, so it is imported after the first run's result
// is sent, or at the first completion asked, whichever comes first, not while the reader waits for Ready.
function loadCompleter() {
  if (completer || completerText === null) return;
  try {
    pyodide.FS.writeFile("completion.py", completerText);
    completer = withInterruptsOff(() => pyodide.pyimport("completion"));
  } catch (error) {
    console.warn(`The completer could not be loaded: ${error.message}`);
  }
  completerText = null; // tried once
}

// Completions from the cell runner's namespace. They never raise: a lookup that fails just gives none.
function complete({ id, code }) {
  loadCompleter();
  if (!completer) {
    post({ kind: "completions", id, result: null });
    return;
  }
  let result = null;
  const namespace = runner.namespace;
  try {
    const proxy = completer.complete(String(code), namespace);
    result = proxy.toJs({ dict_converter: Object.fromEntries });
    proxy.destroy();
  } catch (error) {
    result = null;
  } finally {
    namespace.destroy();
  }
  post({ kind: "completions", id, result });
}

// Packages a cell imports beyond those loaded at start (matplotlib for the plot) load on first use.
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

async function run({ id, code, target, args }) {
  currentRun = id;
  try {
    const packageProblem = code === undefined ? null : await withInterruptsOff(() => loadImportedPackages(code));
    if (packageProblem) {
      post({ kind: "result", id, result: failedRun("PackageLoadFailed", packageProblem,
        "The cell did not run. Check the connection, then run it again.") });
      return;
    }
    output.begin(id);
    const proxy = code === undefined ? runner.call(target, args) : await runner.run_cell(code);
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
  } else if (data.kind === "run" || data.kind === "call") {
    queue = queue.then(() => run(data)).then(loadCompleter);
  } else if (data.kind === "complete") {
    if (runner) complete(data);
    else post({ kind: "completions", id: data.id, result: null });
  } else {
    post({ kind: "failed", message: `The worker got a message of unknown kind ${JSON.stringify(data.kind)}.`, offline: false });
  }
};
