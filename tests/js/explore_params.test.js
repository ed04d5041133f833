// explore_params.js in Node: reading `# @param` lines and rewriting their values.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { parseParams, literal, rewrite, signature } = require("../../book/_ext/interactive/static/explore_params.js");

const CODE = [
  "import numpy as np",
  'temperature = 1.0  # @param {type:"slider", min:0.1, max:5, step:0.1}',
  "    depth = 3 # @param {type:'slider', min:1, max:40}",
  'x = -0.5  # @param {type:"number"}',
  'method = "tanh"  # @param ["tanh", "sigmoid"]',
  "print(temperature)  # not a param",
].join("\n");

test("each @param line becomes one input with its kind, value and range", () => {
  const params = parseParams(CODE);
  assert.deepEqual(params.map((p) => [p.line, p.name, p.kind, p.value]),
    [[1, "temperature", "slider", 1], [2, "depth", "slider", 3], [3, "x", "number", -0.5], [4, "method", "dropdown", "tanh"]]);
  assert.deepEqual([params[0].min, params[0].max, params[0].step], [0.1, 5, 0.1]);
  assert.equal(params[1].step, 1); // Colab's default step
  assert.deepEqual(params[3].options, ["tanh", "sigmoid"]);
});

test("a slider writes its value on the step grid, clamped, and keeps floats as floats", () => {
  const [temperature, depth] = parseParams(CODE);
  assert.equal(literal(temperature, "2.3000000001"), "2.3");
  assert.equal(literal(temperature, "1"), "1.0");
  assert.equal(literal(temperature, "9"), "5.0");
  assert.equal(literal(temperature, "0.13"), "0.1");
  assert.equal(literal(depth, "7"), "7");
  assert.equal(literal(depth, "0"), "1");
});

test("a number field takes a Python number and refuses anything else with a sentence", () => {
  const x = parseParams(CODE)[2];
  assert.equal(literal(x, "2.5e-3"), "2.5e-3");
  assert.equal(literal(x, "2."), "2."); // Python reads 2. as 2.0
  assert.throws(() => literal(x, "2.5.1"), /^Error: x needs a number/);
  assert.throws(() => literal(x, ""), /^Error: x needs a number/);
  assert.doesNotThrow(() => literal(x, "-4"));
  assert.throws(() => literal(x, "abc"), /^Error: x needs a number, such as 0\.5; "abc" is not one\.$/);
});

test("rewrite replaces only the value, keeping indentation and the @param comment", () => {
  const [temperature, depth, , method] = parseParams(CODE);
  const lines = rewrite(CODE, temperature, "0.7").split("\n");
  assert.equal(lines[1], 'temperature = 0.7  # @param {type:"slider", min:0.1, max:5, step:0.1}');
  assert.deepEqual(lines.filter((_, i) => i !== 1), CODE.split("\n").filter((_, i) => i !== 1));
  assert.equal(rewrite(CODE, depth, "12").split("\n")[2], "    depth = 12 # @param {type:'slider', min:1, max:40}");
  assert.equal(rewrite(CODE, method, "sigmoid").split("\n")[4], 'method = "sigmoid"  # @param ["tanh", "sigmoid"]');
  const moved = parseParams(rewrite(CODE, temperature, "4.4"));
  assert.equal(moved[0].value, 4.4);
});

test("rewrite refuses a line that no longer holds its parameter", () => {
  const [temperature] = parseParams(CODE);
  assert.throws(() => rewrite("temperature = 2", temperature, "1"), /^Error: The line for temperature changed/);
});

test("unreadable @param lines are reported as sentences naming the line", () => {
  const bad = parseParams([
    "a = 1  # @param {type:slider}",
    "b = 1  # @param {type:\"slider\", min:5, max:1}",
    "c = 'x'  # @param [\"y\", \"z\"]",
    "d = f(2)  # @param {type:\"number\"}",
    "e = 2  # @param {type:\"colour\"}",
  ].join("\n"));
  assert.deepEqual(bad.map((p) => p.kind), [undefined, undefined, undefined, undefined, undefined]);
  for (const [i, p] of bad.entries()) assert.match(p.error, new RegExp(`^Line ${i + 1} \\(${p.name}\\): .+\\.$`));
  assert.match(bad[1].error, /min below max/);
  assert.match(bad[2].error, /not one of the choices/);
});

test("the signature changes with the set of inputs, not with their values", () => {
  const [temperature] = parseParams(CODE);
  assert.equal(signature(parseParams(CODE)), signature(parseParams(rewrite(CODE, temperature, "3.3"))));
  assert.notEqual(signature(parseParams(CODE)), signature(parseParams(CODE.replace("max:5", "max:6"))));
});
