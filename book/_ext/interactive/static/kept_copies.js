// The formats of the copies worker.js keeps of a start for the next visit ("kept copies" there). Pure: no
// messages, no storage; tests/js tests it in Node against Pyodide's own file system.
//
// The files the start's packages installed, as one archive, so a return visit writes them back instead of
// unpacking the wheels again (inflating numpy's 14 MB took most of its 150-200 ms load):
//   packFiles(FS, root, about) -> Uint8Array    every file under `root`, with `about` (plain data: what the
//                                               files are, for the reader of the archive to check)
//   unpackFiles(FS, bytes, check) -> {root, about, files}
//                                               calls check(root, about), which throws if the archive does not
//                                               fit, then writes each file back under the archive's root (the
//                                               file system keeps views of `bytes`, not copies). Throws an
//                                               Error naming what is wrong with an archive it cannot read,
//                                               before writing anything.
//
// Layout: "TTKP", then the header's length (uint32, little-endian), then the header (UTF-8 JSON: {root, about,
// dirs: [relative path], files: [[relative path, bytes]]}), then the files' bytes one after another.
//
// A memory snapshot without its zero pages: about half of a just-started Python's 21 MB is zeros, and reading
// the copy costs time in proportion to its size:
//   withoutZeroPages(bytes) -> Uint8Array       ("TTZP", length, page size, pages (uint32s), one bit per page,
//                                               set if it is kept, then the kept pages one after another)
//   withZeroPages(bytes) -> Uint8Array          the bytes given to withoutZeroPages; throws an Error naming what
//                                               is wrong with bytes it cannot read
"use strict";

