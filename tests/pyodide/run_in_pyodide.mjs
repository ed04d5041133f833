// Run a Python script inside Pyodide under Node.js, with numpy and tinytorch from a built site's distribution.
// Usage: node run_in_pyodide.mjs DIST_DIR SCRIPT.py WORK_DIR  (WORK_DIR is mounted at /work; the script's argv[1] is /work)
import { readFile } from "node:fs/promises";
import path from "node:path";
import { loadPyodide } from "pyodide";

const [distDir, scriptPath, workDir] = process.argv.slice(2);
if (!distDir || !scriptPath || !workDir) {
  console.error("usage: node run_in_pyodide.mjs DIST_DIR SCRIPT.py WORK_DIR");
  process.exit(2);
}
const pyodide = await loadPyodide({ indexURL: path.resolve(distDir) + path.sep });
await pyodide.loadPackage("tinytorch", { errorCallback: (message) => { throw new Error(message); } });
pyodide.mountNodeFS("/work", path.resolve(workDir));
pyodide.runPython("import sys; sys.argv = ['script', '/work']");
await pyodide.runPythonAsync(await readFile(scriptPath, "utf8"));
