// Exercise cells: each `section.tt-exercise` (directive `activation-exercise`) becomes an editor holding a
// starter class, with Check (runs the book's exercise check on the reader's class in the page's Python, see
// runtime.js), Reset to starter, and the Hint / Solution boxes the build placed below it.
//
// Kept in localStorage (edit_store.js, as the runnable cells' edits) under "<storage prefix>exercise:<Name>":
// {code, report, checkedCode}. The reader's own work: it comes back even if the starter changes.
// report is the answer of the book's exercise check (runtime.config.exerciseCheck, "module:function", called
// with (name, source) through runtime.call and answering as data): {activation, passed, total,
// results: [{name, passed, message}], error, stdout}. The progress line (`div.tt-exercise-progress`) counts the exercises whose last
// report passed every check.
//
// Set-up runs one exercise per task, in page order, yielding to the browser in between (no long task on a slow
// phone); an exercise is whole once its `.tt-toolbar` is in. When every exercise is set up and the progress line
// is counted, <html> gets data-exercises-ready="true" (document.documentElement.dataset.exercisesReady): code
// that counts or indexes the exercises waits for it.
(() => {
  "use strict";

  const runtime = window.interactiveRuntime;
  const edits = window.interactiveEdits;
  const STORAGE_PREFIX = edits.key("exercise", "");
  // The page carries the list (the progress line's items, built from the library's registry).
  const ACTIVATIONS = [...new Set([...document.querySelectorAll(".tt-progress-item, section.tt-exercise")]
    .map((node) => node.dataset.activation))];
  const exercises = [];

  const el = (tag, props = {}, children = []) => {
    const node = Object.assign(document.createElement(tag), props);
    for (const child of children) node.append(child);
    return node;
  };

  // ---- storage -------------------------------------------------------------------------------------
  const load = (name) => edits.load(STORAGE_PREFIX + name);
  const save = (name, entry) => edits.save(STORAGE_PREFIX + name, entry);
  const forget = (name) => edits.forget(STORAGE_PREFIX + name);

  const passes = (report) => Boolean(report && !report.error && report.total > 0 && report.passed === report.total);

  // ---- progress line -------------------------------------------------------------------------------
  function updateProgress() {
    const done = ACTIVATIONS.filter((name) => passes(load(name).report));
    for (const box of document.querySelectorAll(".tt-exercise-progress")) {
      const count = box.querySelector(".tt-progress-count");
      count.textContent = `${done.length} of ${ACTIVATIONS.length} exercises pass`;
      box.dataset.passed = String(done.length);
      for (const item of box.querySelectorAll(".tt-progress-item")) {
        const ok = done.includes(item.dataset.activation);
        item.classList.toggle("tt-done", ok);
        item.setAttribute("aria-label", `${item.dataset.activation}: ${ok ? "passes" : "not passing yet"}`);
      }
    }
  }

  // ---- editor (editor.js: the highlighted starter until the reader shows intent, then CodeMirror) ----------
  function buildEditor(exercise, listing) {
    const box = exercise.node.querySelector(".tt-exercise-code");
    const id = box.id;
    exercise.keyHint = el("span", { className: "tt-hint" });
    exercise.keyHint.setAttribute("aria-live", "polite");
    exercise.editor = window.interactiveEditor.attach(listing, {
      code: exercise.starter, labelledBy: id.replace(/-code$/, "-label"), describedBy: `${id}-keys`, hint: exercise.keyHint,
      onRun: () => check(exercise), complete: runtime ? (before) => runtime.complete(before) : null,
    });
    // the frame has the look (it is Pygments' own wrapper, kept in place: see editor.js); anything else goes
    for (const child of [...box.childNodes]) if (!child.contains(exercise.editor.frame)) child.remove();
    exercise.box = box;
    exercise.editor.onChange((code) => {
      save(exercise.name, { ...load(exercise.name), code });
      markStale(exercise);
    });
  }

  function buildToolbar(exercise) {
    const button = (label, title, action, extra) =>
      el("button", { type: "button", className: `tt-button ${extra}`, textContent: label, title, onclick: action });
    exercise.checkButton = button("✓ Check", "Run the checks on your class (Shift+Enter)",
      () => check(exercise), "tt-primary tt-check");
    exercise.stopButton = button("■ Stop", self.crossOriginIsolated ? "Stop the running code (variables are kept)" : "Stop the running code (restarts Python)",
      () => runtime.interrupt().catch(() => {}), "tt-stop");
    exercise.stopButton.hidden = true;
    const reset = button("Reset to starter", "Put back the starter code and forget your code and results",
      () => resetExercise(exercise), "tt-reset");
    exercise.status = el("span", { className: "tt-status", role: "status" });
    const keys = el("span", { className: "tt-visually-hidden", id: `${exercise.box.id}-keys`,
      textContent: "Shift+Enter runs the checks. Escape, then Tab, leaves the editor." });
    const bar = el("div", { className: "tt-toolbar", role: "toolbar", ariaLabel: `${exercise.name} exercise` },
      [exercise.checkButton, exercise.stopButton, reset, exercise.status, exercise.keyHint, keys]);
    exercise.box.append(bar); // after the frame
  }

  // ---- results -------------------------------------------------------------------------------------
  function renderReport(exercise, report, stale) {
    const box = exercise.results;
    box.replaceChildren();
    exercise.node.classList.toggle("tt-pass", passes(report));
    exercise.node.dataset.state = !report ? "unchecked" : passes(report) ? "pass" : "fail";
    if (!report) return;
    const summary = report.error
      ? "Your code did not run"
      : `${report.passed} of ${report.total} checks pass${passes(report) ? ": well done." : ""}`;
    box.append(el("p", { className: "tt-exercise-summary", textContent: summary }));
    if (report.error) box.append(el("pre", { className: "tt-exercise-error", textContent: report.error }));
    const list = el("ul", { className: "tt-exercise-checks" });
    for (const result of report.results || []) {
      const item = el("li", { className: result.passed ? "tt-check-pass" : "tt-check-fail" }, [
        el("span", { className: "tt-check-icon", ariaHidden: "true", textContent: result.passed ? "✓" : "✗" }),
        el("span", { className: "tt-check-name", textContent: result.name }),
        el("span", { className: "tt-visually-hidden", textContent: result.passed ? ": passed" : ": failed" }),
      ]);
      if (result.message) item.append(el("span", { className: "tt-check-message", textContent: result.message }));
      list.append(item);
    }
    if (list.children.length) box.append(list);
    if (report.stdout) box.append(el("pre", { className: "tt-exercise-stdout", textContent: report.stdout }));
    box.append(el("p", { className: "tt-exercise-stale", hidden: !stale,
      textContent: "You changed the code since this check: press Check again." }));
  }

  function markStale(exercise) {
    const stale = exercise.results.querySelector(".tt-exercise-stale");
    if (stale) stale.hidden = exercise.editor.value === load(exercise.name).checkedCode;
  }

  // A pressed Stop that disappears hands the reader's focus to Check, not to the page.
  function showStop(exercise, shown) {
    const hadFocus = document.activeElement === exercise.stopButton;
    exercise.stopButton.hidden = !shown;
    if (hadFocus && !shown) exercise.checkButton.focus();
  }

  async function check(exercise) {
    if (!runtime) {
      exercise.status.textContent = "Python is not available on this page.";
      return;
    }
    if (exercise.node.classList.contains("tt-running")) return;
    const code = exercise.editor.value;
    exercise.checkButton.setAttribute("aria-disabled", "true"); // not `disabled`: that would drop the reader's focus
    exercise.node.classList.add("tt-running");
    exercise.status.textContent = "Checking…";
    const unsubscribe = runtime.onStatus((status) => {
      const loading = status.state === "loading" && !["ready", "running"].includes(status.stage);
      exercise.status.textContent = loading ? `Starting Python: ${status.message || status.stage}…` : "Checking…";
      showStop(exercise, status.stage === "running"); // Stop is for the reader's code, not for start-up
    });
    const result = await runtime.call(runtime.config.exerciseCheck, [exercise.name, code]);
    unsubscribe();
    exercise.node.classList.remove("tt-running");
    exercise.checkButton.removeAttribute("aria-disabled");
    showStop(exercise, false);
    const report = result.ok && result.data && typeof result.data === "object" ? result.data : null;
    if (!report) {
      const why = result.error ? `${result.error.type}: ${result.error.message}` : "the checks gave no report";
      exercise.status.textContent = result.error?.type === "Interrupted" ? "Stopped." : `Could not check: ${why}`;
      exercise.node.dataset.checks = String(Number(exercise.node.dataset.checks || 0) + 1);
      return;
    }
    exercise.status.textContent = "";
    save(exercise.name, { code, report, checkedCode: code });
    renderReport(exercise, report, false);
    updateProgress();
    exercise.node.dataset.checks = String(Number(exercise.node.dataset.checks || 0) + 1); // tests wait on this
  }

  function resetExercise(exercise) {
    forget(exercise.name);
    exercise.editor.setValue(exercise.starter);
    exercise.status.textContent = "Back to the starter code.";
    renderReport(exercise, null, false);
    updateProgress();
  }

  // ---- start ---------------------------------------------------------------------------------------
  function setUp(node) {
    const exercise = { node, name: node.dataset.activation, results: node.querySelector(".tt-exercise-results") };
    const listing = node.querySelector(".tt-exercise-code pre");
    if (!listing || !exercise.results) return;
    exercise.starter = listing.textContent; // the starter file, its last newline included
    buildEditor(exercise, listing);
    buildToolbar(exercise);
    const stored = load(exercise.name);
    if (typeof stored.code === "string") exercise.editor.setValue(stored.code);
    renderReport(exercise, stored.report, stored.report && stored.checkedCode !== exercise.editor.value);
    exercises.push(exercise);
  }

  // Between two exercises the browser may draw and answer input: all in one go is a long task on a phone.
  const yieldToBrowser = () => (self.scheduler?.yield ? self.scheduler.yield() : new Promise((resolve) => setTimeout(resolve)));

  // One exercise per task, in page order (the first at once); then the progress line; then the flag.
  async function setUpAll() {
    const nodes = [...document.querySelectorAll("section.tt-exercise")];
    for (const [index, node] of nodes.entries()) {
      if (index > 0) await yieldToBrowser();
      setUp(node);
    }
    updateProgress();
    window.addEventListener("storage", (event) => {
      if (!event.key || !event.key.startsWith(STORAGE_PREFIX)) return;
      updateProgress();
    });
    document.documentElement.dataset.exercisesReady = "true";
  }

  setUpAll();
})();
