// The Web Worker that owns the page's Python: Pyodide, numpy, tinytorch and one shared namespace.
//
// Protocol (the page side is runtime.js; every message is an object with a `kind`):
//   page -> worker  {kind: "start", indexURL, runnerURL,      load Pyodide, numpy, tinytorch, the cell runner;
//                    interruptBuffer?, input?}                on cross-origin isolated pages also shared memory
//                                                             for Stop and input() (see useIsolatedChannels)
//                   {kind: "run", id, code}                   run one cell (runs are queued, one at a time)
//   worker -> page  {kind: "status", stage, state, message}   stage: runtime | numpy | tinytorch | packages | matplotlib
//                                                             state: loading | done | error
//                   {kind: "ready", versions}                 started; versions: {pyodide, python, numpy, tinytorch}
//                   {kind: "failed", message}                 could not start; the worker is of no further use
//                   {kind: "stdout" | "stderr", id, text}     output of run `id`, as it is written
//                   {kind: "result", id, result}              run `id` finished: {ok, value, images, error}
//                   {kind: "input", id}                       run `id` called input(): the page answers through
//                                                             the shared input channel
"use strict";

let pyodide = null;
let runCell = null;
let currentRun = null;
let matplotlibImported = false;
let queue = Promise.resolve();

const post = (message) => self.postMessage(message);
const status = (stage, state, message = "") => post({ kind: "status", stage, state, message });

function streamTo(kind) {
  const decoder = new TextDecoder();
  return {
    write(bytes) {
      const text = decoder.decode(bytes, { stream: true });
      if (text && currentRun !== null) post({ kind, id: currentRun, text });
      return bytes.length;
    },
  };
}

// Pyodide only warns when the WebAssembly module cannot be fetched or compiled, then waits forever:
// turn that warning into a failure the page can show.
function failOnWasmWarning(reject) {
  const warn = console.warn.bind(console);
  let sawWasmFailure = false;
  console.warn = (...args) => {
    if (String(args[0]).includes("wasm instantiation failed")) {
      sawWasmFailure = true;
    } else if (sawWasmFailure) {
      reject(new Error(`the WebAssembly runtime could not be loaded (${args.join(" ")})`));
    }
    warn(...args);
  };
}

async function loadPackage(pyodideInstance, name) {
  const problems = [];
  await pyodideInstance.loadPackage(name, { messageCallback: () => {}, errorCallback: (m) => problems.push(m) });
  if (problems.length) throw new Error(problems.map((m) => m.replace(/[:;\s]+$/, "")).join(": "));
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

async function start({ indexURL, runnerURL, ...channels }) {
  status("runtime", "loading", "Python runtime");
  try {
    importScripts(indexURL + "pyodide.js");
  } catch (error) {
    throw new Error(`could not load ${indexURL}pyodide.js (${error.message})`);
  }
  pyodide = await new Promise((resolve, reject) => {
    failOnWasmWarning(reject);
    loadPyodide({ indexURL }).then(resolve, reject);
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
  const response = await fetch(runnerURL);
  if (!response.ok) throw new Error(`could not load ${runnerURL} (HTTP ${response.status})`);
  pyodide.FS.writeFile("cell_runner.py", await response.text());
  runCell = pyodide.pyimport("cell_runner").run_cell;
  const versions = pyodide.runPython(
    "import sys, numpy, tinytorch; " +
    "{'python': sys.version.split()[0], 'numpy': numpy.__version__, 'tinytorch': tinytorch.__version__}"
  ).toJs({ dict_converter: Object.fromEntries });
  status("tinytorch", "done");
  post({ kind: "ready", versions: { pyodide: pyodide.version, ...versions } });
}

// Packages a cell imports beyond numpy and tinytorch (matplotlib for the plot) load on first use.
async function loadImportedPackages(code) {
  const problems = [];
  let announced = false;
  await pyodide.loadPackagesFromImports(code, {
    messageCallback: (message) => {
      if (!announced && message.startsWith("Loading ")) {
        announced = true;
        status("packages", "loading", message.replace(/^Loading /, ""));
      }
    },
    errorCallback: (message) => problems.push(message),
  });
  if (problems.length) {
    status("packages", "error", problems.join("; "));
    return;
  }
  if (pyodide.loadedPackages.matplotlib && !matplotlibImported) {
    // Setup, not the reader's output: the first pyplot import builds matplotlib's font list and says so.
    status("matplotlib", "loading", "matplotlib's font list (first plot only)");
    const run = currentRun;
    currentRun = null;
    try {
      pyodide.runPython("import matplotlib.pyplot");
      matplotlibImported = true;
    } finally {
      currentRun = run;
    }
  }
  if (announced || matplotlibImported) status("packages", "done");
}

async function run({ id, code }) {
  currentRun = id;
  clearInterrupt();
  try {
    await loadImportedPackages(code);
    const proxy = runCell(code);
    const result = proxy.toJs({ dict_converter: Object.fromEntries });
    proxy.destroy();
    post({ kind: "result", id, result });
  } catch (error) {
    const message = String(error && error.message || error);
    post({ kind: "result", id, result: { ok: false, value: null, images: [],
      error: { type: "RuntimeError", message, traceback: message } } });
  } finally {
    currentRun = null;
  }
}

self.onmessage = ({ data }) => {
  if (data.kind === "start") {
    start(data).catch((error) => {
      post({ kind: "failed", message: String(error && error.message || error) });
    });
  } else if (data.kind === "run") {
    queue = queue.then(() => run(data));
  } else {
    post({ kind: "failed", message: `worker.js: unknown message kind ${JSON.stringify(data.kind)}` });
  }
};
