// What a runnable cell says about its Python, as pure functions of the runtime's reports (no DOM): the status
// line while Python starts and runs, and the label above a run's output. cells.js shows them; tests/js tests them.
//
//   statusText(status, startup) -> string
//       status = runtime.status ({stage, state, message}); startup = the packages loaded at start, in order
//       (runtime.config.startup), which numbers the loading steps: "Loading 2/3 numpy…".
//   outputLabel(result, elapsedMs, includesStart) -> string   e.g. "Output · ran in your browser in 42 ms"
(() => {
  "use strict";

  function statusText(status, startup) {
    const stages = ["runtime", ...startup]; // Pyodide itself, then each package the page loads at start
    const step = stages.indexOf(status.stage);
    if (status.stage === "idle") return status.message === "not started" ? "Python starts on first Run." : `Python ${status.message}.`;
    if (status.stage === "failed") return status.message.startsWith("Python") ? status.message : `Python could not start. ${status.message}`;
    if (status.stage === "ready") return `Ready: ${status.message}`;
    if (status.stage === "running") return "Running…";
    if (status.state === "error") return status.message;
    if (step >= 0) return `Loading ${step + 1}/${stages.length} ${step === 0 ? "Python runtime" : status.stage}…`;
    return `Loading ${status.message}…`;
  }

  const FAILURES = { RuntimeUnavailable: "Python unavailable", Interrupted: "stopped",
    PackageLoadFailed: "a package could not be loaded" };

  function duration(ms) {
    return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`;
  }

  function outputLabel(result, elapsedMs, includesStart) {
    const label = result.ok ? `ran in your browser in ${duration(elapsedMs)}${includesStart ? ", starting Python included" : ""}`
      : FAILURES[result.error && result.error.type] || "raised an error";
    return `Output · ${label}`;
  }

  const api = { statusText, outputLabel, duration };
  if (typeof module === "object" && module.exports) module.exports = api; // Node's tests
  else window.interactiveRunMessages = api;
})();
