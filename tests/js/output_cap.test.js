// output_cap.js in Node: the head passes through, the tail keeps the last lines, and everything between is counted.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { createOutputCap } = require("../../book/_ext/interactive/static/output_cap.js");

const LIMITS = { headLines: 3, headChars: 1000, tailLines: 2, tailChars: 100 };
const lines = (from, to) => Array.from({ length: to - from }, (_, i) => `line ${from + i}\n`).join("");

test("output within the head comes through whole, in order, and nothing is omitted", () => {
  const cap = createOutputCap(LIMITS);
  cap.write("stdout", "a\nb\n");
  cap.write("stderr", "oops\n");
  assert.equal(cap.headFull, true);
  assert.deepEqual(cap.take(), { chunks: [["stdout", "a\nb\n"], ["stderr", "oops\n"]], omitted: 0, tail: null });
  assert.equal(cap.pending, false);
});

test("past the head only the last lines are kept, and each dropped line is counted", () => {
  const cap = createOutputCap(LIMITS);
  cap.write("stdout", lines(0, 10));
  const taken = cap.take();
  assert.deepEqual(taken.chunks, [["stdout", lines(0, 3)]]);
  assert.equal(taken.omitted, 5); // lines 3..7: 10 written, 3 shown, 2 kept
  assert.deepEqual(taken.tail, [["stdout", lines(8, 10)]]);
});

test("a flood stays bounded: after a million lines the cap holds two", () => {
  const cap = createOutputCap(LIMITS);
  for (let i = 0; i < 1000; i++) cap.write("stdout", lines(i * 1000, (i + 1) * 1000));
  const taken = cap.take();
  assert.equal(taken.omitted, 1_000_000 - 3 - 2);
  assert.deepEqual(taken.tail, [["stdout", "line 999998\nline 999999\n"]]);
});

test("a line written in pieces is one line, and streams stay apart in the tail", () => {
  const cap = createOutputCap({ ...LIMITS, headLines: 1 });
  cap.write("stdout", "head\n");
  cap.write("stdout", "par");
  cap.write("stdout", "tial\n");
  cap.write("stderr", "warn\n");
  const taken = cap.take();
  assert.deepEqual(taken.tail, [["stdout", "partial\n"], ["stderr", "warn\n"]]);
  assert.equal(taken.omitted, 0);
});

test("one enormous line keeps only its end, so the tail's size has a bound", () => {
  const cap = createOutputCap({ ...LIMITS, headLines: 0, headChars: 0 });
  cap.write("stdout", "x".repeat(5000) + "END");
  const { tail } = cap.take();
  assert.equal(tail[0][1].length, LIMITS.tailChars);
  assert.ok(tail[0][1].endsWith("END"));
});

test("the head also ends at its character limit, mid-line if it must", () => {
  const cap = createOutputCap({ ...LIMITS, headChars: 5 });
  cap.write("stdout", "abcdefgh\n");
  const taken = cap.take();
  assert.deepEqual(taken.chunks, [["stdout", "abcde"]]);
  assert.deepEqual(taken.tail, [["stdout", "fgh\n"]]);
});