(() => {
  const MAGIC = "TTKP";
  const PREFIX = MAGIC.length + 4;
  const ZERO_PAGES_MAGIC = "TTZP";
  const PAGE = 65536; // WebAssembly's page

  function walk(FS, root) {
    const dirs = [];
    const files = [];
    const visit = (relative) => {
      const folder = relative ? `${root}/${relative}` : root;
      for (const name of FS.readdir(folder).sort()) {
        if (name === "." || name === "..") continue;
        const path = relative ? `${relative}/${name}` : name;
        const { mode } = FS.stat(`${root}/${path}`);
        if (FS.isDir(mode)) {
          dirs.push(path);
          visit(path);
        } else if (FS.isFile(mode)) {
          files.push(path);
        } // links and devices: none in an installed wheel
      }
    };
    visit("");
    return { dirs, files };
  }

  function packFiles(FS, root, about) {
    const { dirs, files } = walk(FS, root);
    const contents = files.map((path) => FS.readFile(`${root}/${path}`));
    const header = new TextEncoder().encode(JSON.stringify({
      root, about, dirs, files: files.map((path, i) => [path, contents[i].length]),
    }));
    const size = contents.reduce((sum, bytes) => sum + bytes.length, PREFIX + header.length);
    const archive = new Uint8Array(size);
    archive.set(new TextEncoder().encode(MAGIC), 0);
    new DataView(archive.buffer).setUint32(MAGIC.length, header.length, true);
    archive.set(header, PREFIX);
    let at = PREFIX + header.length;
    for (const bytes of contents) {
      archive.set(bytes, at);
      at += bytes.length;
    }
    return archive;
  }

  function readHeader(bytes) {
    const problem = (what) => new Error(`unreadable archive: ${what}`);
    if (!(bytes instanceof Uint8Array) || bytes.length < PREFIX) throw problem("the archive is too short");
    if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) throw problem("it does not start with " + MAGIC);
    const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAGIC.length, true);
    if (PREFIX + length > bytes.length) throw problem("its header runs past its end");
    let header;
    try {
      header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(PREFIX, PREFIX + length)));
    } catch (error) {
      throw problem(`its header is not JSON (${error.message})`);
    }
    const { root, dirs, files } = header || {};
    const relative = (path) => typeof path === "string" && path && !path.startsWith("/") && !path.split("/").includes("..");
    if (typeof root !== "string" || !root.startsWith("/")) throw problem("its root is not an absolute path");
    if (!Array.isArray(dirs) || !dirs.every(relative)) throw problem("its folders are not paths inside the root");
    if (!Array.isArray(files) || !files.every((file) => Array.isArray(file) && relative(file[0])
        && Number.isInteger(file[1]) && file[1] >= 0)) throw problem("its files are not [path inside the root, size]");
    const total = files.reduce((sum, [, size]) => sum + size, 0);
    if (PREFIX + length + total !== bytes.length) {
      throw problem(`its files need ${total} bytes, it has ${bytes.length - PREFIX - length}`);
    }
    return { header, start: PREFIX + length };
  }

  function unpackFiles(FS, bytes, check) {
    const { header, start } = readHeader(bytes);
    const { root, about, dirs, files } = header;
    check(root, about);
    FS.mkdirTree(root);
    for (const path of dirs) FS.mkdirTree(`${root}/${path}`);
    let at = start;
    for (const [path, size] of files) {
      FS.writeFile(`${root}/${path}`, bytes.subarray(at, at + size), { canOwn: true });
      at += size;
    }
    return { root, about, files: files.length };
  }

  const isZero = (bytes, start, end) => {
    const whole = (bytes.byteOffset + start) % 4 === 0 ? Math.floor((end - start) / 4) : 0;
    const words = whole ? new Uint32Array(bytes.buffer, bytes.byteOffset + start, whole) : [];
    for (let i = 0; i < whole; i += 1) if (words[i] !== 0) return false;
    for (let i = start + 4 * whole; i < end; i += 1) if (bytes[i] !== 0) return false;
    return true;
  };

  function withoutZeroPages(bytes) {
    const pages = Math.ceil(bytes.length / PAGE);
    const kept = [];
    for (let page = 0; page < pages; page += 1) {
      const start = page * PAGE;
      const end = Math.min(start + PAGE, bytes.length);
      if (!isZero(bytes, start, end)) kept.push([page, start, end]);
    }
    const head = 16 + Math.ceil(pages / 8);
    const out = new Uint8Array(kept.reduce((size, [, start, end]) => size + end - start, head));
    out.set(new TextEncoder().encode(ZERO_PAGES_MAGIC), 0);
    const view = new DataView(out.buffer);
    view.setUint32(4, bytes.length, true);
    view.setUint32(8, PAGE, true);
    view.setUint32(12, pages, true);
    let at = head;
    for (const [page, start, end] of kept) {
      out[16 + (page >> 3)] |= 1 << (page & 7);
      out.set(bytes.subarray(start, end), at);
      at += end - start;
    }
    return out;
  }

  function withZeroPages(bytes) {
    const problem = (what) => new Error(`unreadable snapshot: ${what}`);
    if (!(bytes instanceof Uint8Array) || bytes.length < 16) throw problem("it is too short");
    if (new TextDecoder().decode(bytes.subarray(0, 4)) !== ZERO_PAGES_MAGIC) {
      throw problem(`it does not start with ${ZERO_PAGES_MAGIC}`);
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const [length, pageSize, pages] = [4, 8, 12].map((at) => view.getUint32(at, true));
    if (pageSize !== PAGE || pages !== Math.ceil(length / PAGE)) {
      throw problem(`${pages} pages of ${pageSize} bytes cannot hold ${length}`);
    }
    const head = 16 + Math.ceil(pages / 8);
    const out = new Uint8Array(length);
    let at = head;
    for (let page = 0; page < pages; page += 1) {
      if (!(bytes[16 + (page >> 3)] & (1 << (page & 7)))) continue;
      const start = page * PAGE;
      const end = Math.min(start + PAGE, length);
      if (at + end - start > bytes.length) throw problem("its pages run past its end");
      out.set(bytes.subarray(at, at + end - start), start);
      at += end - start;
    }
    if (at !== bytes.length) throw problem(`${bytes.length - at} bytes follow its last page`);
    return out;
  }

  const api = { packFiles, unpackFiles, withoutZeroPages, withZeroPages };
  if (typeof module === "object" && module.exports) module.exports = api; // Node's tests
  else self.interactiveKeptCopies = api; // worker.js (importScripts)
})();
