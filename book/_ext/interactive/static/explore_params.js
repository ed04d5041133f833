// Colab-style form lines in a runnable cell, as pure functions (no DOM; unit-tested in Node, tests/js/):
//   temperature = 1.0  # @param {type:"slider", min:0.1, max:5, step:0.1}
//   x = 0.0  # @param {type:"number"}
//   method = "tanh"  # @param ["tanh", "sigmoid"]
// In Python the line is an assignment and a comment; explore.js draws an input for each and rewrites the line.
//
//   parseParams(code) -> [{line, name, kind: "slider"|"number"|"dropdown", value, text, min?, max?, step?, options?}
//                         or {line, name, error}];  one entry per @param line, `line` counted from 0.
//   literal(param, value) -> the Python text for value (a slider's value rounded to its step).
//   rewrite(code, param, value) -> code with that line's value replaced, the rest of the line kept.
//   signature(params) -> a string that changes when the set of inputs (not their values) changes.
(() => {
  "use strict";

  const PARAM_LINE = /^(\s*)([A-Za-z_]\w*)(\s*=\s*)(.*?)(\s*#\s*@param\b\s*)(.*?)\s*$/;
  const PYTHON_NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
  const PYTHON_STRING = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')$/;

  // {type:"slider", min:0.1} -> {"type":"slider", "min":0.1}: Colab writes the keys unquoted.
  function readSpec(text) {
    const json = text.replace(/([{,]\s*)([A-Za-z_]\w*)\s*:/g, '$1"$2":').replace(/'/g, '"');
    return JSON.parse(json);
  }

  function readValue(text) {
    if (PYTHON_NUMBER.test(text)) return Number(text);
    const string = text.match(PYTHON_STRING);
    if (string) return string[1] ?? string[2];
    return undefined;
  }

  function describe(lineText, line) {
    const match = lineText.match(PARAM_LINE);
    if (!match) return null;
    const [, , name, , valueText, , specText] = match;
    const fail = (why) => ({ line, name, error: `Line ${line + 1} (${name}): ${why}` });
    let spec;
    try {
      spec = readSpec(specText);
    } catch {
      return fail(`the @param description ${specText || "(empty)"} could not be read; write a list of choices or {type:"slider", min:…, max:…, step:…}.`);
    }
    const value = readValue(valueText);
    if (value === undefined) return fail(`the value ${valueText || "(empty)"} is not a plain number or string.`);
    if (Array.isArray(spec)) {
      if (spec.length === 0) return fail("the list of choices is empty.");
      if (!spec.includes(value)) return fail(`the value ${valueText} is not one of the choices ${specText}.`);
      return { line, name, kind: "dropdown", value, text: valueText, options: spec };
    }
    if (spec === null || typeof spec !== "object") return fail("the @param description must be a list or {type:…}.");
    if (typeof value !== "number") return fail(`a ${spec.type} needs a number, not ${valueText}.`);
    if (spec.type === "number") return { line, name, kind: "number", value, text: valueText };
    if (spec.type !== "slider") return fail(`the type ${JSON.stringify(spec.type)} is not one of "slider" or "number".`);
    const { min, max, step = 1 } = spec;
    if (![min, max, step].every(Number.isFinite)) return fail("a slider needs numbers for min, max and step.");
    if (!(min < max) || !(step > 0)) return fail("a slider needs min below max and a step above zero.");
    return { line, name, kind: "slider", value, text: valueText, min, max, step };
  }

  function parseParams(code) {
    return code.split("\n").map(describe).filter(Boolean);
  }

  function decimalsOf(number) {
    const text = String(number);
    if (text.includes("e-")) return Number(text.split("e-")[1]);
    return text.includes(".") ? text.split(".")[1].length : 0;
  }

  function literal(param, value) {
    if (param.kind === "dropdown") return JSON.stringify(String(value));
    if (param.kind === "number") {
      const text = String(value).trim();
      if (!PYTHON_NUMBER.test(text)) throw new Error(`${param.name} needs a number, such as 0.5; "${text}" is not one.`);
      return text;
    }
    const decimals = decimalsOf(param.step);
    const steps = Math.round((Number(value) - param.min) / param.step);
    const clamped = Math.min(param.max, Math.max(param.min, param.min + steps * param.step));
    // a float slider keeps writing floats (1.0, not 1), so the Python type stays what the chapter wrote
    const isFloat = decimals > 0 || [param.min, param.max, param.step].some((n) => !Number.isInteger(n));
    return clamped.toFixed(Math.max(decimals, isFloat ? 1 : 0));
  }

  function rewrite(code, param, value) {
    const lines = code.split("\n");
    const match = (lines[param.line] || "").match(PARAM_LINE);
    if (!match || match[2] !== param.name) throw new Error(`The line for ${param.name} changed; its input no longer matches the code.`);
    const [, indent, name, equals, , gap, spec] = match;
    lines[param.line] = `${indent}${name}${equals}${literal(param, value)}${gap}${spec}`;
    return lines.join("\n");
  }

  function signature(params) {
    return JSON.stringify(params.map(({ value, text, ...rest }) => rest));
  }

  const api = { parseParams, literal, rewrite, signature };
  if (typeof module === "object" && module.exports) module.exports = api;
  else window.interactiveExploreParams = api;
})();
