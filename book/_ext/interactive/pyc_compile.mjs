// Compile to bytecode, with Pyodide's own CPython, the modules a page's Python imports from the standard-library
// zip and from its start-up wheels, so the browser does not compile them from source on every start
// (bytecode.py runs this at build time; the version is the one the site ships).
//
// Usage: node pyc_compile.mjs DIST_DIR OUT_DIR PLAN_JSON
//   DIST_DIR   an assembled Pyodide distribution (core, wheels, pyodide-lock.json) with plain sources
//   OUT_DIR    where the compiled archives are written, under the names they have in DIST_DIR
//   PLAN_JSON  {"packages": [lock names to load], "imports": [modules to import], "walk": [packages whose
//              every submodule is imported], "archives": {file name in DIST_DIR: "stdlib" | "wheel"}}
//
// Only modules that those imports actually load are compiled (sys.modules afterwards), which keeps the
// download small: the rest stay source only, as before. A compiled module keeps its source beside the
// bytecode (tracebacks still show lines). The bytecode is unchecked-hash (PEP 552), never compared with the
// source; a wheel's goes to __pycache__/<name>.cpython-3XY.pyc (read after unpacking into site-packages), the
// standard library's to <name>.pyc beside the source (what zipimport reads). Code objects carry the paths
// the browser's Python imports them from.
import path from "node:path";
import { readFile, writeFile } from "node:fs/promises";
import { loadPyodide } from "pyodide";

const [distDir, outDir, planJSON] = process.argv.slice(2);
if (!distDir || !outDir || !planJSON) {
  console.error("usage: node pyc_compile.mjs DIST_DIR OUT_DIR PLAN_JSON");
  process.exit(2);
}
const plan = JSON.parse(planJSON);

const COMPILE = `
import importlib, importlib.util, os, pkgutil, site, sys, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

STDLIB_ZIP = next(entry for entry in sys.path if entry.endswith(".zip"))  # what the standard library is imported from
ROOTS = {"wheel": site.getsitepackages()[0], "stdlib": STDLIB_ZIP}

def import_all(imports, walk):
    for name in imports:
        importlib.import_module(name)
    for name in walk:
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, name + "."):
            importlib.import_module(module.name)
    return {os.path.normpath(m.__file__) for m in list(sys.modules.values()) if getattr(m, "__file__", None)}

def bytecode_name(member, kind):
    return importlib.util.cache_from_source(member) if kind == "wheel" else member + "c"

def compile_archive(source, target, kind, imported):
    root, count = ROOTS[kind], 0
    with zipfile.ZipFile(source) as given, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as written:
        for info in given.infolist():
            data = given.read(info)
            written.writestr(info, data)
            runtime_path = f"{root}/{info.filename}"
            if not info.filename.endswith(".py") or runtime_path not in imported:
                continue
            code = compile(data, runtime_path, "exec", dont_inherit=True)
            pyc = _code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)
            written.writestr(bytecode_name(info.filename, kind), bytes(pyc))
            count += 1
    return count
`;

const fail = (message) => { throw new Error(message); };
const pyodide = await loadPyodide({ indexURL: path.resolve(distDir) + path.sep });
for (const name of plan.packages) await pyodide.loadPackage(name, { messageCallback: () => {}, errorCallback: fail });
pyodide.runPython(COMPILE);
const imported = pyodide.globals.get("import_all")(pyodide.toPy(plan.imports), pyodide.toPy(plan.walk));
const compileArchive = pyodide.globals.get("compile_archive");
for (const [name, kind] of Object.entries(plan.archives)) {
  pyodide.FS.writeFile("/tmp/in.zip", await readFile(path.join(distDir, name)));
  const count = compileArchive("/tmp/in.zip", "/tmp/out.zip", kind, imported);
  await writeFile(path.join(outDir, name), pyodide.FS.readFile("/tmp/out.zip"));
  console.log(`${name}: ${count} modules compiled`);
}
