// Runnable chapter cells: every `div.cell.tag_runnable` (a MyST-NB code cell tagged `runnable`) becomes an
// editor with Run, Stop, Run all above, Reset and Restart runtime, running in the browser's Python.
//
// Python comes from window.interactiveRuntime (runtime.js, loaded first), whose API other widgets use too:
//   ensureStarted(): Promise<void>;  run(code, {onStdout?, onStderr?}): Promise<{ok, value?, stdout, stderr,
//   images, error?: {type, message, traceback}}>;  interrupt(): Promise<void>;  restart(): Promise<void>;
//   onStatus(callback) -> unsubscribe.  One shared namespace per page.  Full contract: top of runtime.js.
//
// The runtime starts when the reader first focuses an editor, points at Run or runs a cell, or when the
// page has settled (runtime.prefetchWhenIdle: skipped with ?prefetch=0, Save-Data or a slow connection),
// whichever comes first.
//
// Edits are kept across reloads (edit_store.js) under "<storage prefix>cell:<page>:<cell id>:<hash>", the cell id
// being its section's id and its place there, the hash that of the chapter's code: a cell the chapter changed
// gets a new key, so an edit of its old code does not come back (and is dropped). A cell whose code differs
// from the chapter's is marked "Edited"; Reset puts the chapter's code back and forgets the edit.
//
// Set-up runs one cell per task, in page order, yielding to the browser in between (so no task is long on a slow
// phone); a cell is whole (editor, toolbar, stored edit, explore inputs) once it has class `tt-cell`. When every
// cell is set up, and the status line and idle prefetch are in place, <html> gets data-cells-ready="true"
// (document.documentElement.dataset.cellsReady): code that counts or indexes the cells waits for it.
(() => {
  "use strict";

  const runtime = window.interactiveRuntime;
  const edits = window.interactiveEdits;
  const messages = window.interactiveRunMessages;
  const cells = [];

  const el = (tag, props = {}, children = []) => {
    const node = Object.assign(document.createElement(tag), props);
    for (const child of children) node.append(child);
    return node;
  };

  const binderUrl = () => runtime.config.binderUrl; // built once, by the extension, from the book's repository

  // "<section id>/<n>": the n-th runnable cell of its section, so a cell added elsewhere leaves the key alone.
  function cellId(node) {
    const section = node.closest("section[id]");
    const inSection = [...(section || document).querySelectorAll("div.cell.tag_runnable")];
    return `${section ? section.id : "page"}/${inSection.indexOf(node)}`;
  }

  function storageKeys(cell) {
    const prefix = edits.key("cell", runtime.config.page || location.pathname, cellId(cell.node)) + ":";
    return { prefix, key: prefix + edits.sourceHash(cell.original) };
  }

  function showEdited(cell) {
    const edited = cell.editor.value !== cell.original;
    cell.node.classList.toggle("tt-edited", edited);
    cell.editedBadge.hidden = !edited;
  }

  function keepEdit(cell) {
    if (cell.editor.value === cell.original) edits.forget(cell.storage.key);
    else edits.save(cell.storage.key, { code: cell.editor.value });
    showEdited(cell);
  }

  function restoreEdit(cell) {
    edits.forgetOthers(cell.storage.prefix, cell.storage.key); // edits of the chapter's earlier code
    const stored = edits.load(cell.storage.key);
    if (typeof stored.code === "string") cell.editor.setValue(stored.code);
    showEdited(cell);
  }

  // The code editor (editor.js): the chapter's highlighted listing until the reader shows intent, then CodeMirror.
  function buildEditor(cell, index) {
    const source = cell.node.querySelector(".cell_input");
    const listing = source.querySelector("pre");
    cell.original = listing.textContent.replace(/\n$/, "");
    cell.storage = storageKeys(cell);
    cell.hint = el("span", { className: "tt-hint" });
    cell.hint.setAttribute("aria-live", "polite");
    cell.editor = window.interactiveEditor.attach(listing, {
      label: `Code cell ${index + 1}, editable. Shift+Enter runs it; Escape, then Tab, leaves the editor.`,
      hint: cell.hint, onRun: () => runCell(cell), complete: (before) => runtime.complete(before),
    });
    cell.editor.onChange(() => keepEdit(cell));
    cell.editor.frame.addEventListener("focusin", startEarly, { once: true });
    // The frame stays where the build put it (in Pygments' outer wrapper, which has no look of its own here):
    // moving it would restyle every highlighted span. Anything else in the input goes, as it always has.
    for (const child of [...source.childNodes]) if (!child.contains(cell.editor.frame)) child.remove();
  }

  // ---- toolbar and output --------------------------------------------------------------------------
  function buildToolbar(cell, index) {
    const button = (label, title, action, extra = "") =>
      el("button", { type: "button", className: `tt-button ${extra}`.trim(), textContent: label, title, onclick: action });
    cell.runButton = button("▶ Run", "Run this cell (Shift+Enter)", () => runCell(cell), "tt-primary");
    cell.runButton.addEventListener("pointerenter", startEarly, { once: true });
    cell.stopButton = button("■ Stop", self.crossOriginIsolated ? "Stop the running code (variables are kept)" : "Stop the running code (restarts Python)", () => stop(), "tt-stop");
    cell.stopButton.hidden = true;
    const above = button("Run all above", "Run every runnable cell above this one, in order", () => runAbove(cell));
    above.disabled = index === 0;
    const reset = button("Reset", "Put back the chapter's code and output, and forget your edit", () => resetCell(cell));
    const restart = button("Restart runtime", "Start Python afresh: all variables are cleared", () => restartRuntime());
    cell.editedBadge = el("span", { className: "tt-edited-badge", textContent: "Edited",
      title: "This code differs from the chapter's; it is kept in this browser. Reset puts the chapter's code back." });
    cell.status = el("span", { className: "tt-status" });
    cell.status.setAttribute("aria-live", "polite");
    const bar = el("div", { className: "tt-toolbar", role: "group", ariaLabel: `Code cell ${index + 1}` },
      [cell.runButton, cell.stopButton, above, reset, restart, cell.editedBadge, cell.status, cell.hint]);
    cell.node.querySelector(".cell_input").after(bar);
  }

  function liveOutput(cell) {
    cell.built = cell.node.querySelector(".cell_output");
    if (cell.built) cell.built.hidden = true;
    cell.live?.remove();
    cell.live = el("div", { className: "tt-output" });
    cell.live.setAttribute("aria-live", "polite");
    cell.node.append(cell.live);
    return cell.live;
  }

  // A run's streamed output, drawn at most once per animation frame. New text is appended as new text
  // nodes (never by re-setting one growing string), so drawing costs what the new text costs. Past the
  // worker's cap, the head stays and an "[N lines not shown]" line and the latest tail follow it.
  function streamView(output) {
    let queued = [];
    let overflow = null;
    let frame = 0;
    let omittedLine = null;
    let tailBox = null;
    let cleared = false;
    const draw = () => {
      frame = 0;
      if (!cleared) { output.replaceChildren(); cleared = true; }
      for (const [stream, text] of queued) {
        let block = output.lastElementChild;
        if (!block || !block.classList.contains(`tt-${stream}`)) block = output.appendChild(el("pre", { className: `tt-${stream}` }));
        block.append(text);
      }
      queued = [];
      if (overflow) {
        omittedLine ??= output.appendChild(el("div", { className: "tt-omitted", role: "note" }));
        tailBox ??= output.appendChild(el("div", { className: "tt-tail" }));
        omittedLine.textContent = `[${overflow.omitted.toLocaleString("en-US")} lines not shown]`;
        tailBox.replaceChildren(...overflow.tail.map(([stream, text]) => el("pre", { className: `tt-${stream}`, textContent: text })));
        overflow = null;
      }
    };
    const schedule = () => { if (!frame) frame = requestAnimationFrame(draw); };
    return {
      stream: (kind) => (text) => { queued.push([kind, text]); schedule(); },
      overflow: (latest) => { overflow = latest; schedule(); },
      finish() { // draw what is left now; true if anything was ever drawn
        if (frame) cancelAnimationFrame(frame);
        if (queued.length || overflow) draw();
        return cleared;
      },
    };
  }

  function showResult(cell, output, result, elapsed, includesStart) {
    if (result.ok && result.value != null) output.append(el("pre", { className: "tt-value", textContent: result.value }));
    result.images.forEach((src, i) => output.append(el("img", { className: "tt-figure", src, alt: `Figure ${i + 1} drawn by this cell in your browser` })));
    if (result.error && result.error.type === "RuntimeUnavailable") {
      if (cell.built) cell.built.hidden = false;
      const link = binderUrl();
      const message = el("div", { className: "tt-failure", role: "alert" }, [
        el("strong", { textContent: "Python could not start in this browser. " }),
        `${result.error.message.replace(/[.:;\s]+$/, "")}. The output above is from the book's build. `,
      ]);
      if (link) message.append("You can run this chapter as a notebook on Binder instead: ",
        el("a", { href: link, textContent: "Launch Binder", target: "_blank", rel: "noopener" }), ".");
      output.append(message);
    } else if (result.error && result.error.type === "Interrupted") {
      output.append(el("div", { className: "tt-interrupted", role: "status", textContent: result.error.message }));
    } else if (result.error) {
      output.append(el("pre", { className: "tt-traceback", textContent: result.error.traceback }));
      if (result.error.advice) output.append(adviceLine(result.error.advice));
    }
    output.prepend(el("div", { className: "tt-output-label", textContent: messages.outputLabel(result, elapsed, includesStart) }));
  }

  // What to do about an error, as the runner said it; a mention of Binder gets the chapter's Binder link.
  function adviceLine(advice) {
    const line = el("p", { className: "tt-advice", textContent: advice });
    const link = binderUrl();
    if (link && advice.includes("Binder")) line.append(" ", el("a", { href: link, textContent: "Launch Binder", target: "_blank", rel: "noopener" }));
    return line;
  }

  async function runCell(cell) {
    if (cell.node.classList.contains("tt-running")) return { ok: false };
    const includesStart = runtime.status.stage !== "ready";
    const output = liveOutput(cell);
    output.append(el("div", { className: "tt-output-label tt-pending", textContent: "Output · waiting for Python…" }));
    cell.node.classList.add("tt-running");
    cell.runButton.setAttribute("aria-disabled", "true"); // not `disabled`: that would drop the reader's focus
    cell.stopButton.hidden = false;
    const started = performance.now();
    const view = streamView(output);
    const result = await runtime.run(cell.editor.value,
      { onStdout: view.stream("stdout"), onStderr: view.stream("stderr"), onOverflow: view.overflow,
        onInput: () => askForInput(cell) });
    const elapsed = performance.now() - started;
    cell.endInput?.();
    if (!view.finish()) output.replaceChildren();
    showResult(cell, output, result, elapsed, includesStart);
    cell.node.classList.remove("tt-running");
    cell.runButton.removeAttribute("aria-disabled");
    const stopHadFocus = document.activeElement === cell.stopButton;
    cell.stopButton.hidden = true;
    if (stopHadFocus) cell.runButton.focus(); // the pressed Stop is gone: Run is where the reader goes next
    cell.node.dataset.runs = String(Number(cell.node.dataset.runs || 0) + 1); // tests wait on this
    return result;
  }

  // input() on a cross-origin isolated page: a field under the cell; resolves with the line, or null if the run ends first.
  function askForInput(cell) {
    return new Promise((resolve) => {
      const field = el("input", { type: "text", className: "tt-input-field", autocomplete: "off" });
      field.setAttribute("aria-label", "Answer to input() in this cell");
      const form = el("form", { className: "tt-input" }, [
        el("label", { textContent: "input(): " }), field, el("button", { type: "submit", textContent: "Send" })]);
      cell.endInput = (line = null) => { form.remove(); cell.endInput = null; resolve(line); };
      form.addEventListener("submit", (event) => { event.preventDefault(); cell.endInput(field.value); });
      cell.node.append(form);
      field.focus();
    });
  }

  async function runAbove(cell) {
    for (const other of cells) {
      if (other === cell) break;
      const result = await runCell(other);
      if (!result.ok) break;
    }
  }

  function resetCell(cell) {
    cell.editor.setValue(cell.original);
    edits.forget(cell.storage.key);
    showEdited(cell);
    cell.explore?.reset(); // its inputs follow the code back
    cell.live?.remove();
    cell.live = null;
    if (cell.built) cell.built.hidden = false;
  }

  function stop() {
    runtime.interrupt().catch(() => {});
  }

  function restartRuntime() {
    runtime.restart().catch(() => {});
  }

  // A reader who starts editing or points at Run is about to run: start Python now, not at the click.
  function startEarly() {
    runtime.ensureStarted().catch(() => {});
  }

  function setUp(node, index) {
    const cell = { node };
    if (!node.querySelector(".cell_input pre")) return;
    node.classList.add("tt-cell");
    buildEditor(cell, index);
    buildToolbar(cell, index);
    restoreEdit(cell);
    cell.explore = window.interactiveExplore?.attach(cell, // cells with `# @param` lines: explore.js
      { run: () => runCell(cell), codeChanged: () => keepEdit(cell), startEarly });
    cells.push(cell);
  }

  // Between two cells the browser may draw and answer input: all cells in one go is a long task on a phone.
  const yieldToBrowser = () => (self.scheduler?.yield ? self.scheduler.yield() : new Promise((resolve) => setTimeout(resolve)));

  // One cell per task, in page order (the first at once); then the status line and the idle prefetch; then the flag.
  async function setUpAll() {
    const nodes = [...document.querySelectorAll("div.cell.tag_runnable")];
    for (const [index, node] of nodes.entries()) {
      if (index > 0) await yieldToBrowser();
      setUp(node, index);
    }
    if (cells.length > 0 && runtime) {
      runtime.onStatus((status) => {
        for (const cell of cells) {
          cell.status.textContent = messages.statusText(status, runtime.config.startup);
          cell.status.dataset.stage = status.stage;
        }
      });
      runtime.prefetchWhenIdle(); // the policy (when, and when not) lives in runtime.js
    }
    document.documentElement.dataset.cellsReady = "true";
  }

  setUpAll();
})();
