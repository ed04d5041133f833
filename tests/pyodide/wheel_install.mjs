// Install wheels of the built site's distribution twice in one Pyodide (Node.js): with Pyodide's own unpack_buffer
// and with the one worker.js puts in its place (its WHEELS_WRITTEN_WHOLE snippet, read from worker.js itself),
// each into its own folder; then load numpy, the library and matplotlib for real the worker's way, and use them.
// Prints JSON {wheels: {name: {plain, whole}}, loaded}: each install's files (path -> sha256) and the .so files it
// reports; what the real load computed, drew, and how many extension modules it imported.
// Usage: node wheel_install.mjs DIST_DIR WORKER_JS WHEEL...
import { readFile } from "node:fs/promises";
import path from "node:path";
import { loadPyodide } from "pyodide";

const [distDir, workerPath, ...wheels] = process.argv.slice(2);
const worker = await readFile(workerPath, "utf8");
const snippet = worker.match(/const WHEELS_WRITTEN_WHOLE = `([\s\S]*?)`;/);
if (!snippet) throw new Error("worker.js has no WHEELS_WRITTEN_WHOLE snippet");
const pyodide = await loadPyodide({ indexURL: path.resolve(distDir) + path.sep });
const plain = pyodide.runPython("from pyodide import _package_loader; _package_loader.unpack_buffer");
pyodide.runPython(snippet[1], { globals: pyodide.toPy({}) });
const whole = pyodide.runPython("_package_loader.unpack_buffer");
if (whole === plain) throw new Error("the snippet did not replace unpack_buffer");
const listing = pyodide.runPython(`
def listing(root, dynlibs):
    import hashlib, os
    files = {}
    for folder, _, names in os.walk(root):
        for name in names:
            full = os.path.join(folder, name)
            with open(full, "rb") as f:
                files[os.path.relpath(full, root)] = hashlib.sha256(f.read()).hexdigest()
    return {"files": files, "dynlibs": sorted(os.path.relpath(p, root) for p in dynlibs)}
listing
`);
const out = {};
for (const wheel of wheels) {
  const bytes = new Uint8Array(await readFile(path.join(distDir, wheel)));
  out[wheel] = {};
  for (const [how, unpack] of [["plain", plain], ["whole", whole]]) {
    const target = `/tmp/${how}/${wheel}`;
    const dynlibs = unpack.callKwargs(bytes, { filename: wheel, extract_dir: target, calculate_dynlibs: true,
      installer: "pyodide.loadPackage", source: "pyodide" });
    out[wheel][how] = listing(target, dynlibs).toJs({ dict_converter: Object.fromEntries });
  }
}
await pyodide.loadPackage(["numpy", "tinytorch", "matplotlib"], { errorCallback: (m) => { throw new Error(m); } });
const loaded = pyodide.runPython(`
import io, sys
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from tinytorch import ReLU, Tensor
relu = ReLU()(Tensor([[-1.0, 0.5, 2.0]])).data.tolist()
figure, axes = plt.subplots()
axes.plot(np.linspace(-3, 3, 50), np.tanh(np.linspace(-3, 3, 50)))
png = io.BytesIO()
figure.savefig(png, format="png")
extensions = sorted(name for name, module in sys.modules.items() if (getattr(module, "__file__", "") or "").endswith(".so"))
{"relu": relu, "png": png.getvalue()[:8] == b"\\x89PNG\\r\\n\\x1a\\n", "extensions": extensions}
`).toJs({ dict_converter: Object.fromEntries });
console.log(JSON.stringify({ wheels: out, loaded }));
