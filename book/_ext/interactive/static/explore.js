// Explore cells: a runnable cell with Colab-style `# @param` lines (explore_params.js reads them) gets a labelled
// input per line above its code. Moving one rewrites that line in the editor (so a moved slider is an edit, kept
// and marked "Edited" like any other; Reset puts back the code and with it the inputs) and re-runs the cell,
// debounced; while a run is in flight, later moves wait and one more run follows with the latest value.
// The cell's height is held during a run, so output redrawn in place does not make the page jump.
//
//   window.interactiveExplore.attach(cell, {run, codeChanged, startEarly}) -> {reset()} or null (no @param lines);
//   cell is cells.js's {node, editor (editor.js), original}; run() runs the cell and resolves to the runtime's result.
window.interactiveExplore = (() => {
  "use strict";

  const { parseParams, literal, rewrite, signature } = window.interactiveExploreParams;
  const DEBOUNCE_MS = 80;

  const el = (tag, props = {}, children = []) => {
    const node = Object.assign(document.createElement(tag), props);
    for (const child of children) node.append(child);
    return node;
  };

  function inputFor(param) {
    if (param.kind === "dropdown") {
      return el("select", { className: "tt-explore-input" },
        param.options.map((option) => el("option", { value: String(option), textContent: String(option) })));
    }
    const input = el("input", { className: "tt-explore-input", type: param.kind === "slider" ? "range" : "number" });
    if (param.kind === "slider") Object.assign(input, { min: param.min, max: param.max, step: param.step });
    else Object.assign(input, { step: "any", inputMode: "decimal" });
    return input;
  }

  function showValue(field, param, text) {
    if (document.activeElement !== field.input || param.kind !== "number") field.input.value = param.kind === "dropdown" ? param.value : text;
    field.shown.textContent = text;
    // a select already says its chosen option; sliders and number fields say name and value
    if (param.kind !== "dropdown") field.input.setAttribute("aria-valuetext", `${param.name} = ${text}`);
  }

  function attach(cell, hooks) {
    if (!parseParams(cell.editor.value).length && !parseParams(cell.original || "").length) return null;
    const state = { params: [], fields: [], signature: null, timer: 0, inFlight: false, again: false, generation: 0 };
    const form = el("div", { className: "tt-explore", role: "group", ariaLabel: "Inputs: moving one rewrites its line and runs the cell" });
    const problem = el("p", { className: "tt-explore-problem", role: "alert" });
    const announcer = el("div", { className: "tt-explore-announce" });
    announcer.setAttribute("aria-live", "polite");
    cell.node.querySelector(".cell_input").before(form);
    form.addEventListener("focusin", hooks.startEarly, { once: true });

    function build(params) {
      state.fields = params.map((param) => {
        if (param.error) return { param, node: el("p", { className: "tt-explore-problem", textContent: param.error }) };
        const input = inputFor(param);
        const shown = el("output", { className: "tt-explore-value", ariaHidden: "true" });
        const field = { param, input, shown };
        field.node = el("label", { className: `tt-explore-field tt-explore-${param.kind}` },
          [el("code", { className: "tt-explore-name", textContent: param.name }), input, shown]);
        input.addEventListener("input", () => moved(field));
        return field;
      });
      form.replaceChildren(...state.fields.map((field) => field.node), problem, announcer);
      form.hidden = params.length === 0;
    }

    function sync() {
      const params = parseParams(cell.editor.value);
      if (signature(params) !== state.signature) {
        build(params);
        state.signature = signature(params);
      }
      state.fields.forEach((field, i) => {
        field.param = params[i];
        if (field.input) showValue(field, params[i], params[i].text);
      });
      problem.textContent = "";
    }

    function moved(field) {
      let code;
      let text;
      try {
        text = literal(field.param, field.input.value);
        code = rewrite(cell.editor.value, field.param, field.input.value);
      } catch (error) {
        problem.textContent = error.message;
        return;
      }
      problem.textContent = "";
      cell.editor.setValue(code);
      hooks.codeChanged();
      field.param = { ...field.param, text, value: field.param.kind === "dropdown" ? field.input.value : Number(text) };
      showValue(field, field.param, text);
      clearTimeout(state.timer);
      state.timer = setTimeout(runLatest, DEBOUNCE_MS);
    }

    // A run the reader started with Run finishes before this one starts (runCell ignores a second run).
    function idle() {
      if (!cell.node.classList.contains("tt-running")) return Promise.resolve();
      return new Promise((resolve) => {
        const watch = new MutationObserver(() => {
          if (!cell.node.classList.contains("tt-running")) { watch.disconnect(); resolve(); }
        });
        watch.observe(cell.node, { attributes: true, attributeFilter: ["class"] });
      });
    }

    async function runLatest() {
      state.timer = 0;
      if (state.inFlight) { state.again = true; return; }
      state.inFlight = true;
      const generation = state.generation;
      cell.node.style.minHeight = `${cell.node.offsetHeight}px`; // the old output's room, kept until the new one is drawn
      try {
        do {
          state.again = false;
          await idle();
          const result = await hooks.run();
          if (generation === state.generation) announce(result);
        } while (state.again && generation === state.generation);
        const figures = cell.live ? [...cell.live.querySelectorAll("img")] : [];
        await Promise.all(figures.map((img) => img.decode().catch(() => {})));
      } finally {
        state.inFlight = false;
        cell.node.style.minHeight = "";
      }
    }

    function announce(result) {
      const values = state.fields.filter((field) => field.input).map((field) => `${field.param.name} = ${field.param.text}`).join(", ");
      const said = result.ok ? `${result.stdout || ""}${result.value || ""}`.trim() : `Error: ${result.error ? result.error.message : "the run failed"}`;
      announcer.textContent = `${values}. ${said.split("\n").slice(0, 4).join(". ")}`;
    }

    cell.editor.onChange(sync); // a hand edit of a @param line moves its input too
    sync();
    return {
      reset() {
        clearTimeout(state.timer);
        state.timer = 0;
        state.again = false;
        state.generation += 1;
        sync();
        announcer.textContent = "";
      },
    };
  }

  return { attach };
})();
