// run_messages.js in Node: what a cell's status line and output label say.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { statusText, outputLabel } = require("../../book/_ext/interactive/static/run_messages.js");

const STARTUP = ["numpy", "mylib"];
const status = (stage, state = "loading", message = "") => ({ stage, state, message });

test("loading steps are numbered from the page's start-up packages, Pyodide first", () => {
  assert.equal(statusText(status("runtime", "loading", "Python runtime"), STARTUP), "Loading 1/3 Python runtime…");
  assert.equal(statusText(status("numpy"), STARTUP), "Loading 2/3 numpy…");
  assert.equal(statusText(status("mylib"), STARTUP), "Loading 3/3 mylib…");
  assert.equal(statusText(status("packages", "loading", "matplotlib"), STARTUP), "Loading matplotlib…");
});

test("idle, ready, running and failures are sentences", () => {
  assert.equal(statusText(status("idle", "done", "not started"), STARTUP), "Python starts on first Run.");
  assert.equal(statusText(status("idle", "done", "is restarting (variables cleared)"), STARTUP),
    "Python is restarting (variables cleared).");
  assert.equal(statusText(status("ready", "done", "Python 3.12.7"), STARTUP), "Ready: Python 3.12.7");
  assert.equal(statusText(status("running"), STARTUP), "Running…");
  assert.equal(statusText(status("failed", "error", "The worker crashed."), STARTUP),
    "Python could not start. The worker crashed.");
  assert.equal(statusText(status("failed", "error", "Python could not load numpy: HTTP 404."), STARTUP),
    "Python could not load numpy: HTTP 404.");
});

test("the output label says how long a run took, and whether that included starting Python", () => {
  assert.equal(outputLabel({ ok: true }, 42.4, false), "Output · ran in your browser in 42 ms");
  assert.equal(outputLabel({ ok: true }, 4321, true), "Output · ran in your browser in 4.3 s, starting Python included");
});

test("a failed run's label names the kind of failure", () => {
  assert.equal(outputLabel({ ok: false, error: { type: "Interrupted" } }, 10, false), "Output · stopped");
  assert.equal(outputLabel({ ok: false, error: { type: "RuntimeUnavailable" } }, 10, false), "Output · Python unavailable");
  assert.equal(outputLabel({ ok: false, error: { type: "PackageLoadFailed" } }, 10, false),
    "Output · a package could not be loaded");
  assert.equal(outputLabel({ ok: false, error: { type: "ZeroDivisionError" } }, 10, false), "Output · raised an error");
});
