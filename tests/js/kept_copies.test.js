// kept_copies.js in Node, on Pyodide's own file system: files packed in one Python are written back in
// another and import there; an archive that is spoilt or not accepted changes nothing. A memory snapshot
// without its zero pages comes back whole.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { loadPyodide } = require("pyodide");
const { packFiles, unpackFiles, withoutZeroPages, withZeroPages } = require("../../book/_ext/interactive/static/kept_copies.js");

const INDEX_URL = path.dirname(require.resolve("pyodide/pyodide.asm.wasm")) + path.sep;
const BINARY = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256);
const FILES = {
  "keptdemo/__init__.py": "from .inner import answer\n",
  "keptdemo/inner.py": "def answer():\n    return 42\n",
  "keptdemo/empty.txt": "",
  "keptdemo/data/blob.bin": BINARY,
  "keptdemo-1.0.dist-info/METADATA": "Name: keptdemo\nVersion: 1.0\n",
};
const ABOUT = { start: ["keptdemo"], versions: { keptdemo: "1.0" } };
const accept = () => {};

let first;
let second;
test.before(async () => {
  [first, second] = await Promise.all([loadPyodide({ indexURL: INDEX_URL }), loadPyodide({ indexURL: INDEX_URL })]);
});

function installDemo(pyodide, root) {
  for (const [name, content] of Object.entries(FILES)) {
    pyodide.FS.mkdirTree(path.posix.dirname(`${root}/${name}`));
    pyodide.FS.writeFile(`${root}/${name}`, content);
  }
  pyodide.FS.mkdirTree(`${root}/keptdemo/empty_folder`);
}

function archive(pyodide, root) {
  return packFiles(pyodide.FS, root, ABOUT);
}

test("files packed in one Python are written back in another, byte for byte, and import there", () => {
  const root = first._api.sitepackages;
  installDemo(first, root);
  const bytes = archive(first, root);
  const seen = [];
  const result = unpackFiles(second.FS, bytes, (where, about) => seen.push([where, about]));
  assert.deepEqual(seen, [[root, ABOUT]], "check() should get the archive's root and about, once");
  assert.deepEqual(result, { root, about: ABOUT, files: Object.keys(FILES).length });
  for (const [name, content] of Object.entries(FILES)) {
    const expected = typeof content === "string" ? new TextEncoder().encode(content) : content;
    assert.deepEqual(second.FS.readFile(`${root}/${name}`), expected, name);
  }
  assert.ok(second.FS.isDir(second.FS.stat(`${root}/keptdemo/empty_folder`).mode), "an empty folder is kept too");
  second.runPython("import importlib; importlib.invalidate_caches()");
  assert.equal(second.runPython("import keptdemo; keptdemo.answer()"), 42);
});

test("a written-back file can still be changed without touching its neighbours", () => {
  const root = "/tmp/kept-neighbours";
  installDemo(first, root);
  unpackFiles(second.FS, archive(first, root), accept);
  second.FS.writeFile(`${root}/keptdemo/inner.py`, "def answer():\n    return 7\n");
  assert.deepEqual(second.FS.readFile(`${root}/keptdemo/data/blob.bin`), BINARY);
  assert.equal(second.FS.readFile(`${root}/keptdemo/__init__.py`, { encoding: "utf8" }), FILES["keptdemo/__init__.py"]);
});

test("an archive check() turns down is not written", () => {
  const root = "/tmp/kept-turned-down";
  installDemo(first, root);
  const bytes = archive(first, root);
  assert.throws(() => unpackFiles(second.FS, bytes, () => { throw new Error("other wheels"); }), /other wheels/);
  assert.equal(second.FS.analyzePath(root).exists, false, "nothing should be written for a turned-down archive");
});

test("a spoilt archive throws a clear error and writes nothing", () => {
  const root = "/tmp/kept-spoilt";
  installDemo(first, root);
  const good = archive(first, root);
  const headerLength = new DataView(good.buffer).getUint32(4, true);
  const withHeader = (header) => {
    const text = new TextEncoder().encode(JSON.stringify(header));
    const bytes = new Uint8Array(8 + text.length);
    bytes.set(good.subarray(0, 4));
    new DataView(bytes.buffer).setUint32(4, text.length, true);
    bytes.set(text, 8);
    return bytes;
  };
  const header = JSON.parse(new TextDecoder().decode(good.subarray(8, 8 + headerLength)));
  const spoilt = {
    "too short": [good.subarray(0, 6), /too short/],
    "another format": [Uint8Array.from([...new TextEncoder().encode("PK\u0003\u0004"), ...good.subarray(4)]), /does not start with TTKP/],
    "cut off": [good.subarray(0, good.length - 10), /need \d+ bytes, it has \d+/],
    "header past the end": [good.subarray(0, 8 + headerLength - 1), /header runs past its end/],
    "a path out of the root": [withHeader({ ...header, files: [["../../etc/passwd", 0]] }), /not \[path inside the root, size\]/],
    "an absolute folder": [withHeader({ ...header, files: [], dirs: ["/etc"] }), /folders are not paths inside the root/],
    "a relative root": [withHeader({ ...header, root: "lib" }), /root is not an absolute path/],
  };
  for (const [what, [bytes, message]] of Object.entries(spoilt)) {
    assert.throws(() => unpackFiles(second.FS, bytes, accept), message, what);
  }
  assert.equal(second.FS.analyzePath(root).exists, false, "a spoilt archive should write nothing");
});

test("a memory snapshot without its zero pages is about half the size and comes back byte for byte", async () => {
  const started = await loadPyodide({ indexURL: INDEX_URL, _makeSnapshot: true });
  const snapshot = started.makeMemorySnapshot();
  const small = withoutZeroPages(snapshot);
  assert.ok(small.length < 0.7 * snapshot.length, `${small.length} of ${snapshot.length} bytes`);
  assert.deepEqual(withZeroPages(small), snapshot);
});

test("pages are kept whole where they hold anything, up to a last page cut short", () => {
  const page = 65536;
  const bytes = new Uint8Array(3 * page + 5);
  bytes[page + 7] = 1; // page 1
  bytes[3 * page + 4] = 9; // the short last page
  const small = withoutZeroPages(bytes);
  assert.equal(small.length, 16 + 1 + page + 5, "pages 0 and 2 are left out");
  assert.deepEqual(withZeroPages(small), bytes);
  const zeros = new Uint8Array(page + 1);
  assert.deepEqual(withZeroPages(withoutZeroPages(zeros)), zeros);
  const odd = new Uint8Array(2 * page + 3).subarray(1, 2 * page + 1); // not aligned to 4 bytes
  odd[page + 2] = 5;
  assert.deepEqual(withZeroPages(withoutZeroPages(odd)), odd);
});

test("a spoilt snapshot copy throws a clear error", () => {
  const bytes = new Uint8Array(2 * 65536);
  bytes[70000] = 3;
  const good = withoutZeroPages(bytes);
  const spoilt = {
    "too short": [good.subarray(0, 10), /too short/],
    "another format": [new Uint8Array(64).fill(7), /does not start with TTZP/],
    "cut off": [good.subarray(0, good.length - 1), /pages run past its end/],
    "a byte too many": [Uint8Array.from([...good, 0]), /1 bytes follow its last page/],
  };
  const wrongCount = good.slice();
  new DataView(wrongCount.buffer).setUint32(12, 5, true);
  spoilt["a wrong page count"] = [wrongCount, /5 pages of 65536 bytes cannot hold 131072/];
  for (const [what, [copy, message]] of Object.entries(spoilt)) {
    assert.throws(() => withZeroPages(copy), message, what);
  }
});
